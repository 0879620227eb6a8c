package io.pgairbytesync.observe;

import io.pgairbytesync.airbyte.AirbyteConnection;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.tick.Tick;

/**
 * Something that watches what the service did: the meters and JMX status ({@link ConnectionStatuses}) and the alerts
 * ({@link Alerts}). The business routes know nothing of them; they only hand each outcome to {@link Outcomes}.
 */
public interface OutcomeListener {

    /** A tick of a connection block ended: decided and acted, or failed ({@link Tick#hasFailed()}). */
    default void onTick(Tick tick) {
    }

    /** The follow-up checked an open job (it may have ended: {@link FollowedJob#isEnded()}). */
    default void onJob(FollowedJob job) {
    }

    /** The periodic check read a block's connection from Airbyte. */
    default void onConnectionChecked(Tick block, AirbyteConnection connection) {
    }

    /** A readiness check of one dependency ended. */
    default void onReadiness(Readiness.Outcome outcome) {
    }
}
