package io.pgairbytesync.airbyte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.pgairbytesync.tick.FailureText;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.ToDefinition;
import org.junit.jupiter.api.Test;

/**
 * With AIRBYTE_CLIENT_ID set: every call carries the token, a 401 renews it once, and the token request holds no call
 * while a valid token exists and is never redelivered inside a call (route level, scripted Airbyte).
 */
class AirbyteTokenRenewalRouteTest extends ScriptedAirbyteRouteTest {

    @Override
    protected Properties properties() {
        Properties p = super.properties();
        p.setProperty("airbyte.client.id", "client-1");
        p.setProperty("airbyte.client.secret", "secret-123456");
        return p;
    }

    @Test
    void a401RenewsTheTokenOnceAndSendsAgainWithTheNewOneThenGivesUp() throws Exception {
        advise("airbyte-get-connection", Set.of());
        tokens.addAll(List.of(ok("{\"access_token\": \"token-one\", \"expires_in\": 900}"),
                ok("{\"access_token\": \"token-two\", \"expires_in\": 900}")));
        script.addAll(List.of(status(401), ok("{\"connectionId\": \"" + CONNECTION + "\", \"status\": \"active\"}")));
        Exchange done = call("airbyte-get-connection");
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody(AirbyteConnection.class).isActive()).isTrue();
        assertThat(sent).containsExactly("POST /applications/token", "GET /connections/" + CONNECTION + " Bearer token-one",
                "POST /applications/token", "GET /connections/" + CONNECTION + " Bearer token-two");

        // refused even with a fresh token: renewed once more, then the call fails with the 401, not a loop
        sent.clear();
        tokens.add(ok("{\"access_token\": \"token-three\", \"expires_in\": 900}"));
        script.addAll(List.of(status(401), status(401), status(401)));
        Exchange refused = call("airbyte-get-connection");
        assertThat(refused.getException()).isInstanceOf(HttpOperationFailedException.class);
        assertThat(((HttpOperationFailedException) refused.getException()).getStatusCode()).isEqualTo(401);
        assertThat(sent).containsExactly("GET /connections/" + CONNECTION + " Bearer token-two", "POST /applications/token",
                "GET /connections/" + CONNECTION + " Bearer token-three");
    }

    // ---- the token request holds no call: tests on a clock the test moves ----

    private final MovableClock clock = new MovableClock();
    private AirbyteAuth auth;
    /** When set, the next token request waits at the token endpoint until {@link #release} (a hanging endpoint). */
    private volatile boolean holdNextTokenRequest;
    private final CountDownLatch tokenRequestHeld = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    /** Token requests that reached the token endpoint (answered or not). */
    private final AtomicInteger tokenRequests = new AtomicInteger();

    /** The beans airbyteAuth and renewAirbyteToken as the service binds them, on the test's clock; Airbyte scripted. */
    private void adviseOnTheTestsClock() throws Exception {
        auth = new AirbyteAuth("client-1", "secret-123456", clock);
        context.getRegistry().bind("airbyteAuth", auth);
        context.getRegistry().bind("renewAirbyteToken", (Processor) auth::renew);
        Processor tokenEndpoint = airbyte(tokens, Set.of());
        AdviceWith.adviceWith(context, "airbyte-get-connection", a -> a.weaveByType(ToDefinition.class).replace()
                .process(airbyte(script, Set.of())));
        AdviceWith.adviceWith(context, "airbyte-token", a -> a.weaveByType(ToDefinition.class).replace().process(exchange -> {
            tokenRequests.incrementAndGet();
            if (holdNextTokenRequest) {
                holdNextTokenRequest = false;
                tokenRequestHeld.countDown();
                release.await();
            }
            tokenEndpoint.process(exchange);
        }));
        context.start();
    }

    private long sentCount(String what) {
        return sent.stream().filter(what::equals).count();
    }

    private static final String GET_CONNECTION = "GET /connections/" + CONNECTION;
    private static final String CONNECTION_JSON = "{\"connectionId\": \"" + CONNECTION + "\", \"status\": \"active\"}";

    @Test
    void aRenewalThatHangsHoldsNoCallWhileTheCurrentTokenIsValidAndOnlyOneTokenRequestIsInFlight() throws Exception {
        adviseOnTheTestsClock();
        tokens.addAll(List.of(ok("{\"access_token\": \"token-one\", \"expires_in\": 900}"),
                ok("{\"access_token\": \"token-two\", \"expires_in\": 900}")));
        for (int i = 0; i < 4; i++) {
            script.add(ok(CONNECTION_JSON));
        }
        assertThat(call("airbyte-get-connection").getException()).isNull();
        assertThat(sent).containsExactly("POST /applications/token", GET_CONNECTION + " Bearer token-one");

        clock.advance(Duration.ofSeconds(720)); // due for renewal (a fifth of 900 s left), valid 180 s more
        holdNextTokenRequest = true;
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<Exchange> second = callers.submit(() -> call("airbyte-get-connection"));
            assertThat(tokenRequestHeld.await(30, TimeUnit.SECONDS)).as("the renewal reached the token endpoint").isTrue();
            Future<Exchange> third = callers.submit(() -> call("airbyte-get-connection"));
            // while the renewal hangs, both calls go out with the still-valid token (today: both wait for the renewal)
            await("both calls answered while the renewal hangs").atMost(Duration.ofSeconds(20))
                    .until(() -> second.isDone() && third.isDone());
            assertThat(tokenRequestHeld.getCount()).isZero();
            assertThat(release.getCount()).as("the renewal is still held").isOne();
            assertThat(second.get().getException()).isNull();
            assertThat(third.get().getException()).isNull();
            assertThat(sentCount(GET_CONNECTION + " Bearer token-one")).isEqualTo(3);
            assertThat(tokenRequests.get()).as("one renewal in flight, not one per caller").isEqualTo(2);
        } finally {
            release.countDown();
            callers.shutdown();
        }
        // once the renewal answers, the new token is used
        await("the renewal answered").atMost(Duration.ofSeconds(20)).until(() -> auth.token().equals("token-two"));
        assertThat(call("airbyte-get-connection").getException()).isNull();
        assertThat(sent).last().isEqualTo(GET_CONNECTION + " Bearer token-two");
        assertThat(tokenRequests.get()).isEqualTo(2);
    }

    @Test
    void withNoValidTokenAFailingTokenEndpointFailsCallsAtOnceAndTheNextRequestWaitsForItsBackOff() throws Exception {
        adviseOnTheTestsClock();
        tokens.addAll(List.of(status(503), status(401), ok("{\"access_token\": \"token-one\", \"expires_in\": 900}")));
        script.add(ok(CONNECTION_JSON));
        FailureText failureText = new FailureText();

        // one token request, not redelivered: the call fails with what the tick records
        String first = failureText.of(call("airbyte-get-connection").getException());
        assertThat(first).contains("POST /applications/token", "HTTP 503", "AIRBYTE_API_URL");
        assertThat(sent).containsExactly("POST /applications/token");
        // within the back-off, a call fails at once, with no request and the same reason
        String during = failureText.of(call("airbyte-get-connection").getException());
        assertThat(during).contains("POST /applications/token", "HTTP 503", "next token request in 1 s");
        assertThat(sent).containsExactly("POST /applications/token");

        // after the back-off, one request: refused credentials name their fix
        clock.advance(Duration.ofSeconds(1));
        String refused = failureText.of(call("airbyte-get-connection").getException());
        assertThat(refused).contains("POST /applications/token", "HTTP 401", "AIRBYTE_CLIENT_ID", "AIRBYTE_CLIENT_SECRET")
                .doesNotContain("secret-123456");
        assertThat(sentCount("POST /applications/token")).isEqualTo(2);
        // the back-off doubled
        clock.advance(Duration.ofSeconds(1));
        assertThat(failureText.of(call("airbyte-get-connection").getException())).contains("HTTP 401", "next token request in 1 s");
        assertThat(sentCount("POST /applications/token")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(call("airbyte-get-connection").getException()).isNull();
        assertThat(sent).containsExactly("POST /applications/token", "POST /applications/token", "POST /applications/token",
                GET_CONNECTION + " Bearer token-one");
    }
}
