-- Heap bloat estimated from catalog statistics: no table data is read.
-- Parameters: 1, 2 = schemas to include (text[], empty for all non-system schemas); 3 = minimum size in bytes.
WITH rel AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.reltuples, c.relpages, c.reltoastrelid,
           coalesce((SELECT o.option_value::int FROM pg_catalog.pg_options_to_table(c.reloptions) o
                     WHERE o.option_name = 'fillfactor'), 100) AS fillfactor
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'm')
      AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
),
col AS (
    SELECT a.attrelid AS oid, a.attnum, a.attlen, a.atttypid,
           s.attname IS NOT NULL AS has_stats,
           coalesce(s.null_frac, 0) AS null_frac,
           coalesce(s.avg_width, 0) AS avg_width,
           CASE t.typalign WHEN 'd' THEN 8 WHEN 'i' THEN 4 WHEN 's' THEN 2 ELSE 1 END AS align,
           bool_and(a.attlen > 0 AND coalesce(s.null_frac, 1) = 0)
               OVER (PARTITION BY a.attrelid ORDER BY a.attnum ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS fixed_prefix,
           sum(greatest(a.attlen, 0))
               OVER (PARTITION BY a.attrelid ORDER BY a.attnum ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
               AS prefix_len
    FROM rel r
    JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_stats s
           ON s.schemaname = r.nspname AND s.tablename = r.relname AND s.attname = a.attname AND NOT s.inherited
),
width AS (
    SELECT oid,
           count(*) AS natts,
           count(*) FILTER (WHERE has_stats) AS nstats,
           bool_or(atttypid = 'pg_catalog.name'::regtype) AS has_name_type,
           max(null_frac) > 0 AS has_nulls,
           bool_and(attlen > 0 AND null_frac = 0) AS all_fixed,
           sum((1 - null_frac) * (avg_width + CASE
                   WHEN fixed_prefix IS NULL THEN 0
                   WHEN attlen = -1 AND avg_width < 127 THEN 0
                   WHEN fixed_prefix THEN (align - prefix_len::int % align) % align
                   ELSE (align - 1) / 2.0 END)) AS data_width
    FROM col
    GROUP BY oid
),
est AS (
    SELECT r.*, w.natts, w.nstats, w.has_name_type,
           current_setting('block_size')::int AS bs,
           -- tuple: aligned header (23 bytes + null bitmap), aligned data, 4-byte line pointer
           ceil((23 + CASE WHEN w.has_nulls THEN ceil(w.natts / 8.0) ELSE 0 END) / 8.0) * 8
             + CASE WHEN w.all_fixed THEN ceil(w.data_width / 8.0) * 8 ELSE w.data_width + 3.5 END
             + 4 AS tuple_size
    FROM rel r
    LEFT JOIN width w ON w.oid = r.oid
)
SELECT e.oid, e.nspname, e.relname,
       pg_catalog.format('%I.%I', e.nspname, e.relname) AS subject,
       e.relkind, e.relpersistence, e.reltuples, e.relpages, e.fillfactor, e.bs,
       coalesce(e.natts, 0) AS natts, coalesce(e.nstats, 0) AS nstats, coalesce(e.has_name_type, false) AS has_name_type,
       e.tuple_size,
       CASE WHEN e.reltuples <= 0 OR e.tuple_size IS NULL THEN 0
            ELSE ceil(e.reltuples / greatest(1, least(291, floor((e.bs - 24) * e.fillfactor / 100.0 / e.tuple_size))))
       END AS expected_pages,
       coalesce(t.relpages, 0) AS toast_pages,
       -- sizes come from pg_class, which takes no lock; only a relation never vacuumed or analyzed whose
       -- activity counters suggest it could reach the minimum size is measured (pg_relation_size locks it)
       CASE WHEN e.relpages > 0 AND e.reltuples >= 0 THEN e.relpages::bigint * e.bs
            WHEN coalesce(st.n_live_tup + st.n_dead_tup, 0) * greatest(coalesce(e.tuple_size, 0), 32) >= ?
                THEN pg_catalog.pg_relation_size(e.oid)
            ELSE 0 END AS size_bytes,
       st.last_analyze, st.last_autoanalyze, st.n_mod_since_analyze,
       pg_catalog.has_table_privilege(e.oid, 'SELECT') AS can_select
FROM est e
LEFT JOIN pg_catalog.pg_class t ON t.oid = e.reltoastrelid
LEFT JOIN pg_catalog.pg_stat_all_tables st ON st.relid = e.oid
