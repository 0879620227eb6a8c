package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine routes are named one by one (no scan of the jar at start-up), and none of them is left out. */
class EngineRoutesCollectorTest {

    @Test
    void everyEngineFileIsNamedAndNothingIsLeftToAScan() throws Exception {
        List<String> inTheSources;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/routes/engine"))) {
            inTheSources = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(EngineRoutesCollector.ENGINE_FILES).as("routes/engine/ as EngineRoutesCollector names it")
                .containsExactlyInAnyOrderElementsOf(inTheSources);
        assertThat(EngineRoutesCollector.ENGINE_ROUTES).as("a wildcard makes Camel read every entry of the jar")
                .doesNotContain("*").doesNotContain("?");
        for (String pattern : EngineRoutesCollector.ENGINE_ROUTES.split(",")) {
            assertThat(EngineRoutesCollector.class.getResource("/" + pattern.substring("classpath:".length())))
                    .as(pattern).isNotNull();
        }
    }

    @Test
    void theDefaultConnectionFileIsNamedTooSoAStartWithoutItsOwnPatternScansNothing() {
        String pattern = Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN.defaultValue();
        assertThat(pattern).as("a wildcard makes Camel read every entry of the jar").doesNotContain("*").doesNotContain("?");
        assertThat(EngineRoutesCollector.class.getResource("/" + pattern.substring("classpath:".length()))).as(pattern).isNotNull();
    }
}
