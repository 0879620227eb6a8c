package io.pgairbytesync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.pgairbytesync.probe.Identifiers;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the state tables at start-up, before any route runs: the versioned migrations of
 * {@code sql/state/V<n>__<what>.sql} (bundled in the jar), and with CLUSTER_ENABLED=true those of
 * {@code sql/quartz/}, each set with a Flyway history table of its own in the state schema. A new file is a new
 * version: nothing here lists them.
 * <p>
 * Whether a schema is new or was made by a jar from before the migrations is decided from the set's first table
 * ({@code sync_state}, {@code qrtz_job_details}), not from Flyway's "schema not empty" test: STATE_DB_SCHEMA may be a
 * schema shared with other tables ({@code public}), where our tables must still be created, and the Quartz set always
 * finds the state tables beside it, yet an instance that turns clustering on later must get the Quartz tables. A set
 * whose first table is there without a history is brought up to its V1 (idempotent: it only adds what an older jar
 * lacked, as the old installer did at every start) and recorded as version 1 (baseline); later versions upgrade it in
 * place.
 * <p>
 * Two instances starting at once: the whole decision and migration runs under a PostgreSQL advisory lock (the key of
 * the installer this class replaces, so a jar from before and this one take turns too). Flyway's own lock covers its
 * history table (creating it, with its baseline row, and each migration) but not our decision (first table there?
 * history there?), nor V1 brought up before the baseline, nor CREATE SCHEMA, none of which is safe to run twice at
 * once.
 */
final class StateSchema {

    /**
     * A migration set: where its files are, its history table, the table that shows an install from before the
     * migrations, and the V1 that such an install is brought up to.
     */
    record MigrationSet(String name, String location, String historyTable, String firstTable, String v1) {
    }

    static final MigrationSet STATE = new MigrationSet("state", "sql/state", "flyway_schema_history", "sync_state",
            "sql/state/V1__state_tables.sql");
    static final MigrationSet QUARTZ = new MigrationSet("quartz", "sql/quartz", "quartz_schema_history", "qrtz_job_details",
            "sql/quartz/V1__quartz_tables.sql");

    private static final Logger LOG = LoggerFactory.getLogger(StateSchema.class);
    private static final String BEFORE_MIGRATIONS = "tables of a jar before versioned migrations (0.1.0)";
    private static final String EMPTY_START = "start of a schema that holds other tables";
    private static final Pattern FAILED_SCRIPT = Pattern.compile("Failed to execute script (\\S+\\.sql)");

    private StateSchema() {
    }

    /** Brings the state schema (and with {@code clustered} the Quartz tables) to the newest version in the jar. */
    static void migrate(DataSource state, String schema, boolean clustered) throws SQLException {
        migrate(state, schema, clustered, StateSchema.class.getClassLoader());
    }

    /** The same, with the migrations that {@code files} finds (tests add a V2 this way, as a later jar will). */
    static void migrate(DataSource state, String schema, boolean clustered, ClassLoader files) throws SQLException {
        List<MigrationSet> sets = clustered ? List.of(STATE, QUARTZ) : List.of(STATE);
        for (MigrationSet set : sets) {
            if (files.getResource(set.v1()) == null) {
                throw new IllegalStateException("no " + set.v1() + " found on the classpath: the jar is incomplete, rebuild it with mvn package");
            }
        }
        try (Connection lock = state.getConnection()) {
            lock.setAutoCommit(false);
            try {
                try (Statement st = lock.createStatement()) {
                    // held until this transaction ends (below), whatever happens: a pooled connection keeps no lock
                    st.execute(Queries.text("state-schema-lock"));
                }
                createSchemaIfMissing(state, schema);
                List<String> done = new ArrayList<>();
                for (MigrationSet set : sets) {
                    done.add(migrateSet(state, schema, set, files));
                }
                LOG.info("State tables ready in schema {}: {}", schema, String.join("; ", done));
            } catch (Exception e) {
                throw failure(schema, e);
            } finally {
                release(lock);
            }
        }
    }

    private static void release(Connection lock) {
        try {
            lock.rollback(); // ends the transaction, and the advisory lock with it
        } catch (SQLException e) {
            // the connection is gone: PostgreSQL released the lock when it closed
        }
    }

    private static String migrateSet(DataSource state, String schema, MigrationSet set, ClassLoader files) throws SQLException, IOException {
        boolean history = tableExists(state, schema, set.historyTable());
        boolean before = !history && tableExists(state, schema, set.firstTable());
        FluentConfiguration config = Flyway.configure(files)
                .dataSource(state)
                .schemas(schema) // the first (only) schema: where the history lives, and the search_path of the SQL
                .createSchemas(true) // a no-op: the schema exists by now (created above, under the lock); false would warn
                .table(set.historyTable())
                .locations("classpath:" + set.location())
                .failOnMissingLocations(true)
                .placeholderReplacement(false) // our SQL is run as written: no ${...} is Flyway's
                .cleanDisabled(true);
        List<String> notes = new ArrayList<>();
        if (before) {
            applyIdempotently(state, schema, files, set.v1());
            config.baselineVersion("1").baselineDescription(BEFORE_MIGRATIONS).load().baseline();
            notes.add("an install from before versioned migrations, kept and recorded as version 1");
        } else if (!history) {
            // a new install; Flyway refuses a non-empty schema without a history unless it marks a starting point,
            // so where other tables are there it records version 0 first and V1 follows as in an empty schema
            config.baselineOnMigrate(true).baselineVersion("0").baselineDescription(EMPTY_START);
            notes.add("new install");
        }
        Flyway flyway = config.load();
        MigrateResult result = flyway.migrate();
        if (!result.migrations.isEmpty()) {
            notes.add("applied " + String.join(", ", result.migrations.stream().map(m -> "V" + m.version).toList()));
        }
        MigrationInfo current = flyway.info().current();
        return set.name() + " tables at version " + (current == null ? "none" : current.getVersion())
                + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
    }

    private static void createSchemaIfMissing(DataSource state, String schema) throws SQLException {
        // asked first: CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema is there
        if (!exists(state, Queries.text("state-schema-exists"), schema)) {
            try (Connection c = state.getConnection(); Statement st = c.createStatement()) {
                st.execute(Queries.statements("state-schema-create", Map.of("schema", Identifiers.quote(schema))).get(0));
            }
        }
    }

    /** A table named exactly so (pg_catalog: no LIKE patterns, so airbyte_sync never matches airbyteXsync). */
    static boolean tableExists(DataSource state, String schema, String table) throws SQLException {
        return exists(state, Queries.text("state-table-exists"), schema, table);
    }

    /** Whether the query finds a row. */
    private static boolean exists(DataSource state, String query, String... parameters) throws SQLException {
        try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs a V1 file as the old installer ran every file: one transaction, inside the schema, IF NOT EXISTS. */
    private static void applyIdempotently(DataSource state, String schema, ClassLoader files, String resource)
            throws SQLException, IOException {
        String sql;
        try (InputStream in = files.getResourceAsStream(resource)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = state.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String setting : Queries.statements("state-schema-v1-session", Map.of("schema", Identifiers.quote(schema)))) {
                    st.execute(setting);
                }
                st.execute(sql);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Today's style: what failed, where, the cause, and the fix. The cause is PostgreSQL's own first line, after the
     * name of the migration that failed when there is one (Flyway: "Failed to execute script V2__x.sql"); without an SQL
     * error (a checksum that no longer matches, say) it is Flyway's message on one line.
     */
    private static IllegalStateException failure(String schema, Exception e) {
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        Matcher script = FAILED_SCRIPT.matcher(firstLine(e.getMessage()));
        String migration = script.matches() ? "migration " + script.group(1) + " failed: " : "";
        String cause = sql == null ? oneLine(e.getMessage()) : migration + firstLine(sql.getMessage());
        String fix = sql != null && "42501".equals(sql.getSQLState()) // insufficient_privilege
                ? "give the state user CREATE on the database (or create the schema owned by it: CREATE SCHEMA "
                        + Identifiers.quote(schema) + " AUTHORIZATION <state user>; or the tables by hand, see the header of"
                        + " sql/state/V1__state_tables.sql)"
                : "correct what the cause names, then start again: a migration that failed was rolled back whole (PostgreSQL"
                        + " runs each in one transaction) and is applied again; the versions applied are in " + schema + "."
                        + STATE.historyTable();
        return new IllegalStateException("could not create or upgrade the state tables in schema " + schema
                + " of the state database: " + cause + ". Fix: " + fix + ".", e);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().lines().findFirst().orElse("").strip();
    }

    private static String oneLine(String message) {
        return message == null ? "" : String.join(" ", message.strip().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.matches("-+")).toList());
    }
}
