package io.pgairbytesync.observe;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.airbyte.JobStatus;
import io.pgairbytesync.classify.DecisionKind;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.probe.PinnedCursor;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbeRow;
import io.pgairbytesync.probe.TableSpec;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns outcomes into alerts (bean {@code alerts}, an {@link OutcomeListener}): once per episode, not once per tick.
 * An episode is a row of sync_alert (connection, kind) in the state database, so a restart or a second instance does
 * not repeat it; the routes of 9-alerts.yaml open it, count it, resolve it and send the alert.
 * <ul>
 * <li>failing: ALERT_AFTER_FAILURES ticks of a connection failed in a row; RECOVERED at the next tick that goes through;</li>
 * <li>job: a job failed, was cancelled or timed out; RECOVERED at the next success;</li>
 * <li>inactive: Airbyte refuses syncs of the connection; RECOVERED when it takes one again (or is active again);</li>
 * <li>schema: one alert per distinct column change;</li>
 * <li>suspicious: the re-sync after a withheld 0-row success moved nothing either and was accepted (one per job);</li>
 * <li>lost: Airbyte answered 404 for a job too many times in a row (one per job);</li>
 * <li>overdue: a sync someone else started still runs after AIRBYTE_JOB_TIMEOUT (one per job; RECOVERED when it ends);</li>
 * <li>unreadable: GET /jobs/{id} answered 403 or not the API's JSON (a configuration error); RECOVERED once read;</li>
 * <li>down:&lt;dependency&gt;: a dependency DOWN for ALERT_AFTER_FAILURES readiness checks in a row, and its recovery;</li>
 * <li>wal: a CDC block's replication slot is still above its WAL limit (or not reserved) after the WAL sync succeeded;
 * RECOVERED when it comes down;</li>
 * <li>connection-yaml: a saved change of the connection YAML does not validate and was not applied; RECOVERED at the next
 * change applied;</li>
 * <li>pinned:&lt;schema.table&gt;: the table's max(cursor) is pinned (infinity, NaN, far ahead of the source's clock,
 * PinnedCursor); RECOVERED when a probe finds it normal again.</li>
 * </ul>
 * Every tick that goes through would have to ask the state database whether a 'failing' episode is open. Instead this
 * bean keeps the open episodes it knows of (read at the first outcome, refreshed every HEALTH_CHECK_SECONDS by route
 * alert-episodes, and updated by what it opens and resolves itself) and asks only then; the database's answer (the
 * DELETE ... RETURNING of alert-resolve) still decides whether a recovery is sent, so a stale entry costs one statement,
 * never a wrong alert. An episode another instance opened is seen within one refresh.
 */
public class Alerts implements OutcomeListener {

    static final Logger ALERTS = LoggerFactory.getLogger("pg-airbyte-sync.alerts");
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final CamelContext camel;
    private final ConnectionStatuses statuses;
    private final int alertAfter;
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private volatile boolean episodesRead;
    private ProducerTemplate template;

    public Alerts(CamelContext camel, ConnectionStatuses statuses, int alertAfterFailures) {
        this.camel = camel;
        this.statuses = statuses;
        this.alertAfter = alertAfterFailures;
    }

    @Override
    public void onTick(Tick tick) {
        String block = tick.getName();
        String connectionId = tick.getConnectionId();
        if (tick.getDecision() != null && tick.getDecision().kind() == DecisionKind.SCHEMA_CHANGED) {
            String summary = tick.getDecision().schemaSummary();
            run("open", new Alert(connectionId, block, Alert.SCHEMA, summary, block + ": schema change in the source: " + summary
                    + ". Refreshing the source schema in Airbyte, then syncing", null, false));
        }
        io.pgairbytesync.cdc.SlotReading slot = tick.getSlot();
        if (slot != null && slot.stillAboveAfterJob() != null) {
            run("open", Alert.of(connectionId, block, Alert.WAL, block + ": " + slot.describe() + " although WAL sync job "
                    + slot.stillAboveAfterJob() + " succeeded (connection " + connectionId + "). Syncing again would not move the"
                    + " slot: check that the Airbyte connection reads this slot and confirms what it read (its source's"
                    + " replication slot and publication), or drop a slot nobody reads; the disk fills while it holds WAL"));
        } else if (slot != null && !slot.isNeedingSync() && mayBeOpen(connectionId, Alert.WAL)) {
            run("resolve", Alert.of(connectionId, block, Alert.WAL, block + ": RECOVERED, replication slot '" + slot.slot()
                    + "' holds back " + io.pgairbytesync.cdc.WalSize.show(slot.retainedBytes()) + " of WAL, within its limit"));
        }
        if (tick.isRefusedByConnection()) {
            run("open", Alert.of(connectionId, block, Alert.INACTIVE, inactiveText(block, connectionId, tick.getConnection())));
        } else if (tick.getPending() != null && mayBeOpen(connectionId, Alert.INACTIVE)) {
            run("resolve", Alert.of(connectionId, block, Alert.INACTIVE, block + ": RECOVERED, Airbyte connection "
                    + connectionId + " takes syncs again (job " + tick.getPending().jobId() + ")"));
        }
        pinnedCursors(tick);
        if (tick.hasFailed()) {
            ConnectionStatus status = statuses.find(block);
            int inARow = status == null ? 1 : status.getConsecutiveFailures();
            run("count-failure", new Alert(connectionId, block, Alert.FAILING, null, failingText(block, inARow, tick.getError()),
                    tick.getError(), inARow == alertAfter));
        } else if (mayBeOpen(connectionId, Alert.FAILING)) {
            run("resolve", Alert.of(connectionId, block, Alert.FAILING, block + ": RECOVERED, ticks succeed again ("
                    + tick.getDecision().kind() + ")"));
        }
    }

    /**
     * A table whose max(cursor) the probe found pinned (PinnedCursor): an episode of its own per table (kind
     * {@code pinned:<schema.table>}), opened once (the open episodes this bean knows of spare the statement at every
     * later tick), resolved at the first probe that finds the max normal again.
     */
    private void pinnedCursors(Tick tick) {
        if (tick.getPlan() == null || tick.getProbe() == null) {
            return; // not probed: nothing known
        }
        String block = tick.getName();
        String connectionId = tick.getConnectionId();
        for (int i = 0; i < tick.getPlan().tables().size() && i < tick.getProbe().size(); i++) {
            ProbePlan.PlannedTable table = tick.getPlan().tables().get(i);
            ProbeRow row = tick.getProbe().get(i);
            TableSpec spec = table.spec();
            if (!spec.hasCursor()) {
                continue;
            }
            String kind = PinnedCursor.ALERT_KIND_PREFIX + spec.schema() + "." + spec.table();
            if (row.cursorPinned()) {
                if (!episodesRead || !open.contains(key(connectionId, kind))) {
                    run("open", new Alert(connectionId, block, kind, null, PinnedCursor.alertText(block, spec, row.maxCursor(),
                            PinnedCursor.fallsBack(table, row)), null, false));
                }
            } else if (mayBeOpen(connectionId, kind) && episodesRead) {
                // (episodes unknown, the state DB unreadable: no resolve per table and tick; the next read tells)
                run("resolve", Alert.of(connectionId, block, kind, PinnedCursor.recoveredText(block, spec, row.maxCursor())));
            }
        }
    }

    @Override
    public void onJob(FollowedJob job) {
        String connectionId = job.getConnectionId();
        String block = job.getBlock();
        if (job.isConfigurationError()) {
            run("open", new Alert(connectionId, block, Alert.UNREADABLE, "HTTP " + job.getReadStatusCode(), block
                    + ": cannot read Airbyte job " + job.getJobId() + ": " + job.getReadFailure() + ". The job stays open"
                    + " (AIRBYTE_JOB_TIMEOUT still applies); it is read again at each poll", null, false));
        } else if (job.getReadFailure() == null && mayBeOpen(connectionId, Alert.UNREADABLE)) {
            run("resolve", Alert.of(connectionId, block, Alert.UNREADABLE, block + ": RECOVERED, Airbyte job " + job.getJobId()
                    + " can be read again"));
        }
        if (!job.isEnded()) {
            if (job.isExternal() && job.isOverdue()) {
                run("open", new Alert(connectionId, block, Alert.OVERDUE, String.valueOf(job.getJobId()), block
                        + ": Airbyte job " + job.getJobId() + ", started outside this service, is still running after"
                        + " AIRBYTE_JOB_TIMEOUT (connection " + connectionId + "). It is not cancelled: this service waits for"
                        + " it to end (Airbyte refuses a new sync while it runs), then syncs what changed. Check the job in"
                        + " Airbyte", null, false));
            }
            return;
        }
        if (job.isExternal() && mayBeOpen(connectionId, Alert.OVERDUE)) {
            run("resolve", Alert.of(connectionId, block, Alert.OVERDUE, block + ": RECOVERED, Airbyte job " + job.getJobId()
                    + " (started outside this service) ended " + job.getStatusText()));
        }
        if (job.getStatus() == JobStatus.SUCCEEDED) {
            if (job.isWithheld()) {
                return; // not accepted: nothing recovered, the change is synced again
            }
            run("resolve", Alert.of(connectionId, block, Alert.JOB, block + ": RECOVERED, Airbyte job "
                    + job.getJobId() + " succeeded after failed jobs"));
            if (job.isAccepted()) {
                run("open", new Alert(connectionId, block, Alert.SUSPICIOUS, String.valueOf(job.getJobId()), block
                        + ": Airbyte job " + job.getJobId() + " succeeded with 0 rows and 0 bytes although max(cursor) rose,"
                        + " and so did the sync before it of the same change (connection " + connectionId + "). Accepted, not"
                        + " synced again: check the jobs' logs in Airbyte (a launch failure can look like this)", null, false));
            }
        } else if (job.isLost()) {
            run("open", new Alert(connectionId, block, Alert.LOST, String.valueOf(job.getJobId()), block + ": Airbyte job "
                    + job.getJobId() + " is lost: GET /jobs/" + job.getJobId() + " answered 404 " + job.getNotFoundReads()
                    + " times in a row (connection " + connectionId + "; Airbyte reinstalled, or its jobs purged?). Recorded as"
                    + " lost; the change is synced again", null, false));
        } else {
            run("open", Alert.of(connectionId, block, Alert.JOB, block + ": Airbyte job " + job.getJobId()
                    + " " + job.getStatusText() + " (connection " + connectionId + "). Synced state kept; the next tick"
                    + " re-evaluates. Further failed jobs stay quiet until one succeeds"));
        }
    }

    @Override
    public void onConnectionChecked(Tick block, AirbyteConnection connection) {
        if (connection.isActive()) {
            run("resolve", Alert.of(block.getConnectionId(), block.getName(), Alert.INACTIVE, block.getName()
                    + ": Airbyte connection " + block.getConnectionId() + " is active again"));
        } else {
            run("open", Alert.of(block.getConnectionId(), block.getName(), Alert.INACTIVE,
                    inactiveText(block.getName(), block.getConnectionId(), connection)));
        }
    }

    /** A dependency DOWN or recovered: alerts of the whole service. For the state DB, this instance's own count decides. */
    @Override
    public void onReadiness(Readiness.Outcome outcome) {
        if (outcome.alert() == null) {
            return;
        }
        Alert alert = Alert.of(Alert.SERVICE, "service", "down:" + outcome.target(), outcome.text());
        if ("state-db".equals(outcome.target())) {
            run("send", alert); // the state DB cannot hold its own episode
        } else {
            run(Readiness.Outcome.DOWN.equals(outcome.alert()) ? "open" : "resolve", alert);
        }
    }

    /**
     * A change of the connection YAML was refused (ConnectionsReload): an episode of the service, kind
     * {@value Alert#CONNECTION_YAML}; a further refusal with other problems alerts again, the same ones do not.
     */
    public void connectionYamlRefused(String problems) {
        run("open", new Alert(Alert.SERVICE, "service", Alert.CONNECTION_YAML, Integer.toHexString(problems.hashCode()),
                "connection YAML change not applied, the running blocks stay as they were: " + problems, null, false));
    }

    /** The next change of the connection YAML was applied (or the bad one undone): the episode is resolved. */
    public void connectionYamlApplied(String what) {
        run("resolve", Alert.of(Alert.SERVICE, "service", Alert.CONNECTION_YAML, "RECOVERED, " + what));
    }

    /** Route alert-count-failure: the database counted the failures and says this one opens the episode. */
    public Alert failingCounted(@ExchangeProperty(Alert.PROPERTY) Alert alert, @Body Map<String, Object> counted) {
        return alert.withText(failingText(alert.block(), ((Number) counted.get("failures")).intValue(), alert.cause()));
    }

    /** Route alert-episodes: the episodes open in the state database (every instance's). */
    public void episodes(@Body List<Map<String, Object>> rows) {
        Set<String> now = ConcurrentHashMap.newKeySet();
        for (Map<String, Object> row : rows) {
            now.add(key(String.valueOf(row.get("connection_id")), String.valueOf(row.get("kind"))));
        }
        open.retainAll(now);
        open.addAll(now);
        episodesRead = true;
    }

    private boolean mayBeOpen(String connectionId, String kind) {
        if (!episodesRead) {
            Exchange read = template().send("direct:alert-episodes", e -> {
            });
            if (read.getException() != null) {
                return true; // cannot tell: let the database decide
            }
        }
        return open.contains(key(connectionId, kind));
    }

    private void run(String step, Alert alert) {
        String key = key(alert.connectionId(), alert.kind());
        if ("resolve".equals(step)) {
            open.remove(key);
        } else if (!"send".equals(step)) {
            open.add(key);
        }
        Exchange done = template().send("direct:alert-" + step, e -> e.setProperty(Alert.PROPERTY, alert));
        if (done.getException() != null) {
            ALERTS.warn("could not record the alert ({}): {}", done.getException().getMessage(), alert.text());
        }
    }

    private static String failingText(String block, int failures, String error) {
        return block + ": " + failures + " ticks in a row failed, sync state unchanged. Last error: " + error;
    }

    private static String inactiveText(String block, String connectionId, AirbyteConnection connection) {
        return block + ": Airbyte connection " + connectionId + " is " + connection.status() + " and refuses syncs. Fix: enable"
                + " it in the Airbyte UI (a breaking schema change disables it until reviewed)";
    }

    private static String key(String connectionId, String kind) {
        return connectionId.toLowerCase(java.util.Locale.ROOT) + "|" + kind;
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        return template;
    }
}
