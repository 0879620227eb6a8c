package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * README command 1, as a user runs it: the packaged jar with --demo shows the whole loop in its log and exits 0.
 * Runs after {@code package} (failsafe), against the real target/pg-airbyte-sync.jar.
 */
class DemoJarIT {

    @Test
    void theDemoShowsTheWholeLoop() throws Exception {
        Path jar = Path.of("target", "pg-airbyte-sync.jar");
        assertThat(jar).exists();
        Path log = Files.createTempFile("demo", ".log");
        int port = io.pgairbytesync.support.OrchestratorTestBase.freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--demo")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MANAGEMENT_PORT", String.valueOf(port));
        Process p = pb.start();
        // while the demo runs, the packaged jar serves the status page and the management endpoints
        String status = null;
        String metrics = null;
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        // a deadline, not a count of tries: a busy machine (the suite runs five classes at once) starts the jar slower
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive() && (status == null || !status.contains("\"succeeded\""))) {
            Thread.sleep(50);
            try {
                status = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/status.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/observe/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
        }
        assertThat(status).as("/status.json of the running demo; log so far:\n" + Files.readString(log)).contains("\"routeId\":\"orders-to-bigquery\"")
                .contains("\"succeeded\"");
        assertThat(metrics).as("/observe/metrics of the running demo").contains("pgsync_decisions_total{");
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(ended).as("demo ended by itself; log:\n" + String.join("\n", lines)).isTrue();
        assertThat(p.exitValue()).as("exit code; log:\n" + String.join("\n", lines)).isZero();

        // the decisions, in this order
        List<String> expected = List.of(
                "orders-to-bigquery: cursor column public.daily_totals.day has type date: max() moves only when the date does",
                "orders-to-bigquery data-changed public.orders updated_at",
                "(first sight) -> job 1",
                "job 1 succeeded",
                "orders-to-bigquery unchanged public.orders",
                "(was ",
                "-> job 2",
                "job 2 succeeded",
                "orders-to-bigquery schema-changed public.orders columns added [discount numeric(5,2)]",
                "GET /streams?sourceId=",
                "refreshed the source schema in Airbyte",
                "-> job 3",
                "job 3 succeeded",
                // the CDC block: first sight of its publication's table, then the event inserted
                "Demo CDC block events-cdc",
                "events-cdc data-changed public.events writes",
                "job 1002 succeeded",
                "replication slot demo_slot wal_status=reserved retained WAL",
                "job 3 reason=schema tables=public.orders, public.daily_totals status=succeeded",
                // --plan, the service stopped, after an UPDATE: what a start would sync, nothing written or sent
                "Demo --plan: the service is stopped and an order changes",
                "orders-to-bigquery (9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11): data-changed -> would sync",
                "    public.orders updated_at ",
                "2 block(s): 1 would sync, 0 error(s). Exit code 2",
                "--plan exit code 2");
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String e : expected) {
            int found = -1;
            for (int i = at; i < lines.size(); i++) {
                if (lines.get(i).contains(e)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                missing.add(e);
            } else {
                at = found;
            }
        }
        assertThat(missing).as("log lines missing or out of order; log:\n" + String.join("\n", lines)).isEmpty();
        assertThat(lines).noneMatch(l -> l.contains(" ERROR "));
        assertThat(lines.stream().filter(l -> l.contains(" WARN ") && l.contains("has type date")))
                .as("exactly one coarse-cursor warning").hasSize(1);
    }
}
