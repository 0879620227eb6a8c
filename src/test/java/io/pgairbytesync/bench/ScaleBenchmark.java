package io.pgairbytesync.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgairbytesync.PgAirbyteSyncMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.JobListenerSupport;
import org.quartz.listeners.TriggerListenerSupport;

/**
 * Part {@code scale} of the benchmark (issue 13, target 4): 10,000 tables (20 columns, indexed cursor, 10 rows each) on
 * one instance, first in 100 blocks of 100 tables, then in 1,000 blocks of 10, every block on the template's default
 * schedule (every minute), all unchanged once their first-sight job is done. The service runs in the benchmark's JVM
 * (with its production settings: JMX on, the decisions log at INFO, discarded here), so Quartz's own record of every
 * scheduled tick can be read: its scheduled fire time, its actual fire time and its run time. Printed per minute:
 * ticks run, slots missed (Quartz misfires: a block that waited more than 5 s for a thread loses that tick), the worst
 * lateness of a tick's start, the ticks that overran their minute, how the ticks spread over the seconds of the minute,
 * the source database's own time (its log, {@link ServerLog}), the failed ticks ({@link TickFailures}). At the end:
 * the heap after a full GC (of this whole JVM: the service plus the benchmark's stand-in, an upper bound). For the
 * 1,000 blocks also the start-up: to the started service, and to every block's first tick recorded.
 * <p>
 * Options: {@code bench.scaleMinutes} (5: minutes measured per layout), {@code bench.scaleLayouts} (100x100,1000x10),
 * {@code bench.histogram} (set: the biggest classes on the heap after the GC).
 */
final class ScaleBenchmark {

    private static final String API = "/api/public/v1";
    private static final int TABLES = 10_000;
    private static final String DB = "bench_scale";

    private final EmbeddedPostgres pg;
    private final WireMockServer airbyte;
    private final ServerLog serverLog;
    private final PrintStream out;

    private ScaleBenchmark(EmbeddedPostgres pg, WireMockServer airbyte, ServerLog serverLog) {
        this.pg = pg;
        this.airbyte = airbyte;
        this.serverLog = serverLog;
        this.out = System.out;
    }

    /** The one call of ProbeBenchmark's parts switch. */
    static void run(EmbeddedPostgres pg, WireMockServer airbyte, ServerLog serverLog) throws Exception {
        new ScaleBenchmark(pg, airbyte, serverLog).run();
    }

    private void run() throws Exception {
        int minutes = Integer.getInteger("bench.scaleMinutes", 5);
        exec("postgres", "CREATE DATABASE " + DB, "ALTER DATABASE " + DB + " SET log_min_duration_statement = 0");
        long t0 = System.nanoTime();
        createTables();
        out.printf(Locale.ROOT, "%n== scale: %,d tables of 20 columns (indexed cursor, 10 rows each) made in %.1f s ==%n", TABLES,
                (System.nanoTime() - t0) / 1e9);
        for (String layout : System.getProperty("bench.scaleLayouts", "100x100,1000x10").split(",")) {
            String[] bxt = layout.trim().split("x");
            layout(Integer.parseInt(bxt[0]), Integer.parseInt(bxt[1]), minutes);
        }
    }

    /** 10,000 tables in batches of 500 (one transaction each: the lock table holds about 12,800 locks). */
    private void createTables() throws Exception {
        StringBuilder cols = new StringBuilder();
        for (int col = 3; col <= 20; col++) {
            cols.append(", c").append(col).append(col % 3 == 0 ? " text" : col % 3 == 1 ? " integer" : " numeric(12,2)");
        }
        for (int from = 0; from < TABLES; from += 500) {
            exec(DB, "DO $$ BEGIN FOR i IN " + from + ".." + (from + 499) + " LOOP"
                    + " EXECUTE format('CREATE TABLE t%s (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL" + cols + ")', i);"
                    + " EXECUTE format('CREATE INDEX ON t%s (updated_at)', i);"
                    + " EXECUTE format('INSERT INTO t%s (id, updated_at) SELECT g, clock_timestamp() FROM generate_series(1, 10) g', i);"
                    + " END LOOP; END $$");
        }
        exec(DB, "VACUUM ANALYZE");
    }

    /** One scheduled tick as Quartz saw it. */
    private record Fired(long scheduledMs, long firedMs, long runMs, boolean failed) {
    }

    private void layout(int blocks, int tablesPerBlock, int minutes) throws Exception {
        exec(DB, "DROP SCHEMA IF EXISTS airbyte_sync CASCADE", "CHECKPOINT");
        StringBuilder yaml = new StringBuilder();
        for (int b = 0; b < blocks; b++) {
            StringBuilder tables = new StringBuilder();
            for (int t = 0; t < tablesPerBlock; t++) {
                tables.append(t == 0 ? "" : ", ").append('t').append(b * tablesPerBlock + t);
            }
            // no schedule: the template's default, as a block written like examples/connections.yaml without one
            yaml.append("- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: scale-").append(b)
                    .append("\n    parameters:\n      - name: connectionId\n        value: ")
                    .append(String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", 10_000 + b))
                    .append("\n      - name: tables\n        value: ").append(tables).append('\n');
        }
        Path file = Files.createTempFile("scale", ".yaml");
        Files.writeString(file, yaml);
        Map<String, String> s = new HashMap<>();
        s.put("source.db.url", pg.getJdbcUrl("postgres", DB));
        s.put("source.db.user", "postgres");
        s.put("source.db.password", "");
        s.put("state.db.url", "");
        s.put("airbyte.api.url", airbyte.baseUrl() + API);
        s.put("airbyte.poll.seconds", "2");
        s.put("management.port", "0");
        s.put("camel.main.routesIncludePattern", "file:" + file);

        out.printf(Locale.ROOT, "%n== scale: %,d blocks of %d tables, every block on the default schedule, unchanged, %d minutes ==%n",
                blocks, tablesPerBlock, minutes);
        TickFailures failures = TickFailures.watch();
        PrintStream quiet = new PrintStream(new WarningsOnly(out), true, StandardCharsets.UTF_8);
        System.setOut(quiet); // the service's log (a decision line per tick) goes here: only WARN and ERROR lines pass
        Main main = null;
        try {
            long started = System.nanoTime();
            main = PgAirbyteSyncMain.create(s);
            main.start();
            double startSeconds = (System.nanoTime() - started) / 1e9;
            Scheduler scheduler = main.getCamelContext().getComponent("quartz", QuartzComponent.class).getScheduler();
            ConcurrentLinkedQueue<Fired> fired = new ConcurrentLinkedQueue<>();
            Map<Long, AtomicLong> misfires = new java.util.concurrent.ConcurrentHashMap<>();
            listen(scheduler, fired, misfires);
            // every block's first tick (fired at start-up) recorded
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (count("SELECT count(DISTINCT connection_id) FROM airbyte_sync.sync_state") < blocks && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double firstTicksSeconds = (System.nanoTime() - started) / 1e9;
            // every first-sight job followed to its end
            while (count("SELECT count(*) FROM airbyte_sync.sync_state WHERE synced_cursor IS NOT NULL") < TABLES
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            out.printf(Locale.ROOT, "start-up: service started in %.2f s; every block's first tick recorded after %.2f s;"
                    + " Quartz threads %d%n", startSeconds, firstTicksSeconds, scheduler.getMetaData().getThreadPoolSize());
            long firstMinute = (System.currentTimeMillis() / 60_000 + 1) * 60_000;
            long from = serverLog.mark();
            long failedAt = failures.count();
            Thread.sleep(firstMinute + minutes * 60_000L + 65_000 - System.currentTimeMillis()); // the last ticks may overrun
            Thread.sleep(1500); // the server's log collector writes the last lines
            report(fired, misfires, firstMinute, minutes, blocks, from, failures.count() - failedAt);
            airbyte.resetRequests();
            System.gc();
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            out.printf(Locale.ROOT, "heap after a full GC (this JVM: the service and the benchmark's stand-in): %.1f MB%n",
                    heap / 1048576.0);
            if (System.getProperty("bench.histogram") != null) { // where the heap goes: the biggest classes
                Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                        .redirectErrorStream(true).start();
                String histogram = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                histogram.lines().skip(1).limit(17).forEach(l -> out.println("  " + l));
            }
        } finally {
            if (main != null) {
                main.stop();
            }
            System.setOut(out);
            failures.stop();
        }
    }

    private static void listen(Scheduler scheduler, ConcurrentLinkedQueue<Fired> fired, Map<Long, AtomicLong> misfires)
            throws Exception {
        scheduler.getListenerManager().addJobListener(new JobListenerSupport() {
            @Override
            public String getName() {
                return "bench-scale-ticks";
            }

            @Override
            public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
                // the block's own cron trigger (a one-off tick of Scheduler.triggerJob is in group DEFAULT)
                if (context.getTrigger().getKey().getGroup().equals("pg-airbyte-sync") && context.getScheduledFireTime() != null) {
                    fired.add(new Fired(context.getScheduledFireTime().getTime(), context.getFireTime().getTime(),
                            context.getJobRunTime(), failure != null));
                }
            }
        }, GroupMatcher.anyJobGroup());
        scheduler.getListenerManager().addTriggerListener(new TriggerListenerSupport() {
            @Override
            public String getName() {
                return "bench-scale-misfires";
            }

            @Override
            public void triggerMisfired(Trigger trigger) {
                // called before the misfire is applied: the next fire time is still the slot it missed
                java.util.Date slot = trigger.getNextFireTime();
                long at = slot == null ? System.currentTimeMillis() : slot.getTime();
                misfires.computeIfAbsent(at / 60_000 * 60_000, m -> new AtomicLong()).incrementAndGet();
            }
        });
    }

    private void report(ConcurrentLinkedQueue<Fired> fired, Map<Long, AtomicLong> misfires, long firstMinute, int minutes,
            int blocks, long logFrom, long failed) throws Exception {
        out.println("minute  ticks  missed  late p50 / max ms  run max ms  overran  seconds used  most in one second"
                + "  source ms (per tick)");
        List<Double> sourcePerMinute = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            long start = firstMinute + m * 60_000L;
            long end = start + 60_000;
            List<Fired> in = fired.stream().filter(f -> f.scheduledMs() >= start && f.scheduledMs() < end).toList();
            long[] late = in.stream().mapToLong(f -> f.firedMs() - f.scheduledMs()).sorted().toArray();
            long runMax = in.stream().mapToLong(Fired::runMs).max().orElse(0);
            // overran: still running when its next slot (a minute later) came
            long overran = in.stream().filter(f -> f.firedMs() + f.runMs() > f.scheduledMs() + 60_000).count();
            TreeMap<Integer, Integer> perSecond = new TreeMap<>();
            for (Fired f : in) {
                perSecond.merge((int) ((f.scheduledMs() - start) / 1000), 1, Integer::sum);
            }
            int most = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            ServerLog.Cost source = serverLog.since(logFrom, DB, "pg-airbyte-sync probe", start, end);
            sourcePerMinute.add(source.totalMs());
            long missed = misfires.getOrDefault(start, new AtomicLong()).get();
            out.printf(Locale.ROOT, "%6d  %5d  %6d  %8d / %6d  %10d  %7d  %12d  %18d  %9.0f (%.2f)%n", m + 1, in.size(), missed,
                    late.length == 0 ? 0 : late[late.length / 2], late.length == 0 ? 0 : late[late.length - 1], runMax, overran,
                    perSecond.size(), most, source.totalMs(), in.isEmpty() ? 0.0 : source.totalMs() / in.size());
            if (m == minutes - 1) {
                StringBuilder histogram = new StringBuilder();
                for (int sec = 0; sec < 60; sec++) {
                    int n = perSecond.getOrDefault(sec, 0);
                    histogram.append(n == 0 ? "." : n < 10 ? Integer.toString(n) : "+");
                }
                out.println("ticks per second of the last minute (. none, + 10 or more): " + histogram);
            }
        }
        out.printf(Locale.ROOT, "expected %d ticks a minute; failed ticks in the window %d%s%n", blocks, failed,
                failed > 0 ? "  <- FAILURES" : "");
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", DB)); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception schemaNotThereYet) {
            return 0;
        }
    }

    private void exec(String db, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", db)); Statement st = c.createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }

    /** Passes on only the lines with WARN or ERROR (the service's warnings; a failed tick is counted as well). */
    private static final class WarningsOnly extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int passed;

        WarningsOnly(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String l = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if ((l.contains(" WARN ") || l.contains(" ERROR ")) && passed++ < 30) {
                target.println("  | " + (l.length() > 300 ? l.substring(0, 300) + " ..." : l));
            }
        }
    }
}
