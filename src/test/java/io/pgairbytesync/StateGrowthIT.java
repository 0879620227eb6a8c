package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;

/**
 * The state tables do not grow without bound (issue 11, item 8): finished jobs older than SYNC_JOB_RETENTION_DAYS are
 * pruned in bounded batches, harmlessly on two instances at once.
 */
class StateGrowthIT extends OrchestratorTestBase {

    /** The rows each execution of the prune statement deleted, in the order they ran. */
    private static final class PruneStatements extends EventNotifierSupport {
        final List<Integer> deleted = new CopyOnWriteArrayList<>();

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().contains("prune-finished-jobs")) {
                deleted.add(sent.getExchange().getMessage().getHeader("CamelSqlUpdateCount", Integer.class));
            }
        }
    }

    @Test
    void finishedJobsOlderThanTheRetentionArePrunedInBoundedBatchesByTwoInstancesAtOnceAndOpenOrReferencedJobsAreKept()
            throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("sync.job.retention.days", "30"));
        String insert = "INSERT INTO airbyte_sync.sync_job (job_id, connection_id, route_id, reason, tables, status, created_at,"
                + " finished_at) SELECT g, '" + CONNECTION + "', 'orders-to-bigquery', 'data', 'public.orders', ";
        sql(insert + "'succeeded', now() - interval '41 days', now() - interval '40 days' FROM generate_series(1, 2500) g",
                // younger than the retention: kept
                insert + "'failed', now() - interval '29 days', now() - interval '29 days' FROM generate_series(3001, 3010) g",
                // open for 40 days (an external job, say): kept whatever its age
                insert + "'running', now() - interval '40 days', NULL FROM generate_series(4001, 4001) g",
                // the job a table was last synced by, 40 days ago: kept
                insert + "'succeeded', now() - interval '41 days', now() - interval '40 days' FROM generate_series(5001, 5001) g",
                "INSERT INTO airbyte_sync.sync_state (connection_id, table_schema, table_name, cursor_column, synced,"
                        + " last_synced_job_id) VALUES ('" + CONNECTION + "', 'public', 'orders', 'updated_at', true, 5001)");
        PruneStatements statements = new PruneStatements();
        camel.getManagementStrategy().addEventNotifier(statements);
        ServiceHelper.startService(statements);

        // two instances prune at the same moment (CLUSTER_ENABLED=true): both finish, no error, no row deleted twice
        ExecutorService two = Executors.newFixedThreadPool(2);
        CyclicBarrier together = new CyclicBarrier(2);
        try {
            List<Future<Integer>> runs = List.of(two.submit(() -> prune(together)), two.submit(() -> prune(together)));
            int pruned = runs.get(0).get(60, TimeUnit.SECONDS) + runs.get(1).get(60, TimeUnit.SECONDS);
            assertThat(pruned).as("jobs the two prunes report deleted").isEqualTo(2500);
        } finally {
            two.shutdownNow();
        }
        assertThat(statements.deleted).as("rows per DELETE statement").allSatisfy(n -> assertThat(n).isBetween(0, 1000));
        assertThat(statements.deleted.stream().filter(n -> n > 0).count()).as("statements that deleted rows").isGreaterThanOrEqualTo(3);
        assertThat(query("SELECT job_id FROM airbyte_sync.sync_job ORDER BY job_id").stream().map(r -> ((Number) r.get("job_id")).longValue()))
                .containsExactly(3001L, 3002L, 3003L, 3004L, 3005L, 3006L, 3007L, 3008L, 3009L, 3010L, 4001L, 5001L);
        assertThat(decisionLog()).anySatisfy(l -> assertThat(l).contains("job(s) that finished more than 30 days ago from sync_job"));

        // a prune with nothing to delete changes nothing
        assertThat(prune(null)).isZero();
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_job")).isEqualTo(12L);
    }

    private int prune(CyclicBarrier together) throws Exception {
        if (together != null) {
            together.await(30, TimeUnit.SECONDS);
        }
        return camel.createProducerTemplate().requestBody("direct:prune-jobs", null, Integer.class);
    }
}
