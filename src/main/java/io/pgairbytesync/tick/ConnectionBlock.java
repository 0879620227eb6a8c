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
 * @param slot         a CDC block ({@code changeSignal: cdc}): the logical replication slot Airbyte reads (the WAL guard
 *                     watches it), else null
 * @param publication  a CDC block: the publication whose tables are watched when {@code tables} is not given
 * @param walLimit     a CDC block: the retained WAL above which a sync is started ({@code 1GB}, {@code 500MB}); null:
 *                     the setting CDC_WAL_LIMIT
 */
public record ConnectionBlock(String routeId, String connectionId, String tables, String cursorColumn, String schedule,
        String after, String changeSignal, String slot, String publication, String walLimit) {

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

    /** A block that is not a CDC block. */
    public ConnectionBlock(String routeId, String connectionId, String tables, String cursorColumn, String schedule,
            String after, String changeSignal) {
        this(routeId, connectionId, tables, cursorColumn, schedule, after, changeSignal, null, null, null);
    }

    /** This block with another schedule (the same parameters otherwise). */
    public ConnectionBlock withSchedule(String cron) {
        return new ConnectionBlock(routeId, connectionId, tables, cursorColumn, cron, after, changeSignal, slot, publication, walLimit);
    }

    /** This block watching {@code published} (a CDC block without 'tables': its publication's tables of this tick). */
    public ConnectionBlock withTables(String published) {
        return new ConnectionBlock(routeId, connectionId, published, cursorColumn, schedule, after, changeSignal, slot, publication, walLimit);
    }

    /**
     * Whether it is a CDC block ({@code changeSignal: cdc}): Airbyte reads its tables through a replication slot, which the
     * WAL guard watches ({@code io.pgairbytesync.cdc.CdcSlots}); its tables default to the publication's.
     */
    public boolean isCdc() {
        return changeSignal != null && io.pgairbytesync.probe.ChangeSignal.CDC.text().equalsIgnoreCase(changeSignal.trim());
    }

    /** Whether the block names its own tables (else a CDC block watches its publication's). */
    public boolean hasTables() {
        return tables != null && !tables.isBlank();
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
                after == null || after.isBlank() ? null : after.trim(), blankIsNull(signal),
                blankIsNull(value(given, defaults, "slot")), blankIsNull(value(given, defaults, "publication")),
                blankIsNull(value(given, defaults, "walLimit")));
    }

    private static String blankIsNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
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
