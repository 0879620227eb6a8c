package io.pgairbytesync.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * With CHANGE_SIGNAL=cursor+stats a table whose write counter (inserts + updates + deletes) differs from the synced
 * one is data-changed too: deletes do not move max(cursor), and a counter that went down (stats reset) also differs.
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
            row.put("cursor_column", spec.cursorColumn());
            row.put("cursor_type", planned.cursorType());
            row.put("max_cursor", maxCursor);
            row.put("column_hash", hash);
            row.put("column_list", columns);
            Long writes = plan.withStats() ? probe.writeCount() : null;
            row.put("write_count", writes);
            pending.add(row);

            SyncState.TableState synced = state.table(spec.schema(), spec.table());
            String cursorText = spec.displayName() + " " + spec.cursorColumn() + " " + show(maxCursor);
            if (synced == null || !synced.synced() || !spec.cursorColumn().equals(synced.cursorColumn())) {
                firstSight.add(cursorText + " (first sight)");
            } else if (!Objects.equals(hash, synced.columnHash())) {
                ColumnDiff diff = ColumnDiff.between(synced.columnList(), columns);
                schemaChanges.add(spec.displayName() + " columns " + diff);
            } else if (!Objects.equals(maxCursor, synced.syncedCursor())) {
                dataChanges.add(cursorText + " (was " + show(synced.syncedCursor()) + ")");
            } else if (plan.withStats() && !Objects.equals(writes, synced.syncedWriteCount())) {
                // deletes (and updates that keep the max) move only the write counter; a reset moves it too
                dataChanges.add(spec.displayName() + " writes " + writes + " (was " + synced.syncedWriteCount() + ")");
            }
        }

        String tablesJson = toJson(pending);
        String names = plan.tableNames();
        Intent intent = state.intent();
        if (state.openJobId() != null) {
            return new Decision(DecisionKind.JOB_IN_FLIGHT, null, List.of(), List.of(), state.openJobId(), tablesJson, names,
                    intent);
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
        return new Decision(DecisionKind.UNCHANGED, null, List.of(), List.of(), null, tablesJson, names, intent);
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
