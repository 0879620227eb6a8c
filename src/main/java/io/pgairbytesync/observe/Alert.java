package io.pgairbytesync.observe;

/**
 * One alert on its way (exchange property {@value #PROPERTY} of the alert routes, 9-alerts.yaml).
 *
 * @param connectionId the connection it is about ({@link #SERVICE} for the service's own dependencies)
 * @param block        the block's routeId ({@code service} for a dependency)
 * @param kind         the episode kind in sync_alert: {@code failing}, {@code job}, {@code inactive}, {@code schema},
 *                     {@code suspicious}, {@code lost}, {@code overdue}, {@code unreadable}, {@code connection-yaml},
 *                     {@code down:<dependency>}, {@code pinned:<schema.table>}
 * @param episode      what the episode is about (a schema change: its column diff), or null
 * @param text         what the alert says
 * @param cause        for a failed tick: its error (the text is written again with the database's count of failures)
 * @param fallback     for a failed tick: whether this instance's own count of failures in a row says to alert, used
 *                     when the state database (which keeps the count) is what fails
 */
public record Alert(String connectionId, String block, String kind, String episode, String text, String cause,
        boolean fallback) {

    /** The exchange property that carries the alert through the alert routes. */
    public static final String PROPERTY = "alert";

    /** The connection id of alerts about the service itself (a dependency DOWN). */
    public static final String SERVICE = "00000000-0000-0000-0000-000000000000";

    public static final String FAILING = "failing";
    public static final String JOB = "job";
    public static final String INACTIVE = "inactive";
    public static final String SCHEMA = "schema";
    public static final String SUSPICIOUS = "suspicious";
    public static final String LOST = "lost";
    public static final String OVERDUE = "overdue";
    public static final String UNREADABLE = "unreadable";
    /** A CDC block's slot still holds back too much WAL after a WAL sync succeeded (cdc/CdcSlots). */
    public static final String WAL = "wal";
    /** A change of the connection YAML that does not validate (ConnectionsReload). */
    public static final String CONNECTION_YAML = "connection-yaml";

    static Alert of(String connectionId, String block, String kind, String text) {
        return new Alert(connectionId, block, kind, null, text, null, false);
    }

    Alert withText(String newText) {
        return new Alert(connectionId, block, kind, episode, newText, cause, fallback);
    }
}
