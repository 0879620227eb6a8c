package io.pgairbytesync.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pgairbytesync.logging.SecretMasker;
import io.pgairbytesync.tick.FailureText;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * What the service depends on (source DB, state DB, Airbyte API), checked in the background by the route
 * {@code readiness-checks} every HEALTH_CHECK_SECONDS, so that /observe/health answers at once and never waits on a
 * dead database. Each target is one readiness {@link Check} (group {@code pg-airbyte-sync}), DOWN with the reason.
 */
public class Readiness {

    public static final List<String> TARGETS = List.of("source-db", "state-db", "airbyte-api");

    /** The exchange property naming the dependency being checked (route readiness-checks). */
    public static final String TARGET = "readinessTarget";

    /**
     * One check of one dependency, as the observers see it.
     *
     * @param target  {@code source-db}, {@code state-db} or {@code airbyte-api}
     * @param up      whether it answered
     * @param alert   {@link #DOWN} at the ALERT_AFTER_FAILURES-th DOWN in a row, {@link #RECOVERED} at the first UP after
     *                such an alert, otherwise null
     * @param text    what the alert says
     */
    public record Outcome(String target, boolean up, String alert, String text) {
        public static final String DOWN = "down";
        public static final String RECOVERED = "recovered";
    }

    private record Checked(boolean up, String message, Instant at) {
    }

    private final Map<String, Checked> results = new ConcurrentHashMap<>();
    private final Map<String, Integer> downInARow = new ConcurrentHashMap<>();
    private final Duration stale;
    private final int alertAfter;
    private Outcomes outcomes;

    /**
     * @param checkEvery how often the checks run; a result older than three periods counts as DOWN
     * @param alertAfter checks in a row a target must be DOWN before it is alerted (ALERT_AFTER_FAILURES)
     */
    public Readiness(Duration checkEvery, int alertAfter) {
        this.stale = checkEvery.multipliedBy(3).plusSeconds(30);
        this.alertAfter = alertAfter;
    }

    /** Where each check's outcome goes (the alerts listen there). */
    public void reportTo(Outcomes outcomes) {
        this.outcomes = outcomes;
    }

    /** UP; an alert of recovery when it had been alerted DOWN. */
    public void up(@ExchangeProperty(TARGET) String target) {
        results.put(target, new Checked(true, "reachable", Instant.now()));
        Integer before = downInARow.remove(target);
        report(new Outcome(target, true, before != null && before >= alertAfter ? Outcome.RECOVERED : null,
                "RECOVERED, " + target + " is reachable again"));
    }

    /** DOWN with the root cause; an alert at the ALERT_AFTER_FAILURES-th in a row. */
    public void down(@ExchangeProperty(TARGET) String target, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        // the driver's own words ("relation ... does not exist", "Connection refused")
        Throwable root = FailureText.root(failure);
        String why = root == null ? "failed" : root.getClass().getSimpleName() + ": " + root.getMessage();
        results.put(target, new Checked(false, SecretMasker.mask(why), Instant.now()));
        int inARow = downInARow.merge(target, 1, Integer::sum);
        report(new Outcome(target, false, inARow == alertAfter ? Outcome.DOWN : null,
                target + " DOWN (" + inARow + " checks in a row): " + SecretMasker.mask(why)));
    }

    private void report(Outcome outcome) {
        if (outcomes != null) {
            outcomes.readinessChecked(outcome);
        }
    }

    /** What the route readiness-checks checks, in this order. */
    public List<String> targets() {
        return TARGETS;
    }

    /** One readiness health check per target. */
    public List<Check> checks() {
        return TARGETS.stream().map(Check::new).toList();
    }

    public final class Check extends AbstractHealthCheck {

        private final String target;

        Check(String target) {
            super("pg-airbyte-sync", target);
            this.target = target;
        }

        @Override
        public boolean isLiveness() {
            return false; // a dead database is not a reason to restart the service
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Checked r = results.get(target);
            if (r == null) {
                builder.down().message(target + " not checked yet");
            } else if (Duration.between(r.at(), Instant.now()).compareTo(stale) > 0) {
                builder.down().message(target + " not checked since " + r.at() + " (the check itself is stuck)");
            } else if (r.up()) {
                builder.up().message(target + " " + r.message() + " at " + r.at());
            } else {
                builder.down().message(target + " DOWN at " + r.at() + ": " + r.message());
            }
            builder.detail("checked_at", r == null ? "never" : r.at().toString());
        }
    }
}
