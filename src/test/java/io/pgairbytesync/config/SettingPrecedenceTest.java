package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.junit.jupiter.api.Test;

/**
 * Where a setting's value comes from, in Camel 4.18 as the service uses it: the defaults declared in {@link Setting}
 * come from {@link SettingDefaults}, a source of Camel's properties component that Camel finds by itself and orders
 * last. An environment variable wins over everything (the properties component's environment mode is OVERRIDE), then
 * a JVM system property (mode OVERRIDE too), then the override properties (--demo, --doctor, tests), then
 * application.properties, then the declared default.
 */
class SettingPrecedenceTest {

    @Test
    void anyCamelContextFindsTheDeclaredDefaultsByItself() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            PropertiesComponent pc = context.getPropertiesComponent();
            Setting.defaults().forEach((key, value) -> assertThat(pc.resolveProperty(key)).as(key).contains(value));
            assertThat(pc.getPropertiesSources()).last().isInstanceOf(SettingDefaults.class);
        }
        assertThat(Setting.defaults()).containsKeys("source.db.url", "airbyte.retry.max", "camel.main.routesIncludePattern")
                .doesNotContainKey("DECISIONS_LOG_LEVEL");
    }

    @Test
    void environmentThenSystemPropertiesThenOverridesThenApplicationPropertiesThenTheDeclaredDefaults() throws Exception {
        // PATH is set in every environment: Camel looks up the key "path" as the variable PATH, as it looks up
        // source.db.url as SOURCE_DB_URL
        String path = System.getenv("PATH");
        assertThat(path).isNotEmpty();
        Main main = new Main(); // as bare as it gets: no PgAirbyteSyncMain.create, no Setting.applyTo
        main.setRoutesCollector(new NoRoutes()); // the engine needs the pools of SyncConfiguration
        main.addOverrideProperty("path", "from the overrides");
        main.addOverrideProperty("management.port", "0");
        main.addOverrideProperty("airbyte.poll.seconds", "7");
        main.addOverrideProperty("airbyte.retry.max", "from the overrides");
        System.setProperty("path", "from the system properties");
        System.setProperty("airbyte.retry.max", "9");
        main.start();
        try {
            PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
            assertThat(pc.resolveProperty("path")).as("environment over system properties and overrides").contains(path);
            assertThat(pc.resolveProperty("airbyte.retry.max")).as("system properties over overrides").contains("9");
            assertThat(pc.resolveProperty("airbyte.poll.seconds")).as("overrides over defaults").contains("7");
            assertThat(pc.resolveProperty("alert.retry.max")).as("the declared default").contains("4");
            assertThat(pc.resolveProperty("alert.webhook.url")).as("an empty default still resolves").contains("");
            // application.properties is a source ordered before the defaults
            List<String> sources = pc.getPropertiesSources().stream().map(PropertiesSource::getName).toList();
            assertThat(sources).last().isEqualTo(new SettingDefaults().getName());
            assertThat(sources).as("application.properties, then the defaults").hasSize(2).first().asString()
                    .contains("application.properties");
            assertThat(pc.resolveProperty("camel.main.name")).contains("pg-airbyte-sync");
            // a {{placeholder}} of application.properties resolves from the defaults and the overrides
            assertThat(pc.resolveProperty("camel.server.host")).contains("127.0.0.1");
            assertThat(pc.resolveProperty("camel.server.port")).contains("0");
            assertThat(pc.parseUri("timer:x?period={{airbyte.poll.seconds}}s&delay={{airbyte.poll.first.delay.ms}}"))
                    .isEqualTo("timer:x?period=7s&delay=2000");
            // Camel Main binds its own options from the defaults too
            assertThat(main.configure().getRoutesIncludePattern()).isEqualTo("classpath:routes/connections.yaml");
            assertThat(main.getCamelContext().getName()).isEqualTo("pg-airbyte-sync");
        } finally {
            System.clearProperty("path");
            System.clearProperty("airbyte.retry.max");
            main.stop();
        }
    }

    /** Collects no route, wherever the include pattern points. */
    private static final class NoRoutes extends DefaultRoutesCollector {
        @Override
        public Collection<RoutesBuilder> collectRoutesFromDirectory(CamelContext camelContext, String excludePattern,
                String includePattern) {
            return List.of();
        }

        @Override
        public Collection<Resource> findRouteResourcesFromDirectory(CamelContext camelContext, String excludePattern,
                String includePattern) {
            return List.of();
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
