package io.pgairbytesync.classify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.probe.ProbePlan;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import io.pgairbytesync.probe.TableSpec;

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

    public Decision classify(@ExchangeProperty("plan") ProbePlan plan,
            @ExchangeProperty("probe") List<Map<String, Object>> probeRows, @Body List<Map<String, Object>> stateRows) {
        Map<String, Map<String, Object>> stateByTable = new HashMap<>();
        Long inFlight = null;
        Intent intent = null;
        for (Map<String, Object> row : stateRows) {
            // the state query always returns at least one row, carrying the open job and the intent of the connection
            if (row.get("open_job_id") != null) {
                inFlight = ((Number) row.get("open_job_id")).longValue();
            }
            if (row.get("intent_since") != null && intent == null) {
                intent = new Intent((String) row.get("intent_since"), (String) row.get("intent_reason"),
                        (String) row.get("intent_decision"), (String) row.get("intent_table_names"),
                        (String) row.get("intent_tables"));
            }
            if (row.get("table_name") != null) {
                stateByTable.put(key(String.valueOf(row.get("table_schema")), String.valueOf(row.get("table_name"))), row);
            }
        }

        List<String> schemaChanges = new ArrayList<>();
        List<String> dataChanges = new ArrayList<>();
        List<String> firstSight = new ArrayList<>();
        List<Map<String, Object>> pending = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            ProbePlan.PlannedTable planned = plan.tables().get(i);
            TableSpec spec = planned.spec();
            Map<String, Object> probe = probeRows.get(i);
            String maxCursor = (String) probe.get("max_cursor");
            String hash = (String) probe.get("column_hash");
            String columns = (String) probe.get("column_list");

            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table_schema", spec.schema());
            row.put("table_name", spec.table());
            row.put("cursor_column", spec.cursorColumn());
            row.put("cursor_type", planned.cursorType());
            row.put("max_cursor", maxCursor);
            row.put("column_hash", hash);
            row.put("column_list", columns);
            Object writes = plan.withStats() ? probe.get("write_count") : null;
            row.put("write_count", writes);
            pending.add(row);

            Map<String, Object> state = stateByTable.get(key(spec.schema(), spec.table()));
            String cursorText = spec.displayName() + " " + spec.cursorColumn() + " " + show(maxCursor);
            if (state == null || !Boolean.TRUE.equals(state.get("synced"))
                    || !spec.cursorColumn().equals(state.get("cursor_column"))) {
                firstSight.add(cursorText + " (first sight)");
            } else if (!Objects.equals(hash, state.get("column_hash"))) {
                ColumnDiff diff = ColumnDiff.between((String) state.get("column_list"), columns);
                schemaChanges.add(spec.displayName() + " columns " + diff);
            } else if (!Objects.equals(maxCursor, state.get("last_synced_at"))) {
                dataChanges.add(cursorText + " (was " + show((String) state.get("last_synced_at")) + ")");
            } else if (plan.withStats() && !sameCount(writes, state.get("synced_write_count"))) {
                // deletes (and updates that keep the max) move only the write counter; a reset moves it too
                dataChanges.add(spec.displayName() + " writes " + writes + " (was " + state.get("synced_write_count") + ")");
            }
        }

        String tablesJson = toJson(pending);
        String names = plan.tableNames();
        if (inFlight != null) {
            return new Decision(Decision.JOB_IN_FLIGHT, null, List.of(), List.of(), inFlight, tablesJson, names, intent);
        }
        List<String> all = new ArrayList<>(schemaChanges);
        all.addAll(firstSight);
        all.addAll(dataChanges);
        if (!schemaChanges.isEmpty()) {
            return new Decision(Decision.SCHEMA_CHANGED, "schema", all, schemaChanges, null, tablesJson, names, intent);
        }
        if (!firstSight.isEmpty()) {
            return new Decision(Decision.DATA_CHANGED, "first", all, List.of(), null, tablesJson, names, intent);
        }
        if (!dataChanges.isEmpty()) {
            return new Decision(Decision.DATA_CHANGED, "data", all, List.of(), null, tablesJson, names, intent);
        }
        return new Decision(Decision.UNCHANGED, null, List.of(), List.of(), null, tablesJson, names, intent);
    }

    private static boolean sameCount(Object probed, Object synced) {
        if (probed == null || synced == null) {
            return probed == synced;
        }
        return ((Number) probed).longValue() == ((Number) synced).longValue();
    }

    private static String show(String cursorValue) {
        return cursorValue == null ? "NULL" : cursorValue;
    }

    private static String key(String schema, String table) {
        return schema + "\0" + table;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
