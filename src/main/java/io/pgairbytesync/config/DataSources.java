package io.pgairbytesync.config;

import java.util.Map;

import io.pgairbytesync.probe.Identifiers;
import org.apache.commons.dbcp2.BasicDataSource;

/** The two Commons DBCP2 pools: a read-only one for probing the source, one for the sync state. */
public final class DataSources {

    private DataSources() {
    }

    /**
     * Probe pool: every session is READ ONLY, with a statement and lock timeout, so a probe can neither write
     * to the source nor wait behind a lock for long.
     */
    public static BasicDataSource source(Settings s) {
        BasicDataSource ds = pool(s.sourceUrl(), s.sourceUser(), s.sourcePassword(), "pg-airbyte-sync probe");
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
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync state");
        // queries/state-session.sql
        ds.setConnectionInitSqls(Queries.statements("state-session", Map.of("state.db.schema", Identifiers.quote(s.stateSchema()))));
        return ds;
    }

    /**
     * CLUSTER_ENABLED=true: Quartz's own pool on the state database (its SQL names the schema itself). Quartz's
     * scheduler thread, cluster manager, misfire handler and each finishing worker thread take a connection briefly.
     */
    public static BasicDataSource quartz(Settings s, int quartzThreads) {
        BasicDataSource ds = pool(s.stateUrl(), s.stateUser(), s.statePassword(), "pg-airbyte-sync quartz");
        ds.setMaxTotal(quartzThreads + 3);
        return ds;
    }

    private static BasicDataSource pool(String url, String user, String password, String applicationName) {
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
        ds.addConnectionProperty("connectTimeout", "10");
        ds.setMaxTotal(8);
        ds.setMaxIdle(4);
        ds.setMinIdle(0);
        ds.setMaxWait(java.time.Duration.ofSeconds(30));
        ds.setValidationQuery("SELECT 1");
        ds.setTestOnBorrow(true);
        ds.setDefaultAutoCommit(true);
        return ds;
    }
}
