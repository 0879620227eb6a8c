package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.Test;

/**
 * The state tables do not grow without bound (issue 11, item 8): finished jobs older than SYNC_JOB_RETENTION_DAYS are
 * pruned in bounded batches, harmlessly on two instances at once; the status page reads the newest jobs of each
 * connection through an index, so its cost does not grow with the history.
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

    private static final String SECOND = "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0";
    private static final String THIRD = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d";
    /** A connection no block watches any more: its history stays in sync_job. */
    private static final String GONE = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f";

    @Test
    void theStatusPagesRecentJobsReadOnlyTheNewestJobsOfEachConnectionThroughTheIndexHoweverLongTheHistory() throws Exception {
        startService(block("orders-to-bigquery", CONNECTION, "orders") + block("customers-to-bigquery", SECOND, "customers")
                + block("invoices-to-bigquery", THIRD, "invoices"), Map.of("status.jobs", "5"));
        // 100,000 finished jobs over four connections, two by two with the same created_at (job_id breaks the tie)
        sql("INSERT INTO airbyte_sync.sync_job (job_id, connection_id, route_id, reason, tables, status, created_at, finished_at)"
                + " SELECT g, (ARRAY['" + CONNECTION + "', '" + SECOND + "', '" + THIRD + "', '" + GONE + "'])[1 + g % 4]::uuid,"
                + " 'r', 'data', 'public.t', 'succeeded', now() - (100000 - g / 2) * interval '1 minute',"
                + " now() - (100000 - g / 2) * interval '1 minute' + interval '30 seconds' FROM generate_series(1, 100000) g",
                "ANALYZE airbyte_sync.sync_job");

        // the plan: per connection an index range of sync_job_recent_idx, never the whole table
        JsonNode plan = explainAnalyze("queries/status-recent-jobs.sql");
        List<JsonNode> jobScans = new ArrayList<>();
        collect(plan.get(0).get("Plan"), "sync_job", jobScans);
        assertThat(jobScans).as("scans of sync_job in " + plan).isNotEmpty().allSatisfy(scan -> {
            assertThat(scan.get("Node Type").asText()).isIn("Index Scan", "Index Only Scan");
            assertThat(scan.get("Index Name").asText()).isEqualTo("sync_job_recent_idx");
        });
        long rowsRead = jobScans.stream().mapToLong(n -> n.get("Actual Rows").asLong() * n.get("Actual Loops").asLong()).sum();
        assertThat(rowsRead).as("sync_job rows read for 3 connections x STATUS_JOBS 5, of 100,000").isLessThanOrEqualTo(3 * 5);

        // and the page shows what the whole table says: the 5 newest of each watched connection, newest first
        JsonNode status = new ObjectMapper().readTree(management("/status.json")[1]);
        for (JsonNode c : status.get("connections")) {
            List<Long> shown = new ArrayList<>();
            c.get("recentJobs").forEach(j -> shown.add(j.get("jobId").asLong()));
            List<Long> newest = query("SELECT job_id FROM airbyte_sync.sync_job WHERE connection_id = '" + c.get("connectionId").asText()
                    + "' ORDER BY created_at DESC, job_id DESC LIMIT 5").stream().map(r -> ((Number) r.get("job_id")).longValue()).toList();
            assertThat(shown).as(c.get("routeId").asText()).hasSize(5).isEqualTo(newest);
        }
    }

    @Test
    void aTableTakenOutOfTheYamlIsMarkedNoLongerWrittenShownApartAndStartsOverWhenListedAgain() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')",
                "CREATE TABLE customers (id int, updated_at timestamptz)", "INSERT INTO customers VALUES (1, '2026-11-20 09:00:00+00')");
        startService(block("orders-to-bigquery", CONNECTION, "orders, customers"));
        syncFirst(701);
        assertThat(state("public.customers").get("synced")).isEqualTo(true);
        // a connection whose whole block an earlier YAML had
        sql("INSERT INTO airbyte_sync.sync_state (connection_id, table_schema, table_name, route_id, cursor_column, synced,"
                + " synced_cursor) VALUES ('" + GONE + "', 'public', 'invoices', 'invoices-to-bigquery', 'updated_at', true,"
                + " '2026-10-01 00:00:00+00')");

        // customers taken out of the block, restart
        stopService();
        startService(block("orders-to-bigquery", CONNECTION, "orders"));
        tick();
        String customersRow = "SELECT t::text FROM airbyte_sync.sync_state t WHERE table_name = 'customers'";
        String customersThen = (String) scalar(customersRow);
        assertThat(state("public.customers").get("removed_at")).as("customers marked removed").isNotNull();
        assertThat(state("public.customers").get("synced_cursor")).as("its synced values kept").isEqualTo("2026-11-20T09:00:00.000000Z");
        assertThat(state("public.orders").get("removed_at")).isNull();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(state("public.invoices").get("removed_at")).as("the whole block's table, at start-up").isNotNull());
        assertThat(decisionLog()).anySatisfy(l -> assertThat(l).contains("orders-to-bigquery: public.customers is in the block no more"));

        // no tick writes it any more: an unchanged tick, then a failed one
        tick();
        sql("ALTER TABLE orders RENAME COLUMN updated_at TO changed_at");
        tick();
        assertThat(state("public.orders").get("last_decision")).isEqualTo("error");
        sql("ALTER TABLE orders RENAME COLUMN changed_at TO updated_at");
        assertThat(scalar(customersRow)).as("the removed row, untouched by two ticks").isEqualTo(customersThen);

        // /status: the removed tables apart, not among the connection's tables
        JsonNode status = new ObjectMapper().readTree(management("/status.json")[1]);
        List<String> live = new ArrayList<>();
        status.get("connections").get(0).get("tables").forEach(t -> live.add(t.get("table").asText()));
        assertThat(live).containsExactly("public.orders");
        List<String> apart = new ArrayList<>();
        status.get("noLongerWatched").forEach(t -> apart.add(t.get("routeId").asText() + " " + t.get("table").asText()));
        assertThat(apart).containsExactlyInAnyOrder("orders-to-bigquery public.customers", "invoices-to-bigquery public.invoices");
        String html = management("/status")[1];
        String orders = html.substring(html.indexOf("data-route=\"orders-to-bigquery\""), html.indexOf("</section>"));
        assertThat(orders).contains("public.orders").doesNotContain("customers");
        assertThat(html.substring(html.indexOf("<section class=\"no-longer-watched\">"))).contains("No longer watched")
                .contains("public.customers").contains("public.invoices").contains("2026-11-20T09:00:00.000000Z");

        // listed again: unmarked, and it starts over with a first sync
        stopService();
        resetAllKeepingRequestsChecked();
        stubJobCreated(702);
        startService(block("orders-to-bigquery", CONNECTION, "orders, customers"));
        tick();
        assertThat(state("public.customers").get("removed_at")).isNull();
        assertThat(state("public.customers").get("pending_job_id")).isEqualTo(702L);
        assertThat(decisionLog()).anySatisfy(l -> assertThat(l).contains("public.customers is in the block again"))
                .anySatisfy(l -> assertThat(l).contains("public.customers").contains("(first sight)"));
        String again = management("/status")[1];
        assertThat(again.substring(again.indexOf("<section class=\"no-longer-watched\">"))).contains("public.invoices")
                .doesNotContain("public.customers");
    }

    /** EXPLAIN (ANALYZE, FORMAT JSON) of a query file, its {@code :#${...}} parameters evaluated as the service does. */
    private JsonNode explainAnalyze(String file) throws Exception {
        String text;
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(camel);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":#\\$\\{([^}]+)}").matcher(text);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            String value = camel.resolveLanguage("simple").createExpression("${" + m.group(1) + "}").evaluate(exchange, String.class);
            m.appendReplacement(sql, java.util.regex.Matcher.quoteReplacement("'" + value.replace("'", "''") + "'"));
        }
        m.appendTail(sql);
        try (java.sql.Connection c = connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("SET search_path TO airbyte_sync"); // as the state pool's sessions have it
            try (java.sql.ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
                rs.next();
                return new ObjectMapper().readTree(rs.getString(1));
            }
        }
    }

    private static void collect(JsonNode node, String relation, List<JsonNode> found) {
        if (relation.equals(node.path("Relation Name").asText())) {
            found.add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, relation, found);
        }
    }

    private int prune(CyclicBarrier together) throws Exception {
        if (together != null) {
            together.await(30, TimeUnit.SECONDS);
        }
        return camel.createProducerTemplate().requestBody("direct:prune-jobs", null, Integer.class);
    }
}
