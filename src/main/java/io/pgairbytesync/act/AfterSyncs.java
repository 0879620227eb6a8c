package io.pgairbytesync.act;

import java.util.List;
import java.util.Map;

import io.pgairbytesync.classify.Decision;
import io.pgairbytesync.classify.DecisionKind;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.tick.ConnectionBlock;
import io.pgairbytesync.tick.ConnectionBlocks;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Blocks that sync after another block's syncs (bean {@code afterSyncs}; a block with {@code after: <routeId>}, see
 * {@link io.pgairbytesync.tick.BlockGraph}). The statement that records an upstream success writes one sync_after row
 * per downstream block (record-job-succeeded.sql), so exactly one downstream sync is owed per upstream success, however
 * often the follow-up is replayed. The routes of 10-after.yaml then start it at once, through trigger-sync like any
 * other sync (intent, POST /jobs, record-pending); the downstream block's own tick starts one still owed (after a crash,
 * or a POST that did not go through).
 */
public class AfterSyncs {

    /** sync_job.reason and sync_intent.reason of a sync started after an upstream success. */
    public static final String REASON = "after";

    private final ConnectionBlocks blocks;

    public AfterSyncs(ConnectionBlocks blocks) {
        this.blocks = blocks;
    }

    /** Route record-job-succeeded, before its statement: which blocks sync after this job's block. */
    public void downstream(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job) {
        job.setDownstream(blocks.downstreamOf(job.getBlock()));
    }

    /** Route after-upstream-succeeded: a tick of each block that syncs after the job's block. */
    public List<Tick> ticksAfter(@ExchangeProperty(FollowedJob.PROPERTY) FollowedJob job) {
        return blocks.list().stream().filter(b -> b.isDownstream() && b.after().equals(job.getBlock()))
                .map(ConnectionBlock::routeId).map(blocks::tickOf).toList();
    }

    /**
     * Route after-tick: what after-claim.sql claimed, an upstream success still owed a sync (its job id and block), or
     * null. Owed: the tick syncs (a data-changed decision of reason {@value #REASON} with no tables); else it is unchanged.
     */
    public void claimed(@ExchangeProperty(Tick.PROPERTY) Tick tick, @Body Map<String, Object> claim) {
        if (claim == null) {
            tick.classified(null, new Decision(DecisionKind.UNCHANGED, null, List.of(), List.of(), null, "[]",
                    "after " + tick.getBlock().after(), null));
            return;
        }
        long upstreamJob = ((Number) claim.get("upstream_job_id")).longValue();
        String upstream = String.valueOf(claim.get("upstream_route_id"));
        tick.setAfterUpstreamJobId(upstreamJob);
        // an intent an earlier try left behind (its POST /jobs got no answer): the route looks for that job first
        tick.classified(null, new Decision(DecisionKind.DATA_CHANGED, REASON, List.of("after " + upstream + " job "
                + upstreamJob + " succeeded"), List.of(), null, "[]", "", io.pgairbytesync.classify.Intent.fromRow(claim)));
    }
}
