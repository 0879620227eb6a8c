package io.pgairbytesync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.probe.ChangeSignal;
import io.pgairbytesync.probe.ProbePlan;
import io.pgairbytesync.probe.ProbeRow;
import io.pgairbytesync.probe.TableSpec;
import org.junit.jupiter.api.Test;

/** The decision of a tick from a probe and the sync state, without a database. */
class ChangeClassifierTest {

    private static final String ORDERS_COLUMNS = "{\"id\": \"integer\", \"updated_at\": \"timestamp with time zone\"}";
    private final ChangeClassifier classifier = new ChangeClassifier();

    private static ProbePlan plan(boolean withStats, String... tables) {
        List<ProbePlan.PlannedTable> planned = new ArrayList<>();
        for (String t : tables) {
            planned.add(new ProbePlan.PlannedTable(new TableSpec("public", t, "updated_at"), "timestamp with time zone",
                    withStats ? ChangeSignal.CURSOR_AND_STATS : ChangeSignal.CURSOR));
        }
        return new ProbePlan("orders-to-bigquery", "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11", planned, "SELECT ...");
    }

    private static ProbeRow probe(int ord, String max, String hash, String columns, Long writes) {
        return new ProbeRow(ord, max, hash, columns, writes);
    }

    /** A state row as read-sync-state.sql returns it. */
    private static Map<String, Object> synced(String table, String cursor, String hash, String columns, Long writes) {
        Map<String, Object> row = new HashMap<>();
        row.put("table_schema", "public");
        row.put("table_name", table);
        row.put("cursor_column", "updated_at");
        row.put("synced_cursor", cursor);
        row.put("column_hash", hash);
        row.put("column_list", columns);
        row.put("synced", true);
        row.put("synced_write_count", writes);
        return row;
    }

    private static SyncState state(Map<String, Object>... rows) {
        return SyncState.from(rows.length == 0 ? List.of(new HashMap<>()) : List.of(rows));
    }

    @Test
    void nothingSyncedYetIsFirstSightForEveryTable() {
        Decision d = classifier.decide(plan(false, "orders", "customers"),
                List.of(probe(0, "2026-11-24T10:00:00.000000Z", "h1", ORDERS_COLUMNS, null), probe(1, null, "h2", "{}", null)),
                state());
        assertThat(d.kind()).isEqualTo(DecisionKind.DATA_CHANGED);
        assertThat(d.reason()).isEqualTo("first");
        assertThat(d.describe()).isEqualTo("data-changed public.orders updated_at 2026-11-24T10:00:00.000000Z (first sight);"
                + " public.customers updated_at NULL (first sight)");
        assertThat(d.tablesJson()).contains("\"max_cursor\":\"2026-11-24T10:00:00.000000Z\"", "\"max_cursor\":null");
    }

    @Test
    void equalCursorAndFingerprintIsUnchanged() {
        Decision d = classifier.decide(plan(false, "orders"), List.of(probe(0, "2026-11-24T10:00:00.000000Z", "h1", ORDERS_COLUMNS, null)),
                state(synced("orders", "2026-11-24T10:00:00.000000Z", "h1", ORDERS_COLUMNS, null)));
        assertThat(d.kind()).isEqualTo(DecisionKind.UNCHANGED);
        assertThat(d.reason()).isNull();
        assertThat(d.describe()).isEqualTo("unchanged public.orders");
    }

    @Test
    void aCursorThatMovedEitherWayIsADataChange() {
        for (String now : new String[] {"2026-11-24T10:00:00.000001Z", "2026-11-24T09:59:59.999999Z", null}) {
            Decision d = classifier.decide(plan(false, "orders"), List.of(probe(0, now, "h1", ORDERS_COLUMNS, null)),
                    state(synced("orders", "2026-11-24T10:00:00.000000Z", "h1", ORDERS_COLUMNS, null)));
            assertThat(d.kind()).as(String.valueOf(now)).isEqualTo(DecisionKind.DATA_CHANGED);
            assertThat(d.reason()).isEqualTo("data");
            assertThat(d.describe()).endsWith("(was 2026-11-24T10:00:00.000000Z)");
        }
    }

    @Test
    void aChangedFingerprintIsASchemaChangeWithTheDiffAndWinsOverDataChanges() {
        String wider = "{\"id\": \"bigint\", \"note\": \"text\", \"updated_at\": \"timestamp with time zone\"}";
        Decision d = classifier.decide(plan(false, "orders", "customers"),
                List.of(probe(0, "2026-11-25T00:00:00.000000Z", "h9", wider, null), probe(1, "x2", "c1", "{}", null)),
                state(synced("orders", "2026-11-24T10:00:00.000000Z", "h1", ORDERS_COLUMNS, null),
                        synced("customers", "x1", "c1", "{}", null)));
        assertThat(d.kind()).isEqualTo(DecisionKind.SCHEMA_CHANGED);
        assertThat(d.reason()).isEqualTo("schema");
        assertThat(d.schemaSummary()).isEqualTo("public.orders columns added [note text], retyped [id: integer -> bigint]");
        assertThat(d.changes()).hasSize(2).last().asString().startsWith("public.customers updated_at x2 (was x1)");
    }

    @Test
    void anOpenJobMeansWaitWhateverTheProbeSays() {
        Map<String, Object> row = synced("orders", "a", "h1", ORDERS_COLUMNS, null);
        row.put("open_job_id", 102L);
        Decision d = classifier.decide(plan(false, "orders"), List.of(probe(0, "b", "h2", "{}", null)), state(row));
        assertThat(d.kind()).isEqualTo(DecisionKind.JOB_IN_FLIGHT);
        assertThat(d.describe()).isEqualTo("job-in-flight job 102 not finished; public.orders re-evaluated after it ends");
    }

    @Test
    void aNewCursorColumnOrAnUnsyncedRowIsFirstSightAgain() {
        Map<String, Object> otherCursor = synced("orders", "a", "h1", ORDERS_COLUMNS, null);
        otherCursor.put("cursor_column", "modified_at");
        assertThat(classifier.decide(plan(false, "orders"), List.of(probe(0, "a", "h1", ORDERS_COLUMNS, null)), state(otherCursor))
                .reason()).isEqualTo("first");
        Map<String, Object> pendingOnly = synced("orders", null, null, null, null);
        pendingOnly.put("synced", false);
        assertThat(classifier.decide(plan(false, "orders"), List.of(probe(0, "a", "h1", ORDERS_COLUMNS, null)), state(pendingOnly))
                .reason()).isEqualTo("first");
    }

    @Test
    void theWriteCounterCountsOnlyWithTheStatsSignal() {
        SyncState synced = state(synced("orders", "a", "h1", ORDERS_COLUMNS, 10L));
        List<ProbeRow> deleted = List.of(probe(0, "a", "h1", ORDERS_COLUMNS, 11L));
        Decision withStats = classifier.decide(plan(true, "orders"), deleted, synced);
        assertThat(withStats.kind()).isEqualTo(DecisionKind.DATA_CHANGED);
        assertThat(withStats.describe()).isEqualTo("data-changed public.orders writes 11 (was 10)");
        assertThat(classifier.decide(plan(false, "orders"), deleted, synced).kind()).isEqualTo(DecisionKind.UNCHANGED);
        // a stats reset: the counter went down
        assertThat(classifier.decide(plan(true, "orders"), List.of(probe(0, "a", "h1", ORDERS_COLUMNS, 0L)), synced).kind())
                .isEqualTo(DecisionKind.DATA_CHANGED);
    }

    @Test
    void anIntentLeftBehindTravelsWithTheDecision() {
        Map<String, Object> row = synced("orders", "a", "h1", ORDERS_COLUMNS, null);
        row.put("intent_at", "2026-11-24T10:00:01.000000Z");
        row.put("intent_reason", "data");
        row.put("intent_decision", "data-changed");
        row.put("intent_table_names", "public.orders");
        row.put("intent_tables", "[]");
        row.put("intent_age", 7L);
        Decision d = classifier.decide(plan(false, "orders"), List.of(probe(0, "a", "h1", ORDERS_COLUMNS, null)), state(row));
        assertThat(d.intent()).isEqualTo(new Intent("2026-11-24T10:00:01.000000Z", "data", "data-changed", "public.orders", "[]", 7L));
        assertThat(d.intent().adopt(7L, null)).isEqualTo(new PendingSync(7L, "running", "data", "data-changed", "public.orders", "[]"));
    }

    @Test
    void aTableWithoutACursorIsWatchedByItsCounterAndColumnsAndLosingItsCursorIsFirstSight() {
        ProbePlan events = new ProbePlan("events-block", "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11",
                List.of(new ProbePlan.PlannedTable(new TableSpec("public", "events", null), null)), "SELECT ...");
        assertThat(events.tables().get(0).signal()).isEqualTo(ChangeSignal.STATS);
        Map<String, Object> row = synced("events", null, "h1", ORDERS_COLUMNS, 10L);
        row.put("cursor_column", TableSpec.NO_CURSOR);
        assertThat(classifier.decide(events, List.of(probe(0, null, "h1", ORDERS_COLUMNS, 10L)), state(row)).kind())
                .isEqualTo(DecisionKind.UNCHANGED);
        Decision deleted = classifier.decide(events, List.of(probe(0, null, "h1", ORDERS_COLUMNS, 11L)), state(row));
        assertThat(deleted.describe()).isEqualTo("data-changed public.events writes 11 (was 10)");
        assertThat(classifier.decide(events, List.of(probe(0, null, "h2", "{}", 10L)), state(row)).kind())
                .isEqualTo(DecisionKind.SCHEMA_CHANGED);
        // the same table synced while it had a cursor column: it starts over, as a table seen for the first time
        Map<String, Object> hadCursor = synced("events", null, "h1", ORDERS_COLUMNS, 10L);
        assertThat(classifier.decide(events, List.of(probe(0, null, "h1", ORDERS_COLUMNS, 10L)), state(hadCursor)).describe())
                .isEqualTo("data-changed public.events writes 10 (first sight)");
        // and the pending values it records say it has none
        assertThat(deleted.tablesJson()).contains("\"cursor_column\":\"\"").contains("\"write_count\":11");
    }

    @Test
    void theCounterIsRecordedWhateverTheSignalAndTheSignalIsAParameterOfCompare() {
        SyncState synced = state(synced("orders", "a", "h1", ORDERS_COLUMNS, 10L));
        ProbeRow probe = probe(0, "a", "h1", ORDERS_COLUMNS, 12L);
        Decision d = classifier.decide(plan(false, "orders"), List.of(probe), synced);
        assertThat(d.kind()).isEqualTo(DecisionKind.UNCHANGED);
        assertThat(d.tablesJson()).contains("\"write_count\":12");
        TableSpec orders = new TableSpec("public", "orders", "updated_at");
        SyncState.TableState table = synced.table("public", "orders");
        assertThat(ChangeClassifier.compare(orders, probe, table, ChangeSignal.CURSOR).kind())
                .isEqualTo(ChangeClassifier.TableChangeKind.SAME);
        assertThat(ChangeClassifier.compare(orders, probe, table, ChangeSignal.STATS).kind())
                .isEqualTo(ChangeClassifier.TableChangeKind.WRITES);
        // the stats signal alone does not look at the cursor
        assertThat(ChangeClassifier.compare(orders, probe(0, "b", "h1", ORDERS_COLUMNS, 10L), table, ChangeSignal.STATS).kind())
                .isEqualTo(ChangeClassifier.TableChangeKind.SAME);
    }
}
