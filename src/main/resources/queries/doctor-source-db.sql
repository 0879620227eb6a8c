-- DOCTOR: who the probe user is on which source database and server.
SELECT current_user AS user_name, current_database() AS database_name, current_setting('server_version') AS server_version
