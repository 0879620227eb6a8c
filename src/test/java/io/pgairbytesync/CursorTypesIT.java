package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every supported cursor type keeps its exact value: an untouched table is unchanged on every tick, forever,
 * and a change of one microsecond (or one unit in the last numeric digit) is seen. The service runs in a time zone with
 * daylight saving time, Europe/Berlin: it is the JVM's default zone during each test, and the driver gives it to every
 * session the service opens (checked), so a cursor printed or compared in local time would show.
 */
class CursorTypesIT extends OrchestratorTestBase {

    private static final String ZONE = "Europe/Berlin";
    private TimeZone jvmZone;

    @BeforeEach
    void inAZoneWithDaylightSavingTime() {
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(ZONE));
    }

    @AfterEach
    void backToTheJvmZone() {
        TimeZone.setDefault(jvmZone);
    }

    private static final String TABLES = "t_tstz, t_ts, t_date, t_int:v, t_big:v, t_num:v, t_small:v, t_empty, t_domain";

    @Test
    void untouchedTablesStayUnchangedOverManyTicksAndEveryValueIsExact() throws Exception {
        sql("CREATE DOMAIN stamp AS timestamptz",
                "CREATE TABLE t_tstz (updated_at timestamptz)",
                "INSERT INTO t_tstz VALUES ('2026-11-24 10:00:01.123456+00'), ('2026-11-24 09:00:00+05:30')",
                "CREATE TABLE t_ts (updated_at timestamp(6))",
                "INSERT INTO t_ts VALUES ('2026-03-29 02:30:00.000001')", // a local time that does not exist in Europe
                "CREATE TABLE t_date (updated_at date)",
                "INSERT INTO t_date VALUES ('2026-11-24'), ('1999-01-01')",
                "CREATE TABLE t_int (v integer)",
                "INSERT INTO t_int VALUES (2147483647), (-5)",
                "CREATE TABLE t_big (v bigint)",
                "INSERT INTO t_big VALUES (9223372036854775807)",
                "CREATE TABLE t_num (v numeric(38,18))",
                "INSERT INTO t_num VALUES (12345678901234567890.123456789012345678)",
                "CREATE TABLE t_small (v smallint)",
                "INSERT INTO t_small VALUES (32767)",
                "CREATE TABLE t_empty (updated_at timestamptz)",
                "CREATE TABLE t_domain (updated_at stamp)",
                "INSERT INTO t_domain VALUES ('2026-01-01 00:00:00.5+00')");
        startService(block("types", CONNECTION, TABLES));
        stubJobCreated(101);
        tick("types", CONNECTION);
        stubJobStatus(101, "succeeded");
        followJobs();

        assertThat(synced("t_tstz")).isEqualTo("2026-11-24T10:00:01.123456Z");
        assertThat(synced("t_ts")).isEqualTo("2026-03-29T02:30:00.000001");
        assertThat(synced("t_date")).isEqualTo("2026-11-24");
        assertThat(synced("t_int")).isEqualTo("2147483647");
        assertThat(synced("t_big")).isEqualTo("9223372036854775807");
        assertThat(synced("t_num")).isEqualTo("12345678901234567890.123456789012345678");
        assertThat(synced("t_small")).isEqualTo("32767");
        assertThat(synced("t_empty")).isNull();
        assertThat(synced("t_domain")).isEqualTo("2026-01-01T00:00:00.500000Z");

        for (int i = 0; i < 25; i++) {
            tick("types", CONNECTION);
        }
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(query("SELECT DISTINCT last_decision FROM airbyte_sync.sync_state"))
                .extracting(r -> r.get("last_decision")).containsExactly("unchanged");
    }

    @Test
    void theSmallestChangeOfEachTypeIsSeen() throws Exception {
        sql("CREATE TABLE t_tstz (updated_at timestamptz)",
                "INSERT INTO t_tstz VALUES ('2026-11-24 10:00:01.123456+00')",
                "CREATE TABLE t_num (v numeric(38,18))",
                "INSERT INTO t_num VALUES (1.000000000000000001)",
                "CREATE TABLE t_empty (updated_at timestamptz)");
        startService(block("types", CONNECTION, "t_tstz, t_num:v, t_empty"));
        long job = 100;
        String[] changes = {
            "UPDATE t_tstz SET updated_at = updated_at + interval '1 microsecond'",
            "UPDATE t_num SET v = v + 0.000000000000000001",
            "INSERT INTO t_empty VALUES ('2000-01-01 00:00:00+00')",
            "DELETE FROM t_empty"};
        stubJobCreated(++job);
        tick("types", CONNECTION);
        stubJobStatus(job, "succeeded");
        followJobs();
        for (String change : changes) {
            job = oneJobAfter(change, job);
        }
        assertThat(synced("t_tstz")).isEqualTo("2026-11-24T10:00:01.123457Z");
        assertThat(synced("t_num")).isEqualTo("1.000000000000000002");
        assertThat(synced("t_empty")).isNull();
        tick("types", CONNECTION);
        assertThat(jobPosts()).isEqualTo(changes.length + 1);
    }

    /**
     * Europe/Berlin falls back on 2026-10-25 (03:00 CEST -> 02:00 CET: local 02:00-02:59 happens twice) and springs
     * forward on 2026-03-29 (02:00 CET -> 03:00 CEST: local 02:00-02:59 never happens). Each change below is one job,
     * and the ticks between changes are unchanged; a service that printed or compared a cursor in local time would
     * see the two 02:30 of the fall-back as one value (a lost change), or print a value differently from one tick to
     * the next (a repeated one):
     * <ul>
     * <li>timestamptz 02:30 CEST, then 02:30 CET (one hour later, the same local wall time);</li>
     * <li>timestamp 2026-03-29 02:30, then 03:30 (one instant, if read as a Berlin wall time);</li>
     * <li>timestamp 2026-10-25 00:30, then 01:30 (the two 02:30 of the fall-back, if read as UTC and shown in Berlin).</li>
     * </ul>
     */
    @Test
    void acrossTheDaylightSavingHoursEveryChangeIsOneJobAndNothingElseIs() throws Exception {
        sql("CREATE TABLE t_tstz (updated_at timestamptz)",
                "INSERT INTO t_tstz VALUES ('2026-10-25 02:30:00+02')",
                "CREATE TABLE t_ts (updated_at timestamp(6))",
                "INSERT INTO t_ts VALUES ('2026-03-29 02:30:00')");
        startService(block("types", CONNECTION, "t_tstz, t_ts"));
        assertThat(serviceSessionZone()).as("TimeZone of the service's probe session").isEqualTo(ZONE);
        long job = 100;
        stubJobCreated(++job);
        tick("types", CONNECTION);
        stubJobStatus(job, "succeeded");
        followJobs();
        assertThat(synced("t_tstz")).isEqualTo("2026-10-25T00:30:00.000000Z");
        assertThat(synced("t_ts")).isEqualTo("2026-03-29T02:30:00.000000");
        String[] changes = {
            "UPDATE t_tstz SET updated_at = '2026-10-25 02:30:00+01'",
            "UPDATE t_ts SET updated_at = '2026-03-29 03:30:00'",
            "UPDATE t_ts SET updated_at = '2026-10-25 00:30:00'",
            "UPDATE t_ts SET updated_at = '2026-10-25 01:30:00'"};
        for (String change : changes) {
            for (int i = 0; i < 3; i++) {
                tick("types", CONNECTION);
            }
            assertThat(jobPosts()).as("jobs after three ticks without a change, before: " + change).isEqualTo((int) (job - 100));
            job = oneJobAfter(change, job);
        }
        for (int i = 0; i < 3; i++) {
            tick("types", CONNECTION);
        }
        assertThat(jobPosts()).as("jobs after the last change and three more ticks").isEqualTo(changes.length + 1);
        assertThat(synced("t_tstz")).isEqualTo("2026-10-25T01:30:00.000000Z");
        assertThat(synced("t_ts")).isEqualTo("2026-10-25T01:30:00.000000");
    }

    /**
     * A coarse cursor is said once per plan: one WARN line per coarse table at the block's first tick (start-up), none
     * at later ticks, again when a reload of the YAML changes the block (its first tick after it plans again); /status
     * and /status.json show it on the table, with the fix. A table with a fine cursor has no note.
     */
    @Test
    void aCoarseCursorIsOneWarningAtStartUpAndAfterAReloadAndIsShownOnStatus() throws Exception {
        sql("CREATE TABLE daily (id int, day date)", "INSERT INTO daily VALUES (1, '2026-11-24')",
                "CREATE TABLE seconds (id int, updated_at timestamptz(0))",
                "CREATE TABLE fine (id int, updated_at timestamptz)");
        useFakeAirbyte();
        startService(block("types", CONNECTION, "daily:day, fine"), Map.of("connections.reload.seconds", "1"));
        tick("types", CONNECTION);
        tick("types", CONNECTION);
        assertThat(coarseWarnings("public.daily.day has type date")).as("WARN lines about daily after two ticks").isEqualTo(1);
        assertThat(coarseWarnings("public.fine.updated_at has type")).isZero();

        com.fasterxml.jackson.databind.JsonNode tables = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(management("/status.json")[1]).path("connections").get(0).path("tables");
        for (com.fasterxml.jackson.databind.JsonNode t : tables) {
            if (t.path("table").asText().equals("public.daily")) {
                assertThat(t.path("coarseCursor").asText()).contains("has type date: max() moves only when the date does")
                        .contains("Fix: a finer cursor column");
            } else {
                assertThat(t.path("coarseCursor").isNull()).as(t.toString()).isTrue();
            }
        }
        assertThat(tables).hasSize(2);
        assertThat(management("/status")[1]).contains("coarse cursor</span> cursor column public.daily.day has type date");

        // the block changed by a reload: planned again at its next tick, so said again, and the new table too
        Path file = tmp.resolve("connections.yaml");
        Files.writeString(tmp.resolve("next.yaml"), block("types", CONNECTION, "daily:day, fine, seconds"));
        Files.move(tmp.resolve("next.yaml"), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await("the changed block planned again").atMost(Duration.ofSeconds(30))
                .until(() -> coarseWarnings("public.seconds.updated_at has type timestamp(0) with time zone") == 1);
        assertThat(coarseWarnings("public.daily.day has type date")).isEqualTo(2);
    }

    /**
     * One row at infinity pins max(updated_at): one alert over several ticks, naming the table and the value; while it
     * lasts a change that does not move the max (an insert of a normal row, a delete) still syncs once, through the write
     * counters; the row fixed: one recovery, and the table is back to the cursor signal alone (a delete that keeps the max
     * syncs nothing, as before). /status.json shows the pinned value while it lasts.
     */
    @Test
    void aMaxPinnedAtInfinityIsOneAlertTheCountersSeeTheChangesMeanwhileAndTheFixResolvesIt() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00'), (2, '2026-11-24 11:00:00+00')");
        // the settle read of the stats signal off (StatsSignalIT proves it): each job's counter baseline is the one read
        // when it is posted, and the changes below come right after a job
        startService(block("types", CONNECTION, "orders"), Map.of("stats.flush.delay.seconds", "0"));
        long job = oneJobAfter("SELECT 1", 100);                                          // first sight
        job = oneJobAfter("INSERT INTO orders VALUES (3, 'infinity')", job);              // the max moved: the cursor sees it
        for (int i = 0; i < 3; i++) {
            tick("types", CONNECTION);
        }
        assertThat(jobPosts()).as("no job while nothing changed").isEqualTo((int) (job - 100));
        await().atMost(Duration.ofSeconds(10)).until(() -> pinnedAlerts().size() == 1);
        assertThat(pinnedAlerts().get(0)).contains("types: max(updated_at) of public.orders is pinned at infinity")
                .contains("watched by its write counters too").contains("Fix: correct or delete that row");
        assertThat(pinnedTable()).isEqualTo("infinity");
        assertThat(decisionLog()).anyMatch(l -> l.contains("types unchanged public.orders; max(updated_at) of public.orders is pinned"
                + " at infinity: watched by its write counters too"));

        // while pinned: changes that leave the max where it is are seen by the counters, each once
        job = oneJobAfter("INSERT INTO orders VALUES (4, '2026-11-25 09:00:00+00')", job);
        tick("types", CONNECTION);
        job = oneJobAfter("DELETE FROM orders WHERE id = 1", job);
        tick("types", CONNECTION);
        assertThat(jobPosts()).as("one job per change, none after").isEqualTo((int) (job - 100));
        assertThat(decisionLog()).anyMatch(l -> l.contains("public.orders writes") && l.contains("pinned at infinity"));
        assertThat(pinnedAlerts()).as("still one alert").hasSize(1);

        // the row fixed: the max moves back (the cursor sees it), the episode is resolved, the cursor alone again
        job = oneJobAfter("UPDATE orders SET updated_at = '2026-11-25 10:00:00+00' WHERE id = 3", job);
        await().atMost(Duration.ofSeconds(10)).until(() -> pinnedAlerts().size() == 2);
        assertThat(pinnedAlerts().get(1)).contains("types: RECOVERED, max(updated_at) of public.orders is"
                + " 2026-11-25T10:00:00.000000Z again");
        assertThat(pinnedTable()).isNull();
        long counted = writes("orders");
        sql("DELETE FROM orders WHERE id = 2");
        awaitWrites("orders", counted + 1); // the counters show the delete: only the signal can ignore it
        tick("types", CONNECTION);
        tick("types", CONNECTION);
        assertThat(jobPosts()).as("a delete that keeps the max: not seen by the cursor signal").isEqualTo((int) (job - 100));
        assertThat(pinnedAlerts()).hasSize(2);
    }

    /**
     * A timestamp more than CURSOR_FUTURE_MARGIN ahead of the source's clock pins the max as well, and numeric NaN does;
     * a value just ahead (inside the margin) does not.
     */
    @Test
    void aFarFutureTimestampAndANumericNanArePinnedAValueInsideTheMarginIsNot() throws Exception {
        sql("CREATE TABLE far (id int, updated_at timestamptz)", "INSERT INTO far VALUES (1, now() + interval '3 hours')",
                "CREATE TABLE near (id int, updated_at timestamp)", "INSERT INTO near VALUES (1, localtimestamp + interval '1 hour')",
                "CREATE TABLE num (id int, v numeric)", "INSERT INTO num VALUES (1, 1), (2, 'NaN')",
                "CREATE TABLE day (id int, d date)", "INSERT INTO day VALUES (1, current_date + 7)");
        startService(block("types", CONNECTION, "far, near, num:v, day:d"), Map.of("cursor.future.margin", "PT2H"));
        oneJobAfter("SELECT 1", 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> pinnedAlerts().size() == 3);
        assertThat(String.join("\n", pinnedAlerts())).contains("max(updated_at) of public.far is pinned at ")
                .contains("more than CURSOR_FUTURE_MARGIN ahead of the source database's clock")
                .contains("max(v) of public.num is pinned at NaN").contains("max(d) of public.day is pinned at ")
                .doesNotContain("public.near");
    }

    private List<String> pinnedAlerts() {
        return alertsSent().stream().filter(a -> a.contains(" of public.")).toList();
    }

    private String pinnedTable() throws Exception {
        com.fasterxml.jackson.databind.JsonNode t = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(management("/status.json")[1]).path("connections").get(0).path("tables").get(0);
        return t.path("pinnedCursor").isNull() ? null : t.path("pinnedCursor").asText();
    }

    private long coarseWarnings(String about) {
        return events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .filter(e -> e.getFormattedMessage().contains(about)).count();
    }

    private String serviceSessionZone() throws Exception {
        BasicDataSource sourceDb = camel.getRegistry().lookupByNameAndType("sourceDb", BasicDataSource.class);
        try (Connection c = sourceDb.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('TimeZone')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String synced(String table) throws Exception {
        Map<String, Object> row = state("public." + table);
        assertThat(row.get("synced")).as(table + " synced").isEqualTo(true);
        return (String) row.get("synced_cursor");
    }

    /** Makes {@code change} (a write to orders: until the statistics count it), ticks once: exactly one more job (the next id after {@code job}), which then succeeds. */
    private long oneJobAfter(String change, long job) throws Exception {
        long before = writes("orders");
        sql(change);
        if (change.contains(" orders ")) {
            awaitWrites("orders", before + 1); // the pinned table's changes are seen by its counters: wait until they show
        }
        stubJobCreated(++job);
        tick("types", CONNECTION);
        assertThat(jobPosts()).as("a job after: " + change).isEqualTo((int) (job - 100));
        stubJobStatus(job, "succeeded");
        followJobs();
        return job;
    }
}
