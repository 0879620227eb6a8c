package io.pgairbytesync.airbyte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.pgairbytesync.config.ConfigurationError;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** The bearer token: asked for when needed, kept while valid, renewed before it expires, never guessed. */
class AirbyteAuthTest {

    private final MovableClock clock = new MovableClock();
    private final Deque<AirbyteToken> answers = new ArrayDeque<>();
    private int asked;
    private final AirbyteAuth auth = new AirbyteAuth("client-1", "secret-123456", clock).tokensFrom(() -> {
        asked++;
        return CompletableFuture.completedFuture(answers.pop());
    });

    @Test
    void aTokenIsKeptUntilAFifthOfItsLifetimeIsLeftThenRenewed() {
        answers.add(new AirbyteToken("token-one", 900L));
        answers.add(new AirbyteToken("token-two", 900L));
        assertThat(auth.token()).isEqualTo("token-one");
        clock.advance(Duration.ofSeconds(719));
        assertThat(auth.token()).isEqualTo("token-one");
        assertThat(asked).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1)); // 900 - 900/5 = 720 s after it was given
        assertThat(auth.token()).isEqualTo("token-two");
        assertThat(asked).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsRenewedAtLeastThirtySecondsBeforeItsEndAndAMissingLifetimeCountsAsThreeMinutes() {
        answers.add(new AirbyteToken("short", 60L));
        answers.add(new AirbyteToken("unsaid", null));
        answers.add(new AirbyteToken("next", 900L));
        assertThat(auth.token()).isEqualTo("short");
        clock.advance(Duration.ofSeconds(30));
        assertThat(auth.token()).isEqualTo("unsaid");
        clock.advance(Duration.ofSeconds(143));
        assertThat(auth.token()).isEqualTo("unsaid");
        clock.advance(Duration.ofSeconds(1)); // 180 - max(30, 36) = 144 s
        assertThat(auth.token()).isEqualTo("next");
    }

    @Test
    void aRefusedOrEmptyTokenIsAConfigurationErrorThatNamesTheFixAndNotTheSecret() {
        AirbyteAuth refused = new AirbyteAuth("client-1", "secret-123456", clock).tokensFrom(() -> CompletableFuture.failedFuture(
                new HttpOperationFailedException("http://x/applications/token", 401, "Unauthorized", null, null, "{}")));
        assertThatThrownBy(refused::token).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("POST /applications/token: HTTP 401").hasMessageContaining("AIRBYTE_CLIENT_SECRET")
                .hasMessageNotContaining("secret-123456");
        answers.add(new AirbyteToken("", 900L));
        assertThatThrownBy(auth::token).isInstanceOf(ConfigurationError.class).hasMessageContaining("without an access_token");
    }

    @Test
    void theTokenRequestCarriesTheGrantAndNoClientIdMeansNoAuth() throws Exception {
        assertThat(auth.tokenRequest()).contains("\"grant_type\":\"client_credentials\"", "\"client_id\":\"client-1\"");
        assertThat(auth.isEnabled()).isTrue();
        assertThat(new AirbyteAuth("", "", clock).isEnabled()).isFalse();
        assertThat(new AirbyteToken("tok-abc", 900L).toString()).doesNotContain("tok-abc");
    }

    /** Token requests the test answers when it wants: each one is a future it completes. */
    private final List<CompletableFuture<AirbyteToken>> requests = new CopyOnWriteArrayList<>();
    private final AirbyteAuth held = new AirbyteAuth("client-1", "secret-123456", clock).tokensFrom(() -> {
        CompletableFuture<AirbyteToken> request = new CompletableFuture<>();
        requests.add(request);
        return request;
    }).backOff(Duration.ofSeconds(2), Duration.ofSeconds(5));

    private static HttpOperationFailedException status(int code) {
        return new HttpOperationFailedException("http://x/applications/token", code, "status " + code, null, null, "{}");
    }

    @Test
    void aRenewalInFlightOrFailedLeavesCallsTheValidTokenAskingOnceAndAgainOnlyAfterTheBackOff() {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(held::token);
        await().until(() -> requests.size() == 1);
        requests.get(0).complete(new AirbyteToken("token-one", 900L));
        assertThat(first).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("token-one");

        // due for renewal: the calls go on with token-one, one request in flight whoever asks
        clock.advance(Duration.ofSeconds(720));
        assertThat(held.token()).isEqualTo("token-one");
        assertThat(held.token()).isEqualTo("token-one");
        assertThat(requests).hasSize(2);

        // the renewal fails: calls keep token-one, and no request goes out before the back-off (2 s) has passed
        requests.get(1).completeExceptionally(status(503));
        assertThat(held.token()).isEqualTo("token-one");
        clock.advance(Duration.ofSeconds(1));
        assertThat(held.token()).isEqualTo("token-one");
        assertThat(requests).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(held.token()).isEqualTo("token-one");
        assertThat(requests).hasSize(3);
        requests.get(2).complete(new AirbyteToken("token-two", 900L));
        assertThat(held.token()).isEqualTo("token-two");
        assertThat(requests).hasSize(3);
    }

    @Test
    void withoutAValidTokenCallsFailAtOnceDuringTheBackOffWhichDoublesUpToItsMaximum() {
        assertThat(requests).isEmpty();
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(held::token);
        await().until(() -> requests.size() == 1);
        requests.get(0).completeExceptionally(status(502));
        assertThat(waiting).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                .isInstanceOf(AirbyteTokenUnavailable.class)
                .withMessageContaining("POST /applications/token: HTTP 502").withMessageContaining("next token request in 2 s");

        for (long backOff : new long[] {2, 4, 5, 5}) {
            // the first failure was a 502, the next ones 403 (the credentials)
            assertThatThrownBy(held::token).isInstanceOf(backOff == 2 ? AirbyteTokenUnavailable.class : ConfigurationError.class)
                    .hasMessageContaining("next token request in " + backOff + " s");
            clock.advance(Duration.ofSeconds(backOff - 1));
            assertThatThrownBy(held::token).hasMessageContaining("next token request in 1 s");
            int asked = requests.size();
            clock.advance(Duration.ofSeconds(1));
            CompletableFuture<String> next = CompletableFuture.supplyAsync(held::token);
            await().until(() -> requests.size() == asked + 1);
            requests.get(asked).completeExceptionally(status(403));
            assertThat(next).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
                    .isInstanceOf(ConfigurationError.class).withMessageContaining("HTTP 403")
                    .withMessageContaining("AIRBYTE_CLIENT_SECRET");
        }
    }
}
