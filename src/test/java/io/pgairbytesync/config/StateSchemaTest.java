package io.pgairbytesync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pgairbytesync.support.TestPostgres;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versioned migrations of the state tables on a real PostgreSQL: a new schema gets every version, an install made by the
 * jar before them (the fixture, made by that jar's code) is kept row for row, recorded as version 1 and upgraded by V2
 * (sync_state.last_synced_at renamed synced_cursor, its values kept), the Quartz set
 * follows clustering, two instances starting at once apply each version once, and a state user without CREATE is told
 * the fix.
 */
class StateSchemaTest {

    private static final String SCHEMA = "airbyte_sync";
    private static final String FIXTURE = "/upgrade/state-created-by-0.1.0.sql";
    private static final AtomicInteger ROLES = new AtomicInteger();

    /** The history of a new install: every file of sql/state/, as Flyway records it ("V2__synced_cursor.sql": "2 synced cursor"). */
    private static final List<String> NEW = ourVersions();
    /** The history of an install of the jar before migrations: baselined as version 1, then every later file. */
    private static final List<String> UPGRADED = later(List.of("1 tables of a jar before versioned migrations (0.1.0) BASELINE success"),
            NEW.subList(1, NEW.size()).toArray(String[]::new));

    private static List<String> ourVersions() {
        try (java.util.stream.Stream<Path> files = Files.list(Path.of(StateSchemaTest.class.getResource("/sql/state").toURI()))) {
            Pattern name = Pattern.compile("V(\\d+)__(.+)\\.sql");
            return files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .sorted(java.util.Comparator.comparingInt(m -> Integer.parseInt(m.group(1))))
                    .map(m -> m.group(1) + " " + m.group(2).replace('_', ' ') + " SQL success").toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> later(List<String> history, String... more) {
        List<String> all = new ArrayList<>(history);
        all.addAll(List.of(more));
        return all;
    }

    private final List<BasicDataSource> pools = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void closePools() throws Exception {
        for (BasicDataSource pool : pools) {
            pool.close();
        }
    }

    // ---------------------------------------------------------------- a new install

    @Test
    void aNewSchemaGetsEveryVersionAndItsHistory() throws Exception {
        String db = TestPostgres.get().newDatabase();
        StateSchema.migrate(pool(db), SCHEMA, false);

        assertThat(history(db, "flyway_schema_history")).containsExactlyElementsOf(NEW);
        assertThat(tables(db, SCHEMA)).containsExactly("flyway_schema_history", "schema_refresh", "sync_after", "sync_alert", "sync_event",
                "sync_intent", "sync_job", "sync_queue", "sync_state");
        assertThat(scalar(db, "SELECT count(*) FROM pg_attribute WHERE attrelid IN ('airbyte_sync.sync_state'::regclass,"
                + " 'airbyte_sync.sync_job'::regclass) AND attname IN ('last_tick_node', 'followed_by')")).isEqualTo("2");
    }

    /**
     * The columns versions after V2 add (V3 bounded growth: removed_at; V4 pending_cursor_column, pending_cursor_type;
     * V5 job follow-up: withheld_job_id, suspicious_outcome and its check, not_found_reads), left out where rows or
     * definitions from before them are compared.
     */
    private static final List<String> LATER_COLUMNS = List.of("removed_at", "pending_cursor_column", "pending_cursor_type",
            "withheld_job_id", "suspicious_outcome", "not_found_reads", "settle_at", "settle_job_id");
    /** What versions after V2 add: V3's indexes and the columns above, nothing else. */
    private static final Pattern V3_ADDS = Pattern.compile("\\b(sync_job_finished_idx|sync_job_recent_idx|" + String.join("|", LATER_COLUMNS) + ")\\b");
    /** The index V3 drops: sync_job_recent_idx begins with it. */
    private static final String V3_DROPS = "CREATE INDEX sync_job_connection_idx ON airbyte_sync.sync_job USING btree (connection_id, created_at DESC)";

    @Test
    void v1IsTheSchemaThatTodaysJarCreatedExactlyAndV2OnlyRenamesTheSyncedCursorAndV3OnlyAdds() throws Exception {
        String fresh = TestPostgres.get().newDatabase();
        StateSchema.migrate(pool(fresh), SCHEMA, true);
        String legacy = legacyDatabase();
        Map<String, List<String>> before = definitions(legacy);

        Map<String, List<String>> made = definitions(fresh);
        made.remove("flyway_schema_history");
        made.remove("quartz_schema_history");
        made.remove("schema_refresh"); // V6 adds it
        made.remove("sync_queue"); // V7 adds it
        made.remove("sync_event"); // V8 adds them
        made.remove("sync_after");
        Map<String, List<String>> renamedBack = new TreeMap<>();
        made.forEach((table, d) -> {
            List<String> v2 = new ArrayList<>(d.stream().filter(l -> !V3_ADDS.matcher(l).find())
                    .map(l -> l.replace(" synced_cursor ", " last_synced_at "))
                    .map(l -> l.replace(", 'after'::text, 'wal'::text])", ", 'after'::text])")) // V11 allows reason 'wal'
                    .map(l -> l.replace(", 'after'::text])", "])")).toList()); // V8 allows reason 'after'
            if (table.equals("sync_job")) { // the indexes come last, in name order
                List<String> indexes = new ArrayList<>(v2.stream().filter(l -> l.startsWith("CREATE ")).toList());
                indexes.add(V3_DROPS);
                indexes.sort(null);
                v2.removeIf(l -> l.startsWith("CREATE "));
                v2.addAll(indexes);
            }
            renamedBack.put(table, v2);
        });
        assertThat(renamedBack).isEqualTo(before);

        // and an upgraded install ends exactly where a new one does
        StateSchema.migrate(pool(legacy), SCHEMA, true);
        Map<String, List<String>> upgraded = definitions(legacy);
        upgraded.remove("flyway_schema_history");
        upgraded.remove("quartz_schema_history");
        Map<String, List<String>> whatANewInstallHas = definitions(fresh);
        whatANewInstallHas.remove("flyway_schema_history");
        whatANewInstallHas.remove("quartz_schema_history");
        assertThat(upgraded).isEqualTo(whatANewInstallHas);
    }

    @Test
    void aSchemaSharedWithOtherTablesStillGetsOurTables() throws Exception {
        String db = TestPostgres.get().newDatabase();
        sql(db, "CREATE TABLE public.invoices (id int PRIMARY KEY, total numeric)", "INSERT INTO public.invoices VALUES (1, 9.5)");

        StateSchema.migrate(pool(db), "public", false);

        assertThat(tables(db, "public")).contains("sync_state", "sync_job", "sync_intent", "sync_alert", "invoices");
        assertThat(history(db, "public.flyway_schema_history"))
                .containsExactlyElementsOf(later(List.of("0 start of a schema that holds other tables BASELINE success"), NEW.toArray(String[]::new)));
        assertThat(scalar(db, "SELECT total FROM public.invoices")).isEqualTo("9.5");
    }

    @Test
    void runningItAgainChangesNothing() throws Exception {
        String db = TestPostgres.get().newDatabase();
        StateSchema.migrate(pool(db), SCHEMA, true);
        List<String> history = rows(db, "SELECT installed_rank, version, checksum, installed_on FROM airbyte_sync.flyway_schema_history");
        List<String> quartz = rows(db, "SELECT installed_rank, version, checksum, installed_on FROM airbyte_sync.quartz_schema_history");
        Map<String, String> oids = oids(db);

        StateSchema.migrate(pool(db), SCHEMA, true);
        StateSchema.migrate(pool(db), SCHEMA, false);

        assertThat(rows(db, "SELECT installed_rank, version, checksum, installed_on FROM airbyte_sync.flyway_schema_history"))
                .isEqualTo(history);
        assertThat(rows(db, "SELECT installed_rank, version, checksum, installed_on FROM airbyte_sync.quartz_schema_history"))
                .isEqualTo(quartz);
        assertThat(oids(db)).isEqualTo(oids);
    }

    // ---------------------------------------------------------------- an install of the jar before migrations

    @Test
    void anInstallOfTheJarBeforeMigrationsIsRecordedAsVersion1UpgradedAndKeepsEveryRow() throws Exception {
        String db = legacyDatabase();
        Map<String, List<String>> before = contents(db);
        assertThat(counts(before)).as("the fixture loaded whole").isEqualTo(fixtureCounts());
        assertThat(before.get("sync_state")).hasSize(3);
        List<String> cursors = rows(db, "SELECT table_name, last_synced_at FROM airbyte_sync.sync_state ORDER BY 1");
        assertThat(cursors).as("the fixture has synced cursors").anyMatch(r -> !r.endsWith("| null"));
        Map<String, String> oids = oids(db);

        StateSchema.migrate(pool(db), SCHEMA, false);

        assertThat(history(db, "flyway_schema_history"))
                .containsExactlyElementsOf(UPGRADED);
        assertThat(contents(db)).as("every row, value for value (a row's text does not name its columns)").isEqualTo(before);
        assertThat(rows(db, "SELECT table_name, synced_cursor FROM airbyte_sync.sync_state ORDER BY 1")).isEqualTo(cursors);
        assertThat(oids(db)).as("no table recreated").containsAllEntriesOf(oids);
        assertThat(tables(db, SCHEMA)).as("a single instance leaves the Quartz set alone").doesNotContain("quartz_schema_history");

        StateSchema.migrate(pool(db), SCHEMA, false);
        assertThat(history(db, "flyway_schema_history")).containsExactlyElementsOf(UPGRADED);
        assertThat(contents(db)).isEqualTo(before);
    }

    @Test
    void aClusteredInstallOfTheJarBeforeMigrationsKeepsItsScheduleAndItsRows() throws Exception {
        String db = legacyDatabase();
        Map<String, List<String>> before = contents(db);
        assertThat(before.get("qrtz_triggers")).hasSize(4);
        Map<String, String> oids = oids(db);

        StateSchema.migrate(pool(db), SCHEMA, true);

        assertThat(history(db, "quartz_schema_history"))
                .containsExactly("1 tables of a jar before versioned migrations (0.1.0) BASELINE success");
        assertThat(contents(db)).isEqualTo(before);
        assertThat(oids(db)).containsAllEntriesOf(oids);
    }

    @Test
    void anInstallFromBeforeTheNodeColumnsGetsThemBeforeItIsRecordedAsVersion1() throws Exception {
        // sql/001_state.sql alone, as a by-hand install following the README of 0.1.0 had it
        String db = legacyDatabase();
        sql(db, "ALTER TABLE airbyte_sync.sync_state DROP COLUMN last_tick_node", "ALTER TABLE airbyte_sync.sync_job DROP COLUMN followed_by");

        StateSchema.migrate(pool(db), SCHEMA, false);

        assertThat(history(db, "flyway_schema_history"))
                .containsExactlyElementsOf(UPGRADED);
        assertThat(scalar(db, "SELECT count(*) FROM airbyte_sync.sync_state WHERE last_tick_node IS NULL")).isEqualTo("3");
        assertThat(scalar(db, "SELECT count(*) FROM airbyte_sync.sync_job WHERE followed_by IS NULL")).isEqualTo("3");
    }

    @Test
    void aLaterVersionIsPickedUpByNewAndByUpgradedInstalls() throws Exception {
        ClassLoader withLater = withFile("sql/state/V90__job_note.sql", "ALTER TABLE sync_job ADD COLUMN note text;\n");
        String fresh = TestPostgres.get().newDatabase();
        StateSchema.migrate(pool(fresh), SCHEMA, false, withLater);
        assertThat(history(fresh, "flyway_schema_history")).containsExactlyElementsOf(later(NEW, "90 job note SQL success"));

        String legacy = legacyDatabase();
        List<String> jobs = rows(legacy, "SELECT job_id, status FROM airbyte_sync.sync_job ORDER BY 1");
        StateSchema.migrate(pool(legacy), SCHEMA, false);
        StateSchema.migrate(pool(legacy), SCHEMA, false, withLater); // the next jar, on the same database
        assertThat(history(legacy, "flyway_schema_history")).containsExactlyElementsOf(
                later(UPGRADED, "90 job note SQL success"));
        assertThat(rows(legacy, "SELECT job_id, status FROM airbyte_sync.sync_job ORDER BY 1")).isEqualTo(jobs);
    }

    @Test
    void flywayReplacesNoPlaceholderInOurSql() throws Exception {
        ClassLoader withLater = withFile("sql/state/V90__comment.sql", "COMMENT ON TABLE sync_state IS 'cursor as printed: ${cursor}';\n");
        String db = TestPostgres.get().newDatabase();
        StateSchema.migrate(pool(db), SCHEMA, false, withLater);
        assertThat(scalar(db, "SELECT obj_description('airbyte_sync.sync_state'::regclass)")).isEqualTo("cursor as printed: ${cursor}");
    }

    @Test
    void aFailingVersionIsNamedRolledBackWholeAndAppliedOnceFixed() throws Exception {
        String db = legacyDatabase();
        StateSchema.migrate(pool(db), SCHEMA, false);
        Map<String, List<String>> before = contents(db);
        ClassLoader broken = withFile("sql/state/V90__job_note.sql", "ALTER TABLE sync_job ADD COLUMN note text;\n"
                + "ALTER TABLE sync_state RENAME COLUMN synced_cursor_typo TO cursor_synced;\n");

        assertThatThrownBy(() -> StateSchema.migrate(pool(db), SCHEMA, false, broken))
                .hasMessageStartingWith("could not create or upgrade the state tables in schema airbyte_sync of the state database:"
                        + " migration V90__job_note.sql failed: ERROR: column \"synced_cursor_typo\" does not exist")
                .hasMessageContaining(". Fix: correct what the cause names, then start again: a migration that failed was"
                        + " rolled back whole");
        assertThat(history(db, "flyway_schema_history"))
                .containsExactlyElementsOf(UPGRADED);
        assertThat(contents(db)).isEqualTo(before);
        assertThat(scalar(db, "SELECT count(*) FROM pg_attribute WHERE attrelid = 'airbyte_sync.sync_job'::regclass AND attname = 'note'"))
                .as("the first statement of the failed version rolled back with it").isEqualTo("0");

        Files.writeString(tmp.resolve("sql/state/V90__job_note.sql"), "ALTER TABLE sync_job ADD COLUMN note text;\n");
        StateSchema.migrate(pool(db), SCHEMA, false, broken);
        assertThat(history(db, "flyway_schema_history")).containsExactlyElementsOf(
                later(UPGRADED, "90 job note SQL success"));
    }

    // ---------------------------------------------------------------- clustering turned on later

    @Test
    void aSingleInstanceThatTurnsClusteringOnGetsTheQuartzTables() throws Exception {
        String db = TestPostgres.get().newDatabase();
        StateSchema.migrate(pool(db), SCHEMA, false);
        assertThat(tables(db, SCHEMA)).noneMatch(t -> t.startsWith("qrtz_"));

        StateSchema.migrate(pool(db), SCHEMA, true);

        assertThat(tables(db, SCHEMA)).filteredOn(t -> t.startsWith("qrtz_")).hasSize(11);
        assertThat(history(db, "quartz_schema_history"))
                .containsExactly("0 start of a schema that holds other tables BASELINE success", "1 quartz tables SQL success");
        assertThat(history(db, "flyway_schema_history")).containsExactlyElementsOf(NEW);
    }

    // ---------------------------------------------------------------- two instances starting at once

    @Test
    void twoInstancesStartingAtOnceOnANewDatabaseApplyEachVersionOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            String db = TestPostgres.get().newDatabase();
            startTwoAtOnce(db);
            assertThat(history(db, "flyway_schema_history")).containsExactlyElementsOf(NEW);
            assertThat(history(db, "quartz_schema_history"))
                    .containsExactly("0 start of a schema that holds other tables BASELINE success", "1 quartz tables SQL success");
        }
    }

    @Test
    void twoInstancesStartingAtOnceOnAnInstallOfTheJarBeforeMigrationsRecordItOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            String db = legacyDatabase();
            Map<String, List<String>> before = contents(db);
            startTwoAtOnce(db);
            assertThat(history(db, "flyway_schema_history"))
                    .containsExactlyElementsOf(UPGRADED);
            assertThat(history(db, "quartz_schema_history"))
                    .containsExactly("1 tables of a jar before versioned migrations (0.1.0) BASELINE success");
            assertThat(contents(db)).isEqualTo(before);
        }
    }

    /** Two instances, each with its own pool, released at the same moment; both must succeed. */
    private void startTwoAtOnce(String db) throws Exception {
        BasicDataSource first = pool(db);
        BasicDataSource second = pool(db);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> runs = new ArrayList<>();
            for (BasicDataSource pool : List.of(first, second)) {
                runs.add(threads.submit(() -> {
                    pool.getConnection().close(); // connected before the start, so both really start together
                    together.await(10, TimeUnit.SECONDS);
                    StateSchema.migrate(pool, SCHEMA, true);
                    return null;
                }));
            }
            for (Future<Void> run : runs) {
                run.get(60, TimeUnit.SECONDS); // an exception of either instance fails the test here
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- no right to create

    @Test
    void aStateUserWithoutCreateOnTheDatabaseIsToldTheFix() throws Exception {
        String db = TestPostgres.get().newDatabase();
        String role = role(db);

        assertThatThrownBy(() -> StateSchema.migrate(pool(db, role), SCHEMA, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("could not create or upgrade the state tables in schema airbyte_sync of the state"
                        + " database: ERROR: permission denied for database ")
                .hasMessageContaining(". Fix: give the state user CREATE on the database (or create the schema owned by it:"
                        + " CREATE SCHEMA \"airbyte_sync\" AUTHORIZATION <state user>; or the tables by hand, see the header of"
                        + " sql/state/V1__state_tables.sql).");
        assertThat(tables(db, SCHEMA)).isEmpty();
    }

    @Test
    void aStateUserWithoutCreateInAnExistingSchemaIsToldTheFixAndNothingIsHalfDone() throws Exception {
        String db = legacyDatabase();
        String role = role(db);
        sql(db, "GRANT USAGE ON SCHEMA airbyte_sync TO " + role,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA airbyte_sync TO " + role);
        Map<String, List<String>> before = contents(db);

        assertThatThrownBy(() -> StateSchema.migrate(pool(db, role), SCHEMA, false))
                .hasMessageStartingWith("could not create or upgrade the state tables in schema airbyte_sync of the state"
                        + " database: ERROR: ")
                .hasMessageContaining("permission denied")
                .hasMessageContaining(". Fix: give the state user CREATE on the database");
        assertThat(tables(db, SCHEMA)).doesNotContain("flyway_schema_history");
        assertThat(contents(db)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- helpers

    private BasicDataSource pool(String url) {
        return pool(url, TestPostgres.get().user());
    }

    private BasicDataSource pool(String url, String user) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName("org.postgresql.Driver");
        ds.setUrl(url);
        ds.setUsername(user);
        if (!TestPostgres.get().password().isEmpty()) {
            ds.setPassword(TestPostgres.get().password());
        }
        ds.setMaxTotal(8);
        pools.add(ds);
        return ds;
    }

    /** A login role with no right but CONNECT (a new database grants PUBLIC no CREATE). */
    private static String role(String db) throws Exception {
        String role = "state_user_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        String password = TestPostgres.get().password();
        sql(db, "CREATE ROLE " + role + " LOGIN" + (password.isEmpty() ? "" : " PASSWORD '" + password + "'"));
        return role;
    }

    /** A new database holding what the jar before migrations left: the fixture, made by that jar's code. */
    private static String legacyDatabase() throws Exception {
        String db = TestPostgres.get().newDatabase();
        sql(db, fixture());
        return db;
    }

    private static String fixture() throws Exception {
        try (InputStream in = StateSchemaTest.class.getResourceAsStream(FIXTURE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The rows the fixture inserts, per table of the state schema (between its rows marker and the source tables). */
    private static Map<String, Integer> fixtureCounts() throws Exception {
        String fixture = fixture();
        String rows = fixture.substring(fixture.indexOf("-- ======== the rows"), fixture.indexOf("SET search_path TO public;"));
        Map<String, Integer> counts = new TreeMap<>();
        Matcher m = Pattern.compile("^INSERT INTO (\\w+) ", Pattern.MULTILINE).matcher(rows);
        while (m.find()) {
            counts.merge(m.group(1), 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, Integer> counts(Map<String, List<String>> contents) {
        Map<String, Integer> counts = new TreeMap<>();
        contents.forEach((table, rows) -> {
            if (!rows.isEmpty()) {
                counts.put(table, rows.size());
            }
        });
        return counts;
    }

    /**
     * Every row of every table of the state schema but the histories, as text, in a stable order; without the columns
     * later versions add ({@link #LATER_COLUMNS}), so rows from before them compare value for value.
     */
    private static Map<String, List<String>> contents(String db) throws Exception {
        Map<String, List<String>> contents = new TreeMap<>();
        for (String table : tables(db, SCHEMA)) {
            if (!table.endsWith("_schema_history")) {
                String columns = rows(db, "SELECT string_agg('t.' || quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute"
                        + " WHERE attrelid = 'airbyte_sync." + table + "'::regclass AND attnum > 0 AND NOT attisdropped"
                        + " AND attname <> ALL (ARRAY['" + String.join("', '", LATER_COLUMNS) + "'])").get(0);
                List<String> rows = rows(db, "SELECT ROW(" + columns + ")::text FROM airbyte_sync." + table + " t ORDER BY 1");
                if (!rows.isEmpty()) { // a table a later version adds (V6: schema_refresh) is empty after the upgrade
                    contents.put(table, rows);
                }
            }
        }
        return contents;
    }

    /** Columns, constraints and indexes of each table of the state schema, as PostgreSQL prints them. */
    private static Map<String, List<String>> definitions(String db) throws Exception {
        Map<String, List<String>> definitions = new TreeMap<>();
        for (String table : tables(db, SCHEMA)) {
            String rel = "'airbyte_sync." + table + "'::regclass";
            List<String> d = new ArrayList<>(rows(db, "SELECT attnum || ' ' || attname || ' ' || format_type(atttypid, atttypmod)"
                    + " || CASE WHEN attnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
                    + " FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attrelid = " + rel + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"));
            d.addAll(rows(db, "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = " + rel + " ORDER BY 1"));
            d.addAll(rows(db, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'airbyte_sync' AND tablename = '" + table + "' ORDER BY 1"));
            definitions.put(table, d);
        }
        return definitions;
    }

    private static Map<String, String> oids(String db) throws Exception {
        Map<String, String> oids = new LinkedHashMap<>();
        for (String row : rows(db, "SELECT c.relname || '=' || c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'airbyte_sync' AND c.relkind = 'r' ORDER BY 1")) {
            oids.put(row.substring(0, row.indexOf('=')), row.substring(row.indexOf('=') + 1));
        }
        return oids;
    }

    private static List<String> history(String db, String table) throws Exception {
        String qualified = table.contains(".") ? table : "airbyte_sync." + table;
        return rows(db, "SELECT version || ' ' || description || ' ' || type || ' ' || CASE WHEN success THEN 'success' ELSE 'FAILED' END"
                + " FROM " + qualified + " ORDER BY installed_rank");
    }

    private static List<String> tables(String db, String schema) throws Exception {
        return rows(db, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                + schema + "' AND c.relkind = 'r' ORDER BY 1");
    }

    private ClassLoader withFile(String path, String text) throws Exception {
        Path file = tmp.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return new URLClassLoader(new URL[] {tmp.toUri().toURL()}, StateSchemaTest.class.getClassLoader());
    }

    private static Connection connect(String db) throws Exception {
        return DriverManager.getConnection(db, TestPostgres.get().user(), TestPostgres.get().password());
    }

    private static void sql(String db, String... statements) throws Exception {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(String db, String sql) throws Exception {
        try (Connection c = connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " | ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    private static String scalar(String db, String sql) throws Exception {
        List<String> rows = rows(db, sql);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
