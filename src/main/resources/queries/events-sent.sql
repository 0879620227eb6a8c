-- EVENTS: the receiver took the event (2xx): never sent again.
UPDATE sync_event SET sent_at = now(), last_error = NULL
WHERE event_id = :#${exchangeProperty.event.id} AND sent_at IS NULL
