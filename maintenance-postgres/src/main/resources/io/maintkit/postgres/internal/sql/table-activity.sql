-- Per-table activity counters and storage parameters, for the vacuum and analyze checks. Only tables with
-- something to say are returned. Parameters: 1, 2 = schemas to include (text[], empty for all).
-- ${ins_since_vacuum}: n_ins_since_vacuum on PG13+, NULL before.
SELECT c.oid, n.nspname, c.relname, pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject,
       c.reltuples, c.reloptions::text[] AS reloptions,
       s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze, ${ins_since_vacuum} AS n_ins_since_vacuum,
       greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
       greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze,
       extract(epoch FROM now() - greatest(s.last_vacuum, s.last_autovacuum)) AS vacuum_age,
       extract(epoch FROM now() - greatest(s.last_analyze, s.last_autoanalyze)) AS analyze_age
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'm')
  AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
  AND (s.n_dead_tup > 0 OR s.n_mod_since_analyze > 0 OR coalesce(${ins_since_vacuum}, 0) > 0
       OR c.reloptions IS NOT NULL OR c.reltuples > 0 OR s.n_live_tup > 0)
