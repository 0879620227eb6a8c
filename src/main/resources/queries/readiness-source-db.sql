-- READINESS: the source database answers on the probe pool.
SELECT 1 AS ok
