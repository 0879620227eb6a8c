package io.pgairbytesync.config;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.StartupListener;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires one tick of every connection as soon as the service has started (TICK_ON_START, default true): each
 * connection block is checked against the live source at once (a wrong table or column is reported within
 * seconds, not at the next cron slot), and changes made while the service was down are synced without waiting.
 * The tick goes through the connection's own Quartz job, so it never overlaps a scheduled one.
 */
final class StartupTicks implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTicks.class);
    static final String GROUP = "pg-airbyte-sync";

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // nothing yet: routes may still be starting
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        int fired = 0;
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof QuartzEndpoint quartz && GROUP.equals(quartz.getGroupName())) {
                quartz.getComponent().getScheduler().triggerJob(JobKey.jobKey(quartz.getTriggerName(), GROUP));
                fired++;
            }
        }
        LOG.info("First tick of {} connection(s) fired at start-up", fired);
    }
}
