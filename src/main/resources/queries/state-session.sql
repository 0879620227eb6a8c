-- Every session of the state pools (the routes', and the clustered schedule's with CLUSTER_ENABLED=true) starts with these,
-- one statement per line (DataSources puts in each value, quoted, validated by Settings): the queries name the state tables
-- bare (STATE_DB_SCHEMA); a statement may run STATE_DB_STATEMENT_TIMEOUT; a session idle inside an open transaction for
-- STATE_DB_NETWORK_TIMEOUT (its client gone in the middle of it) is ended, which releases its locks. The migrations at
-- start-up run with both limits 0 (off). The server sends a TCP keepalive after 60 s of silence (see source-session.sql).
SET search_path TO {{state.db.schema}}
SET statement_timeout = {{state.db.statement.timeout}}
SET idle_in_transaction_session_timeout = {{state.db.idle.in.transaction.timeout}}
SET tcp_keepalives_idle = 60
