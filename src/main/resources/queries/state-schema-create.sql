-- STATE SCHEMA: create STATE_DB_SCHEMA (StateSchema puts in the name, validated and quoted).
CREATE SCHEMA IF NOT EXISTS {{schema}}
