package io.pgairbytesync.config;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.DefaultRoutesCollector;

/**
 * Always loads the engine routes and the {@code airbyte-connection} route template bundled in the jar
 * ({@code routes/engine/}), whatever the user sets in {@code CAMEL_MAIN_ROUTESINCLUDEPATTERN} for their connection
 * YAML. The engine comes first so the template exists before the connection blocks use it.
 * <p>
 * The engine files are named one by one, not found by a pattern: a {@code classpath:} wildcard makes Camel read
 * through every entry of the jar (over 20,000) at each start, about a second on a small host, to find these seventeen.
 * {@code EngineRoutesCollectorTest} fails when a file of {@code src/main/resources/routes/engine} is missing here.
 */
public class EngineRoutesCollector extends DefaultRoutesCollector {

    /** Every file of {@code routes/engine/} in the jar. */
    public static final List<String> ENGINE_FILES = List.of(
            "0-tick.yaml", "1-probe.yaml", "2-classify.yaml", "3-act.yaml", "4-record.yaml", "5-follow-jobs.yaml",
            "6-doctor.yaml", "6-plan.yaml", "7-observe.yaml", "8-status.yaml", "9-alerts.yaml", "airbyte-api.yaml", "airbyte-call.yaml",
            "airbyte-connection.yaml", "cluster.yaml", "error-handling.yaml", "retention.yaml",
            "sync-queue.yaml", "10-events.yaml", "10-after.yaml", "connections-reload.yaml",
            "stats-settle.yaml", "cdc.yaml");

    /** The engine files as Camel's include pattern: each one named, nothing to scan. */
    public static final String ENGINE_ROUTES = ENGINE_FILES.stream().map(f -> "classpath:routes/engine/" + f)
            .collect(Collectors.joining(","));

    /** The engine files' locations as an exclude pattern for the user's include pattern. */
    static final String ENGINE_LOCATIONS = "classpath:routes/engine/*.yaml,**/routes/engine/*.yaml";

    @Override
    public Collection<RoutesBuilder> collectRoutesFromDirectory(CamelContext camelContext, String excludePattern,
            String includePattern) {
        Collection<RoutesBuilder> routes = new java.util.ArrayList<>(
                super.collectRoutesFromDirectory(camelContext, excludePattern, ENGINE_ROUTES));
        if (includePattern != null && !includePattern.isBlank()) {
            // a user's pattern that also matches the engine files (classpath:routes/**) must not load them a second time
            String exclude = excludePattern == null || excludePattern.isBlank() ? ENGINE_LOCATIONS : excludePattern + "," + ENGINE_LOCATIONS;
            routes.addAll(super.collectRoutesFromDirectory(camelContext, exclude, includePattern));
        }
        return routes;
    }
}
