-- FOLLOW: a job started for a data change "succeeded" with 0 rows and 0 bytes. raised: max(cursor) of a table it covers
-- rose since the last sync (rows must have moved: suspicious); a max that went down (deletes) or stayed (a write counter
-- moved) moves no rows in cursor mode. resync: an empty success of these tables was withheld already (this is its
-- re-sync: accepted, never withheld twice). Cursor values are the exact text the probe printed, compared by their kind:
-- as numbers when both are numbers (so 10 is above 9), as timestamps when both are ISO dates or timestamps (a
-- timestamptz is printed in UTC, so its zone letter can be ignored; infinity too); any other difference counts as a rise
-- (the cautious side: one re-sync). The patterns avoid the characters camel-sql or JDBC read as parameters.
SELECT coalesce(bool_or(CASE
           WHEN s.pending_cursor IS NULL THEN false
           WHEN s.synced_cursor IS NULL THEN true
           WHEN s.pending_cursor ~ '^[+-]{0,1}([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)$'
                AND s.synced_cursor ~ '^[+-]{0,1}([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)$'
               THEN CAST(s.pending_cursor AS numeric) > CAST(s.synced_cursor AS numeric)
           WHEN s.pending_cursor ~ '^([0-9]{4,}-[0-9]{2}-[0-9]{2}(T[0-9]{2}.[0-9]{2}.[0-9]{2}([.][0-9]+){0,1}Z{0,1}){0,1}|-{0,1}infinity)$'
                AND s.synced_cursor ~ '^([0-9]{4,}-[0-9]{2}-[0-9]{2}(T[0-9]{2}.[0-9]{2}.[0-9]{2}([.][0-9]+){0,1}Z{0,1}){0,1}|-{0,1}infinity)$'
               THEN CAST(s.pending_cursor AS timestamp) > CAST(s.synced_cursor AS timestamp)
           ELSE s.pending_cursor <> s.synced_cursor END), false) AS raised,
       coalesce(bool_or(s.withheld_job_id IS NOT NULL), false) AS resync
FROM sync_state s
WHERE s.pending_job_id = CAST(:#${exchangeProperty.followed.jobId} AS bigint)
