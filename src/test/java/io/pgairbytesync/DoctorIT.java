package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.doctor.Doctor;
import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.support.TestPostgres;
import org.junit.jupiter.api.Test;

/**
 * --doctor: checks everything, changes nothing, exit code 0 only when all is fine. --plan: says what each block's tick
 * would do now, writes nothing, calls no Airbyte; exit code 0 nothing would sync, 2 something would, 1 errors.
 */
class DoctorIT extends OrchestratorTestBase {

    private String report;

    private int doctor(String yaml, Map<String, String> extra) throws Exception {
        Map<String, String> s = new HashMap<>(PgAirbyteSyncMain.doctorSettings());
        s.putAll(extra);
        startService(yaml, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Doctor(camel).run(new PrintStream(out, true, StandardCharsets.UTF_8));
        report = out.toString(StandardCharsets.UTF_8);
        return code;
    }

    private static final Map<String, String> CREDENTIALS = Map.of("airbyte.client.id", "client-1", "airbyte.client.secret",
            "secret-123456");

    private void airbyteAnswers(String policy) {
        airbyte.stubFor(get(urlEqualTo(API + "/health")).willReturn(ok()));
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token"))
                .willReturn(okJson("{\"access_token\": \"tok-xyz-123\", \"token_type\": \"Bearer\", \"expires_in\": 900}")));
        stubConnection(policy);
    }

    @Test
    void allFineIsExitCodeZeroAndNothingIsWritten() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)");
        airbyteAnswers("propagate_columns");
        int code = doctor(block("orders-to-bigquery", CONNECTION, "orders"), CREDENTIALS);
        assertThat(report).contains("OK    source database", "OK    state database", "OK    Airbyte API", "OK    Airbyte token",
                "OK    orders-to-bigquery: tables", "OK    orders-to-bigquery: Airbyte connection");
        assertThat(code).as(report).isZero();
        assertThat(scalar("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'airbyte_sync'")).isEqualTo(0L);
        assertThat(jobPosts()).isZero();
    }

    @Test
    void everyProblemIsListedWithItsFixAndTheExitCodeSaysSo() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)"); // no index
        withoutAirbyteCredentials(); // the doctor warns that no AIRBYTE_CLIENT_ID is set
        airbyteAnswers("ignore");
        int code = doctor(block("orders-to-bigquery", CONNECTION, "orders")
                + block("broken", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "orderz"), Map.of());
        assertThat(code).isEqualTo(1);
        assertThat(report).contains("WARN  orders-to-bigquery: tables", "Fix: CREATE INDEX CONCURRENTLY ON public.orders (updated_at);");
        assertThat(report).contains("WARN  orders-to-bigquery: Airbyte connection", "New columns will not arrive");
        assertThat(report).contains("FAIL  broken: tables", "table public.orderz does not exist");
        assertThat(report).contains("FAIL  broken: Airbyte connection", "Airbyte has no connection 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d (404)");
        assertThat(report).contains("WARN  Airbyte token", "abctl local credentials");
        assertThat(report).containsPattern("\\d+ check\\(s\\): 2 to fix, 3 warning\\(s\\)");
    }

    /**
     * Row-level security filters the probe silently (max(cursor) too low or NULL): the doctor warns for every watched
     * table whose policies apply to the probe user, with the fix, and for no other. A table's owner bypasses its RLS
     * unless FORCE ROW LEVEL SECURITY; a role with BYPASSRLS bypasses it everywhere.
     */
    @Test
    void rowLevelSecurityThatFiltersTheProbeUserIsWarnedWithTheFixAndBypassRlsSilencesIt() throws Exception {
        String probe = "probe_" + dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
        sql("CREATE ROLE " + probe + " LOGIN PASSWORD 'probe-pw'",
                "CREATE TABLE others (id int, updated_at timestamptz)", "ALTER TABLE others ENABLE ROW LEVEL SECURITY",
                "CREATE TABLE owned (id int, updated_at timestamptz)", "ALTER TABLE owned ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE owned OWNER TO " + probe,
                "CREATE TABLE forced (id int, updated_at timestamptz)", "ALTER TABLE forced ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE forced FORCE ROW LEVEL SECURITY", "ALTER TABLE forced OWNER TO " + probe,
                "CREATE TABLE plain (id int, updated_at timestamptz)",
                "GRANT SELECT ON others, plain TO " + probe);
        for (String t : new String[] {"others", "owned", "forced", "plain"}) {
            sql("CREATE INDEX ON " + t + " (updated_at)");
        }
        airbyteAnswers("propagate_columns");
        Map<String, String> probeUser = new HashMap<>(CREDENTIALS);
        probeUser.putAll(Map.of("source.db.user", probe, "source.db.password", "probe-pw", "state.db.url", dbUrl,
                "state.db.user", TestPostgres.get().user(), "state.db.password", TestPostgres.get().password()));
        String yaml = block("orders-to-bigquery", CONNECTION, "others, owned, forced, plain");

        int code = doctor(yaml, probeUser);

        assertThat(code).isEqualTo(1);
        assertThat(report).contains("WARN  orders-to-bigquery: tables                table public.others has row-level security and"
                + " the probe user " + probe + " does not bypass it (it is not a superuser, has no BYPASSRLS and does not own the"
                + " table): the probe sees only the rows the table's policies let " + probe + " see, none without a policy, so"
                + " max(updated_at) can be too low or NULL and changes go unseen. Fix: ALTER ROLE " + probe + " BYPASSRLS;"
                + " (as a superuser), or a policy that lets it read every row: CREATE POLICY pg_airbyte_sync_probe ON"
                + " public.others FOR SELECT TO " + probe + " USING (true);");
        assertThat(report).contains("table public.forced has row-level security and the probe user " + probe + " does not"
                + " bypass it (it owns the table, but FORCE ROW LEVEL SECURITY applies the policies to the owner too)");
        assertThat(report).doesNotContain("table public.owned has row-level security", "table public.plain has row-level");
        assertThat(report).containsPattern("\\d+ check\\(s\\): 0 to fix, 2 warning\\(s\\)");

        stopService();
        sql("ALTER ROLE " + probe + " BYPASSRLS");
        code = doctor(yaml, probeUser);

        assertThat(report).doesNotContain("row-level security").contains("OK    orders-to-bigquery: tables");
        assertThat(code).as(report).isZero();
    }

    /**
     * A coarse cursor (date, timestamp(0..2), through a domain too) is a warning with what max() misses and the fix; a
     * millisecond cursor is not; with the stats signal on, what the cursor misses is seen, and nothing is warned.
     */
    @Test
    void aCoarseCursorIsAWarningWithWhatItMissesAndTheFixUnlessTheStatsSignalCoversIt() throws Exception {
        sql("CREATE DOMAIN second_stamp AS timestamptz(0)",
                "CREATE TABLE daily (id int, day date)", "CREATE INDEX ON daily (day)",
                "CREATE TABLE seconds (id int, updated_at timestamp(0))", "CREATE INDEX ON seconds (updated_at)",
                "CREATE TABLE via_domain (id int, updated_at second_stamp)", "CREATE INDEX ON via_domain (updated_at)",
                "CREATE TABLE millis (id int, updated_at timestamptz(3))", "CREATE INDEX ON millis (updated_at)");
        airbyteAnswers("propagate_columns");
        String yaml = block("orders-to-bigquery", CONNECTION, "daily:day, seconds, via_domain, millis");

        int code = doctor(yaml, CREDENTIALS);

        assertThat(report).contains("WARN  orders-to-bigquery: tables                cursor column public.daily.day has type"
                + " date: max() moves only when the date does")
                .contains("cursor column public.seconds.updated_at has type timestamp(0) without time zone (values rounded to"
                        + " a second)")
                .contains("cursor column public.via_domain.updated_at has type second_stamp (values rounded to a second)")
                .contains("Fix: a finer cursor column (timestamptz(6)").contains("'changeSignal: cursor+stats'")
                .doesNotContain("public.millis.updated_at has type");
        assertThat(report).containsPattern("\\d+ check\\(s\\): 0 to fix, 3 warning\\(s\\)");
        assertThat(code).isEqualTo(1);

        stopService();
        Map<String, String> withStats = new HashMap<>(CREDENTIALS);
        withStats.put("change.signal", "cursor+stats");
        code = doctor(yaml, withStats);
        assertThat(report).doesNotContain("has type date").contains("OK    orders-to-bigquery: tables");
        assertThat(code).as(report).isZero();
    }

    @Test
    void anUnreachableAirbyteIsOneClearLine() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)");
        int code = doctor(block("orders-to-bigquery", CONNECTION, "orders"),
                Map.of("airbyte.api.url", "http://127.0.0.1:9" + API, "airbyte.retry.max", "0"));
        assertThat(code).isEqualTo(1);
        assertThat(report).contains("FAIL  Airbyte API", "Fix: check AIRBYTE_API_URL");
    }

    // ---------------------------------------------------------------- --plan

    private static final String C_SAME = "1a1a1a1a-0000-4000-8000-000000000001";
    private static final String C_DATA = "2b2b2b2b-0000-4000-8000-000000000002";
    private static final String C_SCHEMA = "3c3c3c3c-0000-4000-8000-000000000003";
    private static final String C_BUSY = "4d4d4d4d-0000-4000-8000-000000000004";
    private static final String C_ERROR = "5e5e5e5e-0000-4000-8000-000000000005";

    /** Runs --plan as the jar's main does (PgAirbyteSyncMain.plan), on this YAML; its output goes to {@link #report}. */
    private int plan(String yaml, boolean json) throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("connections.yaml"), yaml);
        Map<String, String> s = settings();
        // were the background jobs not off in --plan, they would run at once (follow the job in flight: GET /jobs/{id},
        // sync_job written; readiness and connection checks: Airbyte called)
        s.put("airbyte.poll.first.delay.ms", "0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PgAirbyteSyncMain.plan(json, s, new PrintStream(out, true, StandardCharsets.UTF_8));
        report = out.toString(StandardCharsets.UTF_8);
        return code;
    }

    /** Every row of every table of the state schema, as JSON text: equal before and after means nothing was written. */
    private List<String> stateRows() throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        for (Map<String, Object> t : query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'airbyte_sync'"
                + " ORDER BY 1")) {
            for (Map<String, Object> r : query("SELECT row_to_json(x)::text AS j FROM airbyte_sync." + t.get("table_name")
                    + " x ORDER BY 1")) {
                rows.add(t.get("table_name") + " " + r.get("j"));
            }
        }
        return rows;
    }

    /**
     * Five blocks synced once by the running service (one job left running), then changed while it is stopped: --plan
     * tells, per block, unchanged / data-changed with the cursors / schema-changed with the diff / job in flight / error
     * with the fix, as text and JSON, with the exit code of each mix; the state schema's rows are the same after it
     * (no table is marked removed for the YAML that dropped it), and Airbyte received no request at all.
     */
    @Test
    void planTellsWhatEachBlockWouldDoWritesNothingAndCallsNoAirbyte() throws Exception {
        for (String t : List.of("t_same", "t_gone", "t_data", "t_schema", "t_busy", "t_error")) {
            sql("CREATE TABLE " + t + " (id int, updated_at timestamptz)", "CREATE INDEX ON " + t + " (updated_at)",
                    "INSERT INTO " + t + " VALUES (1, '2026-11-01T10:00:00Z')");
        }
        String same = block("a-same", C_SAME, "t_same");
        String data = block("b-data", C_DATA, "t_data");
        String schema = block("c-schema", C_SCHEMA, "t_schema");
        String busy = block("d-busy", C_BUSY, "t_busy");
        String error = block("e-error", C_ERROR, "t_error");
        useFakeAirbyte();
        fake.holdRunning();
        startService(block("a-same", C_SAME, "t_same,t_gone") + data + schema + busy + error);
        tick("a-same", C_SAME);
        tick("b-data", C_DATA);
        tick("c-schema", C_SCHEMA);
        tick("d-busy", C_BUSY);
        tick("e-error", C_ERROR);
        long busyJob = -1;
        for (io.pgairbytesync.support.FakeAirbyte.Job job : fake.jobs()) {
            if (job.connectionId().equals(C_BUSY)) {
                busyJob = job.id();
            } else {
                fake.finish(job.id(), "succeeded");
            }
        }
        followJobs();
        stopService();
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_state WHERE synced")).as("synced tables").isEqualTo(5L);
        sql("UPDATE t_data SET updated_at = '2026-11-02T10:00:00Z'", "ALTER TABLE t_schema ADD COLUMN note text",
                "DROP TABLE t_error");
        List<String> before = stateRows();
        resetRequestsKeepingThemChecked();

        // all five, t_gone no longer listed: an error among them -> 1
        int code = plan(same + data + schema + busy + error, false);
        assertThat(report).contains("a-same (" + C_SAME + "): unchanged\n    1 table(s) as synced",
                "b-data (" + C_DATA + "): data-changed -> would sync\n    public.t_data updated_at 2026-11-02",
                "c-schema (" + C_SCHEMA + "): schema-changed -> would sync\n    public.t_schema columns added [note text]",
                "d-busy (" + C_BUSY + "): job-in-flight\n    job " + busyJob + " has not finished",
                "e-error (" + C_ERROR + "): error\n    error: connection block 'e-error': table public.t_error does not exist",
                "    fix:   correct 'tables', or GRANT USAGE ON SCHEMA public",
                "5 block(s): 2 would sync, 1 error(s). Exit code 1");
        assertThat(report).contains("(was 2026-11-01").doesNotContain("t_gone");
        assertThat(code).as(report).isEqualTo(1);

        // something would sync, a job in flight, no error -> 2; as JSON
        code = plan(data + schema + busy, true);
        assertThat(code).as(report).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report);
        assertThat(json.path("exitCode").asInt()).isEqualTo(2);
        assertThat(json.path("wouldSync").asBoolean()).isTrue();
        com.fasterxml.jackson.databind.JsonNode blocks = json.path("blocks");
        assertThat(blocks.size()).isEqualTo(3);
        com.fasterxml.jackson.databind.JsonNode b = blocks.get(0);
        assertThat(b.path("routeId").asText()).isEqualTo("b-data");
        assertThat(b.path("connectionId").asText()).isEqualTo(C_DATA);
        assertThat(b.path("decision").asText()).isEqualTo("data-changed");
        assertThat(b.path("reason").asText()).isEqualTo("data");
        assertThat(b.path("wouldSync").asBoolean()).isTrue();
        com.fasterxml.jackson.databind.JsonNode t = b.path("tables").get(0);
        assertThat(t.path("table").asText()).isEqualTo("public.t_data");
        assertThat(t.path("cursorColumn").asText()).isEqualTo("updated_at");
        assertThat(t.path("change").asText()).isEqualTo("data-changed");
        assertThat(t.path("cursor").asText()).startsWith("2026-11-02");
        assertThat(t.path("syncedCursor").asText()).startsWith("2026-11-01")
                .isEqualTo(state("public.t_data").get("synced_cursor"));
        com.fasterxml.jackson.databind.JsonNode c = blocks.get(1);
        assertThat(c.path("decision").asText()).isEqualTo("schema-changed");
        assertThat(c.path("tables").get(0).path("change").asText()).isEqualTo("schema-changed");
        assertThat(c.path("tables").get(0).path("columnDiff").path("added").path("note").asText()).isEqualTo("text");
        assertThat(c.path("changes").get(0).asText()).isEqualTo("public.t_schema columns added [note text]");
        com.fasterxml.jackson.databind.JsonNode d = blocks.get(2);
        assertThat(d.path("decision").asText()).isEqualTo("job-in-flight");
        assertThat(d.path("wouldSync").asBoolean()).isFalse();
        assertThat(d.path("pendingJobId").asLong()).isEqualTo(busyJob);
        assertThat(d.path("error").isNull()).isTrue();

        // nothing would sync (unchanged, a job in flight) -> 0
        code = plan(same + busy, false);
        assertThat(report).contains("2 block(s): 0 would sync, 0 error(s). Exit code 0");
        assertThat(code).as(report).isZero();

        assertThat(stateRows()).as("the state schema's rows after three plans").isEqualTo(before);
        assertThat(airbyte.getAllServeEvents()).as("requests to Airbyte during the plans").isEmpty();
    }

    /**
     * A configuration error stops --plan with exit code 1 (not the 2 that a configuration error stops the service with,
     * which would read as "something would sync"), and the JSON on standard output says why.
     */
    @Test
    void planThatCannotStartIsExitCodeOneWithTheReasonInTheJson() throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("connections.yaml"), block("orders-to-bigquery", CONNECTION, "orders"));
        Map<String, String> s = settings();
        s.put("airbyte.poll.seconds", "often");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PgAirbyteSyncMain.plan(true, s, new PrintStream(out, true, StandardCharsets.UTF_8));
        report = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(report).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report);
        assertThat(json.path("exitCode").asInt()).isEqualTo(1);
        assertThat(json.path("notStarted").asText()).contains("AIRBYTE_POLL_SECONDS", "often");
    }

    /** Before the first start (no state tables): every table is seen for the first time, and nothing is created. */
    @Test
    void planBeforeTheFirstStartSyncsEveryTableAndCreatesNothing() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)");
        int code = plan(block("orders-to-bigquery", CONNECTION, "orders"), true);
        assertThat(code).as(report).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode b = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report)
                .path("blocks").get(0);
        assertThat(b.path("decision").asText()).isEqualTo("data-changed");
        assertThat(b.path("reason").asText()).isEqualTo("first");
        assertThat(b.path("tables").get(0).path("change").asText()).isEqualTo("first-sight");
        assertThat(b.path("tables").get(0).path("cursor").isNull()).as("empty table").isTrue();
        assertThat(scalar("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'airbyte_sync'")).isEqualTo(0L);
        assertThat(airbyte.getAllServeEvents()).isEmpty();
    }
}
