-- This server's role and, on a standby, how far replay is behind what was received and whether it is paused.
SELECT pg_catalog.pg_is_in_recovery() AS standby,
       CASE WHEN pg_catalog.pg_is_in_recovery()
            THEN pg_catalog.pg_wal_lsn_diff(pg_catalog.pg_last_wal_receive_lsn(), pg_catalog.pg_last_wal_replay_lsn())
       END AS replay_lag_bytes,
       CASE WHEN pg_catalog.pg_is_in_recovery()
                 AND pg_catalog.pg_last_wal_receive_lsn() IS DISTINCT FROM pg_catalog.pg_last_wal_replay_lsn()
            THEN extract(epoch FROM now() - pg_catalog.pg_last_xact_replay_timestamp())
            ELSE 0
       END AS replay_lag_seconds,
       CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_is_wal_replay_paused() END AS replay_paused
