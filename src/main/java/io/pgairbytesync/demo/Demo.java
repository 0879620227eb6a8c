package io.pgairbytesync.demo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.BaseMainSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo}: the whole loop on an embedded default. An embedded PostgreSQL with a sample table is the
 * source and the state database, a stand-in answers for Airbyte, and a script changes the data and the schema
 * so the log shows: data-changed (first sight) -> job followed -> state recorded -> unchanged -> data-changed
 * -> schema-changed -> refresh -> sync. Then it prints sync_job and stops.
 */
public final class Demo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("demo");

    /** The connection of the demo's CDC block (demo/connections.yaml: events-cdc). */
    static final String CDC_CONNECTION = "4d3c2b1a-6f5e-4a7b-9c8d-0e1f2a3b4c5d";

    private final EmbeddedPostgres postgres;
    private final AirbyteStandIn airbyte;

    private Demo(EmbeddedPostgres postgres, AirbyteStandIn airbyte) {
        this.postgres = postgres;
        this.airbyte = airbyte;
    }

    public static Demo start() throws Exception {
        LOG.info("Demo: starting an embedded PostgreSQL and an Airbyte stand-in");
        // wal_level=logical: the demo's CDC block has a real publication and replication slot
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE public.orders (id serial PRIMARY KEY, customer text NOT NULL,"
                    + " amount numeric(10,2) NOT NULL, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())");
            st.execute("CREATE INDEX orders_updated_at_idx ON public.orders (updated_at)");
            st.execute("INSERT INTO public.orders (customer, amount) VALUES ('ada', 12.50), ('grace', 99.00), ('linus', 5.25)");
            // a table whose cursor is a date: the start-up warns once that max(day) misses changes within a day
            st.execute("CREATE TABLE public.daily_totals (day date PRIMARY KEY, orders int NOT NULL)");
            st.execute("INSERT INTO public.daily_totals VALUES (current_date, 3)");
            // a CDC connection's table often has no cursor column: the block watches its publication's tables by their
            // write counters, and the slot's retained WAL (events-cdc in demo/connections.yaml)
            st.execute("CREATE TABLE public.events (id bigserial PRIMARY KEY, kind text NOT NULL)");
            st.execute("INSERT INTO public.events (kind) VALUES ('signup')");
            st.execute("CREATE PUBLICATION demo_pub FOR TABLE public.events");
            st.execute("SELECT pg_create_logical_replication_slot('demo_slot', 'pgoutput')");
        }
        return new Demo(pg, new AirbyteStandIn());
    }

    /** What the demo overrides: its own database, stand-in and connection file, and fast ticks. */
    public Map<String, String> properties() {
        return Map.of(
                "source.db.url", postgres.getJdbcUrl("postgres", "postgres"),
                "source.db.user", "postgres",
                "source.db.password", "",
                "state.db.url", "",
                "airbyte.api.url", airbyte.baseUrl(),
                "airbyte.client.id", "",
                "airbyte.client.secret", "",
                "airbyte.poll.seconds", "1",
                "camel.main.routesIncludePattern", "classpath:demo/connections.yaml");
    }

    /** Runs the scripted changes in the background once Camel has started, then stops the service. */
    public void runScriptWhenStarted(Main main) {
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                Thread script = new Thread(() -> script(main), "demo-script");
                script.setDaemon(true);
                script.start();
            }
        });
    }

    private void script(Main main) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            step("1/4 first sight: the state is empty, so the first tick syncs to start from a synced point");
            awaitSucceededJobs(st, 1);
            step("2/4 nothing changes for a few ticks: each tick says unchanged");
            Thread.sleep(5000);
            step("3/4 an order is updated: data-changed -> one sync");
            st.execute("UPDATE public.orders SET amount = 13.75, updated_at = clock_timestamp() WHERE customer = 'ada'");
            awaitSucceededJobs(st, 2);
            Thread.sleep(2500);
            step("4/4 a column is added: schema-changed -> refresh the source schema in Airbyte -> sync");
            st.execute("ALTER TABLE public.orders ADD COLUMN discount numeric(5,2)");
            awaitSucceededJobs(st, 3);
            Thread.sleep(2500);
            step("CDC block events-cdc: an event is inserted -> its write counter moves -> one sync; the slot's retained WAL"
                    + " is on /status (the WAL guard syncs above 1GB)");
            try (Connection writer = postgres.getPostgresDatabase().getConnection(); Statement w = writer.createStatement()) {
                w.execute("INSERT INTO public.events (kind) VALUES ('order-paid')"); // its session ends: counted at once
            }
            awaitSucceededJobs(st, 2, "events-cdc");
            try (ResultSet rs = st.executeQuery("SELECT slot_name, wal_status, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)"
                    + " FROM pg_replication_slots")) {
                while (rs.next()) {
                    LOG.info("  replication slot {} wal_status={} retained WAL {} bytes", rs.getString(1), rs.getString(2),
                            rs.getLong(3));
                }
            }
            step("Done. sync_job:");
            try (ResultSet rs = st.executeQuery("SELECT job_id, reason, tables, status, rows_synced, bytes_synced"
                    + " FROM airbyte_sync.sync_job ORDER BY job_id")) {
                while (rs.next()) {
                    LOG.info("  job {} reason={} tables={} status={} rows={} bytes={}", rs.getLong(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name, cursor_column, synced_cursor,"
                    + " left(column_hash, 8), column_list FROM airbyte_sync.sync_state")) {
                while (rs.next()) {
                    LOG.info("  sync_state {} {} synced_cursor={} column_hash={}.. columns={}", rs.getString(1),
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
                }
            }
        } catch (Exception e) {
            LOG.error("Demo script failed: {}", e.getMessage(), e);
        } finally {
            main.completed();
        }
    }

    /**
     * After the loop, the service stopped: an order changes, and {@code --plan} (run as the jar runs it) says what a start
     * would sync now, without writing or calling anything. Returns the plan's exit code (2: something would sync).
     */
    public int showPlan() throws Exception {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            step("--plan: the service is stopped and an order changes; what would a start sync now? (before a deploy,"
                    + " or in a cron check: java -jar pg-airbyte-sync.jar --plan, or --plan --json)");
            st.execute("UPDATE public.orders SET amount = 1.00, updated_at = clock_timestamp() WHERE customer = 'linus'");
        }
        int code = io.pgairbytesync.PgAirbyteSyncMain.plan(false, properties(), System.out);
        step("--plan exit code " + code + " (0 nothing to sync, 2 something would sync, 1 errors); nothing was written"
                + " to the state and nothing sent to Airbyte");
        return code;
    }

    private static void awaitSucceededJobs(Statement st, int count) throws Exception {
        awaitSucceededJobs(st, count, "orders-to-bigquery");
    }

    private static void awaitSucceededJobs(Statement st, int count, String block) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM airbyte_sync.sync_job WHERE status = 'succeeded'"
                    + " AND route_id = '" + block + "'")) {
                rs.next();
                if (rs.getInt(1) >= count) {
                    return;
                }
            } catch (Exception notYet) {
                // the state tables appear when the service has started
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no succeeded job number " + count + " within 60 s");
    }

    private static void step(String text) {
        LOG.info("==== Demo {} ====", text);
    }

    @Override
    public void close() throws Exception {
        airbyte.close();
        postgres.close();
    }
}
