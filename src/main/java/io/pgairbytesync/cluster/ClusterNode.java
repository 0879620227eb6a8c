package io.pgairbytesync.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance in a cluster (CLUSTER_ENABLED=true), bean {@code clusterNode}: its NODE_ID and its Quartz instance
 * id ({@code NODE_ID-<start time in ms>}, new at every start, so a restarted instance never takes the identity of
 * its previous life). The follow-up of jobs claims jobs with the instance id (queries/follow-claim-jobs.sql). On a
 * clean stop the instance hands its jobs back (route cluster-hand-back-jobs, while the routes still run), so another
 * instance follows them at its next poll instead of after a takeover.
 */
public final class ClusterNode {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final boolean active;
    private final String nodeId;
    private final String instanceId;
    private final long checkinMs;
    private final long startMillis;
    private CamelContext camel;

    public ClusterNode(boolean active, String nodeId, long startMillis, long checkinMs) {
        this.active = active;
        this.nodeId = nodeId;
        this.instanceId = nodeId + "-" + startMillis;
        this.startMillis = startMillis;
        this.checkinMs = checkinMs;
    }

    /** Whether the clustered schedule is in use (CLUSTER_ENABLED=true, and not --doctor). */
    public boolean active() {
        return active;
    }

    public String nodeId() {
        return nodeId;
    }

    public String instanceId() {
        return instanceId;
    }

    /** When this instance started (ms): an instance that started before it and still checks in runs the cluster. */
    public long startMillis() {
        return startMillis;
    }

    /** Check-ins older than this (ms) are of instances that no longer count as alive. */
    public long aliveSince() {
        return System.currentTimeMillis() - checkinMs;
    }

    /** Joins the cluster's work: hands the jobs this instance follows back when the service stops cleanly. */
    public void attach(CamelContext context) {
        this.camel = context;
        if (active) {
            context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public boolean isEnabled(CamelEvent event) {
                    return event instanceof CamelEvent.CamelContextStoppingEvent;
                }

                @Override
                public void notify(CamelEvent event) {
                    handBackJobs();
                }
            });
        }
    }

    /**
     * Whether this instance joins a running cluster: another instance, started before this one, has checked in within
     * CLUSTER_CHECKIN_MS. When all start at once, the oldest gives the first ticks and the others do not.
     */
    public boolean othersAlive() {
        if (!active) {
            return false;
        }
        try {
            Number others = camel.createFluentProducerTemplate().to("direct:cluster-others-alive").request(Number.class);
            return others != null && others.longValue() > 0;
        } catch (Exception e) {
            LOG.warn("Could not read the cluster's instances ({}); ticking every connection at start-up", e.getMessage());
            return false;
        }
    }

    /** Hands the jobs this instance follows back (best effort: a dead instance's jobs are taken over anyway). */
    private void handBackJobs() {
        try {
            Number n = camel.createFluentProducerTemplate().to("direct:cluster-hand-back-jobs").request(Number.class);
            if (n != null && n.intValue() > 0) {
                LOG.info("Handed {} open job(s) back to the cluster", n);
            }
        } catch (Exception e) {
            LOG.warn("Could not hand the open jobs back to the cluster ({}); another instance takes them over once this one"
                    + " is declared dead", e.getMessage());
        }
    }
}
