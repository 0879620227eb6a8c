package io.pgairbytesync.observe;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ExchangeProperty;

/** The body POSTed to ALERT_WEBHOOK_URL: Slack's incoming-webhook JSON, {@code {"text": "..."}}. */
public class AlertPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String serviceName;

    public AlertPayload(String serviceName) {
        this.serviceName = serviceName;
    }

    public String json(@ExchangeProperty(Alert.PROPERTY) Alert alert) throws JsonProcessingException {
        return JSON.writeValueAsString(Map.of("text", "[" + serviceName + "] " + alert.text()));
    }
}
