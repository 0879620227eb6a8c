package io.pgairbytesync.config;

import java.util.regex.Pattern;

import io.pgairbytesync.logging.SecretMasker;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The service's own settings. Each key lives in {@code application.properties}; an environment variable of the
 * same name in upper case with dots as underscores ({@code source.db.url} -> {@code SOURCE_DB_URL}) overrides it
 * (Camel's properties component does that). Secrets are read here and handed to the pools and the token client,
 * never logged.
 */
public record Settings(String sourceUrl, String sourceUser, String sourcePassword,
        String stateUrl, String stateUser, String statePassword, String stateSchema,
        String sourceStatementTimeout, String sourceLockTimeout,
        String airbyteApiUrl, String airbyteClientId, String airbyteClientSecret,
        boolean statsSignal, boolean tickOnStart, java.time.Duration jobTimeout,
        boolean clusterEnabled, long clusterCheckinMs, String nodeId) {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PG_INTERVAL = Pattern.compile("\\d+\\s*(ms|s|min|h)?");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public static Settings from(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        String sourceUrl = value(pc, "source.db.url");
        if (sourceUrl.isEmpty()) {
            throw new ConfigurationError("SOURCE_DB_URL is not set. Fix: export SOURCE_DB_URL=jdbc:postgresql://<host>:5432/<database>"
                    + " (and SOURCE_DB_USER, SOURCE_DB_PASSWORD), or try the service with --demo.");
        }
        checkJdbcUrl("SOURCE_DB_URL", sourceUrl);
        String stateUrl = value(pc, "state.db.url");
        boolean stateOwnDb = !stateUrl.isEmpty();
        if (stateOwnDb) {
            checkJdbcUrl("STATE_DB_URL", stateUrl);
        }
        String schema = value(pc, "state.db.schema");
        if (!SCHEMA.matcher(schema).matches()) {
            throw new ConfigurationError("STATE_DB_SCHEMA '" + schema + "' is not a plain lower-case PostgreSQL name."
                    + " Fix: use letters a-z, digits and _, e.g. airbyte_sync.");
        }
        String statementTimeout = interval(pc, "source.db.statement.timeout", "SOURCE_DB_STATEMENT_TIMEOUT");
        String lockTimeout = interval(pc, "source.db.lock.timeout", "SOURCE_DB_LOCK_TIMEOUT");
        String apiUrl = value(pc, "airbyte.api.url").replaceAll("/+$", "");
        if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
            throw new ConfigurationError("AIRBYTE_API_URL '" + apiUrl + "' is not an http(s) URL. Fix: e.g."
                    + " http://localhost:8000/api/public/v1 for an abctl install.");
        }
        String clientId = value(pc, "airbyte.client.id");
        String clientSecret = value(pc, "airbyte.client.secret");
        if (clientId.isEmpty() != clientSecret.isEmpty()) {
            throw new ConfigurationError("Only one of AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET is set. Fix: set both"
                    + " (abctl local credentials prints them) or neither.");
        }
        String signal = value(pc, "change.signal");
        if (!signal.equals("cursor") && !signal.equals("cursor+stats")) {
            throw new ConfigurationError("CHANGE_SIGNAL '" + signal + "' is not known. Fix: use cursor (max of the cursor"
                    + " column, the default) or cursor+stats (also the write counters of pg_stat_user_tables, which see deletes).");
        }
        String tickOnStart = value(pc, "tick.on.start");
        if (!tickOnStart.equals("true") && !tickOnStart.equals("false")) {
            throw new ConfigurationError("TICK_ON_START '" + tickOnStart + "' is not true or false.");
        }
        java.time.Duration jobTimeout;
        try {
            jobTimeout = java.time.Duration.parse(value(pc, "airbyte.job.timeout"));
            if (jobTimeout.isNegative() || jobTimeout.isZero()) {
                throw new java.time.format.DateTimeParseException("not positive", "", 0);
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigurationError("AIRBYTE_JOB_TIMEOUT '" + value(pc, "airbyte.job.timeout") + "' is not a positive"
                    + " ISO-8601 duration. Fix: e.g. PT12H (12 hours) or PT90M.");
        }
        String poll = value(pc, "airbyte.poll.seconds");
        if (!poll.matches("[1-9][0-9]{0,5}")) {
            throw new ConfigurationError("AIRBYTE_POLL_SECONDS '" + poll + "' is not a whole number of seconds. Fix: e.g. 15.");
        }
        for (String[] url : new String[][] {{"SOURCE_DB_URL", sourceUrl}, {"STATE_DB_URL", stateUrl}}) {
            if (url[1].toLowerCase(java.util.Locale.ROOT).contains("password=")) {
                throw new ConfigurationError(url[0] + " carries a password=... parameter. Fix: remove it from the URL and set"
                        + " it in " + url[0].replace("_URL", "_PASSWORD") + " instead (URLs are logged; passwords never are).");
            }
        }
        String cluster = value(pc, "cluster.enabled");
        if (!cluster.equals("true") && !cluster.equals("false")) {
            throw new ConfigurationError("CLUSTER_ENABLED '" + cluster + "' is not true or false. Fix: true to run several"
                    + " instances against one state database (clustered Quartz), false (the default) for one instance.");
        }
        String checkin = value(pc, "cluster.checkin.ms");
        if (!checkin.matches("[0-9]{1,7}") || Long.parseLong(checkin) < 1000 || Long.parseLong(checkin) > 600_000) {
            throw new ConfigurationError("CLUSTER_CHECKIN_MS '" + checkin + "' is not a number of milliseconds between 1000"
                    + " and 600000. Fix: e.g. 5000 (the default): a node silent for that long is taken over by the others.");
        }
        String nodeId = value(pc, "node.id");
        if (nodeId.isEmpty()) {
            nodeId = hostName();
        }
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new ConfigurationError("NODE_ID '" + nodeId + "' is not a plain name (it defaults to the host name). Fix: set"
                    + " NODE_ID to letters, digits, '.', '_' or '-', at most 63 characters, different on every instance, e.g. sync-1.");
        }
        for (String key : new String[] {"source.db.password", "state.db.password", "airbyte.client.secret"}) {
            SecretMasker.register(value(pc, key));
        }
        return new Settings(sourceUrl, value(pc, "source.db.user"), value(pc, "source.db.password"),
                stateOwnDb ? stateUrl : sourceUrl,
                stateOwnDb ? value(pc, "state.db.user") : value(pc, "source.db.user"),
                stateOwnDb ? value(pc, "state.db.password") : value(pc, "source.db.password"),
                schema, statementTimeout, lockTimeout, apiUrl, clientId, clientSecret,
                signal.equals("cursor+stats"), Boolean.parseBoolean(tickOnStart), jobTimeout,
                Boolean.parseBoolean(cluster), Long.parseLong(checkin), nodeId);
    }

    /** The default NODE_ID: this host's name (the first label), or "node" when the JVM cannot tell it. */
    static String hostName() {
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

    /** AIRBYTE_JOB_TIMEOUT in seconds (the follow-up route compares a job's age with it). */
    public long jobTimeoutSeconds() {
        return jobTimeout.toSeconds();
    }

    public boolean airbyteAuthEnabled() {
        return !airbyteClientId.isEmpty();
    }

    /** Never the passwords or the client secret. */
    @Override
    public String toString() {
        return "Settings[source=" + sourceUrl + ", state=" + stateUrl + ", schema=" + stateSchema + ", airbyte=" + airbyteApiUrl
                + ", auth=" + airbyteAuthEnabled() + ", node=" + nodeId + (clusterEnabled ? ", clustered" : "") + "]";
    }

    /** A setting as the properties component resolves it (environment first), trimmed; empty when unset. */
    public static String value(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim).orElse("");
    }

    private static String interval(PropertiesComponent pc, String key, String env) {
        String v = value(pc, key);
        if (!PG_INTERVAL.matcher(v).matches()) {
            throw new ConfigurationError(env + " '" + v + "' is not a duration PostgreSQL understands. Fix: e.g. 5s, 500ms or 1min.");
        }
        return v.replace(" ", "");
    }

    private static void checkJdbcUrl(String name, String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationError(name + " must be a PostgreSQL JDBC URL starting with jdbc:postgresql:"
                    + " (e.g. jdbc:postgresql://mydb.abc123.eu-west-1.rds.amazonaws.com:5432/shop?sslmode=require).");
        }
    }
}
