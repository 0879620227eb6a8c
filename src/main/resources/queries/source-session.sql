-- Every session of the probe pool starts with these, one statement per line (DataSources.source puts in each value as a literal,
-- validated by Settings): READ ONLY, so a probe can never write to the source, and limits on how long a probe may run
-- or wait for a lock (SOURCE_DB_STATEMENT_TIMEOUT, SOURCE_DB_LOCK_TIMEOUT); and a TCP keepalive from the server after 60 s
-- of silence, which keeps a NAT's or a firewall's mapping of a pooled session alive (sessions live long: see DataSources).
-- (SETs rather than start-up options: a pooler in front of PostgreSQL may refuse a start-up parameter it does not know.)
SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY
SET statement_timeout = {{source.db.statement.timeout}}
SET lock_timeout = {{source.db.lock.timeout}}
SET tcp_keepalives_idle = 60
