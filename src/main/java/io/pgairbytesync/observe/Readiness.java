package io.pgairbytesync.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pgairbytesync.config.SecretMasker;
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
    private final Duration stale;

    /** @param checkEvery how often the checks run; a result older than three periods counts as DOWN */
    public Readiness(Duration checkEvery) {
        this.stale = checkEvery.multipliedBy(3).plusSeconds(30);
    }

    public void up(@ExchangeProperty("readinessTarget") String target) {
        results.put(target, new Outcome(true, "reachable", Instant.now()));
    }

    public void down(Exchange exchange) {
        String target = exchange.getProperty("readinessTarget", String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause(); // the driver's own words ("relation ... does not exist", "Connection refused")
        }
        String why = root == null ? "failed" : root.getClass().getSimpleName() + ": " + root.getMessage();
        results.put(target, new Outcome(false, SecretMasker.mask(why), Instant.now()));
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
