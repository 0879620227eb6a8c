package io.pgairbytesync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbeRow;
import io.pgairbytesync.probe.TableSpec;
import io.pgairbytesync.support.RouteTestBase;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * The content-based router of route classify, at route level: the state read is replaced (advice) by given rows, the
 * real classifier decides, and the ways out (record-checked, reconcile-intent, refresh-schema, trigger-sync) are mock
 * endpoints, so each test sees which way the tick took, in which order.
 */
class ClassifyRouteTest extends RouteTestBase {

    private static final String COLUMNS = "{\"id\": \"integer\", \"updated_at\": \"timestamp with time zone\"}";
    private final List<String> ways = new ArrayList<>();

    @Override
    protected String mockEndpointsAndSkip() {
        return "direct://(trigger-sync|record-checked|refresh-schema|reconcile-intent)";
    }

    private Exchange classify(String maxCursor, String hash, Map<String, Object> stateRow) throws Exception {
        AdviceWith.adviceWith(context, "decide", a -> a.weaveByToUri("sql:classpath:queries/read-sync-state.sql*").replace()
                .setBody(a.constant(List.of(stateRow))));
        context.start();
        for (String way : new String[] {"trigger-sync", "record-checked", "refresh-schema", "reconcile-intent"}) {
            getMockEndpoint("mock:direct:" + way).whenAnyExchangeReceived(e -> ways.add(way));
        }
        Tick tick = newTick();
        tick.setPlan(new ProbePlan(BLOCK, CONNECTION, List.of(new ProbePlan.PlannedTable(new TableSpec("public", "orders",
                "updated_at"), "timestamp with time zone")), "SELECT ..."));
        tick.probed(List.of(new ProbeRow(0, maxCursor, hash, COLUMNS, null)));
        Exchange exchange = createExchangeWithBody(null);
        exchange.setProperty(Tick.PROPERTY, tick);
        return template.send("direct:classify", exchange);
    }

    private static Map<String, Object> synced(String cursor, String hash) {
        Map<String, Object> row = new HashMap<>();
        row.put("table_schema", "public");
        row.put("table_name", "orders");
        row.put("cursor_column", "updated_at");
        row.put("synced_cursor", cursor);
        row.put("column_hash", hash);
        row.put("column_list", COLUMNS);
        row.put("synced", true);
        return row;
    }

    @Test
    void unchangedIsOnlyRecorded() throws Exception {
        Exchange done = classify("2026-11-24T10:00:00.000000Z", "h1", synced("2026-11-24T10:00:00.000000Z", "h1"));
        assertThat(done.getException()).isNull();
        assertThat(ways).containsExactly("record-checked");
        assertThat(done.getProperty(Tick.PROPERTY, Tick.class).getDecision().kind()).isEqualTo(DecisionKind.UNCHANGED);
    }

    @Test
    void aJobInFlightIsOnlyRecordedWhateverChanged() throws Exception {
        Map<String, Object> row = synced("2026-11-24T10:00:00.000000Z", "h1");
        row.put("open_job_id", 102L);
        classify("2026-11-25T00:00:00.000000Z", "h2", row);
        assertThat(ways).containsExactly("record-checked");
    }

    @Test
    void aDataChangeTriggersASync() throws Exception {
        classify("2026-11-25T00:00:00.000000Z", "h1", synced("2026-11-24T10:00:00.000000Z", "h1"));
        assertThat(ways).containsExactly("trigger-sync");
    }

    @Test
    void aSchemaChangeRefreshesTheSchemaFirstThenSyncs() throws Exception {
        classify("2026-11-24T10:00:00.000000Z", "h2", synced("2026-11-24T10:00:00.000000Z", "h1"));
        assertThat(ways).containsExactly("refresh-schema", "trigger-sync");
    }

    @Test
    void anIntentLeftBehindIsReconciledBeforeTheDecisionIsActedOn() throws Exception {
        Map<String, Object> row = synced("2026-11-24T10:00:00.000000Z", "h1");
        row.put("intent_at", "2026-11-24T10:00:00.000000Z");
        row.put("intent_reason", "data");
        row.put("intent_decision", "data-changed");
        row.put("intent_table_names", "public.orders");
        row.put("intent_tables", "[]");
        classify("2026-11-25T00:00:00.000000Z", "h1", row);
        assertThat(ways).containsExactly("reconcile-intent", "trigger-sync");
    }
}
