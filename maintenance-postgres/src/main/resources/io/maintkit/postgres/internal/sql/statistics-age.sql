-- When the current database's statistics were last reset (never: since the server started, the safe lower bound).
SELECT d.stats_reset, pg_catalog.pg_postmaster_start_time() AS started,
       extract(epoch FROM now() - coalesce(d.stats_reset, pg_catalog.pg_postmaster_start_time())) AS age_seconds
FROM pg_catalog.pg_stat_database d WHERE d.datname = pg_catalog.current_database()
