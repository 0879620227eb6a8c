package io.pgairbytesync.airbyte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

import io.pgairbytesync.config.ConfigurationError;
import org.junit.jupiter.api.Test;

/** The bearer token: asked for when needed, kept while valid, renewed before it expires, never guessed. */
class AirbyteAuthTest {

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-27T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final Deque<AirbyteToken> answers = new ArrayDeque<>();
    private int asked;
    private final AirbyteAuth auth = new AirbyteAuth("client-1", "secret-123456", clock).tokensFrom(() -> {
        asked++;
        return answers.pop();
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
        AirbyteAuth refused = new AirbyteAuth("client-1", "secret-123456", clock).tokensFrom(() -> {
            throw new org.apache.camel.http.base.HttpOperationFailedException("http://x/applications/token", 401, "Unauthorized",
                    null, null, "{}");
        });
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
}
