package io.pgairbytesync.classify;

import java.util.List;

/**
 * The outcome of comparing one probe of a connection with its sync state.
 *
 * @param kind          which way the tick takes
 * @param reason        why a sync is needed: {@code first}, {@code data} or {@code schema}; null when none is
 * @param changes       one line per table that moved, e.g. {@code public.orders updated_at 2026-...Z (was 2026-...Z)}
 * @param schemaChanges the lines of {@code changes} that are column changes, e.g. {@code public.orders columns added: note text}
 * @param pendingJobId  the job already in flight, when {@code kind} is {@link DecisionKind#JOB_IN_FLIGHT}
 * @param tablesJson    every probed table with its probed values: the pending values a new job will cover
 * @param tableNames    {@code public.orders, public.customers}
 * @param intent        a trigger intent an earlier tick left behind (to reconcile first), or null
 * @param pinned        the tables whose max(cursor) is pinned and that the write counters watch too (PinnedCursor), for
 *                      the decision line of a tick that syncs nothing (a change line says it itself)
 */
public record Decision(DecisionKind kind, String reason, List<String> changes, List<String> schemaChanges, Long pendingJobId, String tablesJson,
        String tableNames, Intent intent, List<String> pinned) {

    /** No table pinned. */
    public Decision(DecisionKind kind, String reason, List<String> changes, List<String> schemaChanges, Long pendingJobId,
            String tablesJson, String tableNames, Intent intent) {
        this(kind, reason, changes, schemaChanges, pendingJobId, tablesJson, tableNames, intent, List.of());
    }

    /** One line a person can read: {@code data-changed public.orders updated_at X (was Y)}. */
    public String describe() {
        String pinnedNote = pinned.isEmpty() ? "" : "; " + String.join("; ", pinned);
        return switch (kind) {
            case UNCHANGED -> kind + " " + tablesForLog() + pinnedNote;
            case JOB_IN_FLIGHT -> kind + (pendingJobId == null ? " " + String.join("; ", changes) // a CDC slot read now
                    : " job " + pendingJobId + " not finished") + "; " + tablesForLog() + " re-evaluated after it ends"
                    + pinnedNote;
            default -> kind + " " + String.join("; ", changes);
        };
    }

    /** At most this many table names in a decision line that names every table of the block. */
    static final int TABLES_NAMED_IN_LOG = 10;

    /**
     * The block's tables for a decision line: all of them up to {@link #TABLES_NAMED_IN_LOG}, else the first ones and
     * the count, so that an unchanged block of 1,000 tables ticking every minute writes one short line, not 20 KB.
     */
    private String tablesForLog() {
        String[] names = tableNames.split(", ");
        if (names.length <= TABLES_NAMED_IN_LOG) {
            return tableNames;
        }
        return String.join(", ", java.util.Arrays.asList(names).subList(0, TABLES_NAMED_IN_LOG)) + " and "
                + (names.length - TABLES_NAMED_IN_LOG) + " more (" + names.length + " tables)";
    }

    /** The column changes in one line (the schema-change alert), empty when none. */
    public String schemaSummary() {
        return String.join("; ", schemaChanges);
    }

    /** The pending values of a job started (or adopted) for this decision. */
    public PendingSync pendingFor(long jobId, String status) {
        return new PendingSync(jobId, status == null ? "pending" : status, reason, kind.getLabel(), tableNames, tablesJson);
    }
}
