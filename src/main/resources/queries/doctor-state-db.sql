-- DOCTOR: whether the state tables exist in STATE_DB_SCHEMA, and whether the state user could create them.
SELECT current_user AS user_name,
       to_regclass(CAST(:#${properties:state.db.schema} AS text) || '.sync_state') IS NOT NULL AS tables_present,
       has_database_privilege(current_database(), 'CREATE') AS can_create
