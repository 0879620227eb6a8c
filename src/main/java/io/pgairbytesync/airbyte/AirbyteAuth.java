package io.pgairbytesync.airbyte;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.logging.SecretMasker;
import io.pgairbytesync.tick.FailureText;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the Airbyte bearer token. When AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET are set, every Airbyte call
 * gets {@code Authorization: Bearer <token>}; the token comes from {@code POST /applications/token} (route
 * {@code airbyte-token}) and is renewed before it expires (Airbyte has no refresh token: it asks again).
 * A 401 on a call renews it once (see the {@code airbyte-calls} route configuration).
 * <p>
 * No caller ever waits for another caller's back-off, and no lock is held during a request:
 * <ul>
 * <li>at most one token request is in flight; it runs on a thread of its own (the route, through an asynchronous
 * producer), never redelivered;</li>
 * <li>while the current token is valid, every call uses it: the renewal, due when a fifth of its lifetime is left,
 * goes on beside the calls, and a failed renewal leaves them the current token until it expires;</li>
 * <li>with no valid token, a call waits for the one request in flight (at most {@link #WAIT_FOR_TOKEN}); when that
 * request failed, and until the next one may go out (a back-off from AIRBYTE_RETRY_DELAY_MS, doubled after each
 * failure up to AIRBYTE_RETRY_MAX_DELAY_MS), every call fails at once with the reason: the call, Airbyte's status,
 * the fix.</li>
 * </ul>
 * The token and the secret are never logged and never put in an endpoint URI.
 */
public class AirbyteAuth {

    /** Where tokens come from: {@code POST /applications/token} through the route airbyte-token, asynchronously. */
    @FunctionalInterface
    public interface TokenSource {
        CompletableFuture<AirbyteToken> request();
    }

    /** The longest a call without a valid token waits for the token request in flight. */
    static final Duration WAIT_FOR_TOKEN = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(AirbyteAuth.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL = "POST /applications/token";

    /** A token: used until {@code expiresAt}, renewed from {@code renewAt} on. */
    private record Held(String value, Instant renewAt, Instant expiresAt) {
        boolean usable(Instant now) {
            return now.isBefore(expiresAt);
        }
    }

    /** The last request's failure: why (without the back-off), whether it is the credentials, and when to ask again. */
    private record Failure(String reason, boolean credentials, Instant nextRequest) {
        RuntimeException error(Instant now) {
            long seconds = Math.max(0, (Duration.between(now, nextRequest).toMillis() + 999) / 1000);
            String message = reason + " Every Airbyte call fails at once until then: next token request in " + seconds + " s.";
            return credentials ? new ConfigurationError(message) : new AirbyteTokenUnavailable(message);
        }
    }

    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private volatile Duration firstBackOff = Duration.ofSeconds(1);
    private volatile Duration maxBackOff = Duration.ofSeconds(30);
    private volatile TokenSource source;

    // guarded by this; no request is ever made while holding it
    private Held held;
    private CompletableFuture<Held> inFlight;
    private Failure failure;
    private int failuresInARow;

    public AirbyteAuth(String clientId, String clientSecret, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    /** Tokens from {@code source} instead of the route airbyte-token (the tests of the renewal use it). */
    public AirbyteAuth tokensFrom(TokenSource tokens) {
        this.source = tokens;
        return this;
    }

    /** How long after a failed token request the next one may go out: {@code first}, doubled after each failure, at most {@code max}. */
    public AirbyteAuth backOff(Duration first, Duration max) {
        this.firstBackOff = first;
        this.maxBackOff = max;
        return this;
    }

    public boolean isEnabled() {
        return !clientId.isEmpty();
    }

    /** Sets the Authorization header of an Airbyte call, asking for a new token first when needed. */
    public void authorize(Exchange exchange) {
        if (!isEnabled()) {
            return;
        }
        if (source == null) {
            synchronized (this) {
                if (source == null) {
                    ProducerTemplate template = exchange.getContext().createProducerTemplate();
                    source = () -> template.asyncRequestBody("direct:airbyte-token", null, AirbyteToken.class);
                }
            }
        }
        exchange.getMessage().setHeader("Authorization", "Bearer " + token());
    }

    /**
     * A 401 on a call: forgets the token it was sent with (unless another call has renewed it already) and authorizes
     * again, so the redelivery goes out with a fresh token.
     */
    public void renew(Exchange exchange) {
        String sent = exchange.getMessage().getHeader("Authorization", String.class);
        synchronized (this) {
            if (held != null && (sent == null || sent.equals("Bearer " + held.value()))) {
                held = null;
            }
        }
        authorize(exchange);
    }

    /** Body of {@code POST /applications/token}. */
    public String tokenRequest() throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("client_id", clientId, "client_secret", clientSecret,
                "grant_type", "client_credentials"));
    }

    /**
     * The current token, asking for a new one when it is due: renewed when a fifth of its lifetime is left, and at
     * least 30 s before its end (180 s assumed when Airbyte does not say).
     */
    public String token() {
        Held current;
        CompletableFuture<Held> request;
        boolean send = false;
        synchronized (this) {
            Instant now = clock.instant();
            current = held;
            if (current != null && now.isBefore(current.renewAt())) {
                return current.value();
            }
            boolean usable = current != null && current.usable(now);
            request = inFlight;
            if (request == null) {
                if (failure != null && now.isBefore(failure.nextRequest())) {
                    if (usable) {
                        return current.value();
                    }
                    throw failure.error(now);
                }
                request = new CompletableFuture<>();
                inFlight = request;
                send = true;
            }
        }
        if (send) {
            send(request, clock.instant());
        }
        if (current != null && current.usable(clock.instant()) && !request.isDone()) {
            return current.value(); // the renewal goes on without this call
        }
        try {
            return request.get(WAIT_FOR_TOKEN.toMillis(), TimeUnit.MILLISECONDS).value();
        } catch (ExecutionException e) {
            if (current != null && current.usable(clock.instant())) {
                return current.value();
            }
            // each waiting call gets an exception of its own (Camel records its own details on it)
            Throwable why = e.getCause();
            throw why instanceof ConfigurationError ? new ConfigurationError(why.getMessage())
                    : new AirbyteTokenUnavailable(why.getMessage());
        } catch (TimeoutException e) {
            throw new AirbyteTokenUnavailable("Airbyte has not answered " + CALL + " within " + WAIT_FOR_TOKEN.toSeconds()
                    + " s, and no valid token is left. Fix: check that Airbyte runs (abctl local status) and AIRBYTE_API_URL.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirbyteTokenUnavailable("Interrupted while waiting for " + CALL + ".");
        }
    }

    /** Sends the one token request, outside the lock; it runs on a thread of its own (or, in tests, may end at once). */
    private void send(CompletableFuture<Held> result, Instant now) {
        CompletableFuture<AirbyteToken> answer;
        try {
            answer = source.request();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((token, error) -> settle(result, now, token, error));
    }

    /** The token request ended: keep the new token, or the failure and when the next request may go out. */
    private synchronized void settle(CompletableFuture<Held> result, Instant asked, AirbyteToken answer, Throwable error) {
        if (inFlight == result) {
            inFlight = null;
        }
        Instant now = clock.instant();
        String t = answer == null ? null : answer.accessToken();
        if (error == null && t != null && !t.isEmpty()) {
            long lifetime = answer.expiresIn() == null ? 180 : answer.expiresIn();
            long early = Math.max(30, lifetime / 5);
            if (held != null) {
                SecretMasker.forget(held.value());
            }
            SecretMasker.register(t);
            held = new Held(t, asked.plus(Duration.ofSeconds(Math.max(1, lifetime - early))), asked.plus(Duration.ofSeconds(lifetime)));
            failure = null;
            failuresInARow = 0;
            result.complete(held);
            return;
        }
        failuresInARow++;
        Duration backOff = backOff(failuresInARow);
        Failure why = why(error);
        failure = new Failure(why.reason(), why.credentials(), now.plus(backOff));
        if (held != null && held.usable(now)) {
            LOG.warn("{} Calls keep the current token ({} s left); next token request in {} s.", failure.reason(),
                    Duration.between(now, held.expiresAt()).toSeconds(), backOff.toSeconds());
        }
        result.completeExceptionally(failure.error(now));
    }

    private Duration backOff(int failures) {
        Duration d = firstBackOff;
        for (int i = 1; i < failures && d.compareTo(maxBackOff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackOff) > 0 ? maxBackOff : d;
    }

    /** What went wrong, in words that name the call, Airbyte's status and the fix; never the secret or the answer's body. */
    private static Failure why(Throwable error) {
        if (error == null) {
            return new Failure("Airbyte answered " + CALL + " without an access_token. Fix: check AIRBYTE_API_URL points at"
                    + " the public API (.../api/public/v1).", true, null);
        }
        HttpOperationFailedException http = ObjectHelper.getException(HttpOperationFailedException.class, error);
        if (http != null && (http.getStatusCode() == 401 || http.getStatusCode() == 403)) {
            return new Failure("Airbyte did not give a token for AIRBYTE_CLIENT_ID (" + CALL + ": HTTP " + http.getStatusCode()
                    + "). Fix: check AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET (abctl local credentials prints them).", true, null);
        }
        String what = http != null ? "HTTP " + http.getStatusCode() : FailureText.root(error).toString();
        return new Failure("Airbyte did not give a token (" + CALL + ": " + what + "). Fix: check that Airbyte runs (abctl"
                + " local status) and that AIRBYTE_API_URL points at its public API (.../api/public/v1).", false, null);
    }
}
