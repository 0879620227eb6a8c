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
import java.util.Map;

import io.pgairbytesync.doctor.Doctor;
import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.support.TestPostgres;
import org.junit.jupiter.api.Test;

/** --doctor: checks everything, changes nothing, exit code 0 only when all is fine. */
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

    @Test
    void anUnreachableAirbyteIsOneClearLine() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)");
        int code = doctor(block("orders-to-bigquery", CONNECTION, "orders"),
                Map.of("airbyte.api.url", "http://127.0.0.1:9" + API, "airbyte.retry.max", "0"));
        assertThat(code).isEqualTo(1);
        assertThat(report).contains("FAIL  Airbyte API", "Fix: check AIRBYTE_API_URL");
    }
}
