package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgairbytesync.support.FakeAirbyte;
import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.support.ServiceJar;
import io.pgairbytesync.support.TestDb;
import io.pgairbytesync.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1 with CLUSTER_ENABLED=true: two real instances (the packaged jar), each watching its own copy of the
 * connection YAML, one clustered Quartz store. The same edit saved in both files (one after the other): a removed
 * block's job and trigger leave the store and it never fires again, on either instance; a changed cron leaves one
 * trigger with the new cron; no slot runs twice.
 */
class ClusterReloadIT {

    private static final String STAYS = "5a5a5a5a-0000-4000-8000-000000000001";
    private static final String GOES = "6b6b6b6b-0000-4000-8000-000000000002";
    private static final Pattern TICK = Pattern.compile("^(\\S+) DEBUG \\[pg-airbyte-sync.ticks\\] tick connection=(\\S+)"
            + " slot=(\\d+) fired=(\\d+) trigger=(\\S+) node=(\\S+) instance=(\\S+)$");

    @TempDir
    Path tmp;
    private WireMockServer wm;
    private FakeAirbyte airbyte;
    private String db;
    private final Map<String, Process> running = new HashMap<>();
    private final Map<String, Path> logs = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        airbyte = new FakeAirbyte();
        airbyte.runFor(java.time.Duration.ofMillis(200));
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(airbyte));
        wm.start();
        wm.stubFor(FakeAirbyte.everyCall());
        db = TestPostgres.get().newDatabase();
        new TestDb(db).sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "CREATE INDEX ON orders (updated_at)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
        ServiceJar.tickLogback(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : running.values()) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path keep = Files.createDirectories(Path.of("target", "cluster-reload-it"));
        for (Path log : logs.values()) {
            Files.copy(log, keep.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        wm.stop();
    }

    private static String block(String routeId, String connectionId, String schedule) {
        return "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: " + routeId
                + "\n    parameters:\n      - name: connectionId\n        value: " + connectionId
                + "\n      - name: tables\n        value: orders\n      - name: schedule\n        value: \"" + schedule + "\"\n";
    }

    @Test
    void aRemovedBlockLeavesTheStoreAndNeverFiresAgainAndAChangedCronIsOneTrigger() throws Exception {
        String before = block("stays", STAYS, "0/2 * * * * ?") + block("goes", GOES, "* * * * * ?");
        save("node-a", before);
        save("node-b", before);
        start("node-a");
        await("node-a ticks the block that goes", () -> ticks().stream().anyMatch(t -> t.connection.equals(GOES)));
        start("node-b");
        await("both instances checked in", () -> count("SELECT count(*) FROM airbyte_sync.qrtz_scheduler_state") == 2);

        String after = block("stays", STAYS, "0/3 * * * * ?");
        save("node-a", after);
        await("node-a applied the edit", () -> log("node-a").contains("Connection YAML applied: added [], changed [stays],"
                + " removed [goes]"));
        save("node-b", after);
        await("node-b applied the edit", () -> log("node-b").contains("Connection YAML applied: added [], changed [stays],"
                + " removed [goes]"));
        long applied = System.currentTimeMillis();

        assertThat(count("SELECT count(*) FROM airbyte_sync.qrtz_triggers WHERE trigger_name = '" + GOES + "'"))
                .as("no trigger of the removed block left in the store").isZero();
        assertThat(count("SELECT count(*) FROM airbyte_sync.qrtz_job_details WHERE job_name = '" + GOES + "'")).isZero();
        assertThat(count("SELECT count(*) FROM airbyte_sync.qrtz_triggers WHERE trigger_name = '" + STAYS + "'")).isEqualTo(1);
        assertThat(new TestDb(db).text("SELECT cron_expression FROM airbyte_sync.qrtz_cron_triggers WHERE trigger_name = '"
                + STAYS + "'")).isEqualTo("0/3 * * * * ?");

        // a few slots of the new cron later: the removed block never fired again, on either instance
        await("three slots of the changed cron after the edit", () -> ticks().stream()
                .filter(t -> t.connection.equals(STAYS) && t.scheduled() && t.fired > applied + 500).count() >= 3);
        assertThat(ticks()).filteredOn(t -> t.connection.equals(GOES) && t.fired > applied).as("ticks of the removed block").isEmpty();
        assertThat(ticks()).filteredOn(t -> t.connection.equals(STAYS) && t.scheduled() && t.fired > applied + 500)
                .allMatch(t -> (t.slot / 1000) % 3 == 0, "slots of the new cron (every 3 s)");
        Set<String> slots = new HashSet<>();
        for (Tick t : ticks()) {
            if (t.scheduled()) {
                assertThat(slots.add(t.connection + "@" + t.slot)).as("slot %s of %s ran once", t.slot, t.connection).isTrue();
            }
        }
    }

    /**
     * Issue 14 item 3 across two real clustered instances: MAX_CONCURRENT_SYNCS=1 on both, both ticking, then three
     * connections changed at once with jobs that run 3 s in Airbyte: each job is created only after the one before it
     * ended, whichever instance ticks, and every change is synced.
     */
    @Test
    void twoClusteredInstancesNeverRunMoreThanMaxConcurrentSyncs() throws Exception {
        String[] ids = {STAYS, GOES, "7c7c7c7c-0000-4000-8000-000000000003"};
        String yaml = block("one", ids[0], "* * * * * ?") + block("two", ids[1], "* * * * * ?")
                + block("three", ids[2], "* * * * * ?");
        save("node-a", yaml);
        save("node-b", yaml);
        start("node-a", "MAX_CONCURRENT_SYNCS", "1");
        start("node-b", "MAX_CONCURRENT_SYNCS", "1");
        // first the first-sight syncs (short jobs) and both instances taking slots of the shared schedule: the change
        // below then lands on a cluster where either instance may tick any block
        await("the first-sight job of each connection", () -> connections(airbyte.jobs()).size() == 3);
        await("both instances ticked", () -> ticks().stream().map(Tick::node).collect(Collectors.toSet())
                .containsAll(Set.of("node-a", "node-b")));
        await("the first-sight jobs ended", () -> count("SELECT count(*) FROM airbyte_sync.sync_job WHERE finished_at IS NULL") == 0
                && count("SELECT count(*) FROM airbyte_sync.sync_job") == 3);
        long firstSightJobs = airbyte.jobs().size();
        long queuedBefore = queuedLines();

        Duration runs = Duration.ofSeconds(3);
        airbyte.runFor(runs);
        new TestDb(db).sql("UPDATE orders SET updated_at = '2026-11-25 10:00:00+00'");
        await("a job of each connection for the change", () -> connections(changeJobs(firstSightJobs)).size() == 3);

        List<FakeAirbyte.Job> jobs = changeJobs(firstSightJobs);
        jobs.sort(Comparator.comparing(FakeAirbyte.Job::created));
        assertThat(jobs).as("one job per change").hasSize(3);
        for (int i = 1; i < jobs.size(); i++) {
            assertThat(jobs.get(i).created()).as("job %s created after job %s ended", jobs.get(i).id(), jobs.get(i - 1).id())
                    .isAfterOrEqualTo(jobs.get(i - 1).created().plus(runs));
        }
        assertThat(queuedLines()).as("a change waited in line").isGreaterThan(queuedBefore);
    }

    private List<FakeAirbyte.Job> changeJobs(long skip) {
        return new ArrayList<>(airbyte.jobs().stream().sorted(Comparator.comparing(FakeAirbyte.Job::id)).skip(skip).toList());
    }

    private static Set<String> connections(List<FakeAirbyte.Job> jobs) {
        return jobs.stream().map(FakeAirbyte.Job::connectionId).collect(Collectors.toSet());
    }

    private long queuedLines() {
        return (log("node-a") + log("node-b")).lines().filter(l -> l.contains("queued: MAX_CONCURRENT_SYNCS=1 reached")).count();
    }

    record Tick(String connection, long slot, long fired, String trigger, String node) {
        boolean scheduled() {
            return trigger.startsWith("pg-airbyte-sync.");
        }
    }

    private List<Tick> ticks() throws Exception {
        List<Tick> ticks = new ArrayList<>();
        for (Path log : logs.values()) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = TICK.matcher(line);
                if (m.matches()) {
                    ticks.add(new Tick(m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), m.group(5), m.group(6)));
                }
            }
        }
        return ticks;
    }

    private void save(String node, String yaml) throws Exception {
        Path next = tmp.resolve(node + ".yaml.tmp");
        Files.writeString(next, yaml);
        Files.move(next, tmp.resolve(node + ".yaml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String log(String node) {
        try {
            return Files.readString(logs.get(node));
        } catch (Exception e) {
            return "";
        }
    }

    /** {@code env}: more environment variables, name then value. */
    private void start(String node, String... env) throws Exception {
        Path log = tmp.resolve(node + ".log");
        ProcessBuilder pb = ServiceJar.sourceAndAirbyte(ServiceJar.process(log, "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + tmp.resolve("logback.xml")), db, wm.baseUrl());
        pb.environment().put("AIRBYTE_CLIENT_ID", "cluster-client");
        pb.environment().put("AIRBYTE_CLIENT_SECRET", "cluster-secret");
        pb.environment().put("CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:" + tmp.resolve(node + ".yaml"));
        pb.environment().put("CONNECTIONS_RELOAD_SECONDS", "1");
        pb.environment().put("CLUSTER_ENABLED", "true");
        pb.environment().put("CLUSTER_CHECKIN_MS", "5000");
        pb.environment().put("NODE_ID", node);
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(OrchestratorTestBase.freePort()));
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        running.put(node, pb.start());
        logs.put(node, log);
    }

    private long count(String sql) {
        return new TestDb(db).count(sql);
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            for (Map.Entry<String, Process> e : running.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw new AssertionError(e.getKey() + " died while waiting for: " + what + "\n" + log(e.getKey()));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what + "\n----- node-a\n" + log("node-a")
                        + "\n----- node-b\n" + log("node-b"));
            }
            Thread.sleep(100);
        }
    }

    private interface BooleanSupplier {
        boolean getAsBoolean() throws Exception;
    }
}
