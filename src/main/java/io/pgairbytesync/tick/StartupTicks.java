package io.pgairbytesync.tick;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.reload.BlockChecks;
import io.pgairbytesync.reload.BlockProblem;
import io.pgairbytesync.reload.LoadedBlock;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.CronExpression;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the service has started: checks what Camel lets through in the connection blocks (a cron Quartz accepts
 * although a field is out of range; two blocks with one routeId are refused while the routes load, see
 * SyncConfiguration), then,
 * with TICK_ON_START, fires one tick of every connection at once: each block is checked against the live source
 * within seconds, and changes made while the service was down are synced without waiting for the schedule.
 * The tick goes through the connection's own Quartz job, so it never overlaps a scheduled one.
 */
public final class StartupTicks implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTicks.class);
    /** The Quartz group of every connection block's job (quartz:pg-airbyte-sync/<connectionId>). */
    public static final String GROUP = "pg-airbyte-sync";

    private final boolean tickOnStart;
    private final java.util.function.BooleanSupplier joinsRunningCluster;
    private final TickThreads threads;

    /**
     * {@code joinsRunningCluster}: another instance runs the schedule already, so no first tick from this one;
     * {@code threads}: the Quartz threads, said in the log (and a warning when blocks due in one second outnumber them).
     */
    public StartupTicks(boolean tickOnStart, java.util.function.BooleanSupplier joinsRunningCluster, TickThreads threads) {
        this.tickOnStart = tickOnStart;
        this.joinsRunningCluster = joinsRunningCluster;
        this.threads = threads;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // routes may still be starting
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        List<QuartzEndpoint> connections = new ArrayList<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof QuartzEndpoint quartz && GROUP.equals(quartz.getGroupName())) {
                connections.add(quartz);
            }
        }
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof QuartzEndpoint q && GROUP.equals(q.getGroupName())) {
                checkCron(route.getRouteId(), q.getCron());
            }
        }
        checkBlocks(context); // routeIds, schedules, and 'after' (BlockGraph): the reload's own checks

        LOG.info("{}", threads.describe());
        String crowded = threads.warning();
        if (crowded != null) {
            LOG.warn("{}", crowded);
        }
        if (tickOnStart && joinsRunningCluster.getAsBoolean()) {
            LOG.info("Joined a running cluster: no first tick at start-up, the schedule goes on where it is");
        } else if (tickOnStart) {
            for (QuartzEndpoint q : connections) {
                q.getComponent().getScheduler().triggerJob(JobKey.jobKey(q.getTriggerName(), GROUP));
            }
            LOG.info("First tick of {} connection(s) fired at start-up", connections.size());
        }
    }

    /**
     * The checks of the blocks that stop the start-up (bean blockChecks, the one entry point a reload of the connection
     * YAML uses as well; the others fail only their block's ticks).
     */
    private static void checkBlocks(CamelContext context) {
        BlockChecks checks = context.getRegistry().lookupByNameAndType("blockChecks", BlockChecks.class);
        ConnectionBlocks blocks = context.getRegistry().lookupByNameAndType("connectionBlocks", ConnectionBlocks.class);
        if (checks == null || blocks == null) {
            return;
        }
        List<LoadedBlock> loaded = new ArrayList<>();
        Map<String, String> defaults = blocks.templateDefaults();
        for (ConnectionBlock b : blocks.list()) {
            // every parameter as given (a check may read one of its own), those of the block as it runs over them
            Map<String, String> parameters = new java.util.LinkedHashMap<>(blocks.parametersOf(b.routeId()));
            parameters.put("connectionId", b.connectionId());
            parameters.put("tables", b.tables());
            parameters.put("cursorColumn", b.cursorColumn());
            parameters.put("schedule", b.schedule());
            if (b.changeSignal() != null) {
                parameters.put("changeSignal", b.changeSignal());
            }
            loaded.add(LoadedBlock.of("the connection YAML", b.routeId(), ConnectionBlocks.TEMPLATE, parameters, defaults));
        }
        List<BlockProblem> problems = checks.checkAtStartUp(loaded);
        if (!problems.isEmpty()) {
            BlockProblem first = problems.get(0);
            throw new ConfigurationError("connection block '" + first.routeId() + "': " + first.text());
        }
    }

    /** Quartz accepts some out-of-range fields; seconds, minutes and hours are checked here as well. */
    static void checkCron(String routeId, String cron) {
        String[] fields = cron == null ? new String[0] : cron.trim().split("\\s+");
        boolean valid = (fields.length == 6 || fields.length == 7) && CronExpression.isValidExpression(cron)
                && inRange(fields[0], 59) && inRange(fields[1], 59) && inRange(fields[2], 23);
        if (!valid) {
            throw new ConfigurationError("connection block '" + routeId + "': schedule '" + cron + "' is not a valid Quartz cron."
                    + " Fix: six fields, seconds minutes hours day-of-month month day-of-week, e.g. 'H * * * * ?' (every minute,"
                    + " at this block's own second) or 'H */5 * * * ?' (every 5 minutes).");
        }
    }

    private static boolean inRange(String field, int max) {
        for (String number : field.split("[^0-9]+")) {
            if (!number.isEmpty() && Integer.parseInt(number) > max) {
                return false;
            }
        }
        return true;
    }
}
