package io.pgairbytesync.config;

import java.time.Duration;
import java.util.Map;

import io.pgairbytesync.probe.Identifiers;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * The Commons DBCP2 pools: a read-only one for probing the source, one for the sync state (and, with CLUSTER_ENABLED, one
 * for Quartz on the state database; at start-up one for the migrations).
 * <p>
 * Every call to a database gives up after that database's network timeout (SOURCE_DB_NETWORK_TIMEOUT,
 * STATE_DB_NETWORK_TIMEOUT), whatever the network does: the TCP connect and the login (pgjdbc's connectTimeout,
 * loginTimeout), each wait for an answer (socketTimeout: a session whose answer does not come in time is closed, and
 * DBCP drops it; the check of a pooled session before it is lent, {@code SELECT 1}, too) and the wait for a free
 * session (maxWait). Without them a session on a path that drops packets (a failover, a
 * black-holed route) waits for the kernel's TCP retries, about 15 minutes, and holds its tick's thread as long.
 * PostgreSQL's own statement timeouts stay shorter (Setting checks it), so a slow statement is cancelled cleanly first.
 */
public final class DataSources {

    private DataSources() {
    }

    /**
     * Probe pool: every session is READ ONLY, with a statement and lock timeout, so a probe can neither write
     * to the source nor wait behind a lock for long.
     */
    public static BasicDataSource source(Settings s) {
        BasicDataSource ds = pool(s.sourceUrl(), s.sourceUser(), s.sourcePassword(), "pg-airbyte-sync probe", s.sourceNetworkTimeout());
        // queries/source-session.sql; the durations are validated by Settings, quoted as literals here
        ds.setConnectionInitSqls(Queries.statements("source-session", Map.of(
                "source.db.statement.timeout", Identifiers.literal(s.sourceStatementTimeout()),
                "source.db.lock.timeout", Identifiers.literal(s.sourceLockTimeout()))));
        ds.setDefaultReadOnly(true);
        // the probe statement of a connection is the same text on every tick: keep it prepared per connection,
        // so PostgreSQL plans it once (pgjdbc switches to a named server-side statement after 5 uses)
        ds.setPoolPreparedStatements(true);
        ds.setMaxOpenPreparedStatements(256);
        return ds;
    }

    /** State pool: its search_path is the state schema, so the SQL in the routes and in sql/ names tables bare. */
    public static BasicDataSource state(Settings s) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync state", s.stateNetworkTimeout());
        ds.setConnectionInitSqls(stateSession(s, s.stateStatementTimeout(), s.stateNetworkTimeout().toMillis() + "ms"));
        return ds;
    }

    /**
     * The migrations at start-up (StateSchema), on a pool of their own that the caller closes afterwards: the same
     * sessions as the state pool's, but without a statement timeout, an idle-in-transaction timeout or a network
     * timeout on answers, since a migration may build an index on a big table, and an instance waits (under the
     * advisory lock) while another one migrates. Connect and login still give up after STATE_DB_NETWORK_TIMEOUT.
     */
    public static BasicDataSource migrations(Settings s) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync migrations", s.stateNetworkTimeout());
        ds.addConnectionProperty("socketTimeout", "0");
        ds.setConnectionInitSqls(stateSession(s, "0", "0"));
        return ds;
    }

    /**
     * CLUSTER_ENABLED=true: Quartz's own pool on the state database (its SQL names the schema itself). Quartz's
     * scheduler thread, cluster manager, misfire handler and each finishing worker thread take a connection briefly.
     * Its sessions are the state pool's: a call that hangs gives up after STATE_DB_NETWORK_TIMEOUT (Quartz retries it),
     * and PostgreSQL ends the transaction of an instance that vanished while it held the cluster's lock row.
     */
    public static BasicDataSource quartz(Settings s, int quartzThreads) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync quartz", s.stateNetworkTimeout());
        ds.setConnectionInitSqls(stateSession(s, s.stateStatementTimeout(), s.stateNetworkTimeout().toMillis() + "ms"));
        ds.setMaxTotal(quartzThreads + 3);
        return ds;
    }

    /** queries/state-session.sql with its values, validated by Settings and quoted here. */
    private static java.util.List<String> stateSession(Settings s, String statementTimeout, String idleInTransactionTimeout) {
        return Queries.statements("state-session", Map.of(
                "state.db.schema", Identifiers.quote(s.stateSchema()),
                "state.db.statement.timeout", Identifiers.literal(statementTimeout),
                "state.db.idle.in.transaction.timeout", Identifiers.literal(idleInTransactionTimeout)));
    }

    private static BasicDataSource pool(String url, String user, String password, String applicationName, Duration networkTimeout) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName("org.postgresql.Driver");
        ds.setUrl(url);
        if (!user.isEmpty()) {
            ds.setUsername(user);
        }
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.addConnectionProperty("ApplicationName", applicationName);
        String seconds = String.valueOf(networkTimeout.toSeconds());
        ds.addConnectionProperty("connectTimeout", seconds); // TCP connect
        ds.addConnectionProperty("loginTimeout", seconds); // the whole opening of a session: TLS, authentication, start-up
        ds.addConnectionProperty("socketTimeout", seconds); // each wait for an answer; the session is closed after it
        ds.addConnectionProperty("cancelSignalTimeout", seconds); // a cancel request (a query timeout) on its own connection
        ds.setMaxTotal(8);
        ds.setMaxIdle(4);
        ds.setMinIdle(0);
        ds.setMaxWait(networkTimeout);
        // the check before a session is lent waits for its answer no longer than socketTimeout, like any statement
        ds.setValidationQuery("SELECT 1");
        ds.setTestOnBorrow(true);
        ds.setDefaultAutoCommit(true);
        return ds;
    }
}
