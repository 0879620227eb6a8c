package io.pgairbytesync.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pgairbytesync.logging.SecretMasker;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.ConnectionBlocks;
import org.apache.camel.Header;
import org.apache.camel.health.HealthCheck;

/**
 * The model behind /status and /status.json: every connection block and table, from the sync state (shared by every
 * node) and this node's live view, and its HTML rendering (self-refreshing, readable on a laptop, no script).
 */
public class StatusPage {

    /** Headers the route status-model sets from its two statements (and when the state DB could not be read). */
    public static final String TABLE_ROWS = "statusTables";
    public static final String JOB_ROWS = "statusJobs";
    public static final String STATE_DB_ERROR = "statusStateDbError";
    /** MAX_CONCURRENT_SYNCS: the slots taken and the line of queued connections (status-queue.sql). */
    public static final String QUEUE_ROWS = "statusQueue";

    private final ConnectionBlocks blocks;
    private final ConnectionStatuses statuses;
    private final Readiness readiness;
    private final ObserveSettings settings;
    private final String node;
    private final int maxConcurrentSyncs;
    private volatile java.util.function.Supplier<List<String>> connectionYamlProblems = List::of;
    private volatile TableNote coarseCursors = (routeId, schema, table) -> null;

    /** A note on one table of a block, null when none. */
    @FunctionalInterface
    public interface TableNote {
        String of(String routeId, String schema, String table);
    }

    /** {@code maxConcurrentSyncs}: MAX_CONCURRENT_SYNCS, 0 = no cap. */
    public StatusPage(ConnectionBlocks blocks, ConnectionStatuses statuses, Readiness readiness, ObserveSettings settings,
            String node, int maxConcurrentSyncs) {
        this.maxConcurrentSyncs = maxConcurrentSyncs;
        this.blocks = blocks;
        this.statuses = statuses;
        this.readiness = readiness;
        this.settings = settings;
        this.node = node;
    }

    /** Where the page reads what is wrong with the last change of the connection YAML that was not applied. */
    public void showConnectionYamlProblems(java.util.function.Supplier<List<String>> problems) {
        this.connectionYamlProblems = problems;
    }

    /** Where the page reads what a table's coarse cursor misses (ProbePlanner: the warning and its fix, or a note). */
    public void showCoarseCursors(TableNote notes) {
        this.coarseCursors = notes;
    }

    /** The page's data; the rows come from the status-model route (null when the state DB could not be read). */
    public Map<String, Object> model(@Header(TABLE_ROWS) List<Map<String, Object>> stateRows,
            @Header(JOB_ROWS) List<Map<String, Object>> jobRows, @Header(STATE_DB_ERROR) String stateDbError,
            @Header(QUEUE_ROWS) List<Map<String, Object>> queueRows) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("service", "pg-airbyte-sync");
        page.put("node", node);
        page.put("generatedAt", Instant.now().toString());
        page.put("stateDbError", stateDbError == null ? null : SecretMasker.mask(stateDbError));
        List<Map<String, Object>> ready = new ArrayList<>();
        for (Readiness.Check check : readiness.checks()) {
            HealthCheck.Result r = check.call();
            ready.add(Map.of("check", check.getId(), "state", r.getState().name(), "message", r.getMessage().orElse("")));
        }
        page.put("readiness", ready);
        // a saved change of the connection YAML that was refused: the blocks below are the ones still running
        page.put("connectionYamlProblems", connectionYamlProblems.get());
        List<Map<String, Object>> watched = stateRows == null ? List.of()
                : stateRows.stream().filter(r -> r.get("removed_at") == null).toList();
        Map<String, Object> queue = syncQueue(queueRows);
        page.put("syncQueue", queue);
        List<Map<String, Object>> connections = new ArrayList<>();
        for (ConnectionBlock block : blocks.list()) {
            Map<String, Object> c = connection(block, rowsOf(watched, block), rowsOf(jobRows, block));
            queuedOf(queue, block).ifPresent(q -> {
                c.put("lastDecision", "queued");
                c.put("queued", q);
            });
            connections.add(c);
        }
        page.put("connections", connections);
        page.put("noLongerWatched", noLongerWatched(stateRows));
        return page;
    }

    /**
     * MAX_CONCURRENT_SYNCS (null: no cap), the slots taken (our syncs running or being started, every instance) and the
     * queued connections in their order; null when the state DB could not be read.
     */
    private Map<String, Object> syncQueue(List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            return null;
        }
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("maxConcurrentSyncs", maxConcurrentSyncs > 0 ? maxConcurrentSyncs : null);
        queue.put("running", rows.get(0).get("running"));
        List<Map<String, Object>> queued = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r.get("connection_id") != null) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("position", r.get("queue_position"));
                q.put("routeId", r.get("route_id"));
                q.put("connectionId", r.get("connection_id"));
                q.put("queuedAt", r.get("queued_at"));
                q.put("waitingSeconds", r.get("waiting_seconds"));
                q.put("decision", r.get("decision"));
                q.put("tables", r.get("table_names"));
                queued.add(q);
            }
        }
        queue.put("queued", queued);
        return queue;
    }

    @SuppressWarnings("unchecked")
    private static java.util.Optional<Map<String, Object>> queuedOf(Map<String, Object> queue, ConnectionBlock block) {
        if (queue == null) {
            return java.util.Optional.empty();
        }
        return ((List<Map<String, Object>>) queue.get("queued")).stream()
                .filter(q -> block.connectionId().equalsIgnoreCase(String.valueOf(q.get("connectionId")))).findFirst();
    }

    /** The tables no block watches any more (sync_state.removed_at): kept for the record, shown apart. */
    private static List<Map<String, Object>> noLongerWatched(List<Map<String, Object>> stateRows) {
        List<Map<String, Object>> removed = new ArrayList<>();
        if (stateRows == null) {
            return removed;
        }
        for (Map<String, Object> r : stateRows) {
            if (r.get("removed_at") != null) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("routeId", r.get("route_id"));
                t.put("connectionId", r.get("connection_id"));
                t.put("table", r.get("table_schema") + "." + r.get("table_name"));
                t.put("syncedCursor", r.get("synced_cursor"));
                t.put("synced", r.get("synced"));
                t.put("lastSuccessAt", r.get("last_success_at"));
                t.put("removedAt", r.get("removed_at"));
                removed.add(t);
            }
        }
        return removed;
    }

    private Map<String, Object> connection(ConnectionBlock block, List<Map<String, Object>> state,
            List<Map<String, Object>> jobs) {
        ConnectionStatus live = statuses.find(block.routeId());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("routeId", block.routeId());
        c.put("connectionId", block.connectionId());
        c.put("schedule", block.schedule());
        c.put("airbyteUrl", airbyteUrl(block.connectionId(), live == null ? null : live.workspaceId()));
        c.put("airbyteStatus", live == null ? null : live.airbyteStatus());
        c.put("schemaPolicy", live == null ? null : live.schemaPolicy());
        c.put("lastProbeAt", latest(state, "last_checked_at"));
        c.put("lastTickNode", first(state, "last_tick_node"));
        c.put("lastDecision", first(state, "last_decision") != null ? first(state, "last_decision")
                : live == null ? "none yet" : live.getLastDecision());
        c.put("lastSuccessAt", latest(state, "last_success_at"));
        c.put("secondsSinceLastSync", live == null ? null : live.getSecondsSinceLastSync());
        c.put("consecutiveFailures", live == null ? 0 : live.getConsecutiveFailures());
        String error = first(state, "last_error");
        if (error == null && live != null && "error".equals(live.getLastDecision())) {
            error = live.getLastError();
        }
        c.put("lastError", error);
        io.pgairbytesync.cdc.SlotReading slot = live == null ? null : live.slot();
        if (slot != null) {
            Map<String, Object> sl = new LinkedHashMap<>();
            sl.put("name", slot.slot());
            sl.put("retainedBytes", slot.retainedBytes());
            sl.put("limitBytes", slot.limitBytes());
            sl.put("walStatus", slot.walStatus());
            sl.put("active", slot.active());
            sl.put("overLimit", slot.isNeedingSync());
            c.put("slot", sl);
        }
        Map<String, Object> open = jobs.stream().filter(j -> Boolean.TRUE.equals(j.get("open"))).findFirst().orElse(null);
        c.put("pendingJob", open == null ? null : Map.of("jobId", open.get("job_id"), "status", open.get("status"),
                "ageSeconds", open.get("duration_seconds"), "reason", open.get("reason")));
        List<Map<String, Object>> tables = new ArrayList<>();
        for (Map<String, Object> r : state) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("table", r.get("table_schema") + "." + r.get("table_name"));
            boolean noCursor = "".equals(r.get("cursor_column")); // watched by its write counter alone (table:-, stats, cdc)
            t.put("cursorColumn", noCursor ? null : r.get("cursor_column"));
            t.put("syncedWriteCount", r.get("synced_write_count"));
            t.put("cursorType", r.get("cursor_type"));
            t.put("syncedCursor", r.get("synced_cursor"));
            t.put("synced", r.get("synced"));
            t.put("columnHash", r.get("column_hash"));
            t.put("pendingCursor", r.get("pending_cursor"));
            t.put("lastCheckedAt", r.get("last_checked_at"));
            t.put("lastSuccessAt", r.get("last_success_at"));
            // a date or timestamp(0..2) cursor: what max() misses, and the fix (or that the stats signal covers it)
            t.put("coarseCursor", coarseCursors.of(block.routeId(), String.valueOf(r.get("table_schema")),
                    String.valueOf(r.get("table_name"))));
            // a max(cursor) pinned at the last probe (infinity, NaN, far ahead): the write counters watch the table too
            t.put("pinnedCursor", live == null ? null : live.pinnedCursor(String.valueOf(r.get("table_schema")),
                    String.valueOf(r.get("table_name"))));
            tables.add(t);
        }
        c.put("tables", tables);
        List<Map<String, Object>> recent = new ArrayList<>();
        for (Map<String, Object> j : jobs) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("jobId", j.get("job_id"));
            t.put("reason", j.get("reason"));
            t.put("status", j.get("status"));
            t.put("rows", j.get("rows_synced"));
            t.put("bytes", j.get("bytes_synced"));
            t.put("durationSeconds", j.get("duration_seconds"));
            t.put("createdAt", j.get("created_at"));
            t.put("tables", j.get("tables"));
            t.put("suspicious", j.get("suspicious"));
            t.put("error", j.get("error"));
            recent.add(t);
        }
        c.put("recentJobs", recent);
        return c;
    }

    /** The connection in the Airbyte UI; until its workspace is known, Airbyte's home page. */
    String airbyteUrl(String connectionId, String workspaceId) {
        if (workspaceId == null) {
            return settings.airbyteUiUrl() + "/";
        }
        return settings.airbyteUiUrl() + "/workspaces/" + workspaceId + "/connections/" + connectionId + "/status";
    }

    private static List<Map<String, Object>> rowsOf(List<Map<String, Object>> rows, ConnectionBlock block) {
        if (rows == null) {
            return List.of();
        }
        return rows.stream().filter(r -> block.connectionId().equalsIgnoreCase(String.valueOf(r.get("connection_id")))).toList();
    }

    private static String first(List<Map<String, Object>> rows, String key) {
        return rows.stream().map(r -> r.get(key)).filter(Objects::nonNull).map(Object::toString).findFirst().orElse(null);
    }

    private static String latest(List<Map<String, Object>> rows, String key) {
        return rows.stream().map(r -> r.get(key)).filter(Objects::nonNull).map(Object::toString).max(String::compareTo)
                .orElse(null);
    }

    // ------------------------------------------------------------------ HTML

    @SuppressWarnings("unchecked")
    public String html(Map<String, Object> page) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"15\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>pg-airbyte-sync status</title><style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.2em auto;max-width:1300px;padding:0 1em;color:#1d2430}")
                .append("h1{font-size:1.35em;margin:0 0 .2em}h2{font-size:1.1em;margin:0}.muted{color:#5b6472}")
                .append("section{border:1px solid #d5dae1;border-radius:8px;padding:.8em 1em;margin:1em 0}")
                .append("table{border-collapse:collapse;width:100%;margin-top:.5em}th,td{text-align:left;padding:.25em .5em;")
                .append("border-bottom:1px solid #eceff3;vertical-align:top}th{font-weight:600;color:#3a4350}")
                .append("code{font-size:.95em;overflow-wrap:anywhere}.badge{display:inline-block;padding:.05em .55em;border-radius:1em;")
                .append("font-size:.9em;font-weight:600}.ok{background:#dcf5e3;color:#135c2c}.warn{background:#fff1c9;color:#6b4d00}")
                .append(".bad{background:#fde0e0;color:#8a1010}.info{background:#e3ecfb;color:#183f80}")
                .append(".error{background:#fde0e0;border-left:4px solid #c62828;padding:.4em .7em;margin:.5em 0;overflow-wrap:anywhere}")
                .append("</style></head><body>");
        h.append("<h1>pg-airbyte-sync</h1><div class=\"muted\">node <b>").append(esc(page.get("node")))
                .append("</b> · generated ").append(esc(page.get("generatedAt")))
                .append(" · refreshes every 15 s · <a href=\"status.json\">status.json</a> · <a href=\"observe/health\">health</a>")
                .append(" · <a href=\"observe/metrics\">metrics</a></div>");
        h.append("<p id=\"readiness\">");
        for (Map<String, Object> r : (List<Map<String, Object>>) page.get("readiness")) {
            boolean up = "UP".equals(r.get("state"));
            h.append("<span class=\"badge ").append(up ? "ok" : "bad").append("\" title=\"").append(esc(r.get("message")))
                    .append("\">").append(esc(r.get("check"))).append(' ').append(up ? "UP" : "DOWN").append("</span> ");
        }
        h.append("</p>");
        if (page.get("stateDbError") != null) {
            h.append("<div class=\"error\">The state database could not be read, so the tables and jobs below are missing: ")
                    .append(esc(page.get("stateDbError"))).append("</div>");
        }
        queueLine(h, (Map<String, Object>) page.get("syncQueue"));
        List<String> yamlProblems = (List<String>) page.get("connectionYamlProblems");
        if (yamlProblems != null && !yamlProblems.isEmpty()) {
            h.append("<div class=\"error\" id=\"connection-yaml\">The last change of the connection YAML was NOT applied;"
                    + " the blocks below are the ones still running:<ul>");
            for (String problem : yamlProblems) {
                h.append("<li>").append(esc(problem)).append("</li>");
            }
            h.append("</ul></div>");
        }
        List<Map<String, Object>> connections = (List<Map<String, Object>>) page.get("connections");
        if (connections.isEmpty()) {
            h.append("<p>No connection block is configured. Add one to the connection YAML (see README, \"Add a table\").</p>");
        }
        for (Map<String, Object> c : connections) {
            section(h, c);
        }
        noLongerWatchedSection(h, (List<Map<String, Object>>) page.get("noLongerWatched"));
        return h.append("</body></html>").toString();
    }

    @SuppressWarnings("unchecked")
    private static void section(StringBuilder h, Map<String, Object> c) {
        String decision = String.valueOf(c.get("lastDecision"));
        h.append("<section class=\"connection\" data-route=\"").append(esc(c.get("routeId"))).append("\"><h2>")
                .append(esc(c.get("routeId"))).append(" <span class=\"badge decision ").append(decisionClass(decision)).append("\">")
                .append(esc(decision)).append("</span></h2>");
        h.append("<div class=\"muted\">Airbyte connection <a class=\"airbyte-link\" href=\"").append(esc(c.get("airbyteUrl")))
                .append("\" target=\"_blank\" rel=\"noopener\"><code>").append(esc(c.get("connectionId"))).append("</code></a>");
        if (c.get("airbyteStatus") != null) {
            h.append(" (").append(esc(c.get("airbyteStatus"))).append(')');
        }
        h.append(" · schedule <code>").append(esc(c.get("schedule"))).append("</code> · last probe ")
                .append(esc(orDash(c.get("lastProbeAt"))));
        if (c.get("lastTickNode") != null) {
            h.append(" on ").append(esc(c.get("lastTickNode")));
        }
        h.append(" · last successful sync ").append(esc(orDash(c.get("lastSuccessAt")))).append("</div>");
        Map<String, Object> pending = (Map<String, Object>) c.get("pendingJob");
        if (pending != null) {
            h.append("<p class=\"pending\">Job <b>").append(esc(pending.get("jobId"))).append("</b> ")
                    .append(esc(pending.get("status"))).append(" for ").append(esc(age(pending.get("ageSeconds"))))
                    .append(" (").append(esc(pending.get("reason"))).append(")</p>");
        }
        Map<String, Object> queued = (Map<String, Object>) c.get("queued");
        if (queued != null) {
            h.append("<p class=\"queued\">Queued (MAX_CONCURRENT_SYNCS reached): <b>position ").append(esc(queued.get("position")))
                    .append("</b> in line for ").append(esc(age(queued.get("waitingSeconds")))).append(", ")
                    .append(esc(queued.get("decision"))).append(" ").append(esc(queued.get("tables")))
                    .append("; started when a slot frees</p>");
        }
        Map<String, Object> slot = (Map<String, Object>) c.get("slot");
        if (slot != null) {
            boolean over = Boolean.TRUE.equals(slot.get("overLimit"));
            h.append("<p class=\"slot").append(over ? " error" : "").append("\">Replication slot <code>").append(esc(slot.get("name")))
                    .append("</code>: holds back <b>").append(esc(io.pgairbytesync.cdc.WalSize.show(((Number) slot.get("retainedBytes")).longValue())))
                    .append("</b> of WAL (limit ").append(esc(io.pgairbytesync.cdc.WalSize.show(((Number) slot.get("limitBytes")).longValue())))
                    .append("), wal_status <code>").append(esc(orDash(slot.get("walStatus")))).append("</code>")
                    .append(Boolean.TRUE.equals(slot.get("active")) ? ", active (Airbyte reads it now)" : ", not active").append("</p>");
        }
        int failures = ((Number) c.getOrDefault("consecutiveFailures", 0)).intValue();
        if (c.get("lastError") != null) {
            h.append("<div class=\"error last-error\">").append(failures > 1 ? failures + " failed ticks in a row. " : "")
                    .append(esc(c.get("lastError"))).append("</div>");
        }
        h.append("<table class=\"tables\"><thead><tr><th>Table</th><th>Cursor</th><th>Synced up to</th><th>Columns</th>")
                .append("<th>Pending</th><th>Checked</th></tr></thead><tbody>");
        List<Map<String, Object>> tables = (List<Map<String, Object>>) c.get("tables");
        if (tables.isEmpty()) {
            h.append("<tr><td colspan=\"6\" class=\"muted\">not probed yet</td></tr>");
        }
        for (Map<String, Object> t : tables) {
            boolean noCursor = t.get("cursorColumn") == null;
            h.append("<tr><td><code>").append(esc(t.get("table"))).append("</code></td><td>").append(noCursor
                    ? "<span class=\"muted\">no cursor: its write counter</span>"
                    : "<code>" + esc(t.get("cursorColumn")) + "</code> <span class=\"muted\">" + esc(orDash(t.get("cursorType"))) + "</span>")
                    .append("</td><td><code>")
                    .append(esc(!Boolean.TRUE.equals(t.get("synced")) ? "never synced" : noCursor ? "writes " + t.get("syncedWriteCount")
                            : t.get("syncedCursor") == null ? "empty table" : t.get("syncedCursor")))
                    .append("</code></td><td><code>").append(esc(orDash(t.get("columnHash")))).append("</code></td><td><code>")
                    .append(esc(orDash(t.get("pendingCursor")))).append("</code></td><td>").append(esc(orDash(t.get("lastCheckedAt"))))
                    .append("</td></tr>");
            cursorNotes(h, t);
        }
        h.append("</tbody></table>");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) c.get("recentJobs");
        if (!jobs.isEmpty()) {
            h.append("<table class=\"jobs\"><thead><tr><th>Job</th><th>Reason</th><th>Status</th><th>Rows</th><th>Bytes</th>")
                    .append("<th>Duration</th><th>Started</th></tr></thead><tbody>");
            for (Map<String, Object> j : jobs) {
                String status = String.valueOf(j.get("status"));
                h.append("<tr><td>").append(esc(j.get("jobId"))).append("</td><td>").append(esc(j.get("reason")))
                        .append("</td><td><span class=\"badge ").append(jobClass(status)).append("\">").append(esc(status))
                        .append(Boolean.TRUE.equals(j.get("suspicious")) ? " (suspicious)" : "").append("</span></td><td>")
                        .append(esc(orDash(j.get("rows")))).append("</td><td>").append(esc(orDash(j.get("bytes"))))
                        .append("</td><td>").append(esc(age(j.get("durationSeconds")))).append("</td><td>")
                        .append(esc(j.get("createdAt"))).append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append("</section>");
    }

    /** Under a table's row: what its cursor misses (a coarse cursor), with the fix. */
    private static void cursorNotes(StringBuilder h, Map<String, Object> t) {
        if (t.get("pinnedCursor") != null) {
            h.append("<tr class=\"pinned-cursor\"><td></td><td colspan=\"5\"><span class=\"badge bad\">pinned cursor</span> max(")
                    .append(esc(t.get("cursorColumn"))).append(") is pinned at <code>").append(esc(t.get("pinnedCursor")))
                    .append("</code>: no later change moves it. Watched by its write counters (the stats signal) until it is"
                            + " normal again. Fix: correct or delete that row</td></tr>");
        }
        if (t.get("coarseCursor") != null) {
            h.append("<tr class=\"coarse-cursor\"><td></td><td colspan=\"5\"><span class=\"badge warn\">coarse cursor</span> ")
                    .append(esc(t.get("coarseCursor"))).append("</td></tr>");
        }
    }

    /** MAX_CONCURRENT_SYNCS: one line, only when a cap is set (or a line is left from one). */
    @SuppressWarnings("unchecked")
    private static void queueLine(StringBuilder h, Map<String, Object> queue) {
        if (queue == null) {
            return;
        }
        List<Map<String, Object>> queued = (List<Map<String, Object>>) queue.get("queued");
        if (queue.get("maxConcurrentSyncs") == null && queued.isEmpty()) {
            return;
        }
        h.append("<p id=\"sync-queue\">Syncs running or being started: <b>").append(esc(queue.get("running"))).append("</b> of ")
                .append(queue.get("maxConcurrentSyncs") == null ? "no cap" : "MAX_CONCURRENT_SYNCS=" + esc(queue.get("maxConcurrentSyncs")))
                .append(" · queued: <b>").append(queued.size()).append("</b>");
        for (Map<String, Object> q : queued) {
            h.append(" · ").append(esc(q.get("position"))).append(". ").append(esc(q.get("routeId")));
        }
        h.append("</p>");
    }

    /** Apart from the live connections: the tables no block watches any more, only when there are some. */
    private static void noLongerWatchedSection(StringBuilder h, List<Map<String, Object>> removed) {
        if (removed == null || removed.isEmpty()) {
            return;
        }
        h.append("<section class=\"no-longer-watched\"><h2>No longer watched</h2><div class=\"muted\">In no connection block of")
                .append(" the YAML any more: their sync state is kept, nothing probes or writes it. Listed in a block again, a")
                .append(" table starts over with a first sync.</div><table class=\"removed-tables\"><thead><tr><th>Table</th>")
                .append("<th>Last block</th><th>Connection</th><th>Synced up to</th><th>Last successful sync</th><th>Removed</th>")
                .append("</tr></thead><tbody>");
        for (Map<String, Object> t : removed) {
            h.append("<tr><td><code>").append(esc(t.get("table"))).append("</code></td><td>").append(esc(orDash(t.get("routeId"))))
                    .append("</td><td><code>").append(esc(t.get("connectionId"))).append("</code></td><td><code>")
                    .append(esc(!Boolean.TRUE.equals(t.get("synced")) ? "never synced" : t.get("syncedCursor") == null ? "empty table" : t.get("syncedCursor")))
                    .append("</code></td><td>").append(esc(orDash(t.get("lastSuccessAt")))).append("</td><td>")
                    .append(esc(t.get("removedAt"))).append("</td></tr>");
        }
        h.append("</tbody></table></section>");
    }

    private static String decisionClass(String decision) {
        return switch (decision) {
            case "unchanged" -> "ok";
            case "error" -> "bad";
            case "schema-changed", "job-in-flight", "queued" -> "warn";
            default -> "info";
        };
    }

    private static String jobClass(String status) {
        return switch (status) {
            case "succeeded" -> "ok";
            case "failed", "cancelled", "timed_out" -> "bad";
            default -> "info";
        };
    }

    private static String age(Object seconds) {
        if (!(seconds instanceof Number n)) {
            return "-";
        }
        long s = n.longValue();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h " + (s % 3600) / 60 + " min";
    }

    private static Object orDash(Object o) {
        return o == null ? "-" : o;
    }

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
