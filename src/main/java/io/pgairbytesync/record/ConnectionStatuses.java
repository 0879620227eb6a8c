package io.pgairbytesync.record;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pgairbytesync.classify.Decision;
import io.pgairbytesync.classify.PendingSync;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Service;

/**
 * The live status of every connection block, fed by the routes (no query of its own), shown three ways:
 * <ul>
 * <li>one JMX MBean per connection, {@code pg-airbyte-sync:type=Connection,name=<routeId>}, beside Camel's route MBeans;</li>
 * <li>Prometheus meters on /observe/metrics, tagged {@code connection=<routeId>} and {@code connection_id=<uuid>}:
 * {@code pgsync_probes_total{outcome}}, {@code pgsync_probe_duration_seconds}, {@code pgsync_decisions_total{decision}},
 * {@code pgsync_jobs_started_total{reason}}, {@code pgsync_job_outcomes_total{outcome}},
 * {@code pgsync_pending_job_age_seconds}, {@code pgsync_seconds_since_last_sync} and
 * {@code pgsync_unsynced_change_age_seconds};</li>
 * <li>the status page (/status).</li>
 * </ul>
 */
public class ConnectionStatuses implements Service {

    private static final String PROBE_STARTED = "probeStartedNanos";
    private static final String PROBE_DONE = "probeDone";

    private final Map<String, ConnectionStatus> byRoute = new ConcurrentHashMap<>();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final MeterRegistry meters;

    public ConnectionStatuses(MeterRegistry meters) {
        this.meters = meters;
    }

    public static ObjectName name(String routeId) throws Exception {
        return new ObjectName("pg-airbyte-sync:type=Connection,name=" + ObjectName.quote(routeId));
    }

    public ConnectionStatus of(String routeId, String connectionId) {
        return byRoute.computeIfAbsent(routeId, id -> {
            ConnectionStatus status = new ConnectionStatus(id, connectionId);
            try {
                ObjectName name = name(id);
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name); // left by an earlier service in the same JVM (tests)
                }
                server.registerMBean(status, name);
            } catch (Exception e) {
                throw new IllegalStateException("could not register the JMX MBean of " + id, e);
            }
            Gauge.builder("pgsync.pending.job.age", status, ConnectionStatus::pendingJobAge).baseUnit("seconds")
                    .description("Age of the Airbyte job in flight for the connection, 0 when none")
                    .tags("connection", id, "connection_id", connectionId).register(meters);
            Gauge.builder("pgsync.seconds.since.last.sync", status, ConnectionStatus::secondsSinceLastSync)
                    .description("Seconds since the connection's last successful sync (never synced: since first seen)")
                    .tags("connection", id, "connection_id", connectionId).register(meters);
            Gauge.builder("pgsync.unsynced.change.age", status, ConnectionStatus::unsyncedChangeAge).baseUnit("seconds")
                    .description("Seconds since a change was seen that is not synced yet, 0 when in sync")
                    .tags("connection", id, "connection_id", connectionId).register(meters);
            return status;
        });
    }

    /** Every connection seen so far (by a tick or a job follow-up). */
    public Collection<ConnectionStatus> all() {
        return byRoute.values();
    }

    public ConnectionStatus find(String routeId) {
        return routeId == null ? null : byRoute.get(routeId);
    }

    public void probeStarted(Exchange exchange) {
        exchange.setProperty(PROBE_STARTED, System.nanoTime());
        exchange.removeProperty(PROBE_DONE);
    }

    public void probed(Exchange exchange) {
        String routeId = exchange.getProperty("routeId", String.class);
        String connectionId = exchange.getProperty("connectionId", String.class);
        of(routeId, connectionId).probed();
        exchange.setProperty(PROBE_DONE, true);
        countProbe(exchange, routeId, connectionId, "ok");
    }

    public void observed(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @Body List<Map<String, Object>> stateRows) {
        of(routeId, connectionId).observed(stateRows);
    }

    public void decided(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("decision") Decision decision) {
        of(routeId, connectionId).decided(decision.kind());
        count("pgsync.decisions", "Tick decisions by kind", routeId, connectionId, "decision", decision.kind());
    }

    /** A tick failed; sets the exchange property {@code consecutiveFailures}. */
    public void failed(Exchange exchange) {
        String routeId = exchange.getProperty("routeId", String.class);
        String connectionId = exchange.getProperty("connectionId", String.class);
        int failures = of(routeId, connectionId).failed(exchange.getProperty("tickError", String.class));
        exchange.setProperty("consecutiveFailures", failures);
        if (!exchange.getProperty(PROBE_DONE, false, Boolean.class)) {
            countProbe(exchange, routeId, connectionId, "failed");
        }
    }

    public void jobStarted(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("pending") PendingSync pending) {
        of(routeId, connectionId).jobStarted(pending.jobId());
        count("pgsync.jobs.started", "Airbyte sync jobs started (or adopted) by reason", routeId, connectionId, "reason",
                pending.reason());
    }

    public void jobSeen(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("jobId") Object jobId, @ExchangeProperty("jobStatus") String status) {
        if (routeId != null && jobId instanceof Number n) {
            of(routeId, connectionId).jobSeen(n.longValue(), status);
        }
    }

    /** A job ended: succeeded, failed, cancelled or timed_out. */
    public void jobEnded(@ExchangeProperty("routeId") String routeId, @ExchangeProperty("connectionId") String connectionId,
            @ExchangeProperty("jobId") Object jobId, @ExchangeProperty("jobStatus") String status) {
        if (routeId == null || !(jobId instanceof Number n)) {
            return;
        }
        of(routeId, connectionId).jobEnded(n.longValue(), status);
        count("pgsync.job.outcomes", "Airbyte jobs followed to their end, by outcome", routeId, connectionId, "outcome", status);
    }

    /** What GET /connections/{id} said (workspace for the UI link, status, schema policy). */
    public void airbyteConnection(@ExchangeProperty("routeId") String routeId,
            @ExchangeProperty("connectionId") String connectionId, @Body Map<String, Object> connection) {
        if (routeId != null && connection != null) {
            of(routeId, connectionId).airbyteConnection(str(connection.get("workspaceId")), str(connection.get("status")),
                    str(connection.get("nonBreakingSchemaUpdatesBehavior")));
        }
    }

    private void countProbe(Exchange exchange, String routeId, String connectionId, String outcome) {
        count("pgsync.probes", "Probes of the source by outcome", routeId, connectionId, "outcome", outcome);
        Long started = exchange.getProperty(PROBE_STARTED, Long.class);
        if (started != null) {
            Timer.builder("pgsync.probe.duration").description("Time of one probe (catalog check included when it runs)")
                    .tags("connection", routeId, "connection_id", connectionId)
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            exchange.removeProperty(PROBE_STARTED);
        }
    }

    /** +1 on a counter of the connection, with one more tag. */
    private void count(String name, String description, String routeId, String connectionId, String key, String value) {
        Counter.builder(name).description(description).tags("connection", routeId, "connection_id", connectionId, key, value)
                .register(meters).increment();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
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
