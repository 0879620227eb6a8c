-- Every session of the probe pool starts with these, one statement per line (DataSources.source puts in each value as a literal,
-- validated by Settings): READ ONLY, so a probe can never write to the source, and limits on how long a probe may run
-- or wait for a lock (SOURCE_DB_STATEMENT_TIMEOUT, SOURCE_DB_LOCK_TIMEOUT).
SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY
SET statement_timeout = {{source.db.statement.timeout}}
SET lock_timeout = {{source.db.lock.timeout}}
