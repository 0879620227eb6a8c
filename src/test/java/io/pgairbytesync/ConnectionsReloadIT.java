package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.pgairbytesync.support.OrchestratorTestBase;
import io.pgairbytesync.tick.ConnectionBlocks;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * Issue 14 item 1: a saved edit of the connection YAML is applied without a restart, to the blocks that changed only;
 * an edit that does not validate changes nothing and says why (log, /status, alert). Real file edits, the real reload
 * route (CONNECTIONS_RELOAD_SECONDS=1).
 */
class ConnectionsReloadIT extends OrchestratorTestBase {

    static final String A = "a1a1a1a1-0000-4000-8000-00000000000a";
    static final String B = "b2b2b2b2-0000-4000-8000-00000000000b";
    static final String C = "c3c3c3c3-0000-4000-8000-00000000000c";
    static final Duration WITHIN = Duration.ofSeconds(30);

    @BeforeEach
    void tables() throws Exception {
        sql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')",
                "CREATE TABLE invoices (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO invoices VALUES (1, '2026-11-24 11:00:00+00')",
                "CREATE TABLE customers (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO customers VALUES (1, '2026-11-24 12:00:00+00')",
                "CREATE TABLE refunds (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO refunds VALUES (1, '2026-11-24 13:00:00+00')");
    }

    private void start(String yaml) throws Exception {
        useFakeAirbyte();
        startService(yaml, Map.of("connections.reload.seconds", "1"));
    }

    /** As an editor saves: a new file moved over the old one. */
    private void save(String yaml) throws Exception {
        Path file = tmp.resolve("connections.yaml");
        Path next = tmp.resolve("connections.yaml.tmp");
        Files.writeString(next, yaml);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private ConnectionBlocks blocks() {
        return camel.getRegistry().lookupByNameAndType("connectionBlocks", ConnectionBlocks.class);
    }

    private Scheduler scheduler() {
        return camel.getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    private Trigger trigger(String connectionId) throws Exception {
        return scheduler().getTrigger(TriggerKey.triggerKey(connectionId, "pg-airbyte-sync"));
    }

    private long stateRows(String connectionId, String table) throws Exception {
        return ((Number) scalar("SELECT count(*) FROM airbyte_sync.sync_state WHERE connection_id = '" + connectionId
                + "' AND table_name = '" + table + "'")).longValue();
    }

    @Test
    void aSavedEditChangesAddsAndRemovesBlocksAndLeavesTheOthersAsTheyWere() throws Exception {
        String b = block("b", B, "public.customers");
        start(block("a", A, "public.orders") + b);
        fake.runFor(Duration.ZERO);
        tick("a", A);
        tick("b", B);
        followJobs(); // both first syncs succeeded: a's next tick is about its tables, not a job in flight
        Route routeB = camel.getRoute("b");
        Date bStarted = trigger(B).getStartTime();
        Date bNext = trigger(B).getNextFireTime();

        // a table added to block a: applied within seconds, and a ticks at once (first sight of invoices: a sync)
        save(block("a", A, "public.orders, public.invoices") + b);
        await("block a watches invoices").atMost(WITHIN).until(() -> blocks().get("a").tables().contains("invoices"));
        await("a's at-once tick synced invoices").atMost(WITHIN).until(() -> stateRows(A, "invoices") == 1);
        assertThat(camel.getRoute("b")).as("block b's route is the same instance").isSameAs(routeB);
        assertThat(trigger(B).getStartTime()).as("block b's trigger was not scheduled again").isEqualTo(bStarted);
        assertThat(trigger(B).getNextFireTime()).isEqualTo(bNext);
        assertThat(decisionLog()).anyMatch(l -> l.contains("Connection YAML applied: added [], changed [a], removed []"));

        // a block added: built, and its first tick at once
        save(block("a", A, "public.orders, public.invoices") + b + block("c", C, "public.refunds"));
        await("block c ticked at once").atMost(WITHIN).until(() -> stateRows(C, "refunds") == 1);
        assertThat(camel.getRoute("c")).isNotNull();
        assertThat(camel.getRoute("b")).isSameAs(routeB);

        // a block removed: its route and its Quartz job are gone, its tables are marked no longer watched
        save(block("a", A, "public.orders, public.invoices") + block("c", C, "public.refunds"));
        // the line is logged once the whole change is applied (the route goes first, the caches follow)
        await("block b removed").atMost(WITHIN).until(() -> decisionLog().stream().anyMatch(l -> l.contains("removed [b]")));
        assertThat(camel.getRoute("b")).isNull();
        assertThat(scheduler().getJobDetail(JobKey.jobKey(B, "pg-airbyte-sync"))).as("b's Quartz job").isNull();
        assertThat(blocks().list()).extracting(blk -> blk.routeId()).containsExactly("a", "c");
        assertThat(camel.getRegistry().lookupByNameAndType("connectionStatuses",
                io.pgairbytesync.observe.ConnectionStatuses.class).find("b")).as("b's status (JMX MBean) gone").isNull();
        assertThat(management("/observe/metrics")[1]).as("b's gauges gone").doesNotContain("connection=\"b\"")
                .contains("connection=\"a\"");
        await("b's table marked removed").atMost(WITHIN).until(() -> scalar("SELECT removed_at IS NOT NULL FROM"
                + " airbyte_sync.sync_state WHERE connection_id = '" + B + "'").equals(true));
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.sync_state WHERE removed_at IS NOT NULL AND connection_id <> '"
                + B + "'")).as("no other table marked").isEqualTo(0L);
    }

    @Test
    void anEditThatDoesNotValidateChangesNothingAndSaysWhereAndHowToFixIt() throws Exception {
        String good = block("a", A, "public.orders");
        start(good);
        Route routeA = camel.getRoute("a");
        String file = tmp.resolve("connections.yaml").toString();
        String withoutTables = good.replaceAll("(?m)^ {6}- name: tables\n {8}value: .*\n", "");
        List<String[]> badEdits = List.of(
                new String[] {"- templatedRoute:\n    routeTemplateRef: [airbyte-connection\n", "Camel cannot read it as route YAML"},
                new String[] {block("a", "not-a-uuid", "public.orders"), "block 'a': connectionId 'not-a-uuid' is not a UUID. Fix:"},
                new String[] {block("a", A, "public.orders, public.nope"), "block 'a': table public.nope does not exist"},
                new String[] {good + block("a", B, "public.customers"), "block 'a': two connection blocks have routeId 'a'"},
                new String[] {good.replace(NEVER, "0 0 25 * * ?"), "block 'a': schedule '0 0 25 * * ?' is not a valid Quartz cron"},
                new String[] {withoutTables, "block 'a': required parameter 'tables' is missing. Fix:"},
                // an editor that truncates the file before writing it: never read as "no blocks"
                new String[] {"", "the file is empty. Fix: write its blocks back; to remove every block, write []"});
        for (String[] edit : badEdits) {
            save(edit[0]);
            String expected = file + (edit[1].startsWith("block") ? ", " : ": ") + edit[1];
            await("the error of: " + edit[1]).atMost(WITHIN).until(() -> events().stream().anyMatch(e ->
                    e.getLevel() == ch.qos.logback.classic.Level.ERROR && e.getFormattedMessage().contains(expected)));
            assertThat(camel.getRoute("a")).as("block a's route untouched").isSameAs(routeA);
            assertThat(blocks().list()).containsExactly(new io.pgairbytesync.tick.ConnectionBlock("a", A, "public.orders",
                    "updated_at", NEVER));
            assertThat(management("/status.json")[1]).contains(expected);
            assertThat(management("/status")[1]).contains("was NOT applied");
            await("the alert of: " + edit[1]).atMost(WITHIN).until(() -> alertsSent().stream().anyMatch(a -> a.contains(
                    "connection YAML change not applied") && a.contains(edit[1])));
        }
        assertThat(events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR
                && e.getFormattedMessage().contains("NOT applied"))).as("one ERROR line per refused edit").hasSize(badEdits.size());

        // the fix applies, and the episode is resolved
        save(block("a", A, "public.orders, public.invoices"));
        await("the fixed edit applied").atMost(WITHIN).until(() -> blocks().get("a").tables().contains("invoices"));
        await("the recovery alert").atMost(WITHIN).until(() -> alertsSent().stream().anyMatch(a -> a.contains("RECOVERED")
                && a.contains("Connection YAML applied")));
        assertThat(management("/status")[1]).doesNotContain("was NOT applied");
    }

    /**
     * CLUSTER_ENABLED: a block removed from the file while the service was down leaves its job in the clustered store.
     * The first instance to start deletes it; one that joins running instances leaves it to them (and says so).
     */
    @Test
    void aClusteredStartDeletesTheStoredJobOfABlockRemovedWhileDownUnlessOthersRun() throws Exception {
        Map<String, String> clustered = Map.of("cluster.enabled", "true", "node.id", "sync-1");
        startService(block("a", A, "public.orders") + block("b", B, "public.customers"), clustered);
        stopService();
        String storedB = "SELECT count(*) FROM airbyte_sync.qrtz_job_details WHERE job_name = '" + B + "'";
        assertThat(scalar(storedB)).as("b's job stays in the store over a stop").isEqualTo(1L);

        // another instance alive (started earlier, checked in now): b's job is left to it, with a warning
        sql("INSERT INTO airbyte_sync.qrtz_scheduler_state VALUES ('pg-airbyte-sync', 'sync-2-1', "
                + System.currentTimeMillis() + ", 2500)");
        startService(block("a", A, "public.orders"), clustered);
        assertThat(scalar(storedB)).isEqualTo(1L);
        assertThat(renderedLog()).anyMatch(l -> l.contains("Stored Quartz job pg-airbyte-sync." + B + " belongs to no block"));
        stopService();

        // alone (the stopped instances' check-ins gone, as after CLUSTER_CHECKIN_MS): deleted
        sql("DELETE FROM airbyte_sync.qrtz_scheduler_state");
        startService(block("a", A, "public.orders"), clustered);
        assertThat(scalar(storedB)).as("b's job deleted at start-up").isEqualTo(0L);
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.qrtz_triggers WHERE trigger_name = '" + B + "'")).isEqualTo(0L);
        assertThat(scalar("SELECT count(*) FROM airbyte_sync.qrtz_triggers WHERE trigger_name = '" + A + "'")).isEqualTo(1L);
    }
}
