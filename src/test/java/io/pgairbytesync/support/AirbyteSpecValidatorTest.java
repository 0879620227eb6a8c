package io.pgairbytesync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import org.junit.jupiter.api.Test;

/** The spec check of the Airbyte stand-in can fail: it rejects requests Airbyte would reject. */
class AirbyteSpecValidatorTest {

    private static List<String> errors(SimpleRequest request) {
        return AirbyteSpecValidator.validator().validateRequest(request).getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).map(ValidationReport.Message::getMessage).toList();
    }

    @Test
    void acceptsTheRequestsTheServiceSends() {
        assertThat(errors(SimpleRequest.Builder.post("/api/public/v1/jobs").withContentType("application/json")
                .withBody("{\"connectionId\": \"9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11\", \"jobType\": \"sync\"}").build())).isEmpty();
        assertThat(errors(SimpleRequest.Builder.get("/api/public/v1/streams")
                .withQueryParam("sourceId", "2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c")
                .withQueryParam("destinationId", "7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7")
                .withQueryParam("ignoreCache", "true").build())).isEmpty();
        assertThat(errors(SimpleRequest.Builder.get("/api/public/v1/jobs/123").build())).isEmpty();
    }

    @Test
    void rejectsAWrongJobType() {
        assertThat(errors(SimpleRequest.Builder.post("/api/public/v1/jobs").withContentType("application/json")
                .withBody("{\"connectionId\": \"9f5e2d0c-7b8a-4e59-a7d2-3c1f0b6a9e11\", \"jobType\": \"synk\"}").build())).isNotEmpty();
    }

    @Test
    void rejectsStreamsWithoutSourceId() {
        assertThat(errors(SimpleRequest.Builder.get("/api/public/v1/streams").withQueryParam("ignoreCache", "true").build()))
                .isNotEmpty();
    }

    @Test
    void rejectsANonNumericJobIdAndAnUnknownPath() {
        assertThat(errors(SimpleRequest.Builder.get("/api/public/v1/jobs/abc").build())).isNotEmpty();
        assertThat(errors(SimpleRequest.Builder.post("/api/public/v1/connections/sync").build())).isNotEmpty();
    }

    @Test
    void rejectsANonBooleanIgnoreCache() {
        assertThat(errors(SimpleRequest.Builder.get("/api/public/v1/streams")
                .withQueryParam("sourceId", "2b7a3c1e-0d4f-4e8a-9b6c-5d4e3f2a1b0c").withQueryParam("ignoreCache", "yes").build()))
                .isNotEmpty();
    }

    @Test
    void rejectsATokenRequestWithoutItsRequiredFields() {
        assertThat(errors(SimpleRequest.Builder.post("/api/public/v1/applications/token").withContentType("application/json")
                .withBody("{\"client_id\": \"x\"}").build())).isNotEmpty();
    }
}
