package io.pgairbytesync.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's clustered JDBC store (JobStoreTX) with a failure detection bounded by CLUSTER_CHECKIN_MS.
 * <p>
 * Stock Quartz declares an instance dead {@code checkinInterval + 7.5 s} after its last check-in (the 7.5 s are
 * hard-coded in {@code JobStoreSupport.calcFailedIfAfter}) and looks for dead instances once per check-in, so a
 * takeover takes between 7.5 s and {@code 2 x interval + 7.5 s}. Here every instance checks in every
 * {@code CLUSTER_CHECKIN_MS / 2} (set as Quartz's clusterCheckinInterval) and is declared dead once its last
 * check-in is older than {@code CLUSTER_CHECKIN_MS} ({@link #setNodeTimeoutMs}): a missed check-in plus half a
 * period of grace. The survivors look at every check-in of their own, so a dead instance is taken over between
 * 0.5 and 1.5 x CLUSTER_CHECKIN_MS after it died. Quartz's own protection stays: when the checking instance has
 * not checked in itself for longer than that (it was paused), the time it was away is added to the grace.
 * <p>
 * After a takeover the released triggers whose slot is more than the misfire threshold in the past are handled at
 * once (misfireInstruction 2: no catch-up, the next slot), instead of at the misfire handler's next round up to
 * 5 s later, so every connection ticks again at its next slot.
 */
public class ClusterJobStore extends JobStoreTX {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobStore.class);
    /** DEBUG: one line per check-in, the instance's heartbeat (a gap in it shows the instance itself was stalled). */
    static final Logger CHECKINS = LoggerFactory.getLogger("pg-airbyte-sync.cluster");

    private long nodeTimeoutMs = 5000;

    /** org.quartz.jobStore.nodeTimeoutMs: CLUSTER_CHECKIN_MS. */
    public void setNodeTimeoutMs(long nodeTimeoutMs) {
        this.nodeTimeoutMs = nodeTimeoutMs;
    }

    @Override
    protected List<SchedulerStateRecord> clusterCheckIn(Connection conn) throws JobPersistenceException {
        List<SchedulerStateRecord> failed = super.clusterCheckIn(conn);
        if (CHECKINS.isDebugEnabled()) {
            CHECKINS.debug("check-in instance={}", getInstanceId());
        }
        return failed;
    }

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        long ownSilence = System.currentTimeMillis() - lastCheckin;
        long grace = Math.max(nodeTimeoutMs - rec.getCheckinInterval(), 0);
        return rec.getCheckinTimestamp() + Math.max(rec.getCheckinInterval(), ownSilence) + grace;
    }

    @Override
    protected void clusterRecover(Connection conn, List<SchedulerStateRecord> failedInstances) throws JobPersistenceException {
        long now = System.currentTimeMillis();
        for (SchedulerStateRecord rec : failedInstances) {
            if (rec.getSchedulerInstanceId().equals(getInstanceId())) {
                continue;
            }
            if (rec.getCheckinTimestamp() == 0) {
                LOG.warn("Cluster: instance {} left fired triggers behind and no longer checks in: instance {} takes them over",
                        rec.getSchedulerInstanceId(), getInstanceId());
            } else {
                LOG.warn("Cluster: instance {} last checked in {} ms ago: declared dead, instance {} takes over its"
                        + " schedule and its jobs", rec.getSchedulerInstanceId(), now - rec.getCheckinTimestamp(), getInstanceId());
            }
        }
        super.clusterRecover(conn, failedInstances);
        try {
            recoverMisfiredJobs(conn, false);
        } catch (SQLException e) {
            throw new JobPersistenceException("could not handle the misfires after a takeover: " + e.getMessage(), e);
        }
    }
}
