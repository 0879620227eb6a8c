package io.pgairbytesync.config;

import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.camel.Ordered;
import org.apache.camel.spi.LoadablePropertiesSource;

/**
 * The declared defaults of {@link Setting} as a source of Camel's properties component. Camel finds it by itself
 * ({@code META-INF/services/org/apache/camel/properties-source-factory}), in every Camel context of the service, and,
 * being ordered last, asks it only when nothing else has the key: an environment variable, a JVM system property,
 * the override properties (--demo, --doctor, tests) and application.properties all win over it.
 */
public final class SettingDefaults implements LoadablePropertiesSource, Ordered {

    private static final Map<String, String> DEFAULTS = Setting.defaults();

    @Override
    public String getName() {
        return "pg-airbyte-sync setting defaults";
    }

    @Override
    public String getProperty(String name) {
        return DEFAULTS.get(name);
    }

    @Override
    public Properties loadProperties() {
        return loadProperties(name -> true);
    }

    @Override
    public Properties loadProperties(Predicate<String> filter) {
        Properties answer = new Properties();
        DEFAULTS.forEach((key, value) -> {
            if (filter.test(key)) {
                answer.setProperty(key, value);
            }
        });
        return answer;
    }

    @Override
    public void reloadProperties(String location) {
        // the defaults are fixed in the code
    }

    /** After every other source, application.properties included (its order is 100 and up). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }
}
