package io.pgairbytesync.probe;

import java.util.List;

/**
 * What one tick of a connection runs against the source: ONE statement, built once from validated and
 * quoted identifiers, that returns for every table its max cursor (as exact text) and its column signature
 * (and, with CHANGE_SIGNAL=cursor+stats, its write counter); and the column fingerprints last read for those
 * signatures ({@link ColumnFingerprints}).
 */
public record ProbePlan(String routeId, String connectionId, List<PlannedTable> tables, boolean withStats, String sql,
        ColumnFingerprints fingerprints) {

    /** A new plan: no fingerprint read yet. */
    public ProbePlan(String routeId, String connectionId, List<PlannedTable> tables, boolean withStats, String sql) {
        this(routeId, connectionId, tables, withStats, sql, new ColumnFingerprints());
    }

    /** A watched table with the type of its cursor column as the catalog reported it. */
    public record PlannedTable(TableSpec spec, String cursorType) {
    }

    /** {@code public.orders, public.customers}: what the log and the job record name. */
    public String tableNames() {
        return String.join(", ", tables.stream().map(t -> t.spec().displayName()).toList());
    }
}
