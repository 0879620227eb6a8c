package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No password, client secret or bearer token in any log line (at TRACE, everything on), exception, JMX attribute
 * or endpoint URI, through a full run with successes and failures.
 */
class SecretsIT extends OrchestratorTestBase {

    private static final String DB_PASSWORD = "Db-pa55word-4f9c";
    private static final String CLIENT_SECRET = "cl1ent-s3cret-77aa";
    private static final String TOKEN_ONE = "tok-one-9e8d7c6b";
    private static final String TOKEN_TWO = "tok-two-1a2b3c4d";
    private static final String WEBHOOK_TOKEN = "hookTok3nZ9y8x7";
    private static final List<String> SECRETS = List.of(DB_PASSWORD, CLIENT_SECRET, TOKEN_ONE, TOKEN_TWO, WEBHOOK_TOKEN);

    private final Map<String, Level> levels = new java.util.HashMap<>();

    private void everythingAtTrace() {
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "org.apache.camel", "io.pgairbytesync",
                "pg-airbyte-sync.decisions", "org.apache.hc", "org.apache.camel.component.properties", "org.quartz",
                "org.postgresql", "org.apache.commons.dbcp2")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levels.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
    }

    @AfterEach
    void restoreLevels() {
        levels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
    }

    @Test
    void aFullRunWithFailuresLeaksNoSecret() throws Exception {
        sql("CREATE ROLE probe_user LOGIN PASSWORD '" + DB_PASSWORD + "'",
                "CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:00+00')",
                "GRANT SELECT ON orders TO probe_user",
                "GRANT CREATE ON DATABASE " + dbUrl.substring(dbUrl.lastIndexOf('/') + 1) + " TO probe_user");
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(okJson("{\"access_token\": \"" + TOKEN_ONE + "\", \"token_type\": \"Bearer\", \"expires_in\": 900}"))
                .willSetStateTo("two"));
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("t").whenScenarioStateIs("two")
                .willReturn(okJson("{\"access_token\": \"" + TOKEN_TWO + "\", \"token_type\": \"Bearer\", \"expires_in\": 900}"))
                .willSetStateTo("broken"));
        airbyte.stubFor(post(urlEqualTo(API + "/applications/token")).inScenario("t").whenScenarioStateIs("broken")
                .willReturn(aResponse().withStatus(401).withBody("{\"detail\": \"bad client\"}")));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withHeader("Authorization", equalTo("Bearer " + TOKEN_ONE))
                .willReturn(aResponse().withStatus(401)));
        airbyte.stubFor(post(urlEqualTo(API + "/jobs")).withHeader("Authorization", equalTo("Bearer " + TOKEN_TWO))
                .willReturn(okJson(jobJson(101, "pending", null, null))));
        airbyte.stubFor(get(urlEqualTo(API + "/jobs/101")).willReturn(aResponse().withStatus(500)));

        everythingAtTrace();
        startService(block("orders-to-bigquery", CONNECTION, "orders") + block("broken", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
                "missing_table"), Map.of("source.db.user", "probe_user", "source.db.password", DB_PASSWORD,
                "airbyte.client.id", "client-1", "airbyte.client.secret", CLIENT_SECRET, "camel.main.jmxEnabled", "true",
                // an alert for the failing block, to a webhook that refuses connections: redelivered, then given up
                "alert.webhook.url", "http://127.0.0.1:" + freePort() + "/services/T1/B2/" + WEBHOOK_TOKEN,
                "alert.after.failures", "1", "alert.retry.delay.ms", "10"));
        tick();                                            // token one -> 401 -> token two -> job 101
        tick("broken", "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"); // a failing probe
        followJobs();                                      // 500s, redelivered
        assertThat(state("public.orders").get("pending_job_id")).isEqualTo(101L);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> allLog().stream().anyMatch(l -> l.contains("alert NOT delivered")));
        // what the management port serves carries no secret either
        for (String path : List.of("/status", "/status.json", "/observe/health", "/observe/metrics",
                "/observe/jolokia/read/pg-airbyte-sync:type=Connection,name=%22broken%22")) {
            String body = management(path)[1];
            assertThat(SECRETS).as(path).noneMatch(body::contains);
        }

        // each line as the service's log pattern writes it (stack traces included), the stand-in's own lines left out
        List<String> leaks = renderedLog().stream().filter(line -> SECRETS.stream().anyMatch(line::contains)).toList();
        assertThat(events().size()).as("TRACE was really on").isGreaterThan(1000);
        assertThat(leaks).as("log events that carry a secret").isEmpty();

        for (Endpoint endpoint : camel.getEndpoints()) {
            assertThat(SECRETS).noneMatch(endpoint.getEndpointUri()::contains);
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        int attributes = 0;
        Set<ObjectName> names = new java.util.HashSet<>(server.queryNames(new ObjectName("org.apache.camel:*"), null));
        names.addAll(server.queryNames(new ObjectName("pg-airbyte-sync:*"), null));
        assertThat(names).anyMatch(n -> n.getDomain().equals("pg-airbyte-sync"));
        for (ObjectName name : names) {
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                Object value;
                try {
                    value = server.getAttribute(name, a.getName());
                } catch (Exception | Error unreadable) {
                    continue;
                }
                attributes++;
                String text = String.valueOf(value);
                assertThat(SECRETS).as(name + " " + a.getName()).noneMatch(text::contains);
            }
        }
        assertThat(attributes).as("JMX attributes read").isGreaterThan(100);
    }

}
