package io.pgairbytesync.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JacksonException;
import io.pgairbytesync.follow.FollowedJob;
import io.pgairbytesync.follow.JobFollowUp;
import io.pgairbytesync.support.RouteTestBase;
import io.pgairbytesync.tick.Tick;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/**
 * The route template airbyte-call and the route configuration airbyte-calls, at route level, against a scripted Airbyte:
 * redelivery, never resending POST /jobs once sent, 409 as an answer, and the mapping of each answer to its record.
 */
class AirbyteCallRoutesTest extends ScriptedAirbyteRouteTest {

    @Test
    void serverErrorsAreRedeliveredAndTheAnswerIsMappedToItsRecord() throws Exception {
        advise("airbyte-get-job", Set.of());
        script.addAll(List.of(status(503), status(502), ok(JOB)));
        Exchange done = call("airbyte-get-job");
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isEqualTo(new AirbyteJob(101L, "running", "sync", "2026-11-24T10:00:00Z", CONNECTION,
                null, null));
        assertThat(sent).containsExactly("GET /jobs/101", "GET /jobs/101", "GET /jobs/101");
    }

    @Test
    void lastingServerErrorsGiveUpAfterAirbyteRetryMax() throws Exception {
        advise("airbyte-get-job", Set.of());
        script.addAll(List.of(status(503), status(503), status(503), status(503), ok(JOB)));
        Exchange done = call("airbyte-get-job");
        assertThat(done.getException()).isInstanceOf(HttpOperationFailedException.class);
        assertThat(sent).hasSize(1 + 3);
    }

    @Test
    void postJobsIsNeverResentOnceSentButAReadIs() throws Exception {
        advise("airbyte-post-job", Set.of(409));
        script.add(failure(new SocketTimeoutException("Read timed out")));
        assertThat(call("airbyte-post-job").getException()).isInstanceOf(SocketTimeoutException.class);
        assertThat(sent).containsExactly("POST /jobs");

        // a connection that never opened reached nothing: safe to send again
        sent.clear();
        script.addAll(List.of(failure(new ConnectException("Connection refused")), ok(JOB)));
        assertThat(call("airbyte-post-job").getException()).isNull();
        assertThat(sent).containsExactly("POST /jobs", "POST /jobs");
    }

    @Test
    void aServerErrorOrA429ToPostJobsIsNotResentAirbyteMayHaveMadeTheJob() throws Exception {
        advise("airbyte-post-job", Set.of(409));
        for (int code : new int[] {500, 502, 503, 504, 429}) {
            sent.clear();
            script.clear();
            script.addAll(List.of(status(code), ok(JOB)));
            Exchange done = call("airbyte-post-job");
            assertThat(done.getException()).as("answer " + code).isInstanceOf(HttpOperationFailedException.class);
            assertThat(((HttpOperationFailedException) done.getException()).getStatusCode()).isEqualTo(code);
            assertThat(sent).as("POST /jobs sent after a " + code).containsExactly("POST /jobs");
        }
    }

    @Test
    void aReadThatTimedOutIsSentAgain() throws Exception {
        advise("airbyte-get-job", Set.of());
        script.addAll(List.of(failure(new SocketTimeoutException("Read timed out")), ok(JOB)));
        assertThat(call("airbyte-get-job").getException()).isNull();
        assertThat(sent).hasSize(2);
    }

    @Test
    void a409ToPostJobsIsAnAnswerKeptAsAirbyteSentIt() throws Exception {
        advise("airbyte-post-job", Set.of(409));
        String problem = "{\"title\":\"try-again-later\",\"status\":409,\"data\":{\"message\":\"A sync is already running for: "
                + CONNECTION + "\"}}";
        script.add(new Answer(409, problem, null));
        Exchange done = call("airbyte-post-job");
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(409);
        assertThat(done.getMessage().getBody(String.class)).isEqualTo(problem);
        assertThat(sent).hasSize(1);
    }

    @Test
    void clientErrorsAndAnswersThatAreNotTheApisJsonAreNotRedelivered() throws Exception {
        advise("airbyte-get-connection", Set.of());
        script.add(status(404));
        assertThat(call("airbyte-get-connection").getException()).isInstanceOf(HttpOperationFailedException.class);
        script.add(ok("<html>502 Bad Gateway</html>"));
        assertThat(call("airbyte-get-connection").getException()).isInstanceOf(JacksonException.class);
        assertThat(sent).containsExactly("GET /connections/" + CONNECTION, "GET /connections/" + CONNECTION);
    }
}
