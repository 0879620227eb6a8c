package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.tick.BlockSchedule;
import io.pgairbytesync.tick.TickThreads;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

/**
 * CLUSTER_ENABLED, CLUSTER_CHECKIN_MS and NODE_ID in-process: the settings are checked at start-up, a single instance
 * keeps its schedule in memory and creates no Quartz table, a clustered one keeps it in the state schema with the
 * connection trigger's rules (misfire: do nothing; a tick never overlaps itself) and reuses it at the next start.
 * The two-process behaviour (one tick per slot, takeover) is ClusterIT's.
 */
class ClusterSettingsIT extends OrchestratorTestBase {

    @BeforeEach
    void orders() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')");
    }

    @Test
    void badClusterSettingsStopStartUpWithTheFix() {
        assertThatThrownBy(() -> startService("[]", Map.of("cluster.enabled", "yes")))
                .hasStackTraceContaining("CLUSTER_ENABLED 'yes' is not true or false. Fix:");
        assertThatThrownBy(() -> startService("[]", Map.of("cluster.checkin.ms", "200")))
                .hasStackTraceContaining("CLUSTER_CHECKIN_MS '200' is not a number of milliseconds between 1000 and 600000. Fix:");
        assertThatThrownBy(() -> startService("[]", Map.of("node.id", "node a; drop")))
                .hasStackTraceContaining("NODE_ID 'node a; drop' is not a plain name (it defaults to the host name). Fix:");
    }

    @Test
    void aSingleInstanceKeepsItsScheduleInMemoryAndNamesItselfInTheState() throws Exception {
        // the block ticks at its own second (H); five more blocks share second 5 of the minute
        StringBuilder yaml = new StringBuilder(block("orders-to-bigquery", CONNECTION, "orders").replace(NEVER, "H 0 0 1 1 ? 2099"));
        for (int b = 0; b < 5; b++) {
            yaml.append(block("at-five-" + b, "00000000-0000-4000-8000-00000000005" + b, "orders").replace(NEVER, "5 0 0 1 1 ? 2099"));
        }
        startService(yaml.toString(), Map.of("node.id", "sync-1"));
        Scheduler scheduler = camel.getComponent("quartz", QuartzComponent.class).getScheduler();
        String cron = ((CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey(CONNECTION, "pg-airbyte-sync"))).getCronExpression();
        assertThat(cron).matches("([0-9]|[1-5][0-9]) 0 0 1 1 \\? 2099")
                .isEqualTo(BlockSchedule.resolve("orders-to-bigquery", "H 0 0 1 1 ? 2099"));
        assertThat(((CronTrigger) scheduler.getTrigger(TriggerKey.triggerKey("00000000-0000-4000-8000-000000000050",
                "pg-airbyte-sync"))).getCronExpression()).as("an explicit second is kept").isEqualTo("5 0 0 1 1 ? 2099");
        // the Quartz threads follow the blocks: the five (or six) due in second 5, + 2; the pools read the same number
        TickThreads threads = camel.getRegistry().lookupByNameAndType("tickThreads", TickThreads.class);
        assertThat(threads.blocks()).isEqualTo(6);
        assertThat(threads.blocksWhenFirstRead()).as("the pools were sized once every block was loaded").isEqualTo(6);
        assertThat(threads.busiestSeconds()).contains(5);
        assertThat(scheduler.getMetaData().getThreadPoolSize()).isEqualTo(threads.busiestCount() + 2)
                .isEqualTo(threads.ticksAtOnce());
        // ... and the pools have one session per tick that can run at once, plus the other routes'
        assertThat(camel.getRegistry().lookupByNameAndType("sourceDb", org.apache.commons.dbcp2.BasicDataSource.class).getMaxTotal())
                .isEqualTo(threads.ticksAtOnce() + 2);
        assertThat(camel.getRegistry().lookupByNameAndType("stateDb", org.apache.commons.dbcp2.BasicDataSource.class).getMaxTotal())
                .isEqualTo(threads.ticksAtOnce() + 5);
        stubJobCreated(101);
        tick();
        assertThat(camel.getComponent("quartz", QuartzComponent.class).isClustered()).isFalse();
        assertThat(scalar("SELECT last_tick_node FROM airbyte_sync.sync_state")).isEqualTo("sync-1");
        assertThat(scalar("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'")).isEqualTo(0L);
    }

    @Test
    void theNodeIdDefaultsToTheHostName() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        stubJobCreated(101);
        tick();
        assertThat((String) scalar("SELECT last_tick_node FROM airbyte_sync.sync_state")).isNotBlank()
                .doesNotContain(".");
    }

    @Test
    void aClusteredInstanceKeepsTheScheduleInTheStateSchemaWithTheTickRulesAndReusesIt() throws Exception {
        Map<String, String> clustered = Map.of("cluster.enabled", "true", "node.id", "sync-1");
        startService(block("orders-to-bigquery", CONNECTION, "orders"), clustered);
        assertThat(camel.getComponent("quartz", QuartzComponent.class).isClustered()).isTrue();
        assertThat(camel.getComponent("quartz", QuartzComponent.class).getScheduler().getSchedulerName())
                .isEqualTo("pg-airbyte-sync");
        stubJobCreated(101);
        tick();
        assertThat(scalar("SELECT last_tick_node FROM airbyte_sync.sync_state")).isEqualTo("sync-1");
        // the connection's trigger: misfireInstruction 2 (do nothing) and a job that never runs twice at once
        assertThat(scalar("SELECT misfire_instr::int FROM airbyte_sync.qrtz_triggers WHERE trigger_group = 'pg-airbyte-sync'"
                + " AND trigger_name = '" + CONNECTION + "'")).isEqualTo(2);
        assertThat(scalar("SELECT is_nonconcurrent::text || ' ' || job_class_name FROM airbyte_sync.qrtz_job_details"
                + " WHERE job_name = '" + CONNECTION + "'")).isEqualTo("true org.apache.camel.component.quartz.StatefulCamelJob");
        assertThat(scalar("SELECT cron_expression FROM airbyte_sync.qrtz_cron_triggers")).isEqualTo(NEVER);
        String instance = (String) scalar("SELECT instance_name FROM airbyte_sync.qrtz_scheduler_state");
        assertThat(instance).startsWith("sync-1-");

        // the follow-up claims the open job for this instance, and a clean stop hands it back
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_job WHERE finished_at IS NULL AND followed_by IS NULL")).isEqualTo(1L);
        camel.createProducerTemplate().sendBody("direct:follow-jobs", null);
        assertThat(scalar("SELECT followed_by FROM airbyte_sync.sync_job")).isEqualTo(instance);
        // a job of an instance that is gone from qrtz_scheduler_state (declared dead) is claimed too; a live one's is not
        sql("INSERT INTO airbyte_sync.sync_job (job_id, connection_id, reason, tables, status, followed_by) VALUES"
                + " (7, '" + CONNECTION + "', 'data', 'public.orders', 'running', 'sync-9-1'),"
                + " (8, '" + CONNECTION + "', 'data', 'public.orders', 'running', 'sync-2-1')",
                "INSERT INTO airbyte_sync.qrtz_scheduler_state VALUES ('pg-airbyte-sync', 'sync-2-1', "
                        + System.currentTimeMillis() + ", 2500)");
        camel.createProducerTemplate().sendBody("direct:follow-jobs", null);
        assertThat(scalar("SELECT string_agg(job_id || '=' || followed_by, ',' ORDER BY job_id) FROM airbyte_sync.sync_job"))
                .isEqualTo("7=" + instance + ",8=sync-2-1,101=" + instance);
        sql("DELETE FROM airbyte_sync.sync_job WHERE job_id IN (7, 8)", "DELETE FROM airbyte_sync.qrtz_scheduler_state"
                + " WHERE instance_name = 'sync-2-1'");
        stopService();
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_job WHERE followed_by IS NULL")).isEqualTo(1L);

        // a restart applies the DDL again (idempotent) and reuses the stored trigger; a new schedule replaces it
        // (H: the block's own second, the same on every instance, is what the store keeps)
        // (QUARTZ_THREADS: the clustered scheduler gets the number set)
        startService(block("orders-to-bigquery", CONNECTION, "orders").replace(NEVER, "H 0 3 * * ?"),
                Map.of("cluster.enabled", "true", "node.id", "sync-1", "quartz.threads", "6"));
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.qrtz_triggers")).isEqualTo(1L);
        assertThat((String) scalar("SELECT cron_expression FROM airbyte_sync.qrtz_cron_triggers"))
                .matches("([0-9]|[1-5][0-9]) 0 3 \\* \\* \\?").isEqualTo(BlockSchedule.resolve("orders-to-bigquery", "H 0 3 * * ?"));
        assertThat(camel.getComponent("quartz", QuartzComponent.class).getScheduler().getMetaData().getThreadPoolSize())
                .isEqualTo(camel.getRegistry().lookupByNameAndType("tickThreads", TickThreads.class).ticksAtOnce()).isEqualTo(6);
        assertThat(scalar("SELECT misfire_instr::int FROM airbyte_sync.qrtz_triggers")).isEqualTo(2);
        // job 101 is still open (nothing has ended it): the tick after the restart waits for it
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_job WHERE job_id = 101 AND finished_at IS NULL")).isEqualTo(1L);
        tick();
        assertThat(scalar("SELECT last_decision FROM airbyte_sync.sync_state")).isEqualTo("job-in-flight");
        assertThat(jobPosts()).as("no second job while 101 is open").isEqualTo(1);
    }
}
