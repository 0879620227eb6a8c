package io.pgairbytesync.classify;

import java.util.List;

/**
 * The outcome of comparing one probe of a connection with its sync state.
 *
 * @param kind          {@link #UNCHANGED}, {@link #DATA_CHANGED}, {@link #SCHEMA_CHANGED} or {@link #JOB_IN_FLIGHT}
 * @param reason        why a sync is needed: {@code first}, {@code data} or {@code schema}; null when none is
 * @param changes       one line per table that moved, e.g. {@code public.orders updated_at 2026-...Z (was 2026-...Z)}
 * @param schemaChanges the lines of {@code changes} that are column changes, e.g. {@code public.orders columns added: note text}
 * @param pendingJobId  the job already in flight, when {@code kind} is {@link #JOB_IN_FLIGHT}
 * @param tablesJson    every probed table with its probed values: the pending values a new job will cover
 * @param tableNames    {@code public.orders, public.customers}
 * @param intent        a trigger intent an earlier tick left behind (to reconcile first), or null
 */
public record Decision(String kind, String reason, List<String> changes, List<String> schemaChanges, Long pendingJobId, String tablesJson,
        String tableNames, Intent intent) {

    public static final String UNCHANGED = "unchanged";
    public static final String DATA_CHANGED = "data-changed";
    public static final String SCHEMA_CHANGED = "schema-changed";
    public static final String JOB_IN_FLIGHT = "job-in-flight";

    /** One line a person can read: {@code data-changed public.orders updated_at X (was Y)}. */
    public String describe() {
        return switch (kind) {
            case UNCHANGED -> UNCHANGED + " " + tableNames;
            case JOB_IN_FLIGHT -> JOB_IN_FLIGHT + " job " + pendingJobId + " not finished; " + tableNames
                    + " re-evaluated after it ends";
            default -> kind + " " + String.join("; ", changes);
        };
    }

    /** The column changes in one line (the schema-change alert), empty when none. */
    public String schemaSummary() {
        return String.join("; ", schemaChanges);
    }

    /** The pending values of a job started (or adopted) for this decision. */
    public PendingSync pendingFor(Object jobId, Object status) {
        return new PendingSync(((Number) jobId).longValue(), status == null ? "pending" : status.toString(), reason, kind,
                tableNames, tablesJson);
    }
}
