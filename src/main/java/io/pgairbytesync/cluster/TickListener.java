package io.pgairbytesync.cluster;

import org.quartz.JobExecutionContext;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CLUSTER_ENABLED=true: one DEBUG line per tick on logger {@code pg-airbyte-sync.ticks}, naming the slot (the
 * scheduled fire time), the trigger and the instance that runs it: with several instances, it shows which one ran
 * which tick, and that no slot ran twice.
 */
final class TickListener extends JobListenerSupport {

    static final Logger TICKS = LoggerFactory.getLogger("pg-airbyte-sync.ticks");

    private final String nodeId;
    private final String instanceId;

    TickListener(String nodeId, String instanceId) {
        this.nodeId = nodeId;
        this.instanceId = instanceId;
    }

    @Override
    public String getName() {
        return "pg-airbyte-sync-ticks";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {
        if (TICKS.isDebugEnabled()) {
            TICKS.debug("tick connection={} slot={} fired={} trigger={} node={} instance={}",
                    context.getJobDetail().getKey().getName(), context.getScheduledFireTime().getTime(),
                    context.getFireTime().getTime(), context.getTrigger().getKey(), nodeId, instanceId);
        }
    }
}
