package io.pgairbytesync.observe;

/**
 * One event of the outbox sync_event on its way to EVENTS_WEBHOOK_URL (exchange property {@value #PROPERTY} of the
 * routes of 10-events.yaml): its CloudEvents attributes as stored, its data (JSON), and why the last try failed.
 */
public final class OutgoingEvent {

    /** The exchange property that carries the event through route events-send. */
    public static final String PROPERTY = "event";

    private final String id;
    private final String type;
    private final String subject;
    private final String time;
    private final String data;
    private final int attempts;
    private String error;

    OutgoingEvent(String id, String type, String subject, String time, String data, int attempts) {
        this.id = id;
        this.type = type;
        this.subject = subject;
        this.time = time;
        this.data = data;
        this.attempts = attempts;
    }

    /** CloudEvents {@code id}: stable across redeliveries (the receiver dedupes on it). */
    public String getId() {
        return id;
    }

    public String getType() {
        return type;
    }

    /** The block's routeId. */
    public String getSubject() {
        return subject;
    }

    /** When the outcome was recorded, RFC 3339 UTC. */
    public String getTime() {
        return time;
    }

    public String getData() {
        return data;
    }

    /** This try included. */
    public int getAttempts() {
        return attempts;
    }

    /** Why this try failed (an HTTP status, no answer), or null. */
    public String getError() {
        return error;
    }

    void failed(String why) {
        this.error = why;
    }
}
