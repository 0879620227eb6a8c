package io.pgairbytesync.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.probe.ChangeSignal;
import io.pgairbytesync.probe.PinnedCursor;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbeRow;
import io.pgairbytesync.probe.TableSpec;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Compares a probe with the sync state of the same connection and decides what the tick does.
 * <ul>
 * <li>a job of the connection is still in flight (ours, or one found running in Airbyte): {@code job-in-flight}
 * (nothing is triggered);</li>
 * <li>some table's column fingerprint differs from the synced one: {@code schema-changed};</li>
 * <li>some table has no synced state yet (first sight, or its cursor column changed), or its max cursor
 * differs from the synced value (greater, or smaller after deletes): {@code data-changed};</li>
 * <li>otherwise {@code unchanged}.</li>
 * </ul>
 * Values are compared as the exact text PostgreSQL printed; NULL (empty table) is a value like any other.
 * Each table is compared under its effective {@link ChangeSignal}: with a stats signal ({@code cursor+stats},
 * {@code stats}) a table whose write counter (inserts + updates + deletes) differs from the synced one is data-changed
 * too: deletes do not move max(cursor), and a counter that went down (stats reset) also differs. A table without a
 * cursor ({@code stats}) is compared by its write counter and its columns alone.
 */
public class ChangeClassifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Route classify: the tick's probe against the rows of read-sync-state.sql. */
    public void classify(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body List<Map<String, Object>> stateRows) {
        SyncState state = SyncState.from(stateRows);
        tick.classified(state, decide(tick.getPlan(), tick.getProbe(), state));
    }

    /** The decision for one probe of a connection (the rows in the plan's table order) and its sync state. */
    public Decision decide(ProbePlan plan, List<ProbeRow> probeRows, SyncState state) {
        List<String> schemaChanges = new ArrayList<>();
        List<String> dataChanges = new ArrayList<>();
        List<String> firstSight = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        List<String> pinned = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            ProbePlan.PlannedTable planned = plan.tables().get(i);
            TableSpec spec = planned.spec();
            ProbeRow probe = probeRows.get(i);
            String maxCursor = probe.maxCursor();
            String hash = probe.columnHash();
            String columns = probe.columnList();

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table_schema", spec.schema());
            row.put("table_name", spec.table());
            row.put("cursor_column", spec.storedCursorColumn());
            row.put("cursor_type", planned.cursorType());
            row.put("max_cursor", maxCursor);
            row.put("column_hash", hash);
            row.put("column_list", columns);
            // recorded whatever the signal: the baseline a switch to the stats signal compares with
            row.put("write_count", probe.writeCount());
            pending.add(row);

            // a pinned max(cursor): the write counters stand in for the cursor while it lasts (PinnedCursor)
            TableChange change = compare(spec, probe, state.table(spec.schema(), spec.table()),
                    PinnedCursor.effectiveSignal(planned, probe));
            if (PinnedCursor.fallsBack(planned, probe)) {
                String note = PinnedCursor.note(spec, maxCursor);
                pinned.add(note);
                change = change.line() == null ? change : new TableChange(change.kind(), change.line() + " (" + note + ")",
                        change.diff());
            }
            switch (change.kind()) {
                case FIRST_SIGHT -> firstSight.add(change.line());
                case SCHEMA -> schemaChanges.add(change.line());
                case DATA, WRITES -> dataChanges.add(change.line());
                case SAME, SETTLING -> { }
            }
        }

        String tablesJson = toJson(pending);
        String names = plan.tableNames();
        Intent intent = state.intent();
        if (state.openJobId() != null) {
            return new Decision(DecisionKind.JOB_IN_FLIGHT, null, List.of(), List.of(), state.openJobId(), tablesJson, names,
                    intent, pinned);
        }
        List<String> all = new ArrayList<>(schemaChanges);
        all.addAll(firstSight);
        all.addAll(dataChanges);
        if (!schemaChanges.isEmpty()) {
            return new Decision(DecisionKind.SCHEMA_CHANGED, "schema", all, schemaChanges, null, tablesJson, names, intent);
        }
        if (!firstSight.isEmpty()) {
            return new Decision(DecisionKind.DATA_CHANGED, "first", all, List.of(), null, tablesJson, names, intent);
        }
        if (!dataChanges.isEmpty()) {
            return new Decision(DecisionKind.DATA_CHANGED, "data", all, List.of(), null, tablesJson, names, intent);
        }
        return new Decision(DecisionKind.UNCHANGED, null, List.of(), List.of(), null, tablesJson, names, intent, pinned);
    }

    /** How one table's probe differs from what was synced of it. */
    public enum TableChangeKind {
        /** No synced state yet (first sight, its cursor column changed, or the block lists it again). */
        FIRST_SIGHT("first-sight"),
        /** Its column fingerprint differs from the synced one. */
        SCHEMA("schema-changed"),
        /** Its max cursor differs from the synced value. */
        DATA("data-changed"),
        /** CHANGE_SIGNAL=cursor+stats: only its write counter differs. */
        WRITES("writes-changed"),
        /**
         * Only its write counter differs, while the counter of its last job is not read again yet (PostgreSQL flushes
         * the counters up to ~10 s after a commit): no change.
         */
        SETTLING("settling"),
        /** Probed as synced. */
        SAME("unchanged");

        private final String label;

        TableChangeKind(String label) {
            this.label = label;
        }

        public String getLabel() {
            return label;
        }
    }

    /**
     * One table's comparison: its kind, the decision line ({@code public.orders updated_at X (was Y)}; null when the
     * same) and, for a schema change, the column diff.
     */
    public record TableChange(TableChangeKind kind, String line, ColumnDiff diff) {
    }

    /**
     * Compares one probed table with its synced row ({@code synced} null: none) under the table's effective
     * {@code signal} (its {@link ProbePlan.PlannedTable#signal()}, or another one a caller decides for this tick, e.g.
     * the stats signal for a table whose cursor is pinned); what decide and --plan both use.
     */
    public static TableChange compare(TableSpec spec, ProbeRow probe, SyncState.TableState synced, ChangeSignal signal) {
        String maxCursor = probe.maxCursor();
        String cursorText = spec.hasCursor() ? spec.displayName() + " " + spec.cursorColumn() + " " + show(maxCursor)
                : spec.displayName() + " writes " + probe.writeCount();
        // a table that gets, loses or changes its cursor column is seen for the first time (no cursor: stored as '')
        if (synced == null || !synced.synced() || !spec.storedCursorColumn().equals(synced.cursorColumn())) {
            return new TableChange(TableChangeKind.FIRST_SIGHT, cursorText + " (first sight)", null);
        }
        if (!Objects.equals(probe.columnHash(), synced.columnHash())) {
            ColumnDiff diff = ColumnDiff.between(synced.columnList(), probe.columnList());
            return new TableChange(TableChangeKind.SCHEMA, spec.displayName() + " columns " + diff, diff);
        }
        if (signal.usesCursor() && !Objects.equals(maxCursor, synced.syncedCursor())) {
            return new TableChange(TableChangeKind.DATA, cursorText + " (was " + show(synced.syncedCursor()) + ")", null);
        }
        Long writes = probe.writeCount();
        if (signal.usesStats() && !Objects.equals(writes, synced.syncedWriteCount())) {
            if (synced.settling()) {
                // the counter of the last job's writes is still being flushed (up to ~10 s after their commit): not read
                // again yet, so a difference is no change (stats-settle.yaml)
                return new TableChange(TableChangeKind.SETTLING, null, null);
            }
            // deletes (and updates that keep the max) move only the write counter; a reset moves it too
            return new TableChange(TableChangeKind.WRITES, spec.displayName() + " writes " + writes + " (was "
                    + synced.syncedWriteCount() + ")", null);
        }
        return new TableChange(TableChangeKind.SAME, null, null);
    }

    private static String show(String cursorValue) {
        return cursorValue == null ? "NULL" : cursorValue;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
