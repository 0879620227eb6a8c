package io.pgairbytesync.probe;

import java.util.List;

/**
 * What one tick of a connection runs against the source: ONE statement, built once from validated and
 * quoted identifiers, that returns for every table its max cursor (as exact text; NULL for a table without a cursor),
 * its column signature and its write counter (always, whatever the table's signal: a table can switch to the stats
 * signal at any tick); and the column fingerprints last read for those signatures ({@link ColumnFingerprints}).
 */
public record ProbePlan(String routeId, String connectionId, List<PlannedTable> tables, String sql,
        ColumnFingerprints fingerprints) {

    /** A new plan: no fingerprint read yet. */
    public ProbePlan(String routeId, String connectionId, List<PlannedTable> tables, String sql) {
        this(routeId, connectionId, tables, sql, new ColumnFingerprints());
    }

    /**
     * A watched table with the type of its cursor column as the catalog reported it (null: it has none) and its
     * effective change signal (a table without a cursor: {@link ChangeSignal#STATS}, else its block's signal).
     */
    public record PlannedTable(TableSpec spec, String cursorType, ChangeSignal signal) {

        /** With the plain cursor signal, or the stats signal when the table has no cursor. */
        public PlannedTable(TableSpec spec, String cursorType) {
            this(spec, cursorType, spec.hasCursor() ? ChangeSignal.CURSOR : ChangeSignal.STATS);
        }
    }

    /** {@code public.orders, public.customers}: what the log and the job record name. */
    public String tableNames() {
        return String.join(", ", tables.stream().map(t -> t.spec().displayName()).toList());
    }
}
