-- EVENTS: delivered events are kept a week (to look at), then deleted, a bounded batch at a time.
DELETE FROM sync_event WHERE event_id IN (SELECT event_id FROM sync_event
    WHERE sent_at IS NOT NULL AND sent_at < now() - interval '7 days' ORDER BY sent_at LIMIT 1000)
