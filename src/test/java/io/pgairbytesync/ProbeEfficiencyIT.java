package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbePlanner;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/** Issue #4: the probe is built once and reused, unindexed cursors are reported, deletes can be seen. */
class ProbeEfficiencyIT extends OrchestratorTestBase {

    @Test
    void theProbeStatementIsBuiltOnceAndReusedOnEveryTick() throws Exception {
        sql("CREATE TABLE a (updated_at timestamptz)", "CREATE TABLE b (updated_at timestamptz)",
                "CREATE INDEX ON a (updated_at)", "CREATE INDEX ON b (updated_at)");
        startService(block("ab", CONNECTION, "a, b"));
        stubJobCreated(101);
        tick("ab", CONNECTION);
        ProbePlanner planner = camel.getRegistry().lookupByNameAndType("probePlanner", ProbePlanner.class);
        ProbePlan plan = planner.cached("ab");
        assertThat(plan).isNotNull();
        assertThat(plan.sql()).startsWith("SELECT v.ord").doesNotContain(";").contains("\"public\".\"a\"", "\"public\".\"b\"");
        for (int i = 0; i < 5; i++) {
            tick("ab", CONNECTION);
        }
        assertThat(planner.cached("ab")).isSameAs(plan);
        assertThat(allLog()).noneMatch(l -> l.contains("has no btree index"));
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

    @Test
    void withCursorPlusStatsADeleteThatKeepsTheMaxIsAChange() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        Thread.sleep(1000); // let the statistics of the inserts arrive
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("change.signal", "cursor+stats"));
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
        for (int i = 0; i < 5; i++) {
            Thread.sleep(300);
            tick();
        }
        assertThat(jobPosts()).isEqualTo(1);
        assertThat(state("public.orders").get("synced_write_count")).isNull();
    }

    @Test
    void everyConnectionTicksOnceRightAfterStartUp() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)");
        stubJobCreated(101);
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("tick.on.start", "true"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (jobPosts() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(jobPosts()).isEqualTo(1);
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
        Thread.sleep(1000); // let the statistics of the inserts arrive
        startService(block("events", CONNECTION, "events"), Map.of("change.signal", "cursor+stats"));
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
