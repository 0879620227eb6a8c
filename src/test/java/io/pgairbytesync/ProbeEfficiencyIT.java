package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.support.TestPostgres;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;

/** Issue #4: the probe is built once and reused, unindexed cursors are reported, deletes can be seen. */
class ProbeEfficiencyIT extends OrchestratorTestBase {

    /**
     * Checked on the server, in the service's own session: pg_prepared_statements is per session, and the block's probe
     * runs in its probe lane, a pool of one session (the same physical session for every tick and for the reads here). The probe must be one
     * named server-side statement, prepared once (its name and prepare_time stay) and executed as that statement on
     * every later tick (its generic_plans + custom_plans grow by one per tick). Read here rather than from the server
     * log: the embedded server is shared by the tests of the run, and log_statement=all would be server-wide.
     */
    @Test
    void theProbeIsPreparedOnceOnTheServerAndEveryLaterTickExecutesThatPreparedStatement() throws Exception {
        sql("CREATE TABLE a (updated_at timestamptz)", "CREATE TABLE b (updated_at timestamptz)",
                "CREATE INDEX ON a (updated_at)", "CREATE INDEX ON b (updated_at)");
        startService(block("ab", CONNECTION, "a, b"));
        BasicDataSource sourceDb = lane("ab");
        assertThat(sourceDb.getMaxTotal()).as("a probe lane has one session").isEqualTo(1);
        stubJobCreated(101);
        tick("ab", CONNECTION);
        ProbePlanner planner = camel.getRegistry().lookupByNameAndType("probePlanner", ProbePlanner.class);
        ProbePlan plan = planner.cached("ab");
        assertThat(plan).isNotNull();
        assertThat(plan.sql()).startsWith("SELECT v.ord").doesNotContain(";").contains("\"public\".\"a\"", "\"public\".\"b\"");
        // the driver turns a statement into a named server-side one after a few executions (prepareThreshold)
        for (int i = 0; i < 9; i++) {
            tick("ab", CONNECTION);
        }
        PreparedProbe first = preparedProbe(sourceDb);
        assertThat(first.executions()).as("executions of the prepared probe after 10 ticks").isPositive();

        for (int i = 0; i < 5; i++) {
            tick("ab", CONNECTION);
        }
        PreparedProbe later = preparedProbe(sourceDb);
        assertThat(later.backendPid()).as("the same session (pool of one)").isEqualTo(first.backendPid());
        assertThat(later.name()).as("the same named statement").isEqualTo(first.name());
        assertThat(later.preparedAt()).as("prepared once: not prepared again").isEqualTo(first.preparedAt());
        assertThat(later.executions()).as("each of the 5 later ticks executed the prepared probe")
                .isEqualTo(first.executions() + 5);
        assertThat(planner.cached("ab")).isSameAs(plan);
        assertThat(allLog()).noneMatch(l -> l.contains("has no btree index"));
    }

    /**
     * Issue 13: blocks ticking in the same second, round after round, cost the source one statement each, prepared
     * once per pooled session, and the state two (job in flight: read the state, note the check), with no session
     * opened or closed and no check of a session per borrow. Counted by the server: pg_stat_activity (the pools'
     * sessions, by pid and start), pg_stat_statements (every statement run and planned) and pg_prepared_statements
     * of each of the probe pool's sessions (what is prepared there, since when, and how often it ran).
     */
    @Test
    void blocksTickingTogetherKeepTheirSessionsAndRunEachProbePreparedOncePerSession() throws Exception {
        int blocks = 6;
        int rounds = 5;
        List<String> routes = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < blocks; i++) {
            sql("CREATE TABLE t" + i + " (id int, updated_at timestamptz)", "CREATE INDEX ON t" + i + " (updated_at)");
            routes.add("b" + i);
            yaml.append(block("b" + i, String.format("0b1c2d3e-4f50-4a6b-8c7d-%012d", i), "t" + i));
        }
        useFakeAirbyte();
        fake.holdRunning(); // after the first tick every tick is job-in-flight: probe, read the state, note the check
        // the alert episodes' timer (every HEALTH_CHECK_SECONDS) off the window; the one other timer of the state pool,
        // the job pruning a minute after the start, is left out of the count below
        startService(yaml.toString(), Map.of("health.check.seconds", "3600", "source.probes.at.once", "3"));
        // no statistics left for autovacuum to gather during the rounds on what the probes read (an ANALYZE would have
        // them planned again, rightly)
        StringBuilder analyze = new StringBuilder("ANALYZE pg_catalog.pg_attribute");
        for (int i = 0; i < blocks; i++) {
            analyze.append(", t").append(i);
        }
        sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", analyze.toString());
        tickTogether(routes); // first sight: a job each
        tickTogether(routes);
        Map<String, String> probeSessions = sessions("pg-airbyte-sync probe");
        Map<String, String> stateSessions = sessions("pg-airbyte-sync state");
        OffsetDateTime windowStart = ((java.sql.Timestamp) scalar("SELECT pg_stat_statements_reset()")).toInstant()
                .atOffset(java.time.ZoneOffset.UTC);

        for (int round = 0; round < rounds; round++) {
            tickTogether(routes);
        }

        // none closed (pid: start); a pool may still open one more up to its size, when more borrowers than ever before
        // meet in one moment (a loaded machine: the job follow-up's poll beside six ticks), but never closes one to open another
        assertThat(sessions("pg-airbyte-sync probe")).as("the probe pools' sessions (pid: start): none closed")
                .containsAllEntriesOf(probeSessions);
        assertThat(sessions("pg-airbyte-sync state")).as("the state pool's sessions: none closed").containsAllEntriesOf(stateSessions);
        BasicDataSource statePool = camel.getRegistry().lookupByNameAndType("stateDb", BasicDataSource.class);
        assertThat(sessions("pg-airbyte-sync state")).as("the state pool's sessions: at most its size, all of them its own")
                .hasSizeLessThanOrEqualTo(statePool.getMaxTotal()).hasSize(statePool.getNumIdle() + statePool.getNumActive());
        // (left out: the test's own statements, its reads of pg_stat_* and the start of its own sessions; the pruning; the
        // settle read)
        Map<String, Long> calls = new java.util.TreeMap<>();
        long probePlans = 0;
        for (Map<String, Object> row : query("SELECT s.query, s.calls, s.plans FROM pg_stat_statements s JOIN pg_database d"
                + " ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_activity%'"
                + " AND s.query NOT LIKE '%pg_stat_statements%' AND s.query NOT LIKE '%PostgreSQL JDBC Driver%'"
                + " AND s.query NOT LIKE '%DELETE FROM sync_job%'"
                // the settle read of the first-sight jobs' write counters (stats-settle.yaml), once per job, not per tick
                + " AND s.query NOT LIKE '%STATS SETTLE%'")) {
            String text = ((String) row.get("query")).strip();
            boolean probe = text.startsWith("SELECT v.ord");
            calls.merge(probe ? "probe of " + text.replaceAll("(?s).*FROM \"public\".\"(t\\d+)\".*", "$1")
                    : text.lines().filter(l -> !l.startsWith("--")).findFirst().orElse(text), (Long) row.get("calls"), Long::sum);
            probePlans += probe ? (Long) row.get("plans") : 0;
        }
        // a session opened in the window (see above) ran its set-up once: counted apart, never per borrow
        java.util.Set<String> opened = new java.util.HashSet<>(sessions("pg-airbyte-sync state").keySet());
        opened.addAll(sessions("pg-airbyte-sync probe").keySet());
        opened.removeAll(stateSessions.keySet());
        opened.removeAll(probeSessions.keySet());
        Map<String, Long> setUp = new java.util.TreeMap<>(calls);
        setUp.keySet().removeIf(statement -> !statement.startsWith("SET "));
        calls.keySet().removeAll(setUp.keySet());
        assertThat(setUp.values()).as("session set-up statements " + setUp + ": once in each of the " + opened.size()
                + " session(s) opened in the window, never per borrow").allMatch(n -> n >= 1 && n <= opened.size());
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (int i = 0; i < blocks; i++) {
            expected.put("probe of t" + i, (long) rounds);
        }
        expected.put("SELECT s.table_schema, s.table_name, s.cursor_column, s.synced_cursor, s.column_hash, s.column_list,", (long) blocks * rounds);
        expected.put("UPDATE sync_state", (long) blocks * rounds);
        assertThat(calls).as("every statement the service ran in " + rounds + " rounds of " + blocks + " blocks ticking together,"
                + " with its calls: one probe a tick on the source, two statements a tick on the state, nothing else (no SELECT 1"
                + " per borrow, no session set-up)").isEqualTo(expected);

        // every probe ran as a statement prepared in its lane's session, prepared once there and nowhere else (a prepared
        // probe's plan costs the source memory in each session that holds it); planned once, when prepared
        List<PreparedProbeRow> prepared = new ArrayList<>();
        List<String> lanes = routes.stream().map(r -> camel.getRegistry().lookupByNameAndType("connectionBlocks",
                io.pgairbytesync.tick.ConnectionBlocks.class).laneOf(r)).distinct().toList();
        assertThat(lanes).as("SOURCE_PROBES_AT_ONCE=3: the six blocks (up to 8 ticks at once) take turns in three lanes")
                .hasSize(3);
        for (String lane : lanes) {
            prepared.addAll(preparedProbes(camel.getRegistry().lookupByNameAndType(lane, BasicDataSource.class)));
        }
        assertThat(prepared.stream().map(PreparedProbeRow::session).distinct().count())
                .as("the probes ran in three sessions of the source: at most three probes at once").isEqualTo(3);
        assertThat(preparedProbes(camel.getRegistry().lookupByNameAndType("sourceDb", BasicDataSource.class)))
                .as("no probe prepared in the shared pool's sessions (catalog reads, readiness)").isEmpty();
        assertThat(prepared).as("each block's probe prepared in one session of the source only")
                .extracting(PreparedProbeRow::table).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, blocks).mapToObj(i -> "t" + i).toList());
        assertThat(prepared).as("a generic plan, kept: never planned again for a tick").allMatch(r -> r.customPlans() == 0);
        assertThat(prepared.stream().mapToLong(PreparedProbeRow::genericPlans).sum())
                .as("executions of the probes prepared in the pool's sessions: every probe run since the start")
                .isEqualTo((long) blocks * (rounds + 2));
        assertThat(probePlans).as("probes planned in the window: once for each probe a session prepared in the window, never again")
                .isEqualTo(prepared.stream().filter(r -> r.preparedAt().isAfter(windowStart)).count());

        // the same discipline on the state database: the tick's statements are prepared once per session and then only
        // executed there; camel-sql asking the driver for the parameter count had pgjdbc prepare them anew at every run, so
        // that each prepared statement ran once. Counted from the prepared statements of the state pool's sessions: their
        // executions cover at least every tick of the window
        Map<String, Long> executions = new java.util.TreeMap<>();
        for (String[] r : prepared(statePool)) {
            executions.merge(r[1], Long.parseLong(r[2]), Long::sum);
        }
        assertThat(executions).as("executions of the tick's two statements as prepared in the state pool's sessions")
                .containsOnlyKeys("read-sync-state", "record-checked")
                .allSatisfy((statement, runs) -> assertThat(runs).as(statement).isGreaterThanOrEqualTo((long) blocks * rounds));
    }

    /** Per session of the state pool (all borrowed at once): pid, which of the tick's two statements is prepared there, its runs. */
    private static List<String[]> prepared(BasicDataSource pool) throws Exception {
        return inEachSession(pool, "SELECT pg_backend_pid(), CASE WHEN"
                + " statement LIKE '%SELECT s.table_schema, s.table_name, s.cursor_column%' THEN 'read-sync-state'"
                + " ELSE 'record-checked' END, generic_plans + custom_plans FROM pg_catalog.pg_prepared_statements WHERE NOT from_sql"
                + " AND (statement LIKE '%SELECT s.table_schema, s.table_name, s.cursor_column%'"
                + " OR statement LIKE '%SET last_checked_at = now(), last_decision%')",
                rs -> new String[] {String.valueOf(rs.getInt(1)), rs.getString(2), String.valueOf(rs.getLong(3))});
    }

    /** A row of a query run in each session of a pool. */
    private interface SessionRow<T> {
        T read(ResultSet rs) throws java.sql.SQLException;
    }

    /** Runs {@code sql} in every idle session of a pool (all borrowed at once, between ticks) and reads its rows. */
    private static <T> List<T> inEachSession(BasicDataSource pool, String sql, SessionRow<T> row) throws Exception {
        List<Connection> sessions = new ArrayList<>();
        List<T> rows = new ArrayList<>();
        try {
            for (int i = pool.getNumIdle(); i > 0; i--) {
                sessions.add(pool.getConnection());
            }
            for (Connection c : sessions) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        rows.add(row.read(rs));
                    }
                }
            }
        } finally {
            for (Connection c : sessions) {
                c.close();
            }
        }
        return rows;
    }

    /** The probe lane (a pool of one session) that runs the probe of block {@code routeId}. */
    private BasicDataSource lane(String routeId) {
        String lane = camel.getRegistry().lookupByNameAndType("connectionBlocks", io.pgairbytesync.tick.ConnectionBlocks.class)
                .laneOf(routeId);
        return camel.getRegistry().lookupByNameAndType(lane, BasicDataSource.class);
    }

    private record PreparedProbeRow(int session, String table, OffsetDateTime preparedAt, long genericPlans, long customPlans) {
    }

    /** The probes prepared in every session of a pool, read in each of them (all borrowed at once, between ticks). */
    private static List<PreparedProbeRow> preparedProbes(BasicDataSource sourceDb) throws Exception {
        return inEachSession(sourceDb, "SELECT pg_backend_pid(), substring(statement"
                + " FROM 'FROM \"public\".\"(t\\d+)\"'), prepare_time, generic_plans, custom_plans FROM"
                + " pg_catalog.pg_prepared_statements WHERE statement LIKE 'SELECT v.ord%' AND NOT from_sql",
                rs -> new PreparedProbeRow(rs.getInt(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class), rs.getLong(4),
                        rs.getLong(5)));
    }

    /** The sessions of one of the service's pools on this database: pid and start of each. */
    private Map<String, String> sessions(String applicationName) throws Exception {
        Map<String, String> sessions = new java.util.TreeMap<>();
        for (Map<String, Object> row : query("SELECT pid, backend_start FROM pg_stat_activity WHERE datname = current_database()"
                + " AND application_name = '" + applicationName + "'")) {
            sessions.put(String.valueOf(row.get("pid")), String.valueOf(row.get("backend_start")));
        }
        return sessions;
    }

    /** A tick of each block at once, every one done without a failure. */
    private void tickTogether(List<String> routeIds) throws Exception {
        tickTogether(routeIds, Duration.ofSeconds(60));
        assertThat(decisionLog()).noneMatch(l -> l.contains(" tick failed"));
    }

    private record PreparedProbe(int backendPid, String name, OffsetDateTime preparedAt, long executions) {
    }

    /** The probe's row of pg_prepared_statements, read in the probe pool's one session between two ticks. */
    private static PreparedProbe preparedProbe(BasicDataSource sourceDb) throws Exception {
        try (Connection c = sourceDb.getConnection(); Statement st = c.createStatement()) {
            int pid;
            try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            List<PreparedProbe> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name, prepare_time, generic_plans + custom_plans FROM"
                    + " pg_catalog.pg_prepared_statements WHERE statement LIKE 'SELECT v.ord%' AND NOT from_sql")) {
                while (rs.next()) {
                    rows.add(new PreparedProbe(pid, rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getLong(3)));
                }
            }
            assertThat(rows).as("named server-side statements of the probe in session " + pid).hasSize(1);
            return rows.get(0);
        }
    }

    /**
     * The start-up check (the first tick of a block reads the catalog): a table whose row-level security hides every
     * row from the probe user probes as empty, silently; the log says so, with the fix.
     */
    @Test
    void rowLevelSecurityThatHidesRowsFromTheProbeUserIsWarnedAtTheFirstTick() throws Exception {
        String probe = "probe_" + dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
        sql("CREATE ROLE " + probe + " LOGIN PASSWORD 'probe-pw'",
                "CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)",
                "INSERT INTO orders VALUES (1, '2026-11-27 09:00:00+00')", "ALTER TABLE orders ENABLE ROW LEVEL SECURITY",
                "GRANT SELECT ON orders TO " + probe);
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("source.db.user", probe,
                "source.db.password", "probe-pw", "state.db.url", dbUrl, "state.db.user", TestPostgres.get().user(),
                "state.db.password", TestPostgres.get().password()));
        stubJobCreated(101);

        tick();

        assertThat(decisionLog()).as("what the probe user sees: no row").contains("orders-to-bigquery data-changed public.orders"
                + " updated_at NULL (first sight) -> job 101");
        assertThat(allLog()).contains("orders-to-bigquery: table public.orders has row-level security and the probe user " + probe
                + " does not bypass it (it is not a superuser, has no BYPASSRLS and does not own the table): the probe sees only the"
                + " rows the table's policies let " + probe + " see, none without a policy, so max(updated_at) can be too low or NULL"
                + " and changes go unseen. Fix: ALTER ROLE " + probe + " BYPASSRLS; (as a superuser), or a policy that lets it read"
                + " every row: CREATE POLICY pg_airbyte_sync_probe ON public.orders FOR SELECT TO " + probe + " USING (true);");
    }

    @Test
    void aCursorWithoutAnIndexIsReportedWithTheStatementThatFixesIt() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "CREATE TABLE indexed (id int, updated_at timestamptz)", "CREATE INDEX ON indexed (updated_at)",
                "CREATE TABLE partial (id int, updated_at timestamptz)",
                "CREATE INDEX ON partial (updated_at) WHERE id > 0", "CREATE INDEX ON partial USING hash (updated_at)",
                "CREATE TABLE second_col (id int, updated_at timestamptz)", "CREATE INDEX ON second_col (id, updated_at)");
        startService(block("orders-to-bigquery", CONNECTION, "orders, indexed, partial, second_col"));
        stubJobCreated(101);
        tick();
        assertThat(allLog()).contains("orders-to-bigquery: cursor column public.orders.updated_at has no btree index that"
                + " max() can use, so every probe reads the whole table. Fix: CREATE INDEX CONCURRENTLY ON public.orders (updated_at);");
        assertThat(allLog()).anyMatch(l -> l.contains("public.partial.updated_at has no btree index"));
        assertThat(allLog()).anyMatch(l -> l.contains("public.second_col.updated_at has no btree index"));
        assertThat(allLog()).noneMatch(l -> l.contains("public.indexed.updated_at has no btree index"));
    }

    /**
     * The stand-in's jobs end at once and the table changes right after: STATS_FLUSH_DELAY_SECONDS=0 (no settle read),
     * as StatsSignalIT tests the settle read; here the statistics are awaited before each tick.
     */
    @Test
    void withCursorPlusStatsADeleteThatKeepsTheMaxIsAChange() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        awaitWrites("orders", 2); // the statistics of the inserts have arrived
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("change.signal", "cursor+stats", "stats.flush.delay.seconds", "0"));
        stubJobCreated(101);
        tick();
        stubJobStatus(101, "succeeded");
        followJobs();
        assertThat(state("public.orders").get("synced_write_count")).isEqualTo(2L);

        sql("DELETE FROM orders WHERE id = 1"); // max(updated_at) stays 2026-01-02
        stubJobCreated(102);
        tickUntilJobPosts(2);
        assertThat(decisionLog()).anyMatch(l -> l.matches("orders-to-bigquery data-changed public.orders writes \\d+ \\(was \\d+\\) -> job 102"));
        stubJobStatus(102, "succeeded");
        followJobs();

        // a stats reset makes the counter go down: counted as a change too
        sql("SELECT pg_stat_reset_single_table_counters('public.orders'::regclass)");
        stubJobCreated(103);
        tickUntilJobPosts(3);
    }

    @Test
    void withTheDefaultCursorSignalADeleteThatKeepsTheMaxIsNotAChange() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        stubJobCreated(101);
        tick();
        stubJobStatus(101, "succeeded");
        followJobs();
        sql("DELETE FROM orders WHERE id = 1");
        // the delete has reached the statistics, where a service that looked at them would see it
        awaitWrites("orders", 3);
        for (int i = 0; i < 5; i++) {
            tick();
        }
        assertThat(decisionLog()).filteredOn(l -> l.equals("orders-to-bigquery unchanged public.orders"))
                .as("the five ticks after the delete, each done and unchanged").hasSize(5);
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("synced_write_count")).as("recorded whatever the signal").isNotNull();
    }

    /**
     * One start-up tick per block, none of them repeated: both blocks' schedules are far away (year 2099), so after each
     * block's first tick is done, any further tick in the 3 s that follow would be a second start-up tick.
     */
    @Test
    void everyConnectionTicksExactlyOnceRightAfterStartUp() throws Exception {
        String other = "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0";
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE TABLE customers (id int, updated_at timestamptz)");
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withRequestBody(containing(CONNECTION))
                .willReturn(okJson(jobJson(101, "pending", null, null))));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withRequestBody(containing(other))
                .willReturn(okJson(jobJson(102, "pending", null, null).replace(CONNECTION, other))));
        startService(block("orders-to-bigquery", CONNECTION, "orders") + block("customers-to-bigquery", other, "customers"),
                Map.of("tick.on.start", "true"));
        await().atMost(Duration.ofSeconds(60)).until(() -> ticks.done("orders-to-bigquery") >= 1
                && ticks.done("customers-to-bigquery") >= 1);
        long windowEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < windowEnd) {
            assertThat(ticks.done("orders-to-bigquery")).as("ticks of orders-to-bigquery").isEqualTo(1);
            assertThat(ticks.done("customers-to-bigquery")).as("ticks of customers-to-bigquery").isEqualTo(1);
            Thread.sleep(50);
        }
        assertThat(jobPosts()).as("one first-sight job per block").isEqualTo(2);
        assertThat(query("SELECT pending_job_id FROM airbyte_sync.sync_state ORDER BY pending_job_id"))
                .extracting(r -> r.get("pending_job_id")).containsExactly(101L, 102L);
    }

    /** The statistics collector flushes a backend's counters shortly after its transaction: tick until seen. */
    private void tickUntilJobPosts(int expected) throws Exception {
        for (int i = 0; i < 40 && jobPosts() < expected; i++) {
            Thread.sleep(250);
            tick();
        }
        assertThat(jobPosts()).isEqualTo(expected);
    }

    @Test
    void aPartitionedTableIsProbedAsOneAndItsPartitionsWritesCount() throws Exception {
        sql("CREATE TABLE events (id int, updated_at timestamptz NOT NULL) PARTITION BY RANGE (updated_at)",
                "CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE INDEX ON events (updated_at)",
                "INSERT INTO events VALUES (1, '2025-06-01 00:00:00+00'), (2, '2026-06-01 00:00:00+00')");
        awaitWrites("events_2025", 1); // the statistics of the inserts have arrived
        awaitWrites("events_2026", 1);
        startService(block("events", CONNECTION, "events"), Map.of("change.signal", "cursor+stats", "stats.flush.delay.seconds", "0"));
        stubJobCreated(101);
        tick("events", CONNECTION);
        stubJobStatus(101, "succeeded");
        followJobs();
        assertThat(state("public.events").get("synced_cursor")).isEqualTo("2026-06-01T00:00:00.000000Z");
        assertThat(state("public.events").get("synced_write_count")).isEqualTo(2L);
        assertThat(allLog()).noneMatch(l -> l.contains("public.events.updated_at has no btree index"));

        sql("DELETE FROM events WHERE id = 1"); // in the other partition; the max stays
        stubJobCreated(102);
        for (int i = 0; i < 40 && jobPosts() < 2; i++) {
            Thread.sleep(250);
            tick("events", CONNECTION);
        }
        assertThat(jobPosts()).isEqualTo(2);
    }
}
