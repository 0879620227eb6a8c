package io.pgairbytesync.act;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgairbytesync.config.SecretMasker;
import io.pgairbytesync.probe.ConfigurationError;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private ProducerTemplate template;
    private String token;
    private Instant renewAt = Instant.MIN;

    public AirbyteAuth(String clientId, String clientSecret, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    public boolean isEnabled() {
        return !clientId.isEmpty();
    }

    /** Sets the Authorization header of an Airbyte call, asking for a new token first when needed. */
    public void authorize(Exchange exchange) {
        if (!isEnabled()) {
            return;
        }
        exchange.getMessage().setHeader("Authorization", "Bearer " + currentToken(exchange));
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

    private synchronized String currentToken(Exchange exchange) {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
        }
        Map<?, ?> answer;
        try {
            answer = template.requestBody("direct:airbyte-token", null, Map.class);
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String status = cause instanceof HttpOperationFailedException h ? "HTTP " + h.getStatusCode() : cause.getMessage();
            throw new ConfigurationError("Airbyte did not give a token for AIRBYTE_CLIENT_ID (POST /applications/token: " + status
                    + "). Fix: check AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET (abctl local credentials prints them)"
                    + " and AIRBYTE_API_URL.");
        }
        Object accessToken = answer == null ? null : answer.get("access_token");
        if (!(accessToken instanceof String t) || t.isEmpty()) {
            throw new ConfigurationError("Airbyte answered POST /applications/token without an access_token."
                    + " Fix: check AIRBYTE_API_URL points at the public API (.../api/public/v1).");
        }
        long lifetime = answer.get("expires_in") instanceof Number n ? n.longValue() : 180;
        // renew when a fifth of the lifetime is left, and at least 30 s before the end
        long early = Math.max(30, lifetime / 5);
        SecretMasker.forget(token);
        SecretMasker.register(t);
        token = t;
        renewAt = now.plus(Duration.ofSeconds(Math.max(1, lifetime - early)));
        return token;
    }
}
