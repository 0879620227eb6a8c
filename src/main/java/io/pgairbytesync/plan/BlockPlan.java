package io.pgairbytesync.plan;

import java.util.List;
import java.util.Map;

/**
 * What {@code --plan} found for one connection block: what its tick would do now. One object of the JSON's
 * {@code blocks}.
 *
 * @param routeId      the block
 * @param connectionId its Airbyte connection
 * @param decision     {@code unchanged}, {@code data-changed}, {@code schema-changed}, {@code job-in-flight} or
 *                     {@code error}
 * @param wouldSync    whether its tick would ask Airbyte for a sync now (data-changed, schema-changed)
 * @param reason       why it would sync: {@code first}, {@code data} or {@code schema}; null otherwise
 * @param changes      one line per table that moved, as the decision log writes them
 * @param pendingJobId the job in flight (the state's unfinished job of the connection), or null
 * @param intent       a request an earlier tick sent without learning its job (looked up in Airbyte's job list first),
 *                     or null
 * @param tables       every table of the block, with its probed and synced values
 * @param error        why the block could not be planned, or null
 * @param fix          what to do about the error, or null
 */
public record BlockPlan(String routeId, String connectionId, String decision, boolean wouldSync, String reason,
        List<String> changes, Long pendingJobId, Map<String, Object> intent, List<TablePlan> tables, String error, String fix) {

    /** The label of a block that could not be planned. */
    public static final String ERROR = "error";

    /**
     * One table of a block.
     *
     * @param table        {@code public.orders}
     * @param cursorColumn its cursor column
     * @param cursor       max(cursor) now, as exact text (null: the table is empty)
     * @param syncedCursor the value last synced (null: none, or NULL synced)
     * @param change       {@code first-sight}, {@code data-changed}, {@code writes-changed}, {@code schema-changed} or
     *                     {@code unchanged}
     * @param columnDiff   for a schema change: {@code added} (column: type), {@code removed} (columns), {@code retyped}
     *                     (column: old -> new); null otherwise
     */
    public record TablePlan(String table, String cursorColumn, String cursor, String syncedCursor, String change,
            Map<String, Object> columnDiff) {
    }

    public boolean failed() {
        return error != null;
    }
}
