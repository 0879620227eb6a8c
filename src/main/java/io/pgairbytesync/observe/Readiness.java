package io.pgairbytesync.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pgairbytesync.config.SecretMasker;
import io.pgairbytesync.record.FailureText;
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

    private record Outcome(boolean up, String message, Instant at) {
    }

    private final Map<String, Outcome> results = new ConcurrentHashMap<>();
    private final Map<String, Integer> downInARow = new ConcurrentHashMap<>();
    private final Duration stale;
    private final int alertAfter;

    /**
     * @param checkEvery how often the checks run; a result older than three periods counts as DOWN
     * @param alertAfter checks in a row a target must be DOWN before it is alerted (ALERT_AFTER_FAILURES)
     */
    public Readiness(Duration checkEvery, int alertAfter) {
        this.stale = checkEvery.multipliedBy(3).plusSeconds(30);
        this.alertAfter = alertAfter;
    }

    /** UP; sets the exchange property {@code readinessAlert} to {@code recovered} when it had been alerted DOWN. */
    public void up(Exchange exchange) {
        String target = exchange.getProperty("readinessTarget", String.class);
        results.put(target, new Outcome(true, "reachable", Instant.now()));
        Integer before = downInARow.remove(target);
        exchange.setProperty("readinessAlert", before != null && before >= alertAfter ? "recovered" : null);
    }

    /** DOWN with the root cause; sets {@code readinessAlert} to {@code down} at the ALERT_AFTER_FAILURES-th in a row. */
    public void down(Exchange exchange) {
        String target = exchange.getProperty("readinessTarget", String.class);
        // the driver's own words ("relation ... does not exist", "Connection refused")
        Throwable root = FailureText.root(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String why = root == null ? "failed" : root.getClass().getSimpleName() + ": " + root.getMessage();
        results.put(target, new Outcome(false, SecretMasker.mask(why), Instant.now()));
        int inARow = downInARow.merge(target, 1, Integer::sum);
        exchange.setProperty("readinessDown", target + " DOWN (" + inARow + " checks in a row): " + SecretMasker.mask(why));
        exchange.setProperty("readinessAlert", inARow == alertAfter ? "down" : null);
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
            Outcome r = results.get(target);
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
