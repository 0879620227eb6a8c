-- STATE SCHEMA, at start-up: taken while the migrations run, released when the transaction ends, so two instances
-- starting at once take turns. The key is "PgAirbyt" (0x5067416972627974), the key of every earlier jar too.
SELECT pg_advisory_xact_lock(5793671366781860212)
