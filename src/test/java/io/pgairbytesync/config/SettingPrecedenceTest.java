package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.pgairbytesync.PgAirbyteSyncMain;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

/**
 * Where a setting's value comes from, in Camel 4.18 as the service uses it: the defaults declared in {@link Setting}
 * are Camel Main's initial properties, which Camel's properties component looks up last. An environment variable
 * wins over everything (the properties component's environment mode is OVERRIDE), then a JVM system property (mode
 * OVERRIDE too), then the override properties (--demo, --doctor, tests), then application.properties, then the initial properties.
 */
class SettingPrecedenceTest {

    @Test
    void createGivesCamelEveryDeclaredDefaultAsAnInitialProperty() {
        Main main = PgAirbyteSyncMain.create(Map.of("management.port", "0"));
        Setting.defaults().forEach((key, value) -> assertThat(main.getInitialProperties().getProperty(key)).as(key).isEqualTo(value));
        assertThat(Setting.defaults()).containsKeys("source.db.url", "airbyte.retry.max", "camel.main.routesIncludePattern")
                .doesNotContainKey("DECISIONS_LOG_LEVEL");
    }

    @Test
    void environmentThenOverridesThenApplicationPropertiesThenTheDeclaredDefaults() throws Exception {
        // PATH is set in every environment: Camel looks up the key "path" as the variable PATH, as it looks up
        // source.db.url as SOURCE_DB_URL
        String path = System.getenv("PATH");
        assertThat(path).isNotEmpty();
        Main main = new Main();
        Setting.applyTo(main); // what PgAirbyteSyncMain.create does
        main.addInitialProperty("path", "from the defaults");
        main.addOverrideProperty("path", "from the overrides");
        main.addOverrideProperty("management.port", "0");
        main.addOverrideProperty("airbyte.poll.seconds", "7");
        // a JVM system property: below the environment, above the overrides
        main.addInitialProperty("pgsync.precedence.probe", "from the defaults");
        main.addOverrideProperty("pgsync.precedence.probe", "from the overrides");
        System.setProperty("pgsync.precedence.probe", "from the system properties");
        System.setProperty("path", "from the system properties");
        main.addInitialProperty("camel.main.name", "from the defaults");
        // no routes here: the engine needs the pools of SyncConfiguration
        main.addInitialProperty("camel.main.routesIncludePattern", "classpath:no-routes-here/*.yaml");
        main.start();
        try {
            PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
            assertThat(pc.resolveProperty("path")).as("environment over system properties, overrides and defaults").contains(path);
            assertThat(pc.resolveProperty("pgsync.precedence.probe")).as("system properties over overrides")
                    .contains("from the system properties");
            assertThat(pc.resolveProperty("airbyte.poll.seconds")).as("overrides over defaults").contains("7");
            assertThat(pc.resolveProperty("airbyte.retry.max")).as("the declared default").contains("5");
            assertThat(pc.resolveProperty("alert.webhook.url")).as("an empty default still resolves").contains("");
            assertThat(pc.resolveProperty("camel.main.name")).as("application.properties over defaults").contains("pg-airbyte-sync");
            // a {{placeholder}} of application.properties resolves from the defaults and the overrides
            assertThat(pc.resolveProperty("camel.server.host")).contains("127.0.0.1");
            assertThat(pc.resolveProperty("camel.server.port")).contains("0");
            assertThat(pc.parseUri("timer:x?period={{airbyte.poll.seconds}}s&delay={{airbyte.poll.first.delay.ms}}"))
                    .isEqualTo("timer:x?period=7s&delay=2000");
            // Camel Main binds its own options from the initial properties too
            assertThat(main.configure().getRoutesIncludePattern()).isEqualTo("classpath:no-routes-here/*.yaml");
            assertThat(main.getCamelContext().getName()).isEqualTo("pg-airbyte-sync");
        } finally {
            System.clearProperty("pgsync.precedence.probe");
            System.clearProperty("path");
            main.stop();
        }
    }

    @Test
    void everyPlaceholderInTheRoutesAndApplicationPropertiesIsADeclaredSettingOrATemplateParameter() throws IOException {
        Pattern placeholder = Pattern.compile("\\{\\{\\??([^}:]+?)(?::[^}]*)?}}");
        Pattern parameter = Pattern.compile("^\\s*-\\s*name:\\s*([A-Za-z0-9_.-]+)\\s*$", Pattern.MULTILINE);
        Map<String, Set<String>> used = new TreeMap<>();
        Set<String> templateParameters = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".properties")).toList()) {
                // comments aside: Camel resolves no placeholder there
                String text = Files.readString(file).replaceAll("(?m)^\\s*#.*$", "");
                Matcher m = placeholder.matcher(text);
                while (m.find()) {
                    used.computeIfAbsent(m.group(1).trim(), k -> new TreeSet<>()).add(file.toString());
                }
                if (text.contains("routeTemplate:")) {
                    Matcher p = parameter.matcher(text);
                    while (p.find()) {
                        templateParameters.add(p.group(1));
                    }
                }
            }
        }
        assertThat(used).containsKeys("airbyte.api.url", "management.port", "connectionId");
        Map<String, Set<String>> undeclared = new TreeMap<>(used);
        undeclared.keySet().removeAll(Setting.defaults().keySet());
        undeclared.keySet().removeAll(templateParameters);
        assertThat(undeclared).as("{{placeholders}} that are neither declared in io.pgairbytesync.config.Setting (so they"
                + " have no default) nor a route template parameter").isEmpty();
    }
}
