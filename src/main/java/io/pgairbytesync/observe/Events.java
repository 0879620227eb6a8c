package io.pgairbytesync.observe;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Events to chain on (bean {@code events}): every job outcome, as a CloudEvents 1.0 event in JSON structured mode, to
 * EVENTS_WEBHOOK_URL. The events are written to the outbox sync_event by the statements that record the outcomes
 * (record-job-succeeded.sql, record-job-failed.sql), only while the URL is set; the routes of 10-events.yaml send them
 * from a timer, off every tick's and follow-up's path, and try a refused one again with a back-off. This bean turns a
 * row of the outbox into the event's JSON.
 * <ul>
 * <li>{@value #PREFIX}sync.succeeded: data = block, connectionId, jobId, outcome, reason, rows, bytes, durationSeconds,
 * tables [{schema, table, cursorColumn, syncedCursor}] (the values now synced);</li>
 * <li>{@value #PREFIX}sync.failed: the same, outcome failed, cancelled, timed_out or lost, with error; the tables' cursor
 * values are those still synced;</li>
 * <li>{@value #PREFIX}schema.changed: with the sync.succeeded of a sync that carried a column change: per table the
 * columns added, removed and retyped.</li>
 * </ul>
 */
public class Events {

    /** CloudEvents {@code source}: this service (a URI-reference). */
    public static final String SOURCE = "/pg-airbyte-sync";
    public static final String PREFIX = "io.pgairbytesync.";
    /** The HTTP Content-Type of structured mode. */
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean enabled;

    /** {@code webhookUrl}: EVENTS_WEBHOOK_URL as {@link ObserveSettings} checked it (empty: no events). */
    public Events(String webhookUrl) {
        this.enabled = webhookUrl != null && !webhookUrl.isBlank();
    }

    /** Whether EVENTS_WEBHOOK_URL is set: the outcomes write events, and the timer sends them. */
    public boolean enabled() {
        return enabled;
    }

    /** Route events-send: one row claimed by events-claim.sql. */
    public OutgoingEvent take(@Body Map<String, Object> row) {
        return new OutgoingEvent(String.valueOf(row.get("event_id")), String.valueOf(row.get("type")),
                (String) row.get("subject"), String.valueOf(row.get("event_time")), String.valueOf(row.get("data")),
                ((Number) row.get("attempts")).intValue());
    }

    /** The event as CloudEvents 1.0 JSON (structured content mode), its data embedded as JSON. */
    public String cloudEvent(@ExchangeProperty(OutgoingEvent.PROPERTY) OutgoingEvent event) throws JsonProcessingException {
        ObjectNode e = JSON.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", event.getId());
        e.put("source", SOURCE);
        e.put("type", event.getType());
        if (event.getSubject() != null) {
            e.put("subject", event.getSubject());
        }
        e.put("time", event.getTime());
        e.put("datacontenttype", "application/json");
        e.set("data", JSON.readTree(event.getData()));
        return JSON.writeValueAsString(e);
    }

    /** The receiver answered, but not 2xx. */
    public void refused(@ExchangeProperty(OutgoingEvent.PROPERTY) OutgoingEvent event,
            @Header(org.apache.camel.Exchange.HTTP_RESPONSE_CODE) Integer status) {
        event.failed("EVENTS_WEBHOOK_URL answered HTTP " + status);
    }

    /** No answer (refused connection, timeout). */
    public void unreachable(@ExchangeProperty(OutgoingEvent.PROPERTY) OutgoingEvent event,
            @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception e) {
        event.failed("EVENTS_WEBHOOK_URL could not be reached: " + (e == null ? "unknown error" : e.getMessage()));
    }
}
