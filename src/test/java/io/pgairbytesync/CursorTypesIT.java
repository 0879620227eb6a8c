package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/**
 * Every supported cursor type keeps its exact value: an untouched table is unchanged on every tick, forever,
 * and a change of one microsecond (or one unit in the last numeric digit) is seen. The test JVM runs in a
 * far-from-UTC time zone (see the surefire configuration), which the session of the probe inherits.
 */
class CursorTypesIT extends OrchestratorTestBase {

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
            sql(change);
            stubJobCreated(++job);
            tick("types", CONNECTION);
            assertThat(jobPosts()).as("a job after: " + change).isEqualTo((int) (job - 100));
            stubJobStatus(job, "succeeded");
            followJobs();
        }
        assertThat(synced("t_tstz")).isEqualTo("2026-11-24T10:00:01.123457Z");
        assertThat(synced("t_num")).isEqualTo("1.000000000000000002");
        assertThat(synced("t_empty")).isNull();
        tick("types", CONNECTION);
        assertThat(jobPosts()).isEqualTo(changes.length + 1);
    }

    private String synced(String table) throws Exception {
        Map<String, Object> row = state("public." + table);
        assertThat(row.get("synced")).as(table + " synced").isEqualTo(true);
        return (String) row.get("synced_cursor");
    }
}
