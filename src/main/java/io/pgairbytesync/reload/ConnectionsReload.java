package io.pgairbytesync.reload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.pgairbytesync.cluster.ClusterScheduler;
import io.pgairbytesync.observe.Alerts;
import io.pgairbytesync.observe.ConnectionStatuses;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.ConnectionBlocks;
import io.pgairbytesync.tick.StartupTicks;
import io.pgairbytesync.tick.Tick;
import io.pgairbytesync.tick.TickThreads;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's own reload of its connection blocks (bean {@code connectionsReload}, route connections-reload every
 * CONNECTIONS_RELOAD_SECONDS). Camel's own route reload is not used: it drops templated routes after an edit.
 * <ol>
 * <li>The {@code file:} connection files are compared by content hash with the content running (and with the content
 * last refused, which is not checked again until it changes).</li>
 * <li>On a change every file is read by Camel's YAML loader into definitions that are not added ({@link ConnectionFiles}),
 * and the whole of it is validated: {@link BlockChecks} (as at start-up), then the tables and cursor columns of every
 * added or changed block on the source (describe-tables, as a first tick does).</li>
 * <li>Anything wrong: nothing changes. One ERROR line names the file, the block and the fix; /status shows it; an alert
 * opens (episode {@code connection-yaml} of the service), resolved by the next good reload.</li>
 * <li>Else only the blocks that differ are touched: a removed block's route and Quartz job go (also from the clustered
 * store), a changed block's route is built again (its cron rescheduled once when it moved), an added block's is built;
 * every other block keeps its route and its trigger. The caches follow (blocks, probe lanes, probe plans, JMX), and each
 * changed or added block ticks at once through its own Quartz job (so never overlapping a tick of its own).</li>
 * </ol>
 */
public class ConnectionsReload {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsReload.class);
    private static final Logger DECISIONS = LoggerFactory.getLogger("pg-airbyte-sync.decisions");

    /** A change must read the same twice this far apart to be checked (else it is still being written). */
    static final long SETTLE_MILLIS = 200;

    private final CamelContext context;
    private final ConnectionFiles files;
    private final BlockChecks checks;
    private final boolean clustered;
    private final boolean on;
    private Map<Path, String> running;
    private Map<Path, String> refused;
    private volatile List<String> problems = List.of();
    private volatile String problemsAt;
    private ProducerTemplate template;

    /** {@code on}: CONNECTIONS_RELOAD_SECONDS is not 0, and this is the service (not --doctor or --plan). */
    public ConnectionsReload(CamelContext context, ConnectionFiles files, BlockChecks checks, boolean clustered, boolean on) {
        this.on = on;
        this.context = context;
        this.files = files;
        this.checks = checks;
        this.clustered = clustered;
    }

    /** The content Camel loads at start-up: what runs until a change is applied. Called before the routes are loaded. */
    public synchronized void baseline() {
        try {
            running = files.hashes();
        } catch (Exception e) {
            running = Map.of(); // read again at the first check: a change then shows as one
        }
    }

    /** What the last change of the connection YAML that was not applied says is wrong (empty: none pending). */
    public List<String> problems() {
        return problems;
    }

    /** When the problems were found (ISO instant), or null. */
    public String problemsAt() {
        return problemsAt;
    }

    /** Route connections-reload: a saved change of the connection files is validated and applied, or refused. */
    public synchronized void check() throws Exception {
        if (!on || !files.any()) {
            return;
        }
        Map<Path, String> now = files.hashes();
        if (now.equals(running)) {
            if (!problems.isEmpty()) { // the bad edit was undone: what runs is the file's again
                applied("the connection YAML is back to the content that runs");
            }
            refused = null;
            return;
        }
        if (now.equals(refused)) {
            return;
        }
        // a save still being written (an editor that truncates and writes in place) is read at the next check
        Thread.sleep(SETTLE_MILLIS);
        if (!now.equals(files.hashes())) {
            return;
        }
        reload(now);
    }

    private void reload(Map<Path, String> now) throws Exception {
        ConnectionBlocks blocks = bean("connectionBlocks", ConnectionBlocks.class);
        List<BlockProblem> found = new ArrayList<>(files.missingOrEmpty());
        List<LoadedBlock> loaded = files.read(now.keySet(), blocks.templateDefaults(), found);
        if (found.isEmpty()) {
            found.addAll(checks.check(loaded));
        }
        if (!found.isEmpty()) {
            refuse(now, found, true);
            return;
        }
        Map<String, ConnectionBlock> before = new LinkedHashMap<>();
        for (ConnectionBlock b : blocks.list()) {
            before.put(b.routeId(), b);
        }
        Map<String, LoadedBlock> after = new LinkedHashMap<>();
        for (LoadedBlock b : loaded) {
            after.put(b.routeId(), b);
        }
        List<String> removed = before.keySet().stream().filter(id -> !after.containsKey(id)).toList();
        List<LoadedBlock> added = after.values().stream().filter(b -> !before.containsKey(b.routeId())).toList();
        List<LoadedBlock> changed = after.values().stream()
                .filter(b -> before.containsKey(b.routeId()) && !before.get(b.routeId()).equals(b.resolved())).toList();
        List<LoadedBlock> toBuild = new ArrayList<>(changed);
        toBuild.addAll(added);
        // the added and changed blocks' tables and cursor columns on the source, as their first tick would check them
        boolean sourceUnreachable = false;
        for (LoadedBlock b : toBuild) {
            if (b.block().isDownstream() || !b.block().hasTables()) {
                continue; // an 'after' block has no tables to check; a CDC block's are its publication's, read at its ticks
            }
            try {
                for (String problem : catalogProblems(b.resolved())) {
                    found.add(BlockProblem.of(b, problem));
                }
            } catch (Exception e) {
                sourceUnreachable = true;
                found.add(BlockProblem.of(b, "its tables could not be checked on the source database: " + e.getMessage()
                        + ". Fix: make the source reachable; the change is checked again every CONNECTIONS_RELOAD_SECONDS"));
            }
        }
        if (!found.isEmpty()) {
            refuse(now, found, !sourceUnreachable);
            return;
        }
        // a block that now names another Airbyte connection starts its JMX status and meters afresh
        List<String> newConnection = changed.stream().filter(b -> !java.util.Objects.equals(
                before.get(b.routeId()).connectionId(), b.block().connectionId())).map(LoadedBlock::routeId).toList();
        apply(blocks, removed, changed, added, newConnection);
        running = now;
        refused = null;
        int unchanged = after.size() - changed.size() - added.size();
        applied("applied: added " + ids(added) + ", changed " + ids(changed) + ", removed " + removed + "; " + unchanged
                + " block(s) unchanged (their routes and schedules untouched)");
    }

    private List<String> catalogProblems(ConnectionBlock block) throws Exception {
        Exchange done = template().send("direct:describe-tables", e -> e.setProperty(Tick.PROPERTY, new Tick(block)));
        if (done.getException() != null) {
            throw done.getException();
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = done.getMessage().getBody(List.class);
        return bean("probePlanner", ProbePlanner.class).check(block, rows).problems();
    }

    private void apply(ConnectionBlocks blocks, List<String> removed, List<LoadedBlock> changed, List<LoadedBlock> added,
            List<String> newConnection) throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Scheduler scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
        TickThreads threads = bean("tickThreads", TickThreads.class);
        ProbePlanner planner = bean("probePlanner", ProbePlanner.class);
        Set<TriggerKey> leaving = new HashSet<>();
        List<String> rebuilt = new ArrayList<>(removed);
        changed.forEach(b -> rebuilt.add(b.routeId()));
        for (String routeId : rebuilt) {
            TriggerKey key = triggerKey(context.getRoute(routeId));
            if (key != null) {
                leaving.add(key);
            }
            // a tick in flight ends first (at most camel.main.shutdownTimeout)
            context.getRouteController().stopRoute(routeId, 30, TimeUnit.SECONDS);
            RouteDefinition definition = model.getRouteDefinition(routeId);
            if (definition != null) {
                model.removeRouteDefinition(definition);
            }
            context.removeRoute(routeId);
            planner.forgetBlock(routeId);
        }
        for (String routeId : removed) {
            threads.remove(routeId);
            bean("connectionStatuses", ConnectionStatuses.class).remove(routeId);
        }
        for (String routeId : newConnection) {
            bean("connectionStatuses", ConnectionStatuses.class).remove(routeId);
        }
        List<LoadedBlock> toBuild = new ArrayList<>(changed);
        toBuild.addAll(added);
        for (LoadedBlock b : toBuild) {
            model.addRouteFromTemplatedRoute(b.definition());
        }
        blocks.refresh();
        // the Quartz jobs no block has any more: deleted (the clustered store keeps them when a route stops)
        Set<TriggerKey> inUse = new HashSet<>();
        for (Route route : context.getRoutes()) {
            TriggerKey key = triggerKey(route);
            if (key != null) {
                inUse.add(key);
            }
        }
        for (TriggerKey key : leaving) {
            if (!inUse.contains(key) && scheduler.deleteJob(JobKey.jobKey(key.getName(), key.getGroup()))) {
                LOG.info("Quartz job {} deleted: no block of the connection YAML has it any more", key);
            }
        }
        if (clustered) {
            ClusterScheduler.refreshStoredJobs(context);
        }
        for (LoadedBlock b : toBuild) {
            TriggerKey key = triggerKey(context.getRoute(b.routeId()));
            if (key != null) {
                scheduler.triggerJob(JobKey.jobKey(key.getName(), key.getGroup()));
            }
        }
        if (!removed.isEmpty()) {
            Exchange marked = template().send("direct:mark-unwatched-connections", e -> { });
            if (marked.getException() != null) {
                LOG.warn("Could not mark the sync state of the connections no block watches any more (marked at the next"
                        + " start): {}", marked.getException().getMessage());
            }
        }
    }

    private static TriggerKey triggerKey(Route route) {
        if (route != null && route.getEndpoint() instanceof QuartzEndpoint q && StartupTicks.GROUP.equals(q.getGroupName())) {
            return q.getTriggerKey() != null ? q.getTriggerKey() : TriggerKey.triggerKey(q.getTriggerName(), q.getGroupName());
        }
        return null;
    }

    private void refuse(Map<Path, String> now, List<BlockProblem> found, boolean final_) {
        if (final_) {
            refused = now;
        }
        List<String> lines = found.stream().map(BlockProblem::line).toList();
        boolean same = lines.equals(problems);
        problems = lines;
        problemsAt = java.time.Instant.now().toString();
        if (!same) {
            LOG.error("Connection YAML change NOT applied, the running blocks stay as they were: {}", String.join(" | ", lines));
            bean("alerts", Alerts.class).connectionYamlRefused(String.join(" | ", lines));
        }
    }

    private void applied(String what) {
        boolean hadProblems = !problems.isEmpty();
        problems = List.of();
        problemsAt = null;
        DECISIONS.info("Connection YAML {}", what);
        if (hadProblems) {
            bean("alerts", Alerts.class).connectionYamlApplied("Connection YAML " + what);
        }
    }

    private static String ids(List<LoadedBlock> blocks) {
        return blocks.stream().map(LoadedBlock::routeId).toList().toString();
    }

    private <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }
}
