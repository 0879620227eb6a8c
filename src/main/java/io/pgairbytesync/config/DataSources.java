package io.pgairbytesync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        ds.setConnectionInitSqls(sessionSetup("source-session.sql", Map.of("source.db.statement.timeout",
                s.sourceStatementTimeout(), "source.db.lock.timeout", s.sourceLockTimeout())));
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
        ds.setConnectionInitSqls(sessionSetup("state-session.sql", Map.of("state.db.schema", s.stateSchema())));
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

    /**
     * The statements every session of a pool starts with: {@code queries/<file>}, one per line, with each
     * {@code {{key}}} replaced by its value (values that Settings validated: durations, a plain schema name).
     */
    static List<String> sessionSetup(String file, Map<String, String> values) {
        String text;
        try (InputStream in = DataSources.class.getResourceAsStream("/queries/" + file)) {
            if (in == null) {
                throw new IllegalStateException("queries/" + file + " is not in the jar: rebuild it with mvn package");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> statements = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String statement = line.strip();
            if (statement.isEmpty() || statement.startsWith("--")) {
                continue;
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                statement = statement.replace("{{" + v.getKey() + "}}", v.getValue().replace("'", "''"));
            }
            if (statement.contains("{{")) {
                throw new IllegalStateException("queries/" + file + ": no value for " + statement);
            }
            statements.add(statement);
        }
        return statements;
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
