package io.pgairbytesync.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.pgairbytesync.PgAirbyteSyncMain;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.slf4j.LoggerFactory;

/**
 * Runs the real service in-process (the same Main as the jar) against a real PostgreSQL and a WireMock
 * stand-in for Airbyte. Ticks are fired by hand through Quartz (the schedule itself is set far in the future) and
 * the job follow-up by sending to its route, so each test decides exactly when each step happens.
 * The service runs with an Airbyte client id and secret, and the stand-in ({@link FakeAirbyte}) answers 401 to any
 * call without a bearer token it issued, for a test's own stubs too; a test that needs no credentials says so
 * ({@link #withoutAirbyteCredentials()}). A test answers Airbyte's calls with its own stubs, or hands them all to
 * the stateful stand-in ({@link #useFakeAirbyte()}).
 * After each test every request the stand-in received (those before a reset too) is checked against Airbyte's
 * OpenAPI spec, and the stand-in must not have failed itself.
 */
public abstract class OrchestratorTestBase {

    protected static final String CONNECTION = "9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11";
    protected static final String SOURCE_ID = "2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c";
    protected static final String DESTINATION_ID = "7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7";
    protected static final String NEVER = "0 0 0 1 1 ? 2099";
    protected static final String API = "/api/public/v1";

    protected static WireMockServer airbyte;
    protected static final FakeAirbyte fake = new FakeAirbyte();
    protected static final String CLIENT_ID = "pg-airbyte-sync-test";
    protected static final String CLIENT_SECRET = "test-client-secret-0451";

    @TempDir
    protected Path tmp;
    protected String dbUrl;
    protected Main main;
    protected CamelContext camel;
    protected ListAppender<ILoggingEvent> logs;
    protected TickCounter ticks;
    protected int managementPort;
    private boolean withoutCredentials;
    /** Spec problems of the requests a reset removed from WireMock's journal: still reported after the test. */
    private final List<String> problemsBeforeResets = new ArrayList<>();

    @BeforeAll
    static void startAirbyteStandIn() {
        // answers may be held for 90 s: Jetty must not drop the connection while it waits
        airbyte = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").jettyIdleTimeout(300_000L)
                .extensions(fake));
        airbyte.start();
    }

    @AfterAll
    static void stopAirbyteStandIn() {
        airbyte.stop();
    }

    @BeforeEach
    void freshDatabaseAndStandIn() {
        airbyte.resetAll();
        fake.reset();
        airbyte.stubFor(FakeAirbyte.tokensOnly());
        withoutCredentials = false;
        problemsBeforeResets.clear();
        dbUrl = TestPostgres.get().newDatabase();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    }

    @AfterEach
    void stopAndCheckAgainstSpec() throws Exception {
        stopService();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        List<String> problems = new ArrayList<>(problemsBeforeResets);
        problems.addAll(AirbyteSpecValidator.problems(airbyte.getAllServeEvents()));
        assertThat(problems).as("requests to the Airbyte stand-in that break Airbyte's OpenAPI spec").isEmpty();
        assertThat(fake.standInFailures()).as("failures of the Airbyte stand-in itself (a test bug)").isEmpty();
    }

    /** Forgets the requests received so far (counts start again), after checking them against the spec. */
    protected void resetRequestsKeepingThemChecked() {
        problemsBeforeResets.addAll(AirbyteSpecValidator.problems(airbyte.getAllServeEvents()));
        airbyte.resetRequests();
    }

    /** Also drops every stub (back to the stand-in's token endpoint only), after checking the requests. */
    protected void resetAllKeepingRequestsChecked() {
        problemsBeforeResets.addAll(AirbyteSpecValidator.problems(airbyte.getAllServeEvents()));
        airbyte.resetAll();
        airbyte.stubFor(FakeAirbyte.tokensOnly());
    }

    /** Every Airbyte call is answered by the stateful stand-in (jobs on the clock), unless a test stubs it. */
    protected void useFakeAirbyte() {
        airbyte.stubFor(FakeAirbyte.everyCall());
    }

    /** This test runs the service without AIRBYTE_CLIENT_ID/SECRET, and the stand-in asks for no token. Call before start. */
    protected void withoutAirbyteCredentials() {
        withoutCredentials = true;
        fake.withoutAuth();
    }

    // ---------------------------------------------------------------- the service

    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("source.db.url", dbUrl);
        s.put("source.db.user", TestPostgres.get().user());
        s.put("source.db.password", TestPostgres.get().password());
        s.put("state.db.url", "");
        s.put("airbyte.api.url", airbyte.baseUrl() + API);
        s.put("airbyte.client.id", withoutCredentials ? "" : CLIENT_ID);
        s.put("airbyte.client.secret", withoutCredentials ? "" : CLIENT_SECRET);
        s.put("airbyte.poll.seconds", "3600");
        s.put("airbyte.poll.first.delay.ms", "3600000");
        s.put("airbyte.retry.max", "3");
        s.put("tick.on.start", "false");
        s.put("airbyte.retry.delay.ms", "20");
        s.put("airbyte.retry.max.delay.ms", "100");
        s.put("camel.main.jmxEnabled", "false");
        managementPort = freePort();
        s.put("management.port", String.valueOf(managementPort));
        s.put("airbyte.connection.check.seconds", "3600");
        s.put("camel.main.routesIncludePattern", "file:" + tmp.resolve("connections.yaml"));
        return s;
    }

    /** GET on the management port: [status code, body]. */
    protected String[] management(String path) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new String[] {String.valueOf(r.statusCode()), r.body()};
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the service on the given connection YAML (written to a file, as a user would). */
    protected void startService(String connectionsYaml) throws Exception {
        startService(connectionsYaml, Map.of());
    }

    protected void startService(String connectionsYaml, Map<String, String> extra) throws Exception {
        Files.writeString(tmp.resolve("connections.yaml"), connectionsYaml);
        Map<String, String> s = settings();
        s.putAll(extra);
        main = PgAirbyteSyncMain.create(s);
        ticks = new TickCounter();
        main.configure().addConfiguration(new org.apache.camel.CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                context.getManagementStrategy().addEventNotifier(ticks);
            }
        });
        main.start();
        camel = main.getCamelContext();
        assertThat(camel.isStarted()).as("Camel started").isTrue();
    }

    protected void stopService() throws Exception {
        if (main != null) {
            main.stop();
            main = null;
            camel = null;
        }
    }

    protected static String block(String routeId, String connectionId, String tables, String... extraParams) {
        StringBuilder y = new StringBuilder()
                .append("- templatedRoute:\n")
                .append("    routeTemplateRef: airbyte-connection\n")
                .append("    routeId: ").append(routeId).append('\n')
                .append("    parameters:\n")
                .append("      - name: connectionId\n        value: ").append(connectionId).append('\n')
                .append("      - name: tables\n        value: '").append(tables.replace("'", "''")).append("'\n")
                .append("      - name: schedule\n        value: \"").append(NEVER).append("\"\n");
        for (int i = 0; i + 1 < extraParams.length; i += 2) {
            y.append("      - name: ").append(extraParams[i]).append("\n        value: '")
                    .append(extraParams[i + 1].replace("'", "''")).append("'\n");
        }
        return y.toString();
    }

    /** A block that syncs its connection after each successful sync of block {@code after}: no tables. */
    protected static String afterBlock(String routeId, String connectionId, String after) {
        return "- templatedRoute:\n    routeTemplateRef: airbyte-connection\n    routeId: " + routeId + "\n    parameters:\n"
                + "      - name: connectionId\n        value: " + connectionId + "\n"
                + "      - name: after\n        value: " + after + "\n"
                + "      - name: schedule\n        value: \"" + NEVER + "\"\n";
    }

    /** Fires one tick of a connection now, through its Quartz job, and waits until that tick is done. */
    protected void tick(String routeId, String connectionId) throws Exception {
        int before = ticks.done(routeId);
        camel.getComponent("quartz", QuartzComponent.class).getScheduler()
                .triggerJob(JobKey.jobKey(connectionId, "pg-airbyte-sync"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (ticks.done(routeId) == before) {
            assertThat(System.nanoTime()).as("tick of " + routeId + " done within 150 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The alerts so far (logger pg-airbyte-sync.alerts, one "ALERT ..." line per alert sent). */
    protected List<String> alertsSent() {
        return events().stream().filter(e -> e.getLoggerName().equals("pg-airbyte-sync.alerts"))
                .map(e -> e.getFormattedMessage()).filter(m -> m.startsWith("ALERT ")).toList();
    }

    /**
     * Fires a tick of each block at once (the Quartz threads run them together) and waits, at most {@code bound}, until a
     * tick of every one of them is done.
     */
    protected void tickTogether(List<String> routeIds, java.time.Duration bound) throws Exception {
        Map<String, Integer> before = new HashMap<>();
        for (String routeId : routeIds) {
            before.put(routeId, ticks.done(routeId));
        }
        for (String routeId : routeIds) {
            String connectionId = camel.getRoute(routeId).getEndpoint().getEndpointUri().replaceAll(".*/([0-9a-f-]{36}).*", "$1");
            camel.getComponent("quartz", QuartzComponent.class).getScheduler().triggerJob(JobKey.jobKey(connectionId, "pg-airbyte-sync"));
        }
        org.awaitility.Awaitility.await("a tick of each of " + routeIds + " done").atMost(bound)
                .pollInterval(java.time.Duration.ofMillis(10))
                .until(() -> routeIds.stream().allMatch(r -> ticks.done(r) > before.get(r)));
    }

    /** Counts the exchanges of each connection route that are completely done (completed or failed). */
    protected static final class TickCounter extends EventNotifierSupport {
        private final Map<String, Integer> done = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent) {
                String from = ((CamelEvent.ExchangeEvent) event).getExchange().getFromRouteId();
                if (from != null) {
                    done.merge(from, 1, Integer::sum);
                }
            }
        }

        public int done(String routeId) {
            return done.getOrDefault(routeId, 0);
        }
    }

    protected void tick() throws Exception {
        tick("orders-to-bigquery", CONNECTION);
    }

    /** First sight of orders-to-bigquery syncs with {@code jobId}, which then succeeds: the state is synced. */
    protected void syncFirst(long jobId) throws Exception {
        stubJobCreated(jobId);
        tick();
        stubJobStatus(jobId, "succeeded");
        followJobs();
    }

    /** Runs the job follow-up once, as its timer would. */
    protected void followJobs() {
        camel.createProducerTemplate().sendBody("direct:follow-jobs", null);
    }

    // ---------------------------------------------------------------- the database

    protected void sql(String... statements) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    protected List<Map<String, Object>> query(String sql) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    protected Object scalar(String sql) throws Exception {
        List<Map<String, Object>> rows = query(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0).values().iterator().next();
    }

    protected Map<String, Object> state(String table) throws Exception {
        List<Map<String, Object>> rows = query("SELECT * FROM airbyte_sync.sync_state WHERE table_schema || '.' || table_name = '"
                + table + "'");
        assertThat(rows).as("sync_state row of " + table).hasSize(1);
        return rows.get(0);
    }

    protected Connection connect() throws Exception {
        return DriverManager.getConnection(dbUrl, TestPostgres.get().user(), TestPostgres.get().password());
    }

    // ---------------------------------------------------------------- the Airbyte stand-in (answers as Airbyte gives them: src/test/resources/airbyte-api/PROVENANCE.md)

    protected static String jobJson(long jobId, String status, Long rows, Long bytes) {
        StringBuilder s = new StringBuilder("{\"jobId\": ").append(jobId).append(", \"status\": \"").append(status)
                .append("\", \"jobType\": \"sync\", \"startTime\": \"2026-11-24T10:00:00Z\", \"connectionId\": \"")
                .append(CONNECTION).append('"');
        if (rows != null) {
            s.append(", \"rowsSynced\": ").append(rows);
        }
        if (bytes != null) {
            s.append(", \"bytesSynced\": ").append(bytes);
        }
        return s.append('}').toString();
    }

    protected static void stubJobCreated(long jobId) {
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(okJson(jobJson(jobId, "pending", null, null))));
    }

    protected static void stubJobStatus(long jobId, String status) {
        Long rows = "succeeded".equals(status) ? 42L : null;
        Long bytes = "succeeded".equals(status) ? 4096L : null;
        airbyte.stubFor(get(urlEqualTo(API + "/jobs/" + jobId)).willReturn(okJson(jobJson(jobId, status, rows, bytes))));
    }

    protected static void stubConnection(String policy) {
        stubConnection(policy, "active");
    }

    /** GET /connections/{id} of CONNECTION with its schema policy and status (active, inactive, deprecated). */
    protected static void stubConnection(String policy, String status) {
        airbyte.stubFor(get(urlEqualTo(API + "/connections/" + CONNECTION)).willReturn(okJson(
                "{\"connectionId\": \"" + CONNECTION + "\", \"name\": \"orders\", \"sourceId\": \"" + SOURCE_ID
                        + "\", \"destinationId\": \"" + DESTINATION_ID + "\", \"workspaceId\": \"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f\","
                        + " \"status\": \"" + status + "\", \"schedule\": {\"scheduleType\": \"manual\"},"
                        + " \"nonBreakingSchemaUpdatesBehavior\": \"" + policy + "\", \"configurations\": {\"streams\": []},"
                        + " \"createdAt\": 1732000000, \"tags\": [], \"namespaceDefinition\": \"destination\"}")));
        airbyte.stubFor(get(urlPathEqualTo(API + "/streams")).withQueryParam("ignoreCache", equalTo("true"))
                .willReturn(okJson("[]")));
    }

    /** 409 exactly as Airbyte sends it when a sync is already running. */
    protected static void stubSyncAlreadyRunning() {
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://reference.airbyte.com/reference/errors#try-again-later\",\"title\":\"try-again-later\","
                        + "\"status\":409,\"detail\":\"Please try again later.\",\"data\":{\"message\":\"A sync is already running for: "
                        + CONNECTION + "\"}}")));
    }

    protected static int jobPosts() {
        return airbyte.countRequestsMatching(postRequestedFor(urlEqualTo(API + "/jobs")).build()).getCount();
    }

    /** The log events so far (a copy: the service's threads go on logging; the appender appends under its own lock). */
    protected List<ILoggingEvent> events() {
        synchronized (logs) {
            return new ArrayList<>(logs.list);
        }
    }

    protected List<String> decisionLog() {
        return events().stream().filter(e -> e.getLoggerName().equals("pg-airbyte-sync.decisions"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Every service log line as the service's own log pattern writes it (secrets masked, stack traces included). */
    protected List<String> renderedLog() {
        ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.core.Layout<ILoggingEvent> layout = ((ch.qos.logback.classic.encoder.PatternLayoutEncoder)
                ((ch.qos.logback.core.ConsoleAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                        .getAppender("STDOUT")).getEncoder()).getLayout();
        return events().stream().filter(e -> !e.getLoggerName().startsWith("com.github.tomakehurst")
                && !e.getLoggerName().startsWith("wiremock") && !e.getLoggerName().startsWith("org.eclipse.jetty")
                && !e.getLoggerName().startsWith("WireMock")).map(layout::doLayout).toList();
    }

    protected List<String> allLog() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** inserts + updates + deletes the statistics count for {@code table} (schema public) now. */
    protected long writes(String table) throws Exception {
        return ((Number) scalar("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables"
                + " WHERE schemaname = 'public' AND relname = '" + table + "'")).longValue();
    }

    /**
     * Waits until the statistics count at least {@code count} writes of a table: a session's counters reach
     * pg_stat_user_tables after its commit (at its end, or up to ~10 s later while it stays connected), not with it.
     */
    protected void awaitWrites(String table, long count) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> writes(table) >= count);
    }

    /** Waits until no job's write counters are still to be read again (the settle read of stats-settle.yaml). */
    protected void awaitSettled() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(40)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> ((Number) scalar("SELECT count(*) FROM airbyte_sync.sync_state WHERE settle_at IS NOT NULL")).longValue() == 0);
    }
}
