package io.pgairbytesync.config;

import java.time.Clock;
import java.util.List;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pgairbytesync.act.JobFinder;
import io.pgairbytesync.act.PendingSyncs;
import io.pgairbytesync.airbyte.AirbyteAnswers;
import io.pgairbytesync.airbyte.AirbyteAuth;
import io.pgairbytesync.classify.ChangeClassifier;
import io.pgairbytesync.cluster.ClusterNode;
import io.pgairbytesync.cluster.ClusterScheduler;
import io.pgairbytesync.doctor.ConnectionDiagnosis;
import io.pgairbytesync.doctor.DoctorChecks;
import io.pgairbytesync.follow.JobFollowUp;
import io.pgairbytesync.observe.AlertPayload;
import io.pgairbytesync.observe.Alerts;
import io.pgairbytesync.observe.ConnectionStatuses;
import io.pgairbytesync.observe.ObserveSettings;
import io.pgairbytesync.observe.Outcomes;
import io.pgairbytesync.observe.Readiness;
import io.pgairbytesync.observe.StatusPage;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.ConnectionBlocks;
import io.pgairbytesync.tick.FailureText;
import io.pgairbytesync.tick.FirstTickGate;
import io.pgairbytesync.tick.LostSessions;
import io.pgairbytesync.tick.StartupTicks;
import io.pgairbytesync.tick.TickThreads;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategySupport;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Registry;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Binds what the routes use, by the names the routes give them: the two pools ({@code sourceDb}, {@code stateDb}) and
 * the bean of each step. Brings the state tables up to date (while the routes are built) before anything starts.
 */
public class SyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context);
        // the routes call {{airbyte.api.url}}: give them the URL as Settings checked it (no trailing slash)
        context.getPropertiesComponent().addOverrideProperty("airbyte.api.url", settings.airbyteApiUrl());
        Registry registry = context.getRegistry();
        registry.bind("settings", settings);

        // the Quartz threads and the pools are sized from the connection blocks, which Camel loads after this runs: each
        // block's schedule is resolved (H) and counted as it is added, and the pools are built when first looked up (by
        // the routes' endpoints, once every block is loaded), with one session per tick that can run at once (a tick
        // holds one at a time) plus the other routes'
        TickThreads ticks = new TickThreads(settings.quartzThreads());
        registry.bind("tickThreads", ticks);
        resolveSchedules(context, ticks);
        PoolCloser pools = new PoolCloser(new java.util.concurrent.CopyOnWriteArrayList<>());
        context.addService(pools, true, true);
        registry.bind("sourceDb", BasicDataSource.class, () -> pools.opened(DataSources.source(settings, ticks.ticksAtOnce())));
        registry.bind("stateDb", BasicDataSource.class, () -> pools.opened(DataSources.state(settings, ticks.ticksAtOnce())));
        boolean doctor = context.getPropertiesComponent().resolveProperty("doctor.mode").map(Boolean::parseBoolean).orElse(false);
        // --doctor schedules nothing, so it never needs (nor writes to) the clustered store
        boolean clustered = settings.clusterEnabled() && !doctor;
        // the state tables are brought up to date while Camel builds the routes; nothing starts before (--doctor only looks)
        StateMigrationAtStart migration = doctor ? StateMigrationAtStart.none() : StateMigrationAtStart.begin(settings, clustered);
        registry.bind("stateMigration", migration);
        context.addStartupListener(migration);
        ClusterNode node = new ClusterNode(clustered, settings.nodeId(), System.currentTimeMillis(), settings.clusterCheckinMs());
        node.attach(context);
        registry.bind("clusterNode", node);
        if (clustered) {
            ClusterScheduler.configure(context, settings, node, ticks);
        } else {
            QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
            Properties quartzProperties = ClusterScheduler.bundledQuartzProperties(context);
            quartz.setProperties(quartzProperties);
            ticks.sizes(quartzProperties);
        }

        // the tick: probe -> classify -> act -> record, and the job follow-up
        // the probe lanes: SOURCE_PROBES_AT_ONCE, but never more than the ticks that can run at once
        ConnectionBlocks blocks = new ConnectionBlocks(context, () -> Math.min(ticks.ticksAtOnce(), settings.sourceProbesAtOnce()));
        registry.bind("connectionBlocks", blocks);
        registry.bind("firstTickGate", new FirstTickGate());
        // the probe lanes: one session each, as many as ticks can run at once (at most TickThreads.MOST), each built
        // when its first block probes (the blocks are loaded then), its statement cache sized for the blocks' probes;
        // the shared source pool runs no probe (catalog reads, readiness, --doctor): pgjdbc's default cache serves it
        for (int lane = 0; lane < TickThreads.MOST; lane++) {
            registry.bind(ConnectionBlocks.LANE + lane, BasicDataSource.class, () -> {
                BasicDataSource pool = DataSources.probeLane(settings);
                List<ConnectionBlock> all = blocks.list();
                DataSources.sizeStatementCaches(pool, all.size(), all.stream().mapToLong(SyncConfiguration::probeSqlChars).sum());
                return pools.opened(pool);
            });
        }
        // a tick that met a session the server or the network had ended runs once more on a fresh one
        LostSessions lostSessions = new LostSessions(pools.pools());
        registry.bind("lostSessions", lostSessions);
        registry.bind("lostSessionToRetry", lostSessions.toRetry());
        registry.bind("notALostSession", lostSessions.notLost());
        ProbePlanner planner = new ProbePlanner(settings.changeSignal(), settings.cursorFutureMargin());
        registry.bind("probePlanner", planner);
        registry.bind("changeClassifier", new ChangeClassifier());
        registry.bind("cdcSlots", new io.pgairbytesync.cdc.CdcSlots(settings.cdcWalLimitBytes()));
        registry.bind("jobFinder", new JobFinder(settings.jobListingGraceSeconds(), settings.airbyteClockSkew()));
        registry.bind("pendingSyncs", new PendingSyncs());
        registry.bind("syncQueue", new io.pgairbytesync.act.SyncQueue(context));
        registry.bind("jobFollowUp", new JobFollowUp(settings.jobTimeout()));
        registry.bind("failureText", new FailureText(settings.sourceNetworkTimeout(), settings.stateNetworkTimeout()));

        // Airbyte
        registry.bind("airbyteAnswers", new AirbyteAnswers());
        // a failed token request is asked again after the back-off of the Airbyte calls' redeliveries
        AirbyteAuth auth = new AirbyteAuth(settings.airbyteClientId(), settings.airbyteClientSecret(), Clock.systemUTC())
                .backOff(settings.airbyteRetryDelay(), settings.airbyteRetryMaxDelay());
        registry.bind("airbyteAuth", auth);
        registry.bind("renewAirbyteToken", (Processor) auth::renew);

        // what an operator sees
        bindObservers(context, registry, blocks, settings.nodeId(), settings.maxConcurrentSyncs());

        // --doctor
        registry.bind("connectionDiagnosis", new ConnectionDiagnosis(planner));
        registry.bind("doctorChecks", new DoctorChecks(settings, auth, blocks));
        // --plan
        registry.bind("planSteps", new io.pgairbytesync.plan.PlanSteps(new FailureText(settings.sourceNetworkTimeout(),
                settings.stateNetworkTimeout())));

        context.addStartupListener(new StartupTicks(settings.tickOnStart(), node::othersAlive, ticks));
        refuseDuplicateRouteIds(context);
        reloadOfTheConnectionYaml(context, settings.connectionsReloadSeconds(), clustered, doctor);
    }

    /**
     * CONNECTIONS_RELOAD_SECONDS: route connections-reload applies a saved change of the {@code file:} connection YAML
     * (bean connectionsReload); its content as Camel is about to load it is what runs. Not for --doctor and --plan.
     */
    private static void reloadOfTheConnectionYaml(CamelContext context, int seconds, boolean clustered, boolean doctor) {
        org.apache.camel.spi.PropertiesComponent pc = context.getPropertiesComponent();
        io.pgairbytesync.reload.ConnectionFiles files = new io.pgairbytesync.reload.ConnectionFiles(context,
                pc.resolveProperty(Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN.propertyName()).orElse(""));
        // the checks of the blocks: one list, for the start-up (StartupTicks) and for a reload
        io.pgairbytesync.reload.BlockChecks checks = io.pgairbytesync.reload.BlockChecks.standard();
        context.getRegistry().bind("blockChecks", checks);
        io.pgairbytesync.reload.ConnectionsReload reload = new io.pgairbytesync.reload.ConnectionsReload(context, files,
                checks, clustered, seconds > 0 && !doctor);
        reload.baseline();
        context.getRegistry().bind("connectionsReload", reload);
        StatusPage page = context.getRegistry().lookupByNameAndType("statusPage", StatusPage.class);
        page.showConnectionYamlProblems(reload::problems);
        page.showCoarseCursors(context.getRegistry().lookupByNameAndType("probePlanner", ProbePlanner.class)::coarseCursorNote);
    }

    /** The outcomes of ticks and checks, and who listens to them: meters and JMX, alerts; readiness, the status page. */
    private static void bindObservers(CamelContext context, Registry registry, ConnectionBlocks blocks, String nodeId,
            int maxConcurrentSyncs)
            throws Exception {
        ObserveSettings observe = ObserveSettings.from(context);
        registry.bind("observeSettings", observe);
        // the service's meters live in the registry camel-micrometer-prometheus serves on /observe/metrics
        MeterRegistry meters = MicrometerUtils.getMeterRegistryFromCamelRegistry(registry, MicrometerConstants.METRICS_REGISTRY_NAME);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        ConnectionStatuses statuses = new ConnectionStatuses(meters);
        registry.bind("connectionStatuses", statuses);
        context.addService(statuses, true, true);
        Alerts alerts = new Alerts(context, statuses, observe.alertAfterFailures());
        registry.bind("alerts", alerts);
        // the settle read of the write counters (stats-settle.yaml) learns from each tick when it has something to do
        io.pgairbytesync.follow.StatsSettle statsSettle = new io.pgairbytesync.follow.StatsSettle(
                Long.parseLong(context.resolvePropertyPlaceholders("{{stats.flush.delay.seconds}}")), System::currentTimeMillis);
        registry.bind("statsSettle", statsSettle);
        Outcomes outcomes = new Outcomes(List.of(statuses, alerts, statsSettle));
        registry.bind("outcomes", outcomes);

        Readiness readiness = new Readiness(observe.healthCheckEvery(), observe.alertAfterFailures());
        readiness.reportTo(outcomes);
        registry.bind("readiness", readiness);
        for (Readiness.Check check : readiness.checks()) {
            registry.bind("readiness-" + check.getId(), check);
        }
        registry.bind("statusPage", new StatusPage(blocks, statuses, readiness, observe, nodeId, maxConcurrentSyncs));
        registry.bind("alertPayload", new AlertPayload(context.getName()));
        // events to chain on (EVENTS_WEBHOOK_URL), and the blocks that sync after another block's syncs
        registry.bind("events", new io.pgairbytesync.observe.Events(observe.eventsWebhookUrl()));
        registry.bind("afterSyncs", new io.pgairbytesync.act.AfterSyncs(blocks));
    }

    /**
     * An upper estimate of the length of a block's probe statement (ProbeSql): about 250 characters a table besides
     * its names, which appear twice.
     */
    static long probeSqlChars(ConnectionBlock block) {
        String tables = block.tables() == null ? "" : block.tables();
        long count = tables.isBlank() ? 0 : tables.split(",").length;
        return 600 + 250 * count + 2L * tables.length();
    }

    /**
     * Camel keeps only the last of two routes with one id: a second connection block with the routeId of another
     * would silently replace it. While the routes are being loaded, such a replacement of a connection block stops the
     * start-up instead. (Advice in route-level tests replaces engine routes the same way, on purpose.)
     */
    private static void refuseDuplicateRouteIds(CamelContext context) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(new ModelLifecycleStrategySupport() {
            @Override
            public void onRemoveRouteDefinition(RouteDefinition definition) {
                if (definition != null && !context.isStarted() && definition.getTemplateParameters() != null
                        && definition.getTemplateParameters().containsKey("connectionId")) {
                    throw new ConfigurationError("two connection blocks have routeId '" + definition.getRouteId()
                            + "'. Fix: give every block its own routeId.");
                }
            }
        });
    }

    /**
     * Resolves each connection block's schedule as Camel adds the block ({@code H} in the seconds field: the block's stable
     * second, {@link io.pgairbytesync.tick.BlockSchedule}) and counts it for the Quartz threads. The resolved cron
     * replaces the template parameter the route's {@code cron} is read from; an invalid one stops the start-up here.
     */
    private static void resolveSchedules(CamelContext context, TickThreads ticks) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(new ModelLifecycleStrategySupport() {
            @Override
            public void onAddRouteDefinition(RouteDefinition definition) {
                java.util.Map<String, Object> parameters = definition == null ? null : definition.getTemplateParameters();
                if (parameters == null || !parameters.containsKey("connectionId")) {
                    return;
                }
                Object schedule = parameters.get("schedule");
                String raw = schedule == null ? null : context.resolvePropertyPlaceholders(schedule.toString());
                String routeId = definition.getRouteId();
                String offsetKey = definition.hasCustomIdAssigned() && routeId != null ? routeId
                        : String.valueOf(parameters.get("connectionId")).trim();
                parameters.put("schedule", ticks.add(routeId == null ? offsetKey : routeId, offsetKey, raw));
            }
        });
    }

    /** Closes the pools that were opened when Camel stops. */
    private record PoolCloser(java.util.List<BasicDataSource> pools) implements org.apache.camel.Service {
        /** A pool built at its first lookup, sized from TickThreads.ticksAtOnce() once every block is loaded. */
        BasicDataSource opened(BasicDataSource pool) {
            pools.add(pool);
            return pool;
        }

        @Override
        public void start() {
        }

        @Override
        public synchronized void stop() {
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
