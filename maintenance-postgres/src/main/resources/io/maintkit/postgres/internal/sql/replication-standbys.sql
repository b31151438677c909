-- Standbys streaming from this primary; the lag columns are NULL without pg_read_all_stats.
SELECT r.pid, r.application_name, r.client_addr::text AS client_addr, r.state,
       pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_current_wal_lsn(), r.replay_lsn) AS lag_bytes,
       extract(epoch FROM r.replay_lag) AS lag_seconds
FROM pg_catalog.pg_stat_replication r
