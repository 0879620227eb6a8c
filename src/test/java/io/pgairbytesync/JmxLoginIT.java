package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMX as the systemd unit ships it: the JMX flags are read out of deploy/pg-airbyte-sync.service and given to a child
 * JVM running a Camel route, with the shipped deploy/jmxremote.access and a password file made here (mode 600, as the
 * install steps make it). A connection without credentials is refused; the read-only role 'monitor' reads a route's
 * statistics but cannot stop it.
 */
class JmxLoginIT {

    private static final Path UNIT = Path.of("deploy", "pg-airbyte-sync.service");
    private static final Path ACCESS = Path.of("deploy", "jmxremote.access");
    private static final String ROUTE = "jmx-login";

    @TempDir
    Path tmp;
    private Process child;

    @AfterEach
    void stopTheChild() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** The JMX flags of the unit's ExecStart. */
    static List<String> unitJmxFlags() throws IOException {
        String exec = Files.readString(UNIT).replace("\\\n", " ").lines().filter(l -> l.startsWith("ExecStart=")).findFirst()
                .orElseThrow();
        return Arrays.stream(exec.split("\\s+"))
                .filter(f -> f.startsWith("-Dcom.sun.management.jmxremote") || f.startsWith("-Djava.rmi.server.hostname")).toList();
    }

    @Test
    void theUnitsJmxRefusesAConnectionWithoutCredentialsAndItsMonitorRoleReadsButCannotStopARoute() throws Exception {
        List<String> flags = unitJmxFlags();
        assertThat(flags).contains("-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Dcom.sun.management.jmxremote.port=9010");
        assertThat(Files.readAllLines(ACCESS)).as("no role may invoke operations unless the operator uncomments it")
                .filteredOn(l -> !l.isBlank() && !l.startsWith("#")).containsExactly("monitor readonly");

        String password = UUID.randomUUID().toString();
        Path passwordFile = tmp.resolve("jmxremote.password");
        Files.writeString(passwordFile, "monitor " + password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        for (String flag : flags) {
            command.add(flag.replace("=9010", "=" + port)
                    .replace("/etc/pg-airbyte-sync/jmxremote.password", passwordFile.toString())
                    .replace("/etc/pg-airbyte-sync/jmxremote.access", ACCESS.toAbsolutePath().toString()));
        }
        command.add(Child.class.getName());
        Path log = tmp.resolve("child.log");
        child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        Map<String, Object> monitor = Map.of(JMXConnector.CREDENTIALS, new String[] {"monitor", password});
        ObjectName route = new ObjectName("org.apache.camel:context=" + ROUTE + ",type=routes,name=\"" + ROUTE + "\"");
        await("the child's route in JMX").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> !child.isAlive() || routeRegistered(url, monitor, route));
        assertThat(child.isAlive()).as("the child JVM runs; its output:\n" + Files.readString(log)).isTrue();

        assertThatThrownBy(() -> JMXConnectorFactory.connect(url).close()).as("a connection without credentials")
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS,
                new String[] {"monitor", "not-" + password})).close()).as("a wrong password").isInstanceOf(SecurityException.class);
        try (JMXConnector connector = JMXConnectorFactory.connect(url, monitor)) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            assertThat((Long) jmx.getAttribute(route, "ExchangesTotal")).isNotNegative();
            assertThatThrownBy(() -> jmx.invoke(route, "stop", null, null)).as("monitor stops a route")
                    .isInstanceOf(SecurityException.class);
            assertThat(jmx.getAttribute(route, "State")).isEqualTo("Started");
        }
    }

    private static boolean routeRegistered(JMXServiceURL url, Map<String, Object> credentials, ObjectName route) throws IOException {
        try (JMXConnector connector = JMXConnectorFactory.connect(url, credentials)) {
            return connector.getMBeanServerConnection().isRegistered(route);
        }
    }

    /** The child JVM: one Camel route, registered in JMX, until it is killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try (CamelContext camel = new DefaultCamelContext()) {
                camel.getCamelContextExtension().setName(ROUTE);
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("timer:" + ROUTE + "?period=200").routeId(ROUTE).setBody(constant("tick"));
                    }
                });
                camel.start();
                new CountDownLatch(1).await();
            }
        }
    }
}
