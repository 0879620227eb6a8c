package io.pgairbytesync.probe;

import java.util.Map;

/**
 * A cursor column whose values are too coarse for max(cursor) to see every change: a write whose cursor value equals
 * the max the last probe read moves nothing, so the probe does not see it.
 * <ul>
 * <li>{@code date}: every write of a day has the same value; after the first change of a day nothing more is seen
 * until a row of a later date comes;</li>
 * <li>{@code timestamp(p)} / {@code timestamptz(p)} with p = 0, 1 or 2: values are rounded to 1 s, 0.1 s or 0.01 s,
 * so a write within that unit of the max already read is not seen (rounding is to the nearest unit, so a value may
 * even lie up to half a unit ahead of the clock).</li>
 * </ul>
 * Precision 3 to 5 (1 ms to 10 us) is not reported: a write within a millisecond of the last one, with the probe in
 * between, is rare, and of the same kind as the commit-order hole every timestamp cursor has (a transaction that
 * commits after a later one with an older value, see docs/change-signals.md); warning about it would warn about
 * ordinary millisecond timestamps. Integer and numeric cursors are never coarse (one value per row or version).
 * Decided from the catalog ({@code describe-tables}: the base type and its type modifier, a domain's own modifier
 * included).
 *
 * @param spec    the table and its cursor column
 * @param type    the column's type as the catalog prints it ({@code date}, {@code timestamp(0) with time zone})
 * @param unit    how coarse: {@code a day}, {@code a second}, {@code 0.1 s}, {@code 0.01 s}
 */
public record CoarseCursor(TableSpec spec, String type, String unit) {

    /** The coarse cursor of one row of describe-tables, or null when the cursor is fine enough (or not supported). */
    public static CoarseCursor of(TableSpec spec, Map<String, Object> catalogRow) {
        String base = String.valueOf(catalogRow.get("cursor_base_type"));
        Object mod = catalogRow.get("cursor_typmod");
        int typmod = mod instanceof Number n ? n.intValue() : -1;
        String type = String.valueOf(catalogRow.get("cursor_type"));
        return of(spec, base, typmod, type);
    }

    /** By base type name ({@code pg_type.typname}) and type modifier (-1: none, for timestamps precision 6). */
    static CoarseCursor of(TableSpec spec, String baseType, int typmod, String type) {
        if ("date".equals(baseType)) {
            return new CoarseCursor(spec, type, "a day");
        }
        if (("timestamp".equals(baseType) || "timestamptz".equals(baseType)) && typmod >= 0 && typmod <= 2) {
            return new CoarseCursor(spec, type, typmod == 0 ? "a second" : typmod == 1 ? "0.1 s" : "0.01 s");
        }
        return null;
    }

    /** What max(cursor) does not see, in one sentence. */
    public String misses() {
        String column = spec.displayName() + "." + Identifiers.display(spec.cursorColumn());
        if (unit.equals("a day")) {
            return "cursor column " + column + " has type " + type + ": max() moves only when the date does, so after the"
                    + " first change of a day no further change that day is seen until a row with a later date comes";
        }
        return "cursor column " + column + " has type " + type + " (values rounded to " + unit + "): a change within "
                + unit + " of the max already read does not move max(), so it is not seen";
    }

    /** The warning: what it misses and the fix. */
    public String warning() {
        return misses() + ". Fix: a finer cursor column (timestamptz(6), e.g. updated_at timestamptz NOT NULL DEFAULT"
                + " now() kept up to date by the application or a trigger), or the stats signal on the block:"
                + " 'changeSignal: cursor+stats' (a parameter of the block; CHANGE_SIGNAL=cursor+stats for every block)";
    }

    /** When the table's signal reads the write counters too: what the cursor misses, and that the counters see it. */
    public String coveredNote() {
        return misses() + "; the stats signal of this table (write counters) sees those changes, about the statistics"
                + " flush delay later";
    }
}
