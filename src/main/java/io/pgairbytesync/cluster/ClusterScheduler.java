package io.pgairbytesync.cluster;

import java.io.InputStream;
import java.util.Properties;

import io.pgairbytesync.config.DataSources;
import io.pgairbytesync.config.Settings;
import io.pgairbytesync.tick.StartupTicks;
import io.pgairbytesync.tick.TickThreads;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.StartupListener;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.quartz.QuartzHelper;
import org.apache.camel.support.ResourceHelper;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLUSTER_ENABLED=true: camel-quartz gets Quartz's clustered JDBC store in the state schema instead of the in-memory
 * store of quartz.properties. Everything else of quartz.properties stays (thread pool, 5 s misfire threshold).
 * <ul>
 * <li>one scheduler name on every instance, {@value #SCHEDULER_NAME} (camel-quartz would append the CamelContext's
 * name; it is switched off, so the name does not depend on camel.main.name). The jobs themselves still find their
 * CamelContext by camel.main.name, which must therefore be the same on every instance (application.properties fixes
 * it);</li>
 * <li>instance id NODE_ID-&lt;start time&gt;, tables {@code <STATE_DB_SCHEMA>.qrtz_*} (sql/quartz/), PostgreSQLDelegate,
 * job data as strings (useProperties), check-in every CLUSTER_CHECKIN_MS / 2, dead after CLUSTER_CHECKIN_MS
 * ({@link ClusterJobStore});</li>
 * <li>connections from a DBCP2 pool of its own ({@link QuartzConnections});</li>
 * <li>at start-up, each connection's stored job is brought up to date with this instance's endpoint
 * ({@link #refreshStoredJobs}).</li>
 * </ul>
 */
public final class ClusterScheduler {

    static final String SCHEDULER_NAME = "pg-airbyte-sync";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterScheduler.class);

    private ClusterScheduler() {
    }

    public static void configure(CamelContext context, Settings settings, ClusterNode node, TickThreads ticks) throws Exception {
        Properties p = quartzProperties(context, settings, node.instanceId());
        ticks.sizes(p);
        // built when Quartz first asks for a connection, once the blocks (and so the thread count) are known
        DBConnectionManager.getInstance().addConnectionProvider(QuartzConnections.NAME,
                new QuartzConnections(() -> DataSources.quartz(settings, ticks.count())));

        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(p);
        quartz.setPrefixInstanceName(false);
        quartz.addScheduleInitTask(scheduler -> scheduler.getListenerManager()
                .addJobListener(new TickListener(node.nodeId(), node.instanceId()), GroupMatcher.anyJobGroup()));
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext c, boolean alreadyStarted) {
                // routes may still be starting
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext c, boolean alreadyStarted) throws Exception {
                refreshStoredJobs(c);
                dropOrphanJobs(c, node.othersAlive());
            }
        });
        LOG.info("Clustered schedule: Quartz JDBC store in {}.qrtz_*, scheduler {}, this instance {} (check-in every {} ms,"
                + " taken over after {} ms of silence)", settings.stateSchema(), SCHEDULER_NAME, node.instanceId(),
                settings.clusterCheckinMs() / 2, settings.clusterCheckinMs());
    }

    /**
     * camel-quartz finds the route of a fired trigger by the trigger's key, except for a one-off trigger (the
     * start-up tick, {@code Scheduler.triggerJob}), which it finds by the endpoint URI kept in the job's data. When
     * the trigger is already in the JDBC store, camel-quartz reschedules a changed cron but leaves the stored job
     * as it was, so after a change of a block's schedule the stored URI is the old one and the start-up tick fails
     * ("Trigger key ... is already in use"). Here the stored job gets this instance's URI and CamelContext name.
     */
    public static void refreshStoredJobs(CamelContext context) throws Exception {
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof QuartzEndpoint q && StartupTicks.GROUP.equals(q.getGroupName())) {
                Scheduler scheduler = q.getComponent().getScheduler();
                JobKey key = JobKey.jobKey(q.getTriggerName(), q.getGroupName());
                JobDetail stored = scheduler.getJobDetail(key);
                if (stored != null && !q.getEndpointUri().equals(stored.getJobDataMap().getString(QuartzConstants.QUARTZ_ENDPOINT_URI))) {
                    JobDetail updated = stored.getJobBuilder().build();
                    QuartzHelper.updateJobDataMap(context, updated, q.getEndpointUri(), q.isUsingFixedCamelContextName());
                    scheduler.addJob(updated, true, true);
                    LOG.info("Stored job {} updated to this instance's endpoint {}", key, q.getEndpointUri());
                }
            }
        }
    }

    /**
     * The stored jobs of group {@value StartupTicks#GROUP} that no block of this instance's connection YAML has (a block
     * removed while the service was down): deleted when this instance is the only one alive, so no orphan trigger fires
     * for a block nobody has. With other instances alive they are left alone and named in a warning: another instance
     * may run a newer file that has them (every instance should run the same file; a reload there deletes a block's job
     * when it removes the block).
     */
    static void dropOrphanJobs(CamelContext context, boolean othersAlive) throws Exception {
        java.util.Set<String> ours = new java.util.HashSet<>();
        Scheduler scheduler = null;
        for (org.apache.camel.Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof QuartzEndpoint q && StartupTicks.GROUP.equals(q.getGroupName())) {
                ours.add(q.getTriggerName());
                scheduler = q.getComponent().getScheduler();
            }
        }
        if (scheduler == null) {
            scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
        }
        if (scheduler == null) {
            return;
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(StartupTicks.GROUP))) {
            if (ours.contains(key.getName())) {
                continue;
            }
            if (othersAlive) {
                LOG.warn("Stored Quartz job {} belongs to no block of this instance's connection YAML, but other instances are"
                        + " running: left for them. Fix: give every instance the same connection YAML (a block removed there"
                        + " is deleted from the store by their reload)", key);
            } else if (scheduler.deleteJob(key)) {
                LOG.info("Stored Quartz job {} deleted at start-up: no block of the connection YAML has it any more (removed"
                        + " while the service was down)", key);
            }
        }
    }

    /** quartz.properties of the jar: the in-memory schedule of a single instance (its thread count set by TickThreads). */
    public static Properties bundledQuartzProperties(CamelContext context) throws Exception {
        Properties p = new Properties();
        try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, "classpath:quartz.properties")) {
            p.load(in);
        }
        return p;
    }

    static Properties quartzProperties(CamelContext context, Settings settings, String instanceId) throws Exception {
        Properties p = bundledQuartzProperties(context);
        p.remove("org.quartz.jobStore.class");
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", QuartzConnections.NAME);
        p.setProperty("org.quartz.jobStore.tablePrefix", settings.stateSchema() + ".qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(settings.clusterCheckinMs() / 2));
        p.setProperty("org.quartz.jobStore.nodeTimeoutMs", String.valueOf(settings.clusterCheckinMs()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        return p;
    }
}
