package io.pgairbytesync.airbyte;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code POST /applications/token}: a bearer token and its lifetime (no refresh token: ask again). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AirbyteToken(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") Long expiresIn) {

    /** Never the token itself. */
    @Override
    public String toString() {
        return "AirbyteToken[expiresIn=" + expiresIn + "]";
    }
}
