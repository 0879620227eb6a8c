package io.pgairbytesync.airbyte;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;

/**
 * Maps Airbyte's JSON answers, once, to the records of this package (bean {@code airbyteAnswers}; the
 * {@code airbyte-call} route template calls the method its {@code answer} parameter names on every 2xx answer).
 * A body that is not the JSON the API describes throws Jackson's exception, which the {@code airbyte-calls} route
 * configuration reports without redelivery.
 */
public class AirbyteAnswers {

    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public AirbyteJob job(@Body String body) throws Exception {
        return read(body, AirbyteJob.class);
    }

    public AirbyteJobList jobList(@Body String body) throws Exception {
        return read(body, AirbyteJobList.class);
    }

    public AirbyteConnection connection(@Body String body) throws Exception {
        return read(body, AirbyteConnection.class);
    }

    public AirbyteToken token(@Body String body) throws Exception {
        return read(body, AirbyteToken.class);
    }

    /** Calls whose answer is not read (health, the uncached discovery, a cancel). */
    public String none(@Body String body) {
        return body;
    }

    private <T> T read(String body, Class<T> type) throws Exception {
        T value = json.readValue(body == null ? "" : body, type);
        if (value == null) {
            throw com.fasterxml.jackson.databind.exc.MismatchedInputException.from(null, type,
                    "answer is JSON null where " + type.getSimpleName() + " was expected");
        }
        return value;
    }
}
