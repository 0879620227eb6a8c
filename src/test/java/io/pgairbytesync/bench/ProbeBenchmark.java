package io.pgairbytesync.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgairbytesync.PgAirbyteSyncMain;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.support.FakeAirbyte;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.CamelContext;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.quartz.JobKey;

/**
 * The performance figures of issue #4, printed as a report. Not part of the test suite; run with
 * {@code mvn -B -q -Pbench test-compile exec:java} (see README). Options (system properties):
 * {@code bench.sizes} (10,100,1000), {@code bench.iterations} (50), {@code bench.bigRows} (5000000),
 * {@code bench.soakSeconds} (600), {@code bench.workloadSeconds} (60), {@code bench.serverSeconds} (30),
 * {@code bench.parts} (probe,server,big,status,workload,jar; and cdc, which starts the server with wal_level=logical),
 * {@code bench.cdcWalMb} (300: unrelated WAL behind the CDC block's slot), {@code bench.statusJobs} (10000,1000000: sync_job rows),
 * {@code bench.jvmFlags} (the JVM flags of deploy/pg-airbyte-sync.service, for the jar; the class-data archive is made
 * and added by the benchmark itself), {@code bench.trace} (set: print each start-up's log with the seconds since start).
 */
public final class ProbeBenchmark {

    private static final String API = "/api/public/v1";
    private static final int COLUMNS = 20;
    /** As in deploy/pg-airbyte-sync.service. */
    static final String JVM_FLAGS = "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError";

    private final EmbeddedPostgres pg;
    private final WireMockServer airbyte;
    private final int iterations = Integer.getInteger("bench.iterations", 50);

    private final ServerLog serverLog;

    private ProbeBenchmark(EmbeddedPostgres pg, WireMockServer airbyte, ServerLog serverLog) {
        this.pg = pg;
        this.airbyte = airbyte;
        this.serverLog = serverLog;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("pg-airbyte-sync benchmark: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"));
        Path serverLogFile = Files.createTempFile("bench-postgresql", ".log");
        // the server's own log (ServerLog): every statement of the measured databases with its parse, bind and execute time
        String parts = System.getProperty("bench.parts", "probe,server,big,status,workload,jar");
        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder();
        if (parts.contains("cdc")) {
            server.setServerConfig("wal_level", "logical"); // the CDC part has a real publication and replication slot
        }
        try (EmbeddedPostgres pg = server.setServerConfig("max_connections", "200")
                .setServerConfig("log_line_prefix", ServerLog.LINE_PREFIX).setServerConfig("log_connections", "on")
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLogFile.toFile()))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLogFile.toFile())).start()) {
            WireMockServer airbyte = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                    .globalTemplating(true));
            airbyte.start();
            stubAirbyte(airbyte);
            try {
                ProbeBenchmark b = new ProbeBenchmark(pg, airbyte, new ServerLog(serverLogFile));
                System.out.println("PostgreSQL: " + b.scalar("postgres", "SELECT version()"));
                if (parts.contains("probe")) {
                    for (String n : System.getProperty("bench.sizes", "10,100,1000").split(",")) {
                        b.probeVersusNaive(Integer.parseInt(n.trim()));
                    }
                }
                if (parts.contains("server")) {
                    int seconds = Integer.getInteger("bench.serverSeconds", 30);
                    b.serverCost(10, 100, seconds);
                    b.serverCost(1, 1000, seconds);
                }
                if (parts.contains("cdc")) {
                    int seconds = Integer.getInteger("bench.serverSeconds", 30);
                    b.cdcTickCost(10, Integer.getInteger("bench.cdcWalMb", 300), seconds);
                    b.cdcTickCost(100, Integer.getInteger("bench.cdcWalMb", 300), seconds);
                }
                if (parts.contains("big")) {
                    b.bigTable(Long.getLong("bench.bigRows", 5_000_000L));
                }
                if (parts.contains("status")) {
                    b.statusPage(System.getProperty("bench.statusJobs", "10000,1000000"));
                }
                if (parts.contains("workload")) {
                    b.jobsVersusChanges(Integer.getInteger("bench.workloadSeconds", 60));
                }
                if (parts.contains("scale")) {
                    ScaleBenchmark.run(pg, airbyte, b.serverLog);
                }
                if (parts.contains("jar")) {
                    b.startupAndFootprint(Integer.getInteger("bench.soakSeconds", 600));
                }
            } finally {
                airbyte.stop();
            }
        }
        System.exit(0);
    }

    /** Every POST /jobs gets a new job id; every job has succeeded when asked. */
    private static void stubAirbyte(WireMockServer airbyte) {
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"jobId\": {{randomInt lower=1 upper=2000000000}}, \"status\": \"pending\", \"jobType\": \"sync\","
                        + " \"startTime\": \"2026-11-24T10:00:00Z\", \"connectionId\": \"{{jsonPath request.body '$.connectionId'}}\"}")));
        airbyte.stubFor(get(urlMatching(API + "/jobs/[0-9]+")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"jobId\": {{request.pathSegments.[4]}}, \"status\": \"succeeded\", \"jobType\": \"sync\","
                        + " \"startTime\": \"2026-11-24T10:00:00Z\", \"connectionId\": \"00000000-0000-0000-0000-000000000000\","
                        + " \"rowsSynced\": 1, \"bytesSynced\": 1}")));
        // the connection check (status page link, inactive alert) and readiness
        airbyte.stubFor(get(urlMatching(API + "/connections/[0-9a-f-]+")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"connectionId\": \"{{request.pathSegments.[4]}}\", \"name\": \"bench\", \"status\": \"active\","
                        + " \"workspaceId\": \"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f\", \"sourceId\": \"2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c\","
                        + " \"destinationId\": \"7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7\"}")));
        airbyte.stubFor(get(urlEqualTo(API + "/health")).willReturn(aResponse().withStatus(200)));
    }

    // ------------------------------------------------------------------ (1) our probe vs the naive way vs SELECT 1

    private void probeVersusNaive(int n) throws Exception {
        String db = "bench_" + n;
        exec("postgres", "CREATE DATABASE " + db);
        List<String> tables = createTables(db, "t", n, 100, true);
        String connectionId = uuid(n);
        Main main = start(db, List.of(block("bench", connectionId, String.join(", ", tables), "0 0 0 1 1 ? 2099")), false, 1);
        try {
            CamelContext camel = main.getCamelContext();
            tickAndSettle(camel, "bench", connectionId);
            ProbePlan plan = camel.getRegistry().lookupByNameAndType("probePlanner", ProbePlanner.class).cached("bench");
            DataSource source = camel.getRegistry().lookupByNameAndType("sourceDb", DataSource.class);

            long[] ours = time(() -> {
                try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(plan.sql());
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(2);
                    }
                }
            });
            // what a pooled session pays the first time it runs the probe: parse, plan and execute (new session each run;
            // connecting is not counted)
            long[] first = new long[iterations];
            for (int i = 0; i < iterations; i++) {
                try (Connection c = connect(db)) {
                    long start = System.nanoTime();
                    try (PreparedStatement ps = c.prepareStatement(plan.sql()); ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(2);
                        }
                    }
                    first[i] = System.nanoTime() - start;
                }
            }
            long[] naive;
            // its own connection: the naive way holds one prepared statement per table open at once
            try (Connection c = connect(db);
                    PreparedStatement cols = c.prepareStatement("SELECT column_name, data_type, character_maximum_length,"
                            + " numeric_precision, numeric_scale FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                            + " ORDER BY ordinal_position")) {
                List<PreparedStatement> maxes = new ArrayList<>();
                for (String t : tables) {
                    maxes.add(c.prepareStatement("SELECT max(updated_at) FROM public." + t));
                }
                naive = time(() -> {
                    for (int i = 0; i < tables.size(); i++) {
                        cols.setString(1, "public");
                        cols.setString(2, tables.get(i));
                        try (ResultSet rs = cols.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(1);
                            }
                        }
                        try (ResultSet rs = maxes.get(i).executeQuery()) {
                            rs.next();
                            rs.getTimestamp(1);
                        }
                    }
                });
                for (PreparedStatement p : maxes) {
                    p.close();
                }
            }
            long[] floor;
            try (Connection c = source.getConnection(); PreparedStatement one = c.prepareStatement("SELECT 1")) {
                floor = time(() -> {
                    try (ResultSet rs = one.executeQuery()) {
                        rs.next();
                    }
                });
            }
            TickFailures failures = TickFailures.watch();
            long[] tick;
            try {
                tick = timeTicks(camel, "bench", connectionId);
            } finally {
                failures.stop();
            }
            System.out.printf(Locale.ROOT, "%n== probe of one connection with %d tables x %d columns (indexed cursor), %d runs ==%n",
                    n, COLUMNS, iterations);
            row("(a) our probe: one statement, warm pooled session", ours);
            row("(a') the same, first execution in a new session", first);
            row("(b) naive: information_schema + max() per table", naive);
            row("(c) floor: SELECT 1", floor);
            row("full tick through Camel (probe, state read, write)", tick);
            if (failures.count() > 0) {
                System.out.printf("  FAILURES: %d of these %d ticks failed; the tick figure is void%n", failures.count(), iterations);
            }
            System.out.printf(Locale.ROOT, "ratio (b)/(a) median %.1fx, p95 %.1fx; (a)/(c) median %.1fx%n",
                    ratio(naive, ours, 50), ratio(naive, ours, 95), ratio(ours, floor, 50));
        } finally {
            main.stop();
        }
    }

    // ------------------------------------------------------------------ (1b) what the source database pays, from its own log

    /**
     * {@code blocks} connection blocks of {@code tablesPerBlock} tables, all ticking every second (the same second),
     * all unchanged once their first job is done: the server's own log over {@code seconds} of steady state says what
     * each connection-tick costs the source (parse, bind and plan, execute), how many statements and sessions that
     * takes, and what the state database pays on top (here the same server, its own pool).
     */
    private void serverCost(int blocks, int tablesPerBlock, int seconds) throws Exception {
        String db = "bench_server_" + blocks + "x" + tablesPerBlock;
        // the duration of each message (wall time: it includes waiting for a core), and the CPU the backend spent on it
        exec("postgres", "CREATE DATABASE " + db, "ALTER DATABASE " + db + " SET log_min_duration_statement = 0",
                "ALTER DATABASE " + db + " SET log_statement_stats = on");
        List<String> yaml = new ArrayList<>();
        for (int c = 0; c < blocks; c++) {
            List<String> tables = createTables(db, "b" + c + "_", tablesPerBlock, 10, true);
            yaml.add(block("srv-" + c, uuid(300 + c), String.join(", ", tables), "* * * * * ?"));
        }
        TickFailures failures = TickFailures.watch();
        Main main = start(db, yaml, true, 1);
        try {
            CamelContext camel = main.getCamelContext();
            // settle: every block's first-sight job followed to its end, then a few unchanged ticks
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Long.parseLong(scalar(db, "SELECT count(*) FROM airbyte_sync.sync_state WHERE synced_cursor IS NOT NULL"))
                    < (long) blocks * tablesPerBlock && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            long from = serverLog.mark();
            double ticksBefore = decisions(camel);
            long failedBefore = failures.count();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            double ticks = decisions(camel) - ticksBefore;
            long failed = failures.count() - failedBefore;
            Thread.sleep(1500); // the collector writes the last lines
            ServerLog.Cost source = serverLog.since(from, db, "pg-airbyte-sync probe");
            ServerLog.Cost state = serverLog.since(from, db, "pg-airbyte-sync state");
            System.out.printf(Locale.ROOT, "%n== server side: %d block(s) of %d tables, all ticking every second, unchanged, %d s"
                    + " (PostgreSQL's own log: log_min_duration_statement=0) ==%n", blocks, tablesPerBlock, seconds);
            System.out.printf(Locale.ROOT, "connection-ticks %d (expected about %d), failed ticks %d%s%n", (long) ticks,
                    (long) blocks * seconds, failed, failed > 0 ? "  <- FAILURES" : "");
            System.out.println("source pool: " + source.describe((long) ticks));
            System.out.println(source.perTick((long) ticks));
            System.out.println("state pool:  " + state.describe((long) ticks));
            System.out.println(state.perTick((long) ticks));
            System.out.printf(Locale.ROOT, "new sessions on the database during the window: %d%n", source.sessionsOpened);
            System.out.printf(Locale.ROOT, "source time per %d-table connection-tick, on the server: %.2f ms (wall time of its"
                    + " messages), of which CPU %.2f ms%n", tablesPerBlock, ticks == 0 ? 0.0 : source.totalMs() / ticks,
                    ticks == 0 ? 0.0 : source.cpuMs / ticks);
            preparedProbeFootprint(db, camel, "srv-0");
        } finally {
            main.stop();
            failures.stop();
        }
    }

    // ------------------------------------------------------------------ (1c) a CDC block's tick, from the server's own log

    /**
     * A CDC block ({@code changeSignal: cdc}) on a publication of {@code tables} tables, with {@code walMb} MB of
     * unrelated WAL behind its slot, ticking every second with nothing to sync: what each tick costs the source (the
     * catalog read of the slot and the publication, then the probe of the write counters and the column signatures),
     * from the server's own log. For contrast, one logical decoding call over the same WAL (what a tick must never do).
     */
    private void cdcTickCost(int tables, int walMb, int seconds) throws Exception {
        String db = "bench_cdc_" + tables;
        String slot = "bench_slot_" + tables;
        exec("postgres", "CREATE DATABASE " + db, "ALTER DATABASE " + db + " SET log_min_duration_statement = 0",
                "ALTER DATABASE " + db + " SET log_statement_stats = on");
        List<String> names = createTables(db, "p", tables, 10, false);
        exec(db, "CREATE PUBLICATION bench_pub FOR TABLE " + String.join(", ", names),
                "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
                "CREATE TABLE noise (id bigserial PRIMARY KEY, payload text)");
        for (int mb = 0; mb < walMb; mb += 50) { // unpublished writes: the slot holds their WAL all the same
            exec(db, "INSERT INTO noise (payload) SELECT repeat(md5(g::text), 30) FROM generate_series(1, 50000) g");
        }
        String retained = scalar(db, "SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn))"
                + " FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        long peekStart = System.nanoTime();
        exec(db, "SELECT count(*) FROM pg_logical_slot_peek_binary_changes('" + slot + "', NULL, 1, 'proto_version', '1',"
                + " 'publication_names', 'bench_pub')");
        double peekMs = (System.nanoTime() - peekStart) / 1e6;
        // the catalog read of each CDC tick alone (queries/cdc-slot.sql with its parameters bound), warm session
        String slotSql = new String(ProbeBenchmark.class.getResourceAsStream("/queries/cdc-slot.sql").readAllBytes(),
                StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "")
                .replace(":#${exchangeProperty.tick.publicationName}", "?").replace(":#${exchangeProperty.tick.slotName}", "?");
        long[] slotRead;
        try (Connection c = connect(db); PreparedStatement ps = c.prepareStatement(slotSql)) {
            ps.setString(1, "bench_pub");
            ps.setString(2, "bench_pub");
            ps.setString(3, slot);
            slotRead = time(() -> {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            });
        }
        String yaml = "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: cdc-bench\n    parameters:\n"
                + "      - name: connectionId\n        value: " + uuid(900 + tables) + "\n"
                + "      - name: changeSignal\n        value: cdc\n"
                + "      - name: slot\n        value: " + slot + "\n"
                + "      - name: publication\n        value: bench_pub\n"
                + "      - name: walLimit\n        value: 10GB\n"
                + "      - name: schedule\n        value: \"* * * * * ?\"\n";
        TickFailures failures = TickFailures.watch();
        Main main = start(db, List.of(yaml), true, 1);
        try {
            CamelContext camel = main.getCamelContext();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Long.parseLong(scalar(db, "SELECT count(*) FROM airbyte_sync.sync_state WHERE synced")) < tables
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            long from = serverLog.mark();
            double unchangedBefore = decisions(camel, "unchanged"::equals);
            double ticksBefore = decisions(camel);
            long failedBefore = failures.count();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            double ticks = decisions(camel) - ticksBefore;
            double unchanged = decisions(camel, "unchanged"::equals) - unchangedBefore;
            long failed = failures.count() - failedBefore;
            Thread.sleep(1500); // the collector writes the last lines
            ServerLog.Cost source = serverLog.since(from, db, "pg-airbyte-sync probe");
            System.out.printf(Locale.ROOT, "%n== CDC block: publication of %d tables, slot holding %s of WAL, ticking every"
                    + " second with nothing to sync, %d s (PostgreSQL's own log) ==%n", tables, retained, seconds);
            System.out.printf(Locale.ROOT, "connection-ticks %d (unchanged %d), failed ticks %d%s%n", (long) ticks,
                    (long) unchanged, failed, failed > 0 ? "  <- FAILURES" : "");
            System.out.println("source pool: " + source.describe((long) ticks));
            System.out.println(source.perTick((long) ticks));
            System.out.printf(Locale.ROOT, "source time per CDC tick (slot and publication read, then the probe), on the server:"
                    + " %.2f ms (wall time of its messages), of which CPU %.2f ms%n", ticks == 0 ? 0.0 : source.totalMs() / ticks,
                    ticks == 0 ? 0.0 : source.cpuMs / ticks);
            row("of which the slot and publication read (cdc-slot.sql), client side, warm session", slotRead);
            System.out.printf(Locale.ROOT, "for contrast, ONE logical decoding call over that WAL (pg_logical_slot_peek_binary_changes,"
                    + " upto 1 change; never run by the service): %.0f ms%n", peekMs);
        } finally {
            main.stop();
            failures.stop();
        }
    }

    /**
     * What keeping a block's probe prepared costs, per session that prepared it: the server's memory for its plan
     * (pg_backend_memory_contexts of a session that PREPAREs and EXECUTEs it) and the length of its text (what pgjdbc's
     * statement cache holds on this side), with the probe pool's sessions now.
     */
    private void preparedProbeFootprint(String db, CamelContext camel, String routeId) throws Exception {
        ProbePlan plan = camel.getRegistry().lookupByNameAndType("probePlanner", ProbePlanner.class).cached(routeId);
        if (plan == null) {
            return;
        }
        String plans = "SELECT coalesce(sum(total_bytes), 0) FROM pg_backend_memory_contexts WHERE name LIKE 'CachedPlan%'";
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            long before = longOf(st, plans);
            st.execute("PREPARE bench_probe AS " + plan.sql());
            st.execute("EXECUTE bench_probe");
            long after = longOf(st, plans);
            BasicDataSource source = camel.getRegistry().lookupByNameAndType("sourceDb", BasicDataSource.class);
            System.out.printf(Locale.ROOT, "a prepared probe of %s: %,d bytes of plan on the server per session that prepared it,"
                    + " %,d characters of text; the probe pool has %d sessions open (maxTotal %d)%n", routeId, after - before,
                    plan.sql().length(), source.getNumIdle() + source.getNumActive(), source.getMaxTotal());
        }
    }

    private static long longOf(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every decision the service took so far (its meter pgsync.decisions, all kinds): one per connection-tick. */
    private static double decisions(CamelContext camel) {
        return decisions(camel, kind -> true);
    }

    /** The decisions so far whose kind (the meter's tag {@code decision}: unchanged, data-changed, ...) passes {@code kinds}. */
    private static double decisions(CamelContext camel, java.util.function.Predicate<String> kinds) {
        return camel.getRegistry().lookupByNameAndType("metricsRegistry", io.micrometer.core.instrument.MeterRegistry.class)
                .find("pgsync.decisions").counters().stream().filter(c -> kinds.test(c.getId().getTag("decision")))
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    // ------------------------------------------------------------------ (2) a 5,000,000-row table with and without its index

    private void bigTable(long rows) throws Exception {
        String db = "bench_big";
        exec("postgres", "CREATE DATABASE " + db);
        long t0 = System.nanoTime();
        exec(db, "CREATE TABLE big (id bigint, updated_at timestamptz, payload text)",
                "INSERT INTO big SELECT g, timestamptz '2020-01-01' + g * interval '1 second', md5(g::text)"
                        + " FROM generate_series(1, " + rows + ") g",
                "CREATE INDEX big_updated_at_idx ON big (updated_at)", "VACUUM ANALYZE big");
        System.out.printf(Locale.ROOT, "%n== one table of %,d rows (loaded in %.1f s) ==%n", rows, (System.nanoTime() - t0) / 1e9);
        String connectionId = uuid(5);
        Main main = start(db, List.of(block("big", connectionId, "big", "0 0 0 1 1 ? 2099")), false, 1);
        try {
            CamelContext camel = main.getCamelContext();
            tickAndSettle(camel, "big", connectionId);
            ProbePlan plan = camel.getRegistry().lookupByNameAndType("probePlanner", ProbePlanner.class).cached("big");
            DataSource source = camel.getRegistry().lookupByNameAndType("sourceDb", DataSource.class);
            Runnable3 probe = () -> {
                try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(plan.sql());
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            };
            row("probe with the cursor index", time(probe));
            exec(db, "DROP INDEX big_updated_at_idx");
            int saved = iterations;
            row("probe without it (full scan)", timeN(probe, Math.min(saved, 10)));
        } finally {
            main.stop();
        }
    }

    // ------------------------------------------------------------------ (2b) /status as the job history grows

    /** The page's data (route status-model: both status queries and the model) at each size of sync_job. */
    private void statusPage(String sizes) throws Exception {
        String db = "bench_status";
        exec("postgres", "CREATE DATABASE " + db);
        List<String> blocks = new ArrayList<>();
        StringBuilder ids = new StringBuilder();
        for (int c = 0; c < 10; c++) {
            blocks.add(block("status-" + c, uuid(300 + c), "t" + c, "0 0 0 1 1 ? 2099"));
            ids.append(ids.length() == 0 ? "" : ", ").append('\'').append(uuid(300 + c)).append('\'');
        }
        Main main = start(db, blocks, false, 3600);
        try {
            CamelContext camel = main.getCamelContext();
            org.apache.camel.ProducerTemplate template = camel.createProducerTemplate();
            DataSource state = camel.getRegistry().lookupByNameAndType("stateDb", DataSource.class);
            // what status-recent-jobs.sql was before V3: every job ranked at every render
            String ranking = "SELECT job_id FROM (SELECT j.job_id, row_number() OVER (PARTITION BY connection_id"
                    + " ORDER BY created_at DESC, job_id DESC) AS n FROM sync_job j) recent WHERE n <= 5";
            long loaded = 0;
            for (String size : sizes.split(",")) {
                long rows = Long.parseLong(size.trim());
                long t0 = System.nanoTime();
                // 11 connections: the 10 blocks and one no block names any more
                exec(db, "INSERT INTO airbyte_sync.sync_job (job_id, connection_id, route_id, reason, tables, status, created_at,"
                        + " finished_at) SELECT g, (ARRAY[" + ids + ", '" + uuid(399) + "'])[1 + g % 11]::uuid, 'r', 'data', 't',"
                        + " 'succeeded', timestamptz '2026-01-01' + g * interval '1 second', timestamptz '2026-01-01' + g * interval"
                        + " '1 second' + interval '1 minute' FROM generate_series(" + (loaded + 1) + ", " + rows + ") g",
                        "VACUUM ANALYZE airbyte_sync.sync_job");
                loaded = rows;
                System.out.printf(Locale.ROOT, "%n== /status with %,d jobs in sync_job, 10 connections (loaded in %.1f s) ==%n", rows,
                        (System.nanoTime() - t0) / 1e9);
                row("status page data (route status-model)", time(() -> template.requestBody("direct:status-model", (Object) null)));
                row("  status-recent-jobs.sql alone", time(() -> template.requestBody(
                        "sql:classpath:queries/status-recent-jobs.sql?dataSource=#stateDb", (Object) null)));
                row("  the whole-table ranking it replaced (before V3)", timeN(() -> {
                    try (Connection c = state.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(ranking)) {
                        while (rs.next()) {
                            rs.getLong(1);
                        }
                    }
                }, Math.min(iterations, 10)));
            }
        } finally {
            main.stop();
        }
    }

    // ------------------------------------------------------------------ (3) jobs started vs connection-ticks that had a change

    private void jobsVersusChanges(int seconds) throws Exception {
        String db = "bench_workload";
        exec("postgres", "CREATE DATABASE " + db);
        List<String> blocks = new ArrayList<>();
        List<List<String>> tablesOf = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            List<String> tables = createTables(db, "w" + c + "_", 10, 10, true);
            tablesOf.add(tables);
            blocks.add(block("conn-" + c, uuid(100 + c), String.join(", ", tables), "* * * * * ?"));
        }
        // the stateful stand-in of the tests, as unkind as Airbyte: jobs run 1.5 s on the clock, a POST while the
        // connection's job runs answers 409, every call but the token needs a bearer token it issued
        FakeAirbyte fake = new FakeAirbyte();
        fake.runFor(java.time.Duration.ofMillis(1500));
        WireMockServer stateful = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake));
        stateful.start();
        stateful.stubFor(FakeAirbyte.everyCall());
        TickFailures failures = TickFailures.watch();
        Main main = start(db, blocks, true, 1, stateful.baseUrl() + API, true);
        Random random = new Random(42);
        int updates = 0;
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                List<String> tables = tablesOf.get(random.nextInt(10));
                st.execute("UPDATE " + tables.get(random.nextInt(tables.size())) + " SET updated_at = clock_timestamp()"
                        + " WHERE id = " + (1 + random.nextInt(10)));
                updates++;
                Thread.sleep(random.nextInt(400));
            }
            // let the last changes be synced: every job ended and followed, then a few ticks
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Long.parseLong(scalar(db, "SELECT count(*) FROM airbyte_sync.sync_job WHERE finished_at IS NULL")) > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            long posts = fake.jobPosts();
            long conflicts = stateful.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 409).count();
            long made = fake.jobs().size();
            long jobs = Long.parseLong(scalar(db, "SELECT count(*) FROM airbyte_sync.sync_job"));
            // the service's own meter (/observe/metrics): pgsync_decisions_total of data-changed and schema-changed
            long changedTicks = (long) decisions(main.getCamelContext(),
                    kind -> !"unchanged".equals(kind) && !"job-in-flight".equals(kind));
            System.out.printf(Locale.ROOT, "%n== random updates over 100 tables in 10 connections for %d s (ticks every second,"
                    + " jobs running 1.5 s) ==%nupdates %d; connection-ticks that had a change %d; POST /jobs %d; jobs made by"
                    + " the stand-in %d; jobs recorded %d; 409 answers %d; failed ticks %d; stand-in failures %d%n",
                    seconds, updates, changedTicks, posts, made, jobs, conflicts, failures.count(), fake.standInFailures().size());
            System.out.println(changedTicks == posts && posts == made && made == jobs && conflicts == 0 && failures.count() == 0
                    && fake.standInFailures().isEmpty()
                    ? "jobs started == connection-ticks with a change: no wasted job, no self-inflicted 409, no failed tick"
                    : "MISMATCH between jobs and changes, or failures: the figures above are not a pass");
            main.stop();
            // nothing lost: every table's synced cursor is its real max
            long behind = 0;
            for (List<String> tables : tablesOf) {
                for (String t : tables) {
                    String real = scalar(db, "SELECT to_char(max(updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM " + t);
                    String synced = scalar(db, "SELECT synced_cursor FROM airbyte_sync.sync_state WHERE table_name = '" + t + "'");
                    if (!real.equals(synced)) {
                        behind++;
                    }
                }
            }
            System.out.println("tables whose synced cursor is not their real max after the run: " + behind);
        } finally {
            if (main.isStarted()) {
                main.stop();
            }
            failures.stop();
            stateful.stop();
        }
    }

    // ------------------------------------------------------------------ (4) the jar: start-up to first probe, heap and RSS

    private void startupAndFootprint(int soakSeconds) throws Exception {
        String db = "bench_soak";
        exec("postgres", "CREATE DATABASE " + db);
        StringBuilder yaml = new StringBuilder();
        for (int c = 0; c < 10; c++) {
            List<String> tables = createTables(db, "s" + c + "_", 100, 10, true);
            yaml.append(block("soak-" + c, uuid(200 + c), String.join(", ", tables), "* * * * * ?"));
        }
        Path file = Files.createTempFile("soak", ".yaml");
        Files.writeString(file, yaml);
        Path jar = Path.of("target", "pg-airbyte-sync.jar");
        if (!Files.exists(jar)) {
            System.out.println("\n(skipping the jar figures: build target/pg-airbyte-sync.jar first with mvn package)");
            return;
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> flags = List.of(System.getProperty("bench.jvmFlags", JVM_FLAGS).trim().split("\\s+"));
        // the class-data archive of deploy/pg-airbyte-sync.service, made as the README says: one training run (--demo)
        Path archive = Path.of("target", "pg-airbyte-sync.jsa");
        Files.deleteIfExists(archive);
        List<String> training = new ArrayList<>(List.of(javaBin));
        training.addAll(flags);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(), "--demo"));
        Process train = new ProcessBuilder(training).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean trained = train.waitFor(180, TimeUnit.SECONDS) && train.exitValue() == 0 && Files.exists(archive);
        List<ProcessBuilder> variants = new ArrayList<>();
        for (boolean withArchive : trained ? new boolean[] {false, true} : new boolean[] {false}) {
            List<String> command = new ArrayList<>(List.of(javaBin));
            command.addAll(flags);
            if (withArchive) {
                command.add("-XX:SharedArchiveFile=" + archive);
            }
            command.addAll(List.of("-jar", jar.toString()));
            variants.add(new ProcessBuilder(command).redirectErrorStream(true));
        }
        for (ProcessBuilder variant : variants) {
            Map<String, String> env = variant.environment();
        env.put("SOURCE_DB_URL", pg.getJdbcUrl("postgres", db));
        env.put("SOURCE_DB_USER", "postgres");
        env.put("AIRBYTE_API_URL", airbyte.baseUrl() + API);
        env.put("AIRBYTE_POLL_SECONDS", "2");
        env.put("CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:" + file);
        // the decision line itself (at INFO a data change is logged once its job is known, after POST /jobs)
        env.put("DECISIONS_LOG_LEVEL", "DEBUG");
        }
        exec(db, "VACUUM ANALYZE", "CHECKPOINT");
        Thread.sleep(3000);
        System.out.printf(Locale.ROOT, "%n== the jar with 1,000 tables in 10 connections, a tick every second ==%n");
        ProcessBuilder pb = null;
        for (ProcessBuilder variant : variants) {
            double[] startups = new double[3];
            for (int i = 0; i < startups.length; i++) {
                exec(db, "DROP SCHEMA IF EXISTS airbyte_sync CASCADE");
                startups[i] = timeToFirstDecision(variant);
            }
            java.util.Arrays.sort(startups);
            System.out.printf(Locale.ROOT, "java %s%n  start-up (JVM start) to first probe decision: median %.2f s of 3 starts"
                    + " (%.2f, %.2f, %.2f)%n", String.join(" ", variant.command().subList(1, variant.command().size())),
                    startups[1], startups[0], startups[1], startups[2]);
            pb = variant;
        }
        if (!trained) {
            System.out.println("  (no class-data archive: the training run with --demo failed)");
        }
        pb.environment().remove("DECISIONS_LOG_LEVEL"); // the soak counts the INFO lines: one per decision
        long started = System.nanoTime();
        Process p = pb.start();
        double toFirstProbe = -1;
        long decisions = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            Thread drain = null;
            String line;
            while ((line = out.readLine()) != null) {
                if (DECISION.matcher(line).find()) {
                    toFirstProbe = (System.nanoTime() - started) / 1e9;
                    break;
                }
                if (line.contains("Not started")) {
                    System.out.println(line);
                    break;
                }
            }
            AtomicLong count = new AtomicLong();
            AtomicLong failedTicks = new AtomicLong();
            drain = new Thread(() -> {
                try {
                    String l;
                    while ((l = out.readLine()) != null) {
                        if (DECISION.matcher(l).find()) {
                            count.incrementAndGet();
                        } else if (TICK_FAILED.matcher(l).find()) {
                            failedTicks.incrementAndGet();
                        }
                    }
                } catch (Exception ignored) {
                    // process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
            System.out.printf(Locale.ROOT, "the last command above, for %d s:%n", soakSeconds);
            Thread.sleep(TimeUnit.SECONDS.toMillis(soakSeconds));
            decisions = count.get();
            String pid = Long.toString(p.pid());
            run("jcmd", pid, "GC.run");
            String heap = run("jcmd", pid, "GC.heap_info");
            String rss = Files.readAllLines(Path.of("/proc", pid, "status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .findFirst().orElse("VmRSS: ?");
            System.out.printf(Locale.ROOT, "after %d s and %,d decisions (%d failed ticks%s): heap after full GC %s; RSS %s%n",
                    soakSeconds, decisions, failedTicks.get(), failedTicks.get() > 0 ? ": FAILURES" : "", heapUsed(heap),
                    rss.replace("VmRSS:", "").trim());
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Java heap in use, from jcmd GC.heap_info: G1's "heap ... used NK", or Serial's young + old "generation ... used NK". */
    private static String heapUsed(String heapInfo) {
        long usedK = 0;
        boolean found = false;
        for (String l : heapInfo.split("\n")) {
            boolean heapLine = l.contains("garbage-first heap") || l.contains(" generation ");
            int at = l.indexOf("used ");
            if (heapLine && at >= 0) {
                String used = l.substring(at + 5).trim();
                usedK += Long.parseLong(used.substring(0, used.indexOf('K')));
                found = true;
            }
        }
        return found ? String.format(Locale.ROOT, "%.1f MB", usedK / 1024.0) : heapInfo.trim();
    }

    /**
     * A probe's decision for one of the benchmark's blocks, and nothing else of the decisions log (a failed tick, the
     * warning of a connection's schema policy, a job's end): the start-up mark and the soak's count.
     */
    static final java.util.regex.Pattern DECISION = java.util.regex.Pattern.compile(
            "\\[decisions] .*\\bsoak-\\d+ (unchanged|data-changed|schema-changed|job-in-flight)\\b");
    static final java.util.regex.Pattern TICK_FAILED = java.util.regex.Pattern.compile("\\[decisions] .*\\bsoak-\\d+ tick failed");

    /** Starts the jar, waits for its first decision line, kills it; a failed tick before it is no start-up mark. */
    private static double timeToFirstDecision(ProcessBuilder pb) throws Exception {
        long started = System.nanoTime();
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (System.getProperty("bench.trace") != null) {
                    System.out.printf("%6.2f %s%n", (System.nanoTime() - started) / 1e9, line.length() > 150 ? line.substring(0, 150) : line);
                }
                if (TICK_FAILED.matcher(line).find()) {
                    System.out.println("  FAILED tick before the first decision: " + line);
                    return -1;
                }
                if (DECISION.matcher(line).find()) {
                    return (System.nanoTime() - started) / 1e9;
                }
            }
            return -1;
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private Main start(String db, List<String> blocks, boolean tickOnStart, int pollSeconds) throws Exception {
        return start(db, blocks, tickOnStart, pollSeconds, airbyte.baseUrl() + API, false);
    }

    /** With credentials: the service asks the stand-in for a token and sends it with every call. */
    private Main start(String db, List<String> blocks, boolean tickOnStart, int pollSeconds, String airbyteUrl,
            boolean credentials) throws Exception {
        Path file = Files.createTempFile("connections", ".yaml");
        Files.writeString(file, String.join("", blocks));
        Map<String, String> s = new HashMap<>();
        s.put("source.db.url", pg.getJdbcUrl("postgres", db));
        s.put("source.db.user", "postgres");
        s.put("source.db.password", "");
        s.put("state.db.url", "");
        s.put("airbyte.api.url", airbyteUrl);
        if (credentials) {
            s.put("airbyte.client.id", "pg-airbyte-sync-bench");
            s.put("airbyte.client.secret", "bench-client-secret");
        }
        s.put("airbyte.poll.seconds", Integer.toString(pollSeconds));
        s.put("tick.on.start", Boolean.toString(tickOnStart));
        s.put("camel.main.jmxEnabled", "false");
        s.put("management.port", "0"); // any free port: the benchmark reads no page over HTTP
        s.put("camel.main.routesIncludePattern", "file:" + file);
        Main main = PgAirbyteSyncMain.create(s);
        main.start();
        return main;
    }

    /** First tick: first sight -> job -> followed; afterwards every tick is unchanged. */
    private void tickAndSettle(CamelContext camel, String routeId, String connectionId) throws Exception {
        fire(camel, connectionId);
        Thread.sleep(500);
        camel.createProducerTemplate().sendBody("direct:follow-jobs", null);
        fire(camel, connectionId);
    }

    private long[] timeTicks(CamelContext camel, String routeId, String connectionId) throws Exception {
        long[] t = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            fire(camel, connectionId);
            t[i] = System.nanoTime() - start;
        }
        return t;
    }

    /** Fires a tick through Quartz and waits until the connection's row says it was checked after that. */
    private void fire(CamelContext camel, String connectionId) throws Exception {
        DataSource state = camel.getRegistry().lookupByNameAndType("stateDb", DataSource.class);
        long before = checks(state, connectionId);
        camel.getComponent("quartz", QuartzComponent.class).getScheduler()
                .triggerJob(JobKey.jobKey(connectionId, "pg-airbyte-sync"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (checks(state, connectionId) == before && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static long checks(DataSource state, String connectionId) throws Exception {
        try (Connection c = state.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(extract(epoch FROM last_checked_at) * 1000000)::bigint, 0) FROM sync_state"
                        + " WHERE connection_id = CAST(? AS uuid)")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> createTables(String db, String prefix, int n, int rows, boolean indexed) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                String t = prefix + i;
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + t + " (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL");
                for (int col = 3; col <= COLUMNS; col++) {
                    ddl.append(", c").append(col).append(col % 3 == 0 ? " text" : col % 3 == 1 ? " integer" : " numeric(12,2)");
                }
                st.execute(ddl.append(')').toString());
                if (indexed) {
                    st.execute("CREATE INDEX ON " + t + " (updated_at)");
                }
                st.execute("INSERT INTO " + t + " (id, updated_at) SELECT g, clock_timestamp() FROM generate_series(1, " + rows + ") g");
                names.add(t);
            }
            c.commit();
            st.execute("ANALYZE");
        }
        return names;
    }

    private static String block(String routeId, String connectionId, String tables, String cron) {
        return "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: " + routeId + "\n    parameters:\n"
                + "      - name: connectionId\n        value: " + connectionId + "\n"
                + "      - name: tables\n        value: " + tables + "\n"
                + "      - name: schedule\n        value: \"" + cron + "\"\n";
    }

    private static String uuid(int n) {
        return String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", n);
    }

    private Connection connect(String db) throws Exception {
        return DriverManager.getConnection(pg.getJdbcUrl("postgres", db));
    }

    private void exec(String db, String... sql) throws Exception {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private String scalar(String db, String sql) throws Exception {
        try (Connection c = connect(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @FunctionalInterface
    interface Runnable3 {
        void run() throws Exception;
    }

    private long[] time(Runnable3 r) throws Exception {
        return timeN(r, iterations);
    }

    private static long[] timeN(Runnable3 r, int n) throws Exception {
        for (int i = 0; i < Math.min(5, n); i++) {
            r.run(); // warm-up: JIT, and the server-side prepared statement (after 5 uses)
        }
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            r.run();
            t[i] = System.nanoTime() - start;
        }
        return t;
    }

    private static double pct(long[] t, int p) {
        long[] s = t.clone();
        java.util.Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    private static double ratio(long[] a, long[] b, int p) {
        return pct(a, p) / pct(b, p);
    }

    private static void row(String what, long[] t) {
        System.out.printf(Locale.ROOT, "%-52s median %9.2f ms   p95 %9.2f ms%n", what, pct(t, 50), pct(t, 95));
    }
}
