-- EVENTS: the receiver did not take the event (an HTTP error, no answer): tried again after a back-off that doubles
-- with each attempt, 1 s up to 5 min; the events of other blocks are not held back.
UPDATE sync_event SET last_error = :#${exchangeProperty.event.error},
    next_attempt_at = now() + make_interval(secs => least(300, power(2, least(attempts, 20) - 1)))
WHERE event_id = :#${exchangeProperty.event.id} AND sent_at IS NULL
