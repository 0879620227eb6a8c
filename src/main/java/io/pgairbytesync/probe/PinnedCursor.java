package io.pgairbytesync.probe;

/**
 * A pinned max(cursor): one row at {@code infinity}, numeric {@code NaN}/{@code Infinity}, or a timestamp or date more
 * than CURSOR_FUTURE_MARGIN ahead of the source database's clock holds max() where it is, so no later change moves it
 * and the cursor signal would see none. The probe statement says so per table ({@code cursor_pinned},
 * {@link ProbeSql#pinnedColumn}); while it lasts, a table of the plain cursor signal is compared with its write
 * counters too (the stats signal, {@link ChangeSignal#CURSOR_AND_STATS}): the cursor still sees the max move (the pinning
 * row itself, a row further ahead, the row fixed), the counters see every other write. Alerted once per episode
 * (observe/Alerts, kind {@code pinned:<schema.table>}), resolved when the max is normal again.
 */
public final class PinnedCursor {

    /** The episode kind of a pinned table's alert (sync_alert.kind), one per table of the connection. */
    public static final String ALERT_KIND_PREFIX = "pinned:";

    private PinnedCursor() {
    }

    /** The signal the table is compared with at this tick: with a pinned max, the stats signal is added to the cursor. */
    public static ChangeSignal effectiveSignal(ProbePlan.PlannedTable table, ProbeRow probe) {
        return probe.cursorPinned() && table.signal() == ChangeSignal.CURSOR ? ChangeSignal.CURSOR_AND_STATS : table.signal();
    }

    /** Whether the stats signal stands in for the pinned cursor at this tick (the table's own signal is the cursor alone). */
    public static boolean fallsBack(ProbePlan.PlannedTable table, ProbeRow probe) {
        return effectiveSignal(table, probe) != table.signal();
    }

    /** {@code max(updated_at) of public.orders is pinned at infinity}. */
    public static String what(TableSpec spec, String value) {
        return "max(" + Identifiers.display(spec.cursorColumn()) + ") of " + spec.displayName() + " is pinned at " + value
                + (isNonFinite(value) ? "" : ", more than CURSOR_FUTURE_MARGIN ahead of the source database's clock");
    }

    /** The alert that opens the episode: the table, the value, what it means, the fix. */
    public static String alertText(String block, TableSpec spec, String value, boolean fallsBack) {
        String column = Identifiers.display(spec.cursorColumn());
        return block + ": " + what(spec, value) + ": no later change can move it, so the cursor signal would see none."
                + (fallsBack ? " Until the max is normal again the table is watched by its write counters too (the stats"
                        + " signal, about the statistics flush delay late)." : " The table's stats signal still sees changes.")
                + " Fix: correct or delete that row (SELECT * FROM " + spec.displayName() + " WHERE " + column + " = '"
                + value + "'" + (isNonFinite(value) ? "" : " or " + column + " > now()") + ")";
    }

    /** The recovery: the max is normal again. */
    public static String recoveredText(String block, TableSpec spec, String value) {
        return block + ": RECOVERED, max(" + Identifiers.display(spec.cursorColumn()) + ") of " + spec.displayName()
                + " is " + (value == null ? "NULL (empty table)" : value) + " again, not pinned: back to its own signal";
    }

    /** What a change line or the decision line adds for a table that falls back. */
    public static String note(TableSpec spec, String value) {
        return what(spec, value) + ": watched by its write counters too";
    }

    private static boolean isNonFinite(String value) {
        return "infinity".equals(value) || "Infinity".equals(value) || "NaN".equals(value);
    }
}
