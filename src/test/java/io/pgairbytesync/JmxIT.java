package io.pgairbytesync;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;

import io.pgairbytesync.observe.ConnectionStatuses;
import io.pgairbytesync.support.OrchestratorTestBase;
import org.junit.jupiter.api.Test;

/** Route statistics and one status MBean per connection, read through a JMX connector as jconsole would. */
class JmxIT extends OrchestratorTestBase {

    @Test
    void routeStatisticsAndTheConnectionMBeanAreReadableOverJmx() throws Exception {
        sql("CREATE TABLE orders (id int, updated_at timestamptz)", "CREATE INDEX ON orders (updated_at)",
                "INSERT INTO orders VALUES (1, '2026-11-24 10:00:01.123456+00')");
        startService(block("orders-to-bigquery", CONNECTION, "orders"), Map.of("camel.main.jmxEnabled", "true"));
        syncFirst(101);
        tick();
        sql("UPDATE orders SET updated_at = '2026-11-25 00:00:00+00'");
        stubJobCreated(102);
        tick();

        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1");
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        try (JMXConnector client = JMXConnectorFactory.connect(server.getAddress())) {
            MBeanServerConnection jmx = client.getMBeanServerConnection();

            Set<ObjectName> routes = jmx.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"orders-to-bigquery\",*"), null);
            assertThat(routes).hasSize(1);
            ObjectName route = routes.iterator().next();
            assertThat((Long) jmx.getAttribute(route, "ExchangesCompleted")).isEqualTo(3L);
            assertThat((Long) jmx.getAttribute(route, "TotalProcessingTime")).isPositive();
            // one MBean per processor (several hundred) would be registered at every start before the first tick
            assertThat(jmx.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)).as("processor MBeans").isEmpty();

            ObjectName status = ConnectionStatuses.name("orders-to-bigquery");
            assertThat(jmx.getAttribute(status, "ConnectionId")).isEqualTo(CONNECTION);
            assertThat(jmx.getAttribute(status, "LastDecision")).isEqualTo("data-changed");
            assertThat((String) jmx.getAttribute(status, "LastDecisionAt")).isNotEmpty();
            assertThat(jmx.getAttribute(status, "SyncedCursors")).isEqualTo("public.orders=2026-11-24T10:00:01.123456Z");
            assertThat(jmx.getAttribute(status, "LastJobId")).isEqualTo(101L);
            assertThat(jmx.getAttribute(status, "LastJobStatus")).isEqualTo("succeeded");
            assertThat(jmx.getAttribute(status, "ConsecutiveFailures")).isEqualTo(0);

            // the next tick sees job 102 pending, then a failing tick counts
            tick();
            assertThat(jmx.getAttribute(status, "PendingJobId")).isEqualTo(102L);
            assertThat((Long) jmx.getAttribute(status, "PendingJobAgeSeconds")).isGreaterThanOrEqualTo(0L);
            sql("ALTER TABLE orders RENAME TO orders_gone");
            tick();
            tick();
            assertThat(jmx.getAttribute(status, "ConsecutiveFailures")).isEqualTo(2);
            assertThat((String) jmx.getAttribute(status, "LastError")).contains("public.orders does not exist");
        } finally {
            server.stop();
        }
    }
}
