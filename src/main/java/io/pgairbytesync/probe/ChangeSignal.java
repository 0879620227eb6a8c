package io.pgairbytesync.probe;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What tells the service that a table changed: a block's {@code changeSignal} parameter (default: the CHANGE_SIGNAL
 * setting), and per table the effective signal the classifier decides with ({@link ProbePlan.PlannedTable#signal()}).
 * The probe reads max(cursor) of every table that has a cursor and the write counter of EVERY table, whatever its
 * signal, so a table can change signal at any tick; the signal only says what counts as a change.
 * <p>
 * The one place a parameter value is parsed ({@link #parse}): a new signal is a new constant here.
 */
public enum ChangeSignal {

    /** A change is a new max(cursor). */
    CURSOR("cursor", true, false),
    /** A new max(cursor), or a write counter (n_tup_ins + n_tup_upd + n_tup_del) that moved: sees deletes too. */
    CURSOR_AND_STATS("cursor+stats", true, true),
    /** The write counter alone: the tables have no cursor column (the schema fingerprint is checked as always). */
    STATS("stats", false, true),
    /**
     * A CDC connection (a block's {@code changeSignal: cdc}, with its {@code slot} and {@code publication}): the tables,
     * by default the publication's, are watched by their write counters like {@code stats}, and the replication slot's
     * retained WAL too (io.pgairbytesync.cdc.CdcSlots). Not a value of CHANGE_SIGNAL: each CDC block names its own slot.
     */
    CDC("cdc", false, true);

    private final String text;
    private final boolean usesCursor;
    private final boolean usesStats;

    ChangeSignal(String text, boolean usesCursor, boolean usesStats) {
        this.text = text;
        this.usesCursor = usesCursor;
        this.usesStats = usesStats;
    }

    /** The value as written in the YAML and in CHANGE_SIGNAL. */
    public String text() {
        return text;
    }

    /** Whether the tables of this signal have a cursor column (max(cursor) counts). */
    public boolean usesCursor() {
        return usesCursor;
    }

    /** Whether a write counter that moved counts as a change. */
    public boolean usesStats() {
        return usesStats;
    }

    /** {@code `cursor`, `cursor+stats` or `stats`}: the values an error message lists. */
    public static String choices() {
        String[] all = Arrays.stream(values()).map(s -> "`" + s.text + "`").toArray(String[]::new);
        return String.join(", ", Arrays.copyOf(all, all.length - 1)) + " or " + all[all.length - 1];
    }

    /**
     * A value as written (surrounding blanks and case ignored); IllegalArgumentException naming the values known when it
     * is none of them.
     */
    public static ChangeSignal parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ChangeSignal s : values()) {
            if (s.text.equals(v)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a change signal; known: "
                + Arrays.stream(values()).map(ChangeSignal::text).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return text;
    }
}
