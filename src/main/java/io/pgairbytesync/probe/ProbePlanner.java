package io.pgairbytesync.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, checks and caches the probe statement of each connection.
 * <p>
 * The first tick of a connection runs the catalog query {@code queries/describe-tables.sql} (bound parameters only),
 * which tells whether each table and cursor column exists and what type the cursor has. From that this bean
 * builds the probe statement once; later ticks reuse it. When a probe fails (a table was dropped, a column
 * renamed) the plan is forgotten and the catalog is read again, so the error names what is wrong.
 */
public class ProbePlanner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger LOG = LoggerFactory.getLogger(ProbePlanner.class);

    private final Map<String, ProbePlan> plans = new ConcurrentHashMap<>();
    /**
     * Per block, as its last plan found them: what each table's coarse cursor misses (the warning with its fix, or the
     * note that the stats signal covers it), by {@code schema.table} as the catalog spells them (for /status).
     */
    private final Map<String, Map<String, String>> coarse = new ConcurrentHashMap<>();
    private final ChangeSignal defaultSignal;
    private final java.time.Duration cursorFutureMargin;

    /** @param defaultSignal the CHANGE_SIGNAL setting: the signal of the blocks without a changeSignal parameter */
    public ProbePlanner(ChangeSignal defaultSignal) {
        this(defaultSignal, java.time.Duration.ofDays(1));
    }

    /**
     * @param cursorFutureMargin CURSOR_FUTURE_MARGIN: a timestamp or date max(cursor) further than this ahead of the source
     *                           database's clock is pinned (PinnedCursor)
     */
    public ProbePlanner(ChangeSignal defaultSignal, java.time.Duration cursorFutureMargin) {
        this.defaultSignal = defaultSignal;
        this.cursorFutureMargin = cursorFutureMargin;
    }

    /** The CHANGE_SIGNAL setting. */
    public ChangeSignal defaultSignal() {
        return defaultSignal;
    }

    /** The plan cached for the tick's block, or null when the catalog must be read (first tick, after a failure). */
    public void useCached(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        tick.setPlan(plans.get(tick.getName()));
    }

    /** The plan cached for a block, null when none is. */
    public ProbePlan cached(String routeId) {
        return plans.get(routeId);
    }

    /** The block was changed or removed by a reload of the connection YAML: its next tick reads the catalog again. */
    public void forgetBlock(String routeId) {
        plans.remove(routeId);
        coarse.remove(routeId);
    }

    /**
     * What the table's coarse cursor misses (the warning and its fix, or the note that the stats signal covers it), as
     * the block's last plan found it; null when its cursor is fine, or the block was not planned yet.
     */
    public String coarseCursorNote(String routeId, String schema, String table) {
        Map<String, String> notes = coarse.get(routeId);
        return notes == null ? null : notes.get(schema + "." + table);
    }

    /** A probe failed: forget the block's plan (its tables may have changed); the catalog is read again. */
    public void forget(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        plans.remove(tick.getName());
        tick.setPlan(null);
    }

    /**
     * The JSON parameter of the catalog query: one object per table, in YAML order. Validates the YAML values
     * first, so a bad name never reaches SQL.
     */
    public void describe(@ExchangeProperty(Tick.PROPERTY) Tick tick) {
        ConnectionBlock block = tick.getBlock();
        checkConnectionId(block);
        List<Map<String, Object>> rows = new ArrayList<>();
        int ord = 0;
        for (TableSpec spec : TablesParameter.of(block, defaultSignal)) {
            // no cursor: the empty name, which no column has (the catalog then reports no cursor type)
            rows.add(Map.of("ord", ord++, "table_schema", spec.schema(), "table_name", spec.table(),
                    "cursor_column", spec.storedCursorColumn()));
        }
        try {
            tick.setCatalogQuery(JSON.writeValueAsString(rows));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The probe statement answered: each table with the fingerprint last read for its column signature; the tables
     * whose fingerprint must be read (first tick, a signature that moved, a fingerprint an hour old) go into the tick's
     * {@code fingerprintQuery}, the JSON parameter of queries/column-fingerprints.sql.
     */
    public void probed(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body List<Map<String, Object>> rows) {
        ProbePlan plan = tick.getPlan();
        List<Integer> unknown = new ArrayList<>();
        tick.probed(plan.fingerprints().complete(ProbeRow.from(rows), unknown, System.nanoTime()));
        if (unknown.isEmpty()) {
            tick.setFingerprintQuery(null, List.of());
            return;
        }
        List<Map<String, Object>> tables = new ArrayList<>(unknown.size());
        for (int ord : unknown) {
            TableSpec spec = plan.tables().get(ord).spec();
            tables.add(Map.of("ord", ord, "table_schema", spec.schema(), "table_name", spec.table()));
        }
        try {
            tick.setFingerprintQuery(JSON.writeValueAsString(tables), List.copyOf(unknown));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** queries/column-fingerprints.sql answered: the fingerprints are kept with their signatures and complete the probe. */
    public void fingerprinted(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body List<Map<String, Object>> rows) {
        ProbePlan plan = tick.getPlan();
        tick.probed(plan.fingerprints().remember(tick.getProbe(), ProbeRow.from(rows), tick.getFingerprintsAsked(), plan,
                System.nanoTime()));
    }

    /**
     * What the catalog says of a connection block: what is wrong (each with its fix), unindexed cursors, tables whose
     * row-level security hides rows from the probe user (each a warning with its fix), and coarse cursors (CoarseCursor:
     * a date or timestamp(0..2) cursor, whose max() misses changes).
     */
    public record Check(List<String> problems, List<String> unindexed, List<String> rowSecurity,
            List<ProbePlan.PlannedTable> planned, List<CoarseCursor> coarse) {

        /**
         * The coarse cursors the stats signal does not cover: warnings (the others are a note: the table's write counters
         * see what its cursor misses).
         */
        public List<CoarseCursor> coarseUncovered() {
            return coarse.stream().filter(c -> planned.stream().noneMatch(t -> t.spec().equals(c.spec()) && t.signal().usesStats()))
                    .toList();
        }
    }

    /** Checks the catalog answer of {@code describe-tables} against the block; never throws for a missing table. */
    public Check check(ConnectionBlock block, List<Map<String, Object>> catalogRows) {
        ChangeSignal blockSignal = block.signal(defaultSignal);
        List<TableSpec> specs = TablesParameter.of(block, defaultSignal);
        List<String> problems = new ArrayList<>();
        List<String> unindexed = new ArrayList<>();
        List<String> rowSecurity = new ArrayList<>();
        List<ProbePlan.PlannedTable> planned = new ArrayList<>();
        List<CoarseCursor> coarseCursors = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            TableSpec spec = specs.get(i);
            Map<String, Object> row = catalogRows.get(i);
            CursorType type = null;
            if (!Boolean.TRUE.equals(row.get("table_exists"))) {
                problems.add("table " + spec.displayName() + " does not exist in the source database, or the probe user"
                        + " cannot see it. Fix: correct 'tables', or GRANT USAGE ON SCHEMA " + Identifiers.display(spec.schema())
                        + " and SELECT ON " + spec.displayName() + " to the probe user");
            } else if (!Boolean.TRUE.equals(row.get("can_select"))) {
                problems.add("the probe user may not SELECT from " + spec.displayName() + ". Fix: GRANT SELECT ON "
                        + spec.displayName() + " TO <probe user>");
            } else if (!spec.hasCursor()) {
                // watched by the stats signal and the schema fingerprint alone: no cursor to check
                planned.add(new ProbePlan.PlannedTable(spec, null, ChangeSignal.STATS));
            } else if (row.get("cursor_type") == null) {
                problems.add("table " + spec.displayName() + " has no column " + Identifiers.display(spec.cursorColumn())
                        + ". Fix: name its cursor column as '" + spec.displayName() + ":<column>' or set 'cursorColumn'"
                        + " (its columns: " + row.get("columns") + ")");
            } else {
                type = CursorType.of(String.valueOf(row.get("cursor_base_type")));
                if (type == null) {
                    problems.add("cursor column " + spec.displayName() + "." + Identifiers.display(spec.cursorColumn())
                            + " has type " + row.get("cursor_type") + ", which cannot serve as a cursor. Fix: choose a column of type "
                            + CursorType.supportedNames());
                } else if (!Boolean.TRUE.equals(row.get("cursor_indexed"))) {
                    unindexed.add("cursor column " + spec.displayName() + "." + Identifiers.display(spec.cursorColumn())
                            + " has no btree index that max() can use, so every probe reads the whole table. Fix: CREATE INDEX"
                            + " CONCURRENTLY ON " + spec.displayName() + " (" + Identifiers.display(spec.cursorColumn()) + ");");
                }
            }
            // (a table without a cursor: row-level security does not filter the write counters)
            if (spec.hasCursor() && Boolean.TRUE.equals(row.get("rls_filters_probe"))) {
                rowSecurity.add(rowSecurityWarning(spec, row));
            }
            if (type != null) {
                planned.add(new ProbePlan.PlannedTable(spec, String.valueOf(row.get("cursor_type")), blockSignal));
                CoarseCursor c = CoarseCursor.of(spec, row);
                if (c != null) {
                    coarseCursors.add(c);
                }
            }
        }
        return new Check(problems, unindexed, rowSecurity, planned, coarseCursors);
    }

    /**
     * The table has row-level security and it applies to the probe user (PostgreSQL's row_security_active): no
     * superuser, no BYPASSRLS, and not the owner, or the owner of a table with FORCE ROW LEVEL SECURITY. The probe then
     * reads only the rows the policies let that user see, none without a policy for it: max(cursor) is silently too low
     * or NULL. Not an error: policies that let the probe user see every row are a valid set-up.
     */
    private static String rowSecurityWarning(TableSpec spec, Map<String, Object> row) {
        String user = Identifiers.display(String.valueOf(row.get("probe_user")));
        String why = Boolean.TRUE.equals(row.get("probe_owns_table"))
                ? "it owns the table, but FORCE ROW LEVEL SECURITY applies the policies to the owner too"
                : "it is not a superuser, has no BYPASSRLS and does not own the table"
                        + (Boolean.TRUE.equals(row.get("rls_forced")) ? " (which has FORCE ROW LEVEL SECURITY)" : "");
        return "table " + spec.displayName() + " has row-level security and the probe user " + user + " does not bypass it ("
                + why + "): the probe sees only the rows the table's policies let " + user + " see, none without a policy,"
                + " so max(" + Identifiers.display(spec.cursorColumn()) + ") can be too low or NULL and changes go unseen."
                + " Fix: ALTER ROLE " + user + " BYPASSRLS; (as a superuser), or a policy that lets it read every row:"
                + " CREATE POLICY pg_airbyte_sync_probe ON " + spec.displayName() + " FOR SELECT TO " + user + " USING (true);";
    }

    /** Checks the catalog answer and builds (and caches) the probe statement; errors name the table and the fix. */
    public void plan(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body List<Map<String, Object>> catalogRows) {
        ConnectionBlock block = tick.getBlock();
        Check check = check(block, catalogRows);
        refuseProblems(block.routeId(), check);
        for (String warning : check.unindexed()) {
            LOG.warn("{}: {}", block.routeId(), warning);
        }
        for (String warning : check.rowSecurity()) {
            LOG.warn("{}: {}", block.routeId(), warning);
        }
        // a coarse cursor: a warning with the fix, once per plan (start-up, a block added or changed by a reload);
        // a note only when the table's stats signal sees what the cursor misses
        List<CoarseCursor> uncovered = check.coarseUncovered();
        Map<String, String> notes = new java.util.HashMap<>();
        for (CoarseCursor c : check.coarse()) {
            String note = uncovered.contains(c) ? c.warning() : c.coveredNote();
            if (tick.isDryRun()) {
                LOG.debug("{}: {}", block.routeId(), note); // --plan says what would sync (--doctor warns)
            } else if (uncovered.contains(c)) {
                LOG.warn("{}: {}", block.routeId(), note);
            } else {
                LOG.info("{}: {}", block.routeId(), note);
            }
            notes.put(c.spec().schema() + "." + c.spec().table(), note);
        }
        coarse.put(block.routeId(), Map.copyOf(notes));
        List<ProbePlan.PlannedTable> planned = check.planned();
        ProbePlan plan = new ProbePlan(block.routeId(), block.connectionId(), List.copyOf(planned),
                ProbeSql.build(planned, catalogRows, cursorFutureMargin));
        plans.put(block.routeId(), plan);
        tick.setPlan(plan);
    }

    /**
     * After a failed probe: reads what the catalog now says. A missing table or column becomes a
     * {@link ConfigurationError} naming it; when the catalog is fine the probe's own error is rethrown.
     */
    public void explainFailure(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body List<Map<String, Object>> catalogRows,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception probeFailure) throws Exception {
        refuseProblems(tick.getName(), check(tick.getBlock(), catalogRows));
        throw probeFailure;
    }

    private static void refuseProblems(String routeId, Check check) {
        if (!check.problems().isEmpty()) {
            throw new ConfigurationError("connection block '" + routeId + "': " + String.join("; ", check.problems()) + ".");
        }
    }

    private static void checkConnectionId(ConnectionBlock block) {
        if (block.uuid() == null) {
            throw new ConfigurationError("connection block '" + block.routeId() + "': connectionId '" + block.connectionId()
                    + "' is not a UUID. Fix: copy the id from the connection's page in the Airbyte UI"
                    + " (.../connections/<uuid>/status).");
        }
    }
}
