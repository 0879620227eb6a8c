package io.pgairbytesync.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The service's own settings, checked at start-up. Each is declared once in {@link Setting} (key, default, check);
 * an environment variable of the same name in upper case with dots as underscores ({@code source.db.url} ->
 * {@code SOURCE_DB_URL}) overrides it (Camel's properties component does that). Secrets are read here and handed to
 * the pools and the token client, never logged.
 */
public record Settings(String sourceUrl, String sourceUser, String sourcePassword,
        String stateUrl, String stateUser, String statePassword, String stateSchema,
        String sourceStatementTimeout, String sourceLockTimeout, java.time.Duration sourceNetworkTimeout,
        String stateStatementTimeout, java.time.Duration stateNetworkTimeout,
        String airbyteApiUrl, String airbyteClientId, String airbyteClientSecret,
        io.pgairbytesync.probe.ChangeSignal changeSignal, boolean tickOnStart, java.time.Duration jobTimeout, long jobListingGraceSeconds,
        java.time.Duration airbyteClockSkew, java.time.Duration airbyteRetryDelay, java.time.Duration airbyteRetryMaxDelay,
        boolean clusterEnabled, long clusterCheckinMs, String nodeId, int quartzThreads, int sourceProbesAtOnce,
        int maxConcurrentSyncs, int connectionsReloadSeconds, java.time.Duration cursorFutureMargin,
        long cdcWalLimitBytes) {

    /** Checked by {@link #from}, in this order (the rest: {@link io.pgairbytesync.observe.ObserveSettings#OWN}). */
    public static final List<Setting> OWN = List.of(Setting.SOURCE_DB_URL, Setting.STATE_DB_URL, Setting.STATE_DB_SCHEMA,
            Setting.SOURCE_DB_STATEMENT_TIMEOUT, Setting.SOURCE_DB_LOCK_TIMEOUT, Setting.SOURCE_DB_NETWORK_TIMEOUT,
            Setting.STATE_DB_STATEMENT_TIMEOUT, Setting.STATE_DB_NETWORK_TIMEOUT, Setting.AIRBYTE_API_URL,
            Setting.AIRBYTE_CLIENT_ID, Setting.AIRBYTE_CLIENT_SECRET, Setting.CHANGE_SIGNAL, Setting.STATS_FLUSH_DELAY_SECONDS, Setting.TICK_ON_START,
            Setting.AIRBYTE_JOB_TIMEOUT, Setting.AIRBYTE_JOB_LISTING_GRACE_SECONDS, Setting.AIRBYTE_CLOCK_SKEW_MS, Setting.AIRBYTE_POLL_SECONDS, Setting.CLUSTER_ENABLED, Setting.CLUSTER_CHECKIN_MS,
            Setting.NODE_ID, Setting.SOURCE_DB_USER, Setting.SOURCE_DB_PASSWORD, Setting.STATE_DB_USER,
            Setting.STATE_DB_PASSWORD, Setting.AIRBYTE_POLL_FIRST_DELAY_MS, Setting.AIRBYTE_RETRY_MAX,
            Setting.AIRBYTE_RETRY_DELAY_MS, Setting.AIRBYTE_RETRY_MAX_DELAY_MS, Setting.CAMEL_MAIN_ROUTESINCLUDEPATTERN,
            Setting.DECISIONS_LOG_LEVEL, Setting.DOCTOR_MODE,
            Setting.SYNC_JOB_RETENTION_DAYS, Setting.QUARTZ_THREADS, Setting.SOURCE_PROBES_AT_ONCE,
            Setting.MAX_CONCURRENT_SYNCS, Setting.CONNECTIONS_RELOAD_SECONDS, Setting.CURSOR_FUTURE_MARGIN,
            Setting.CDC_WAL_LIMIT);

    public static Settings from(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        return of(name -> pc.resolveProperty(name).orElse(null));
    }

    /**
     * The settings from a plain lookup: {@code all} gives a setting's raw value by {@link Setting#propertyName()}, or
     * null when unset (then its declared default applies). Every setting of {@link #OWN} is checked, in order.
     */
    public static Settings of(UnaryOperator<String> all) {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        for (Setting s : OWN) {
            v.put(s, s.check(all));
        }
        String sourceUrl = v.get(Setting.SOURCE_DB_URL);
        String stateUrl = v.get(Setting.STATE_DB_URL);
        boolean stateOwnDb = !stateUrl.isEmpty();
        String nodeId = v.get(Setting.NODE_ID);
        if (nodeId.isEmpty()) {
            nodeId = hostName();
        }
        return new Settings(sourceUrl, v.get(Setting.SOURCE_DB_USER), v.get(Setting.SOURCE_DB_PASSWORD),
                stateOwnDb ? stateUrl : sourceUrl,
                stateOwnDb ? v.get(Setting.STATE_DB_USER) : v.get(Setting.SOURCE_DB_USER),
                stateOwnDb ? v.get(Setting.STATE_DB_PASSWORD) : v.get(Setting.SOURCE_DB_PASSWORD),
                v.get(Setting.STATE_DB_SCHEMA), v.get(Setting.SOURCE_DB_STATEMENT_TIMEOUT).replace(" ", ""),
                v.get(Setting.SOURCE_DB_LOCK_TIMEOUT).replace(" ", ""),
                Setting.Checks.networkTimeout(v.get(Setting.SOURCE_DB_NETWORK_TIMEOUT), v.get(Setting.SOURCE_DB_STATEMENT_TIMEOUT)),
                v.get(Setting.STATE_DB_STATEMENT_TIMEOUT).replace(" ", ""),
                Setting.Checks.networkTimeout(v.get(Setting.STATE_DB_NETWORK_TIMEOUT), v.get(Setting.STATE_DB_STATEMENT_TIMEOUT)),
                v.get(Setting.AIRBYTE_API_URL).replaceAll("/+$", ""),
                v.get(Setting.AIRBYTE_CLIENT_ID), v.get(Setting.AIRBYTE_CLIENT_SECRET),
                io.pgairbytesync.probe.ChangeSignal.parse(v.get(Setting.CHANGE_SIGNAL)), Boolean.parseBoolean(v.get(Setting.TICK_ON_START)),
                java.time.Duration.parse(v.get(Setting.AIRBYTE_JOB_TIMEOUT)), Long.parseLong(v.get(Setting.AIRBYTE_JOB_LISTING_GRACE_SECONDS)),
                java.time.Duration.ofMillis(Long.parseLong(v.get(Setting.AIRBYTE_CLOCK_SKEW_MS))),
                java.time.Duration.ofMillis(Long.parseLong(v.get(Setting.AIRBYTE_RETRY_DELAY_MS))),
                java.time.Duration.ofMillis(Long.parseLong(v.get(Setting.AIRBYTE_RETRY_MAX_DELAY_MS))),
                Boolean.parseBoolean(v.get(Setting.CLUSTER_ENABLED)), Long.parseLong(v.get(Setting.CLUSTER_CHECKIN_MS)), nodeId,
                v.get(Setting.QUARTZ_THREADS).isEmpty() ? 0 : Integer.parseInt(v.get(Setting.QUARTZ_THREADS)),
                Integer.parseInt(v.get(Setting.SOURCE_PROBES_AT_ONCE)),
                v.get(Setting.MAX_CONCURRENT_SYNCS).isEmpty() ? 0 : Integer.parseInt(v.get(Setting.MAX_CONCURRENT_SYNCS)),
                Integer.parseInt(v.get(Setting.CONNECTIONS_RELOAD_SECONDS)),
                java.time.Duration.parse(v.get(Setting.CURSOR_FUTURE_MARGIN)),
                io.pgairbytesync.cdc.WalSize.parse("CDC_WAL_LIMIT", v.get(Setting.CDC_WAL_LIMIT)));
    }

    private static volatile String hostName;

    /** The default NODE_ID: this host's name (the first label), or "node" when the JVM cannot tell it. */
    static String hostName() {
        // looked up once: the NODE_ID check and the record both need it, and a host name lookup can wait on DNS
        if (hostName == null) {
            hostName = lookUpHostName();
        }
        return hostName;
    }

    private static String lookUpHostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                name = "node";
            }
        }
        name = name.trim();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Never the passwords or the client secret. */
    @Override
    public String toString() {
        return "Settings[source=" + sourceUrl + ", state=" + stateUrl + ", schema=" + stateSchema + ", airbyte=" + airbyteApiUrl
                + ", auth=" + !airbyteClientId.isEmpty() + ", node=" + nodeId + (clusterEnabled ? ", clustered" : "") + "]";
    }
}
