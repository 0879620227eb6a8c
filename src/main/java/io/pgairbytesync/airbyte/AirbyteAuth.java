package io.pgairbytesync.airbyte;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.config.ConfigurationError;
import io.pgairbytesync.logging.SecretMasker;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.ProducerTemplate;

/**
 * Holds the Airbyte bearer token. When AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET are set, every Airbyte call
 * gets {@code Authorization: Bearer <token>}; the token comes from {@code POST /applications/token} (route
 * {@code airbyte-token}) and is renewed before it expires (Airbyte has no refresh token: it asks again).
 * A 401 on a call renews it once (see the {@code airbyte-calls} route configuration).
 * The token and the secret are never logged and never put in an endpoint URI.
 */
public class AirbyteAuth {

    /** Where tokens come from: {@code POST /applications/token} through the route airbyte-token. */
    @FunctionalInterface
    public interface TokenSource {
        AirbyteToken newToken() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private volatile TokenSource source;
    private String token;
    private Instant renewAt = Instant.MIN;

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

    public boolean isEnabled() {
        return !clientId.isEmpty();
    }

    /** Sets the Authorization header of an Airbyte call, asking for a new token first when needed. */
    public void authorize(Exchange exchange) {
        if (!isEnabled()) {
            return;
        }
        if (source == null) {
            ProducerTemplate template = exchange.getContext().createProducerTemplate();
            source = () -> template.requestBody("direct:airbyte-token", null, AirbyteToken.class);
        }
        exchange.getMessage().setHeader("Authorization", "Bearer " + token());
    }

    /** Forgets the token and authorizes again: the redelivery after a 401 goes out with a fresh token. */
    public void renew(Exchange exchange) {
        synchronized (this) {
            token = null;
        }
        authorize(exchange);
    }

    /** Body of {@code POST /applications/token}. */
    public String tokenRequest() throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("client_id", clientId, "client_secret", clientSecret,
                "grant_type", "client_credentials"));
    }

    /**
     * The current token, or a new one when there is none or it is due: renewed when a fifth of its lifetime is left,
     * and at least 30 s before its end (180 s assumed when Airbyte does not say).
     */
    public synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        AirbyteToken answer;
        try {
            answer = source.newToken();
        } catch (Exception e) {
            Throwable cause = e instanceof CamelExecutionException && e.getCause() != null ? e.getCause() : e;
            String status = cause instanceof HttpOperationFailedException h ? "HTTP " + h.getStatusCode() : cause.getMessage();
            throw new ConfigurationError("Airbyte did not give a token for AIRBYTE_CLIENT_ID (POST /applications/token: " + status
                    + "). Fix: check AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET (abctl local credentials prints them)"
                    + " and AIRBYTE_API_URL.");
        }
        String t = answer == null ? null : answer.accessToken();
        if (t == null || t.isEmpty()) {
            throw new ConfigurationError("Airbyte answered POST /applications/token without an access_token."
                    + " Fix: check AIRBYTE_API_URL points at the public API (.../api/public/v1).");
        }
        long lifetime = answer.expiresIn() == null ? 180 : answer.expiresIn();
        long early = Math.max(30, lifetime / 5);
        SecretMasker.forget(token);
        SecretMasker.register(t);
        token = t;
        renewAt = now.plus(Duration.ofSeconds(Math.max(1, lifetime - early)));
        return token;
    }
}
