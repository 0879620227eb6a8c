package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/**
 * The stats signal (issue 12, part 2; docs/change-signals.md): the write counters of pg_stat_user_tables, with
 * PostgreSQL's statistics flush delay (a connected session's counters reach the view up to 10 s after its commit) taken
 * into account by the settle read of routes/engine/stats-settle.yaml. Writes are made from sessions that close (their
 * counters are flushed when they end) and the test waits until the statistics show them before it ticks, except in the
 * first test, whose point is a session that stays connected.
 */
class StatsSignalIT extends OrchestratorTestBase {

    private static final String BLOCK = "orders-to-bigquery";

    /**
     * The test: insert from a session that stays connected and idle, tick at once, the job succeeds, wait past
     * the flush delay, tick: no second job. Without the settle read the counter recorded when the job was posted misses
     * the insert, whose counter arrives about 10 s later and looked like a new change.
     */
    @Test
    void aWriteWhoseCountersAreFlushedLateIsSyncedOnce() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        awaitWrites("orders", 2);
        startService(block(BLOCK, CONNECTION, "orders"), Map.of("change.signal", "cursor+stats"));
        syncFirst(101);
        try (Connection app = connect(); Statement st = app.createStatement()) {
            // a pooled application session: it has just flushed its statistics (its read), so the counters of the insert
            // it commits now wait for PostgreSQL's idle flush, about 10 s later, while the row is visible at once
            st.execute("SELECT count(*) FROM orders");
            st.execute("INSERT INTO orders VALUES (3, now())");
            stubJobCreated(102);
            tick();
            assertThat(jobPosts()).isEqualTo(2);
            assertThat(state("public.orders").get("pending_write_count"))
                    .as("the counter read when job 102 was posted does not have the insert yet (the flush is late)").isEqualTo(2L);
            stubJobStatus(102, "succeeded");
            followJobs();
            assertThat(state("public.orders").get("last_synced_job_id")).isEqualTo(102L);

            awaitWrites("orders", 3); // the late flush, while the session stays connected and idle
            awaitSettled("public.orders");
            tick();
            tick();
        }
        assertThat(jobPosts()).as("the insert synced once").isEqualTo(2);
        assertThat(decisionLog()).filteredOn(l -> l.equals(BLOCK + " unchanged public.orders")).hasSize(2);
        assertThat(state("public.orders").get("synced_write_count")).as("the settled baseline").isEqualTo(3L);
    }

    /**
     * A settle read that comes late (the service was down past settle_at + 5 s) is not taken: the counter read when the
     * job was posted stays the baseline, and a counter that moved since syncs once more (safe) rather than being
     * absorbed (a change missed).
     */
    @Test
    void aSettleReadThatComesLateKeepsTheCounterReadWhenTheJobWasPosted() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        awaitWrites("orders", 2);
        // the timer's own read would come 10 minutes after the post: the test moves settle_at itself
        startService(block(BLOCK, CONNECTION, "orders"), Map.of("change.signal", "cursor+stats",
                "stats.flush.delay.seconds", "600"));
        syncFirst(101);
        assertThat(state("public.orders").get("settle_job_id")).isEqualTo(101L);
        sql("DELETE FROM orders WHERE id = 1"); // the max stays: only the counter moves
        awaitWrites("orders", 3);
        tick();
        assertThat(decisionLog()).as("the job's counter is not read again yet: no change")
                .contains(BLOCK + " unchanged public.orders");
        sql("UPDATE airbyte_sync.sync_state SET settle_at = now() - interval '1 minute'"); // as after a long outage
        settleNow();
        assertThat(state("public.orders").get("settle_at")).isNull();
        assertThat(state("public.orders").get("synced_write_count")).as("the baseline read at the post").isEqualTo(2L);
        assertThat(decisionLog()).anyMatch(l -> l.startsWith(BLOCK + " public.orders: the write counter was not read again in time"));
        stubJobCreated(102);
        tick();
        assertThat(jobPosts()).as("the delete is synced, not absorbed").isEqualTo(2);
    }

    /** cursor+stats: a delete that keeps max(cursor) syncs once, and the next ticks are quiet. */
    @Test
    void aDeleteThatKeepsTheMaxSyncsOnce() throws Exception {
        startOrdersWithStats();
        sql("DELETE FROM orders WHERE id = 1");
        awaitWrites("orders", 3);
        stubJobCreated(102);
        tick();
        assertThat(decisionLog()).contains(BLOCK + " data-changed public.orders writes 3 (was 2) -> job 102");
        syncsOnceThenQuiet(102, 2);
    }

    /** A stats reset (the counter goes down): one sync at most, then quiet; never a loop. */
    @Test
    void aStatsResetSyncsAtMostOnceThenIsQuiet() throws Exception {
        startOrdersWithStats();
        sql("SELECT pg_stat_reset()");
        await().atMost(Duration.ofSeconds(30)).until(() -> writes("orders") == 0);
        stubJobCreated(102);
        tick();
        assertThat(decisionLog()).contains(BLOCK + " data-changed public.orders writes 0 (was 2) -> job 102");
        syncsOnceThenQuiet(102, 2);
    }

    /** A rolled-back insert moves n_tup_ins: one sync at most, then quiet. */
    @Test
    void anAbortedInsertSyncsAtMostOnceThenIsQuiet() throws Exception {
        startOrdersWithStats();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO orders VALUES (9, '2027-01-01 00:00:00+00')");
            c.rollback();
        }
        awaitWrites("orders", 3);
        assertThat(scalar("SELECT max(updated_at)::text FROM orders")).isEqualTo("2026-01-02 00:00:00+00");
        stubJobCreated(102);
        tick();
        syncsOnceThenQuiet(102, 2);
    }

    /**
     * A long transaction that commits after the sync with an OLDER updated_at does not move max(cursor): the cursor
     * signal cannot see it, cursor+stats does.
     */
    @Test
    void aLongTransactionThatCommitsLateWithAnOlderCursorIsSeenByTheCounter() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        awaitWrites("orders", 2);
        try (Connection longTx = connect(); Statement st = longTx.createStatement()) {
            longTx.setAutoCommit(false);
            // its updated_at is taken now, before the sync of the newer row
            st.execute("INSERT INTO orders VALUES (3, '2026-01-01 12:00:00+00')");
            startService(block(BLOCK, CONNECTION, "orders"), Map.of("change.signal", "cursor+stats", "stats.flush.delay.seconds", "1"));
            syncFirst(101);
            awaitSettled("public.orders");
            longTx.commit();
        }
        awaitWrites("orders", 3);
        assertThat(scalar("SELECT max(updated_at)::text FROM orders")).as("the max did not move").isEqualTo("2026-01-02 00:00:00+00");
        stubJobCreated(102);
        tick();
        assertThat(decisionLog()).contains(BLOCK + " data-changed public.orders writes 3 (was 2) -> job 102");
        syncsOnceThenQuiet(102, 2);
    }

    /**
     * Stats alone: a block with changeSignal stats on a table that has no cursor column at all. Inserts, updates and
     * deletes each sync once; the schema fingerprint still gives schema-changed.
     */
    @Test
    void theStatsSignalAloneSyncsEachWriteOnceAndSeesSchemaChanges() throws Exception {
        sql("CREATE TABLE events (id int, payload text)", "INSERT INTO events VALUES (1, 'a')");
        awaitWrites("events", 1);
        // each write is made by a session that ends, and awaited in the statistics before the tick: no settle read needed
        // (STATS_FLUSH_DELAY_SECONDS=0; the settle read is the subject of the tests above)
        startService(block("events", CONNECTION, "events", "changeSignal", "stats"), Map.of("stats.flush.delay.seconds", "0"));
        stubJobCreated(101);
        tick("events", CONNECTION);
        assertThat(decisionLog()).contains("events data-changed public.events writes 1 (first sight) -> job 101");
        syncsOnceThenQuiet("events", "public.events", 101, 1);
        assertThat(state("public.events").get("cursor_column")).isEqualTo("");

        String[][] writes = {{"INSERT INTO events VALUES (2, 'b')", "2"}, {"UPDATE events SET payload = 'c' WHERE id = 1", "3"},
            {"DELETE FROM events WHERE id = 2", "4"}};
        long job = 102;
        for (String[] w : writes) {
            sql(w[0]);
            awaitWrites("events", Long.parseLong(w[1]));
            stubJobCreated(job);
            tick("events", CONNECTION);
            assertThat(decisionLog()).as(w[0]).contains("events data-changed public.events writes " + w[1] + " (was "
                    + (Long.parseLong(w[1]) - 1) + ") -> job " + job);
            syncsOnceThenQuiet("events", "public.events", job, (int) (job - 100));
            job++;
        }
        sql("ALTER TABLE events ADD COLUMN note text");
        stubConnection("propagate_columns");
        stubJobCreated(job);
        tick("events", CONNECTION);
        String schemaJob = "-> job " + job;
        assertThat(decisionLog()).anyMatch(l -> l.startsWith("events schema-changed public.events columns")
                && l.endsWith(schemaJob));
    }

    /** A table written 'table:-' in a cursor+stats block has no cursor: the stats signal watches it beside the others. */
    @Test
    void aTableWithoutACursorBesideOthersIsWatchedByItsCounter() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE TABLE events (id int)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00')", "INSERT INTO events VALUES (1)");
        awaitWrites("events", 1);
        startService(block(BLOCK, CONNECTION, "orders, events:-"), Map.of("stats.flush.delay.seconds", "1"));
        syncFirst(101);
        awaitSettled("public.events");
        tick();
        assertThat(decisionLog()).contains(BLOCK + " unchanged public.orders, public.events");
        // /status says how the table is watched and what its last sync covered, not an empty cursor column
        com.fasterxml.jackson.databind.JsonNode tables = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(management("/status.json")[1]).path("connections").get(0).path("tables");
        com.fasterxml.jackson.databind.JsonNode events = tables.get(0).path("table").asText().equals("public.events") ? tables.get(0) : tables.get(1);
        assertThat(events.path("cursorColumn").isNull()).as("no cursor column: " + events).isTrue();
        assertThat(events.path("syncedWriteCount").asLong()).isEqualTo(1);
        assertThat(management("/status")[1]).contains("no cursor: its write counter").contains("writes 1");
        sql("DELETE FROM events");
        awaitWrites("events", 2);
        stubJobCreated(102);
        tick();
        assertThat(decisionLog()).contains(BLOCK + " data-changed public.events writes 2 (was 1) -> job 102");
    }

    // ---------------------------------------------------------------- helpers

    /** orders with two rows, cursor+stats with a 1 s settle, first sight synced and settled: synced counter 2. */
    private void startOrdersWithStats() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)",
                "INSERT INTO orders VALUES (1, '2026-01-01 00:00:00+00'), (2, '2026-01-02 00:00:00+00')");
        awaitWrites("orders", 2);
        startService(block(BLOCK, CONNECTION, "orders"), Map.of("change.signal", "cursor+stats", "stats.flush.delay.seconds", "1"));
        syncFirst(101);
        awaitSettled("public.orders");
        assertThat(state("public.orders").get("synced_write_count")).isEqualTo(2L);
    }

    private void syncsOnceThenQuiet(long jobId, int posts) throws Exception {
        syncsOnceThenQuiet(BLOCK, "public.orders", jobId, posts);
    }

    /** The job succeeds, its counter settles, and two more ticks start nothing. */
    private void syncsOnceThenQuiet(String routeId, String table, long jobId, int posts) throws Exception {
        assertThat(jobPosts()).isEqualTo(posts);
        stubJobStatus(jobId, "succeeded");
        followJobs();
        awaitSettled(table);
        tick(routeId, CONNECTION);
        tick(routeId, CONNECTION);
        assertThat(jobPosts()).as("job " + jobId + " and no other").isEqualTo(posts);
    }

    /** Waits until the settle read of the table's last job is done (the timer of stats-settle.yaml, every second). */
    private void awaitSettled(String table) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                .until(() -> state(table).get("settle_at") == null);
    }

    /** One run of the settle route now, as its timer would. */
    private void settleNow() {
        camel.createProducerTemplate().sendBody("direct:stats-settle", null);
    }
}
