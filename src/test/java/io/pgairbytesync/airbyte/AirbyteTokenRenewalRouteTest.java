package io.pgairbytesync.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** With AIRBYTE_CLIENT_ID set: every call carries the token, and a 401 renews it once (route level, scripted Airbyte). */
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
}
