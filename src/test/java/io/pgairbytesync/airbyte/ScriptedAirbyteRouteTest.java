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
import org.apache.camel.model.ToDefinition;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/**
 * Route-level tests of the Airbyte calls: the HTTP endpoint of a call (and of the token call) is replaced, through
 * advice, by a scripted Airbyte, so each test says exactly what Airbyte answers and sees what was sent.
 */
abstract class ScriptedAirbyteRouteTest extends RouteTestBase {

    /** One answer of the scripted Airbyte: a status and a body, or a failure of the connection itself. */
    record Answer(int code, String body, Exception failure) {
    }

    protected final Deque<Answer> script = new ArrayDeque<>();
    protected final Deque<Answer> tokens = new ArrayDeque<>();
    protected final List<String> sent = new CopyOnWriteArrayList<>();

    static Answer ok(String body) {
        return new Answer(200, body, null);
    }

    static Answer status(int code) {
        return new Answer(code, "{\"status\": " + code + "}", null);
    }

    static Answer failure(Exception e) {
        return new Answer(0, null, e);
    }

    /** What camel-http would do with the scripted answer, given the codes the call accepts. */
    protected Processor airbyte(Deque<Answer> answers, Set<Integer> accepted) {
        return exchange -> {
            String auth = exchange.getMessage().getHeader("Authorization", String.class);
            sent.add(exchange.getMessage().getHeader(Exchange.HTTP_METHOD) + " " + exchange.getMessage().getHeader(Exchange.HTTP_PATH)
                    + (auth == null ? "" : " " + auth));
            Answer a = answers.pop();
            if (a.failure() != null) {
                throw a.failure();
            }
            if ((a.code() < 200 || a.code() > 299) && !accepted.contains(a.code())) {
                throw new HttpOperationFailedException("http://airbyte/api/public/v1", a.code(), "status " + a.code(), null,
                        Map.of(), a.body());
            }
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, a.code());
            exchange.getMessage().setBody(a.body());
        };
    }

    void advise(String route, Set<Integer> accepted) throws Exception {
        // the one 'to' of the template airbyte-call is the HTTP call
        AdviceWith.adviceWith(context, route, a -> a.weaveByType(ToDefinition.class).replace().process(airbyte(script, accepted)));
        AdviceWith.adviceWith(context, "airbyte-token", a -> a.weaveByType(ToDefinition.class).replace()
                .process(airbyte(tokens, Set.of())));
        context.start();
    }

    Exchange call(String route) {
        Exchange exchange = createExchangeWithBody("whatever the caller had");
        Tick tick = newTick();
        exchange.setProperty(Tick.PROPERTY, tick);
        FollowedJob job = new JobFollowUp(java.time.Duration.ofHours(12)).start(Map.of("job_id", 101L, "connection_id", CONNECTION,
                "route_id", BLOCK, "reason", "data", "age_seconds", 1L));
        exchange.setProperty(FollowedJob.PROPERTY, job);
        return template.send("direct:" + route, exchange);
    }

    static final String JOB = "{\"jobId\": 101, \"status\": \"running\", \"jobType\": \"sync\", \"startTime\": \"2026-11-24T10:00:00Z\","
            + " \"connectionId\": \"" + CONNECTION + "\"}";
}
