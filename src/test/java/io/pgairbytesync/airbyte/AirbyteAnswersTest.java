package io.pgairbytesync.airbyte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import org.junit.jupiter.api.Test;

/** Airbyte's answers, read once into records: extra fields ignored, unknown statuses kept, malformed bodies refused. */
class AirbyteAnswersTest {

    private final AirbyteAnswers answers = new AirbyteAnswers();

    @Test
    void aJobKeepsWhatAirbyteSentAndItsStatusAsAnEnum() throws Exception {
        AirbyteJob job = answers.job("{\"jobId\": 101, \"status\": \"incomplete\", \"jobType\": \"sync\", \"startTime\":"
                + " \"2026-11-24T10:00:00Z\", \"connectionId\": \"c\", \"rowsSynced\": 42, \"bytesSynced\": 4096, \"duration\": \"PT1M\"}");
        assertThat(job).isEqualTo(new AirbyteJob(101L, "incomplete", "sync", "2026-11-24T10:00:00Z", "c", 42L, 4096L));
        assertThat(job.status()).isEqualTo(JobStatus.INCOMPLETE);
        assertThat(job.status().isFinal()).isFalse();
        AirbyteJob future = answers.job("{\"jobId\": 7, \"status\": \"some_future_status\"}");
        assertThat(future.statusText()).isEqualTo("some_future_status");
        assertThat(future.status()).isEqualTo(JobStatus.UNKNOWN);
    }

    @Test
    void listsConnectionsAndTokensAreMappedToo() throws Exception {
        assertThat(answers.jobList("{\"data\": [{\"jobId\": 1, \"status\": \"succeeded\"}], \"next\": \"x\"}").jobs()).hasSize(1);
        assertThat(answers.jobList("{}").jobs()).isEmpty();
        AirbyteConnection c = answers.connection("{\"connectionId\": \"c\", \"sourceId\": \"s\", \"destinationId\": \"d\","
                + " \"workspaceId\": \"w\", \"status\": \"inactive\", \"configurations\": {\"streams\": []}}");
        assertThat(c.isActive()).isFalse();
        assertThat(c.ignoresNewColumns()).as("no policy is Airbyte's default, ignore").isTrue();
        assertThat(answers.token("{\"access_token\": \"t\", \"token_type\": \"Bearer\", \"expires_in\": 900}"))
                .isEqualTo(new AirbyteToken("t", 900L));
    }

    @Test
    void aBodyThatIsNotTheJsonTheApiDescribesThrowsJacksonsException() {
        assertThatThrownBy(() -> answers.job("<html>502 Bad Gateway</html>")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> answers.job("null")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> answers.connection("")).isInstanceOf(JacksonException.class);
    }
}
