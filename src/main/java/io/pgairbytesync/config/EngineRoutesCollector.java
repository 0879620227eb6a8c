package io.pgairbytesync.config;

import java.util.Collection;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.DefaultRoutesCollector;

/**
 * Always loads the engine routes and the {@code airbyte-connection} route template bundled in the jar
 * ({@code classpath:routes/engine/*.yaml}), whatever the user sets in {@code CAMEL_MAIN_ROUTESINCLUDEPATTERN}
 * for their connection YAML. The engine comes first so the template exists before the connection blocks use it.
 */
public class EngineRoutesCollector extends DefaultRoutesCollector {

    public static final String ENGINE_ROUTES = "classpath:routes/engine/*.yaml";

    @Override
    public Collection<RoutesBuilder> collectRoutesFromDirectory(CamelContext camelContext, String excludePattern,
            String includePattern) {
        String user = includePattern == null || includePattern.isBlank() ? null : includePattern;
        String pattern = user == null ? ENGINE_ROUTES : ENGINE_ROUTES + "," + user;
        return super.collectRoutesFromDirectory(camelContext, excludePattern, pattern);
    }
}
