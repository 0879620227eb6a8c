-- Every session of the state pool starts with this (DataSources.state puts in STATE_DB_SCHEMA, quoted, validated by Settings as
-- a plain lower-case name): the queries name the state tables bare.
SET search_path TO {{state.db.schema}}
