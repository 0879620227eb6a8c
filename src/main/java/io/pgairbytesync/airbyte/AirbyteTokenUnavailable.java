package io.pgairbytesync.airbyte;

/**
 * No valid bearer token, and {@code POST /applications/token} failed for a reason other than the credentials (a 5xx,
 * Airbyte unreachable, no answer): the message names the call, Airbyte's status, the fix and when the next token
 * request goes out. Carries no cause, so the redelivery rules of the Airbyte calls never resend a call for it.
 */
public class AirbyteTokenUnavailable extends RuntimeException {
    public AirbyteTokenUnavailable(String message) {
        super(message);
    }
}
