-- Every other session, with ages in seconds and, for a session waiting on a lock, the pids blocking it.
SELECT a.pid, a.usename, a.datname, a.application_name, a.state, a.backend_type,
       extract(epoch FROM now() - a.state_change) AS state_seconds,
       extract(epoch FROM now() - a.query_start) AS query_seconds,
       a.wait_event_type, a.wait_event, left(a.query, 500) AS query,
       CASE WHEN a.wait_event_type = 'Lock' THEN pg_catalog.pg_blocking_pids(a.pid) END AS blocking_pids
FROM pg_catalog.pg_stat_activity a
WHERE a.pid <> pg_catalog.pg_backend_pid()
