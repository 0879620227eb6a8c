package io.pgairbytesync.config;

import java.time.Clock;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgairbytesync.observe.AlertPayload;
import io.pgairbytesync.observe.ConnectionBlocks;
import io.pgairbytesync.observe.ObserveSettings;
import io.pgairbytesync.observe.Readiness;
import io.pgairbytesync.observe.StatusPage;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;

import io.pgairbytesync.act.AirbyteAuth;
import io.pgairbytesync.classify.ChangeClassifier;
import io.pgairbytesync.doctor.ConnectionDiagnosis;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.record.FailureText;
import io.pgairbytesync.record.PendingSyncs;
import io.pgairbytesync.record.ConnectionStatuses;
import io.pgairbytesync.act.AirbyteJobs;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Registry;
import io.pgairbytesync.probe.ConfigurationError;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Binds what the routes use: the two pools ({@code sourceDb}, {@code stateDb}) and the beans of each step.
 * Creates the state tables before any route starts.
 */
public class SyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context);
        // the routes call {{airbyte.api.url}}: give them the URL as Settings checked it (no trailing slash)
        context.getPropertiesComponent().addOverrideProperty("airbyte.api.url", settings.airbyteApiUrl());
        Registry registry = context.getRegistry();

        BasicDataSource source = DataSources.source(settings);
        BasicDataSource state = DataSources.state(settings);
        registry.bind("sourceDb", source);
        registry.bind("stateDb", state);
        context.addService(new PoolCloser(source, state), true, true);
        boolean doctor = context.getPropertiesComponent().resolveProperty("doctor.mode").map(Boolean::parseBoolean).orElse(false);
        // --doctor schedules nothing, so it never needs (nor writes to) the clustered store
        boolean clustered = settings.clusterEnabled() && !doctor;
        if (!doctor) { // --doctor only looks
            StateSchema.migrate(state, settings.stateSchema(), clustered);
        }
        ClusterNode node = new ClusterNode(clustered, settings.nodeId(), System.currentTimeMillis(), settings.clusterCheckinMs(), state);
        registry.bind("clusterNode", node);
        if (clustered) {
            ClusterScheduler.configure(context, settings, node);
            context.addService(node, true, true);
        }

        ProbePlanner planner = new ProbePlanner(settings.statsSignal());
        registry.bind("probePlanner", planner);
        registry.bind("connectionDiagnosis", new ConnectionDiagnosis(planner));
        registry.bind("changeClassifier", new ChangeClassifier());
        registry.bind("failureText", new FailureText());
        registry.bind("pendingSyncs", new PendingSyncs());
        // the service's meters live in the registry camel-micrometer-prometheus serves on /observe/metrics
        MeterRegistry meters = MicrometerUtils.getMeterRegistryFromCamelRegistry(registry, MicrometerConstants.METRICS_REGISTRY_NAME);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        ConnectionStatuses statuses = new ConnectionStatuses(meters);
        registry.bind("connectionStatuses", statuses);
        context.addService(statuses, true, true);
        registry.bind("airbyteJobs", new AirbyteJobs());
        registry.bind("settings", settings);
        AirbyteAuth auth = new AirbyteAuth(settings.airbyteClientId(), settings.airbyteClientSecret(), Clock.systemUTC());
        registry.bind("airbyteAuth", auth);
        registry.bind("renewAirbyteToken", (Processor) auth::renew);

        bindObservers(context, registry, statuses, settings.nodeId());

        context.addStartupListener(new StartupTicks(settings.tickOnStart(), node::othersAlive));
        refuseDuplicateRouteIds(context);
    }

    /** What an operator sees: readiness checks, the status page, the alert payload. */
    private static void bindObservers(CamelContext context, Registry registry, ConnectionStatuses statuses, String nodeId) {
        ObserveSettings observe = ObserveSettings.from(context);
        registry.bind("observeSettings", observe);
        Readiness readiness = new Readiness(observe.healthCheckEvery(), observe.alertAfterFailures());
        registry.bind("readiness", readiness);
        for (Readiness.Check check : readiness.checks()) {
            registry.bind("readiness-" + check.getId(), check);
        }
        ConnectionBlocks blocks = new ConnectionBlocks(context);
        registry.bind("connectionBlocks", blocks);
        registry.bind("statusPage", new StatusPage(blocks, statuses, readiness, observe, nodeId));
        registry.bind("alertPayload", new AlertPayload(context.getName()));
    }

    /**
     * Camel keeps only the last of two routes with one id: a second connection block with the routeId of another
     * would silently replace it. While the routes are being loaded, such a replacement stops the start-up instead.
     */
    private static void refuseDuplicateRouteIds(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(new ModelLifecycleStrategySupport() {
            @Override
            public void onRemoveRouteDefinition(RouteDefinition definition) {
                if (definition != null && !context.isStarted()) {
                    throw new ConfigurationError("two connection blocks (or routes) have routeId '" + definition.getRouteId()
                            + "'. Fix: give every block its own routeId.");
                }
            }
        });
    }

    /** Closes the pools when Camel stops. */
    private record PoolCloser(BasicDataSource... pools) implements org.apache.camel.Service {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
            for (BasicDataSource pool : pools) {
                try {
                    pool.close();
                } catch (Exception ignored) {
                    // closing on shutdown: nothing left to do
                }
            }
        }
    }
}
