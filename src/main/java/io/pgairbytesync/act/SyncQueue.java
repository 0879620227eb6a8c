package io.pgairbytesync.act;

import java.util.List;
import java.util.Map;

import io.pgairbytesync.tick.StartupTicks;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAX_CONCURRENT_SYNCS: starts the queued connections a free slot lets through (bean {@code syncQueue}, route
 * sync-queue-next). Each gets a tick at once through its own Quartz job (never overlapping a running tick of it; with
 * CLUSTER_ENABLED=true the clustered store hands it to one instance), whatever its schedule. The tick decides again
 * under the claim's lock: a change that is gone leaves the line, one that finds the cap reached again stays in it.
 */
public class SyncQueue {

    private static final Logger LOG = LoggerFactory.getLogger("pg-airbyte-sync.decisions");

    private final CamelContext context;

    public SyncQueue(CamelContext context) {
        this.context = context;
    }

    /** The rows of queue-next.sql: oldest first, as many as there are free slots. */
    public void startNext(@Body List<Map<String, Object>> next) throws Exception {
        if (next == null || next.isEmpty()) {
            return;
        }
        Scheduler scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
        for (Map<String, Object> row : next) {
            JobKey job = JobKey.jobKey(String.valueOf(row.get("connection_id")), StartupTicks.GROUP);
            if (scheduler.checkExists(job)) {
                LOG.info("{} a sync slot is free: its tick runs now (queued since {})", row.get("route_id"), row.get("queued_at"));
                scheduler.triggerJob(job);
            }
        }
    }
}
