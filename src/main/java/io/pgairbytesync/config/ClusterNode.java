package io.pgairbytesync.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance in a cluster (CLUSTER_ENABLED=true), bean {@code clusterNode}: its NODE_ID and its Quartz instance
 * id ({@code NODE_ID-<start time in ms>}, new at every start, so a restarted instance never takes the identity of
 * its previous life). The follow-up of jobs claims jobs with the instance id (5-follow-jobs.yaml). On a clean stop
 * the instance hands its jobs back, so another instance follows them at its next poll instead of after a takeover.
 */
public final class ClusterNode implements org.apache.camel.Service {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final boolean active;
    private final String nodeId;
    private final String instanceId;
    private final long checkinMs;
    private final long startMillis;
    private final DataSource state;

    ClusterNode(boolean active, String nodeId, long startMillis, long checkinMs, DataSource state) {
        this.active = active;
        this.nodeId = nodeId;
        this.instanceId = nodeId + "-" + startMillis;
        this.startMillis = startMillis;
        this.checkinMs = checkinMs;
        this.state = state;
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

    /**
     * Whether this instance joins a running cluster: another instance, started before this one, has checked in within
     * CLUSTER_CHECKIN_MS. When all start at once, the oldest gives the first ticks and the others do not.
     */
    boolean othersAlive() {
        if (!active) {
            return false;
        }
        try (Connection c = state.getConnection();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM qrtz_scheduler_state WHERE sched_name = ?"
                        + " AND instance_name <> ? AND last_checkin_time >= ?"
                        + " AND CAST(substring(instance_name from '-([0-9]{1,18})$') AS bigint) <= ?")) {
            st.setString(1, ClusterScheduler.SCHEDULER_NAME);
            st.setString(2, instanceId);
            st.setLong(3, System.currentTimeMillis() - checkinMs);
            st.setLong(4, startMillis);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (Exception e) {
            LOG.warn("Could not read the cluster's instances ({}); ticking every connection at start-up", e.getMessage());
            return false;
        }
    }

    @Override
    public void start() {
    }

    /** Hands the jobs this instance follows back (best effort: a dead instance's jobs are taken over anyway). */
    @Override
    public void stop() {
        if (!active) {
            return;
        }
        try (Connection c = state.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE sync_job SET followed_by = NULL WHERE followed_by = ?"
                        + " AND finished_at IS NULL")) {
            st.setString(1, instanceId);
            int n = st.executeUpdate();
            if (n > 0) {
                LOG.info("Handed {} open job(s) back to the cluster", n);
            }
        } catch (Exception e) {
            LOG.warn("Could not hand the open jobs back to the cluster ({}); another instance takes them over once this one"
                    + " is declared dead", e.getMessage());
        }
    }
}
