package io.pgairbytesync.observe;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Service;

/**
 * The live status of every connection block, fed by the outcomes of its ticks and job checks (no query of its own),
 * shown three ways:
 * <ul>
 * <li>one JMX MBean per connection, {@code pg-airbyte-sync:type=Connection,name=<routeId>}, beside Camel's route MBeans;</li>
 * <li>Prometheus meters on /observe/metrics, tagged {@code connection=<routeId>} and {@code connection_id=<uuid>}:
 * {@code pgsync_probes_total{outcome}}, {@code pgsync_probe_duration_seconds}, {@code pgsync_decisions_total{decision}},
 * {@code pgsync_jobs_started_total{reason}}, {@code pgsync_job_outcomes_total{outcome}},
 * {@code pgsync_syncs_queued_total{decision}} (MAX_CONCURRENT_SYNCS reached), {@code pgsync_queue_position},
 * {@code pgsync_pending_job_age_seconds}, {@code pgsync_seconds_since_last_sync} and
 * {@code pgsync_unsynced_change_age_seconds}; for a CDC block {@code pgsync_slot_retained_wal_bytes{slot}} and
 * {@code pgsync_slot_wal_status{slot,wal_status}};</li>
 * <li>the status page (/status).</li>
 * </ul>
 */
public class ConnectionStatuses implements Service, OutcomeListener {

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
            Gauge.builder("pgsync.queue.position", status, ConnectionStatus::getQueuePosition)
                    .description("Place of the connection's sync in the MAX_CONCURRENT_SYNCS line (1 = next), 0 when not queued")
                    .tags("connection", id, "connection_id", connectionId).register(meters);
            Gauge.builder("pgsync.unsynced.change.age", status, ConnectionStatus::unsyncedChangeAge).baseUnit("seconds")
                    .description("Seconds since a change was seen that is not synced yet, 0 when in sync")
                    .tags("connection", id, "connection_id", connectionId).register(meters);
            return status;
        });
    }

    /**
     * The block was removed by a reload of the connection YAML (or now names another connection): its JMX MBean and its
     * meters (gauges, counters, timers) go (an added block's come at its first outcome).
     */
    public void remove(String routeId) {
        for (io.micrometer.core.instrument.Meter meter : java.util.List.copyOf(meters.getMeters())) {
            if (routeId.equals(meter.getId().getTag("connection"))) {
                meters.remove(meter);
            }
        }
        slotGauges.removeIf(key -> key.startsWith(routeId + "\u0000"));
        if (byRoute.remove(routeId) != null) {
            try {
                server.unregisterMBean(name(routeId));
            } catch (Exception ignored) {
                // already gone
            }
        }
    }

    public ConnectionStatus find(String routeId) {
        return routeId == null ? null : byRoute.get(routeId);
    }

    /** In the order the tick learnt them: probed, state read, decided, job started, failed. */
    @Override
    public void onTick(Tick tick) {
        String routeId = tick.getName();
        String connectionId = tick.getConnectionId();
        ConnectionStatus status = of(routeId, connectionId);
        if (tick.getProbeNanos() >= 0) {
            status.probed();
            countProbe(routeId, connectionId, "ok", tick.getProbeNanos());
        }
        if (tick.getPlan() != null && tick.getProbe() != null) {
            Map<String, String> pinned = new java.util.HashMap<>();
            for (int i = 0; i < tick.getPlan().tables().size() && i < tick.getProbe().size(); i++) {
                if (tick.getProbe().get(i).cursorPinned()) {
                    io.pgairbytesync.probe.TableSpec spec = tick.getPlan().tables().get(i).spec();
                    pinned.put(spec.schema() + "." + spec.table(), tick.getProbe().get(i).maxCursor());
                }
            }
            status.pinnedCursors(pinned);
        }
        if (tick.getState() != null) {
            status.observed(tick.getState());
        }
        if (tick.getSlot() != null) {
            slotRead(status, routeId, connectionId, tick.getSlot());
        }
        if (tick.getDecision() != null) {
            status.decided(tick.getDecision().kind().getLabel());
            count("pgsync.decisions", "Tick decisions by kind", routeId, connectionId, "decision",
                    tick.getDecision().kind().getLabel());
        }
        if (tick.getConnection() != null) {
            airbyteConnection(status, tick.getConnection());
        }
        if (tick.isQueued()) {
            status.queued(tick.getQueuePosition());
            count("pgsync.syncs.queued", "Ticks that found MAX_CONCURRENT_SYNCS reached and queued the connection's sync",
                    routeId, connectionId, "decision", tick.getDecision().kind().getLabel());
        }
        if (tick.getPending() != null) {
            status.jobStarted(tick.getPending().jobId());
            count("pgsync.jobs.started", "Airbyte sync jobs started (or adopted) by reason", routeId, connectionId, "reason",
                    tick.getPending().reason());
        }
        if (tick.hasFailed()) {
            status.failed(tick.getError());
            if (tick.getProbeNanos() < 0) {
                countProbe(routeId, connectionId, "failed", tick.elapsedNanos());
            }
        }
    }

    /** The follow-up saw a job; when it ended (succeeded, failed, cancelled, timed_out) it is counted by outcome. */
    @Override
    public void onJob(FollowedJob job) {
        if (job.getBlock() == null) {
            return;
        }
        ConnectionStatus status = of(job.getBlock(), job.getConnectionId());
        if (job.isEnded()) {
            status.jobEnded(job.getJobId(), job.getStatusText());
            count("pgsync.job.outcomes", "Airbyte jobs followed to their end, by outcome", job.getBlock(), job.getConnectionId(),
                    "outcome", job.getStatusText());
        } else if (job.getStatusText() != null) { // null: GET /jobs/{id} gave no answer this time
            status.jobSeen(job.getJobId(), job.getStatusText());
        }
    }

    /** What GET /connections/{id} said (workspace for the UI link, status, schema policy). */
    @Override
    public void onConnectionChecked(Tick block, AirbyteConnection connection) {
        airbyteConnection(of(block.getName(), block.getConnectionId()), connection);
    }

    private static void airbyteConnection(ConnectionStatus status, AirbyteConnection connection) {
        status.airbyteConnection(connection.workspaceId(), connection.status(), connection.nonBreakingSchemaUpdatesBehavior());
    }

    /** The CDC blocks' slots whose gauges are registered: routeId, connectionId and slot. */
    private final java.util.Set<String> slotGauges = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A CDC block's slot: {@code pgsync_slot_retained_wal_bytes} and {@code pgsync_slot_wal_status{wal_status}} (1 for
     * the slot's status, 0 for the others), tagged with the slot too; registered at the first reading.
     */
    private void slotRead(ConnectionStatus status, String routeId, String connectionId, io.pgairbytesync.cdc.SlotReading slot) {
        status.slotRead(slot);
        // the gauges read the status object: registered once per block and slot (Micrometer warns at a second registration)
        if (!slotGauges.add(routeId + "\u0000" + connectionId + "\u0000" + slot.slot())) {
            return;
        }
        Gauge.builder("pgsync.slot.retained.wal", status, ConnectionStatus::slotRetainedBytes).baseUnit("bytes")
                .description("WAL the CDC block's replication slot holds back (pg_current_wal_lsn() - restart_lsn)")
                .tags("connection", routeId, "connection_id", connectionId, "slot", slot.slot()).register(meters);
        for (String walStatus : java.util.List.of("reserved", "extended", "unreserved", "lost")) {
            Gauge.builder("pgsync.slot.wal.status", status, s -> s.slotWalStatusIs(walStatus))
                    .description("1 for the wal_status of the CDC block's replication slot, 0 for the others")
                    .tags("connection", routeId, "connection_id", connectionId, "slot", slot.slot(), "wal_status", walStatus)
                    .register(meters);
        }
    }

    private void countProbe(String routeId, String connectionId, String outcome, long nanos) {
        count("pgsync.probes", "Probes of the source by outcome", routeId, connectionId, "outcome", outcome);
        Timer.builder("pgsync.probe.duration").description("Time of one probe (catalog check included when it runs)")
                .tags("connection", routeId, "connection_id", connectionId)
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** +1 on a counter of the connection, with one more tag. */
    private void count(String name, String description, String routeId, String connectionId, String key, String value) {
        Counter.builder(name).description(description).tags("connection", routeId, "connection_id", connectionId, key, value)
                .register(meters).increment();
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
