-- EVENTS: the events due (not sent, their time come), oldest first, a batch at a time. Claimed in the same statement:
-- their next attempt moves 60 s ahead, so neither this instance's next round nor another instance takes them while
-- they are sent (SKIP LOCKED: two instances claiming at once split the batch); a sender that dies lets them come due
-- again then. The attempt is counted.
UPDATE sync_event e SET next_attempt_at = now() + interval '60 seconds', attempts = e.attempts + 1
WHERE e.event_id IN (SELECT event_id FROM sync_event WHERE sent_at IS NULL AND next_attempt_at <= now()
                     ORDER BY created_at, event_id LIMIT 50 FOR UPDATE SKIP LOCKED)
RETURNING e.event_id, e.type, e.subject, e.data, e.attempts,
          to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS event_time
