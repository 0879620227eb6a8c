package io.pgairbytesync;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No password, client secret, bearer token or webhook token in anything the packaged jar prints (stdout and stderr,
 * stack traces included), serves on its management port, or shows in JMX, through a run with successes and failures.
 * The secrets reach the jar as an operator gives them: environment variables. The jar logs with its own logback.xml
 * (read out of target/pg-airbyte-sync.jar) with every level raised to TRACE, so its masking, its turbo filter and its
 * pattern are what is checked, with everything on. Every readable JMX attribute of the Camel and pg-airbyte-sync
 * domains is read over remote JMX; one that cannot be read fails the test.
 */
class SecretsIT extends OrchestratorTestBase {

    private static final String DB_PASSWORD = "Db-pa55word-4f9c";
    private static final String CLIENT_SECRET = "cl1ent-s3cret-77aa";
    private static final String TOKEN_ONE = "tok-one-9e8d7c6b";
    private static final String TOKEN_TWO = "tok-two-1a2b3c4d";
    private static final String WEBHOOK_TOKEN = "hookTok3nZ9y8x7";
    private static final List<String> SECRETS = List.of(DB_PASSWORD, CLIENT_SECRET, TOKEN_ONE, TOKEN_TWO, WEBHOOK_TOKEN);
    private static final String BROKEN = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private static final Pattern LEVEL = Pattern.compile("level=\"[^\"]*\"");

    private Process jar;
    private Path out;

    @AfterEach
    void stopTheJarAndKeepItsOutput() throws Exception {
        if (jar != null && jar.isAlive()) {
            jar.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (out != null && Files.exists(out)) {
            Files.copy(out, Files.createDirectories(Path.of("target", "secrets-it")).resolve("jar.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void thePackagedJarLeaksNoSecretInItsOutputItsManagementPortOrJmxThroughARunWithFailures() throws Exception {
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

        // every block ticks each second: orders gets token one -> 401 -> token two -> job 101, whose follow-up gets
        // 500s (redelivered); broken fails every tick, and its alert goes to a webhook that refuses connections
        String schedule = "\"* * * * * ?\"";
        Files.writeString(tmp.resolve("connections.yaml"), (block("orders-to-bigquery", CONNECTION, "orders")
                + block("broken", BROKEN, "missing_table")).replace("\"" + NEVER + "\"", schedule));
        Path logback = tmp.resolve("logback.xml");
        Files.writeString(logback, shippedLogbackAtTrace());
        out = tmp.resolve("jar.log");
        int jmxPort = freePort();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + logback,
                "-Dcom.sun.management.jmxremote.port=" + jmxPort, "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-jar", Path.of("target", "pg-airbyte-sync.jar").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        Map<String, String> env = pb.environment();
        env.put("SOURCE_DB_URL", dbUrl);
        env.put("SOURCE_DB_USER", "probe_user");
        env.put("SOURCE_DB_PASSWORD", DB_PASSWORD);
        env.put("AIRBYTE_API_URL", airbyte.baseUrl() + API);
        env.put("AIRBYTE_CLIENT_ID", "client-1");
        env.put("AIRBYTE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("AIRBYTE_POLL_SECONDS", "1");
        env.put("AIRBYTE_POLL_FIRST_DELAY_MS", "0");
        env.put("AIRBYTE_RETRY_DELAY_MS", "20");
        env.put("AIRBYTE_RETRY_MAX_DELAY_MS", "100");
        env.put("CAMEL_MAIN_ROUTESINCLUDEPATTERN", "file:" + tmp.resolve("connections.yaml"));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort = freePort()));
        env.put("ALERT_WEBHOOK_URL", "http://127.0.0.1:" + freePort() + "/services/T1/B2/" + WEBHOOK_TOKEN);
        env.put("ALERT_AFTER_FAILURES", "1");
        env.put("ALERT_RETRY_DELAY_MS", "10");
        env.put("DECISIONS_LOG_LEVEL", "DEBUG");
        jar = pb.start();

        await("job 101 pending in the sync state").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> !jar.isAlive() || pendingJob().equals(List.of(101L)));
        assertThat(jar.isAlive()).as("the jar runs; its output:\n" + tail(out)).isTrue();
        await("the follow-up of job 101 got 500s").atMost(Duration.ofSeconds(60))
                .until(() -> airbyte.countRequestsMatching(getRequestedFor(urlEqualTo(API + "/jobs/101")).build()).getCount() >= 4);
        await("an alert given up").atMost(Duration.ofSeconds(60)).until(() -> Files.readString(out).contains("alert NOT delivered"));

        // what the management port serves carries no secret
        for (String path : List.of("/status", "/status.json", "/observe/health", "/observe/metrics",
                "/observe/jolokia/read/pg-airbyte-sync:type=Connection,name=%22broken%22")) {
            String[] answer = management(path);
            assertThat(answer[1]).as(path + " answered").isNotBlank();
            assertThat(SECRETS).as(path).noneMatch(answer[1]::contains);
        }

        // every attribute of every MBean of the two domains, over remote JMX; an attribute that cannot be read fails
        List<String> unreadable = new ArrayList<>();
        int attributes = 0;
        int endpointUris = 0;
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Set<ObjectName> names = new HashSet<>(server.queryNames(new ObjectName("org.apache.camel:*"), null));
            names.addAll(server.queryNames(new ObjectName("pg-airbyte-sync:*"), null));
            assertThat(names).anyMatch(n -> n.getDomain().equals("pg-airbyte-sync"))
                    .anyMatch(n -> "endpoints".equals(n.getKeyProperty("type")));
            for (ObjectName name : names) {
                List<String> readable = new ArrayList<>();
                for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                    if (a.isReadable()) {
                        readable.add(a.getName());
                    }
                }
                // one round trip per MBean; getAttributes leaves out what it could not read: each of those once more,
                // alone, for its error
                AttributeList values = server.getAttributes(name, readable.toArray(String[]::new));
                Set<String> read = new HashSet<>();
                for (Attribute attribute : values.asList()) {
                    read.add(attribute.getName());
                    attributes++;
                    if ("EndpointUri".equals(attribute.getName())) {
                        endpointUris++;
                    }
                    String text = String.valueOf(attribute.getValue());
                    assertThat(SECRETS).as(name + " " + attribute.getName()).noneMatch(text::contains);
                }
                for (String attribute : readable) {
                    if (!read.contains(attribute)) {
                        try {
                            Object value = server.getAttribute(name, attribute);
                            unreadable.add(name + " " + attribute + ": left out by getAttributes, alone: " + value);
                        } catch (Exception e) {
                            unreadable.add(name + " " + attribute + ": " + e);
                        }
                    }
                }
            }
        }
        assertThat(unreadable).as("JMX attributes that could not be read").isEmpty();
        assertThat(attributes).as("JMX attributes read").isGreaterThan(100);
        assertThat(endpointUris).as("endpoint URIs read").isGreaterThan(5);

        // a clean stop (SIGTERM), so the shutdown's lines are in the output too
        jar.destroy();
        assertThat(jar.waitFor(60, TimeUnit.SECONDS)).as("the jar stopped on SIGTERM").isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).as("lines the jar printed").hasSizeGreaterThan(1000);
        assertThat(lines).as("TRACE was really on").anyMatch(l -> l.contains(" TRACE "));
        assertThat(lines).as("the run had its failures").anyMatch(l -> l.contains("alert NOT delivered"))
                .anyMatch(l -> l.contains("missing_table"));
        List<String> leaks = lines.stream().filter(line -> SECRETS.stream().anyMatch(line::contains)).toList();
        assertThat(leaks).as("lines of the jar's output that carry a secret (whole output in target/secrets-it/jar.log)")
                .isEmpty();
    }

    /** The logback.xml inside the packaged jar, every logger's level (and the root's) set to TRACE. */
    private static String shippedLogbackAtTrace() throws Exception {
        String shipped;
        try (JarFile jarFile = new JarFile(Path.of("target", "pg-airbyte-sync.jar").toFile());
                InputStream in = jarFile.getInputStream(jarFile.getJarEntry("logback.xml"))) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher levels = LEVEL.matcher(shipped);
        int count = 0;
        while (levels.find()) {
            count++;
        }
        assertThat(count).as("levels in the shipped logback.xml").isGreaterThan(5);
        return LEVEL.matcher(shipped).replaceAll("level=\"TRACE\"");
    }

    private List<Long> pendingJob() throws Exception {
        try {
            return query("SELECT pending_job_id FROM airbyte_sync.sync_state WHERE table_name = 'orders'").stream()
                    .map(r -> (Long) r.get("pending_job_id")).toList();
        } catch (java.sql.SQLException notYet) {
            return List.of(); // the state schema is not there yet
        }
    }

    private static String tail(Path out) throws Exception {
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
