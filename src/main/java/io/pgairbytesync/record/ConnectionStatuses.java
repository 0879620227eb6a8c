package io.pgairbytesync.record;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.pgairbytesync.classify.Decision;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Service;

/**
 * One {@link ConnectionStatus} MBean per connection block, registered in the platform MBean server as
 * {@code pg-airbyte-sync:type=Connection,name=<routeId>} (beside Camel's own route MBeans), fed by the routes.
 */
public class ConnectionStatuses implements Service {

    private final Map<String, ConnectionStatus> byRoute = new ConcurrentHashMap<>();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    public static ObjectName name(String routeId) throws Exception {
        return new ObjectName("pg-airbyte-sync:type=Connection,name=" + ObjectName.quote(routeId));
    }

    public ConnectionStatus of(String routeId, String connectionId) {
        return byRoute.computeIfAbsent(routeId, id -> {
            ConnectionStatus status = new ConnectionStatus(connectionId);
            try {
                ObjectName name = name(id);
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name); // left by an earlier service in the same JVM (tests)
                }
                server.registerMBean(status, name);
            } catch (Exception e) {
                throw new IllegalStateException("could not register the JMX MBean of " + id, e);
            }
            return status;
        });
    }

    public void observed(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @Body List<Map<String, Object>> stateRows) {
        of(routeId, connectionId).observed(stateRows);
    }

    public void decided(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("decision") Decision decision) {
        of(routeId, connectionId).decided(decision.kind());
    }

    public void failed(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("tickError") String error) {
        of(routeId, connectionId).failed(error);
    }

    public void jobSeen(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("jobId") Object jobId, @ExchangeProperty("jobStatus") String status) {
        if (routeId != null && jobId instanceof Number n) {
            of(routeId, connectionId).jobSeen(n.longValue(), status);
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        for (String routeId : byRoute.keySet()) {
            try {
                server.unregisterMBean(name(routeId));
            } catch (Exception ignored) {
                // already gone
            }
        }
        byRoute.clear();
    }
}
