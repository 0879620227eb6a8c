package io.pgairbytesync.tick;

/**
 * One connection block of the YAML: a route made from the template {@code airbyte-connection}, with the parameters it
 * was given (the template's defaults filled in). The values are as written; {@link io.pgairbytesync.probe.TablesParameter}
 * and the probe planner validate them at the block's first tick.
 *
 * @param routeId      the block's name: logs, JMX, /status and sync_state use it
 * @param connectionId the Airbyte connection UUID
 * @param tables       {@code [schema.]table[:cursorColumn], ...}
 * @param cursorColumn the block's default cursor column
 * @param schedule     its Quartz cron
 * @param after        the routeId of the block whose every successful sync starts one of this block's connection (and
 *                     then {@code tables} is empty), or null: see {@link BlockGraph}
 * @param changeSignal its {@code changeSignal} parameter as written, or null when not given (the CHANGE_SIGNAL setting
 *                     applies): see {@link #signal}
 */
public record ConnectionBlock(String routeId, String connectionId, String tables, String cursorColumn, String schedule,
        String after, String changeSignal) {

    /** A block that watches tables (no {@code after}), with the CHANGE_SIGNAL setting. */
    public ConnectionBlock(String routeId, String connectionId, String tables, String cursorColumn, String schedule) {
        this(routeId, connectionId, tables, cursorColumn, schedule, null, null);
    }

    /** A block with the CHANGE_SIGNAL setting. */
    public ConnectionBlock(String routeId, String connectionId, String tables, String cursorColumn, String schedule,
            String after) {
        this(routeId, connectionId, tables, cursorColumn, schedule, after, null);
    }

    /**
     * The block's change signal: its {@code changeSignal} parameter, or {@code defaultSignal} (the CHANGE_SIGNAL setting)
     * when it has none. A value that is not a signal is a ConfigurationError naming the block and the fix
     * (reload/BlockChecks reports it before the block runs).
     */
    public io.pgairbytesync.probe.ChangeSignal signal(io.pgairbytesync.probe.ChangeSignal defaultSignal) {
        if (changeSignal == null) {
            return defaultSignal;
        }
        try {
            return io.pgairbytesync.probe.ChangeSignal.parse(changeSignal);
        } catch (IllegalArgumentException e) {
            throw new io.pgairbytesync.config.ConfigurationError("connection block '" + routeId + "': parameter 'changeSignal' "
                    + e.getMessage() + ". Fix: write " + io.pgairbytesync.probe.ChangeSignal.choices()
                    + ", or leave it out for the CHANGE_SIGNAL setting.");
        }
    }

    /**
     * The block a route made from the template is given: {@code given}, the parameters as written (a running route's or
     * a YAML file's), over the template's {@code defaults}; a blank {@code after} is none.
     */
    public static ConnectionBlock of(String routeId, java.util.Map<String, ?> given, java.util.Map<String, String> defaults) {
        String after = value(given, defaults, "after");
        String signal = value(given, defaults, "changeSignal");
        return new ConnectionBlock(routeId, value(given, defaults, "connectionId"), value(given, defaults, "tables"),
                value(given, defaults, "cursorColumn"), value(given, defaults, "schedule"),
                after == null || after.isBlank() ? null : after.trim(), signal == null || signal.isBlank() ? null : signal.trim());
    }

    private static String value(java.util.Map<String, ?> given, java.util.Map<String, String> defaults, String name) {
        Object v = given.get(name);
        return v != null ? String.valueOf(v) : defaults.get(name);
    }

    /** Whether this block syncs after another block's syncs instead of watching tables. */
    public boolean isDownstream() {
        return after != null;
    }

    /**
     * The connection id as a canonical lower-case UUID (surrounding blanks ignored), or null when it is not one: the
     * block's ticks then fail with the reason (probe planner), and statements about configured connections leave it out.
     */
    public String uuid() {
        String id = connectionId == null ? "" : connectionId.trim();
        try {
            java.util.UUID parsed = java.util.UUID.fromString(id);
            return parsed.toString().equalsIgnoreCase(id) ? parsed.toString() : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
