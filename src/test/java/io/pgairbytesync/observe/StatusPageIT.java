package io.pgairbytesync.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/**
 * /status as a person sees it: rendered by a real browser (Debian's headless Chromium, which .ci/run installs when
 * missing), at a laptop's window size. The DOM Chromium built is checked, and a screenshot is kept in
 * target/status-page.png.
 */
class StatusPageIT extends OrchestratorTestBase {

    private static final String WORKSPACE = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    private static final String OTHER = "1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0";

    @Test
    void theStatusPageShowsEveryConnectionItsTablesJobsAndErrorsAndLinksToAirbyte() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:01.123456+00')",
                // a hostile but legal table name: the page must show it as text, never as markup
                "CREATE TABLE \"<b>evil</b>\" (id int, updated_at timestamptz)");
        stubConnection("propagate_columns");
        startService(block("orders-to-bigquery", CONNECTION, "orders, \"<b>evil</b>\"")
                + block("customers-to-bigquery", OTHER, "customers"), Map.of("airbyte.ui.url", "http://airbyte.example:8000/"));
        syncFirst(401);
        airbyte.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo(API + "/health"))
                .willReturn(aResponse().withStatus(200)));
        camel.createProducerTemplate().sendBody("direct:airbyte-connection-checks", null);
        camel.createProducerTemplate().sendBody("direct:readiness-checks", null);
        sql("UPDATE orders SET updated_at = '2026-11-25 08:30:00+00'");
        stubJobCreated(402);
        tick();                                  // job 402 pending
        tick("customers-to-bigquery", OTHER);    // fails: no such table
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(500)));

        String dom = render("/status", tmp.resolve("status.png"));
        Files.copy(tmp.resolve("status.png"), Path.of("target", "status-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(dom).contains("<title>pg-airbyte-sync status</title>").contains("http-equiv=\"refresh\"");
        String orders = section(dom, "orders-to-bigquery");
        assertThat(orders).contains(">data-changed<")
                .contains("href=\"http://airbyte.example:8000/workspaces/" + WORKSPACE + "/connections/" + CONNECTION + "/status\"")
                .contains("public.orders").contains("2026-11-24T10:00:01.123456Z")   // synced up to
                .contains("2026-11-25T08:30:00.000000Z")                             // pending cursor
                .contains("Job <b>402</b> pending for").contains(">401<").contains(">succeeded<").contains(">42<")
                .contains("(active)");
        assertThat(orders).as("a hostile table name is shown as text").contains("public.&lt;b&gt;evil&lt;/b&gt;")
                .doesNotContain("<b>evil</b>");
        String customers = section(dom, "customers-to-bigquery");
        assertThat(customers).contains(">error<").contains("public.customers does not exist").contains("not probed yet");
        assertThat(dom).contains("source-db UP").contains("state-db UP").contains("airbyte-api UP");
        assertThat(Files.size(tmp.resolve("status.png"))).as("a screenshot was drawn").isGreaterThan(10_000);

        // the state DB unreadable: the page still answers, and says so
        sql("ALTER TABLE airbyte_sync.sync_state RENAME TO sync_state_moved");
        String broken = render("/status", tmp.resolve("broken.png"));
        assertThat(broken).contains("The state database could not be read").contains("sync_state")
                .contains("orders-to-bigquery");
        sql("ALTER TABLE airbyte_sync.sync_state_moved RENAME TO sync_state");
    }

    private static String section(String dom, String routeId) {
        int start = dom.indexOf("data-route=\"" + routeId + "\"");
        assertThat(start).as("section of " + routeId).isPositive();
        int end = dom.indexOf("</section>", start);
        return dom.substring(start, end);
    }

    /** Chromium, headless, at 1366x768: returns the DOM it built and draws a screenshot. */
    private String render(String path, Path screenshot) throws Exception {
        String chromium = chromium();
        String url = "http://127.0.0.1:" + managementPort + path;
        List<String> flags = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--window-size=1366,768", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"));
        List<String> dump = new ArrayList<>(List.of(chromium));
        dump.addAll(flags);
        dump.addAll(List.of("--dump-dom", url));
        String dom = run(dump);
        List<String> shot = new ArrayList<>(List.of(chromium));
        shot.addAll(flags);
        shot.addAll(List.of("--screenshot=" + screenshot, url));
        run(shot);
        return dom;
    }

    private static String chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("no Chromium to render /status with. Fix: apt-get install chromium (.ci/run does it when missing)");
    }

    private String run(List<String> command) throws Exception {
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("Chromium finished within 90 s").isTrue();
        assertThat(p.exitValue()).as("Chromium's exit code").isZero();
        return Files.readString(out);
    }
}
