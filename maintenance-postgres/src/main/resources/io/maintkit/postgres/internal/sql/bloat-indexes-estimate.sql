-- B-tree leaf-level bloat estimated from catalog statistics: no index data is read.
-- Parameters: 1, 2 = schemas to include (text[], empty for all non-system schemas).
WITH idx AS (
    SELECT ci.oid, n.nspname, ci.relname, ct.relname AS table_name, ct.oid AS table_oid,
           ci.reltuples, ci.relpages, ci.relpersistence, i.indisunique, i.indnatts, i.indnkeyatts, i.indkey,
           coalesce((SELECT o.option_value::int FROM pg_catalog.pg_options_to_table(ci.reloptions) o
                     WHERE o.option_name = 'fillfactor'), 90) AS fillfactor,
           coalesce((SELECT o.option_value FROM pg_catalog.pg_options_to_table(ci.reloptions) o
                     WHERE o.option_name = 'deduplicate_items'), 'on') AS dedup
    FROM pg_catalog.pg_index i
    JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
    JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = ci.relnamespace
    JOIN pg_catalog.pg_am am ON am.oid = ci.relam AND am.amname = 'btree'
    WHERE ci.relkind = 'i'
      AND ci.relpersistence <> 't'
      AND ct.relkind IN ('r', 'm')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
),
col AS (
    -- a key column's statistics are the table column's; an expression's are the index's own
    SELECT x.oid, k.pos, a.atttypid,
           s.attname IS NOT NULL AS has_stats,
           coalesce(s.null_frac, 0) AS null_frac,
           coalesce(s.avg_width, 0) AS avg_width,
           s.n_distinct
    FROM idx x
    CROSS JOIN LATERAL pg_catalog.generate_series(1, x.indnatts) AS k(pos)
    JOIN pg_catalog.pg_attribute a
      ON (x.indkey[k.pos - 1] <> 0 AND a.attrelid = x.table_oid AND a.attnum = x.indkey[k.pos - 1])
      OR (x.indkey[k.pos - 1] = 0 AND a.attrelid = x.oid AND a.attnum = k.pos)
    LEFT JOIN pg_catalog.pg_stats s
      ON s.schemaname = x.nspname AND NOT s.inherited AND s.attname = a.attname
     AND s.tablename = CASE WHEN x.indkey[k.pos - 1] <> 0 THEN x.table_name ELSE x.relname END
),
width AS (
    SELECT oid,
           count(*) AS natts,
           count(*) FILTER (WHERE has_stats) AS nstats,
           bool_or(atttypid = 'pg_catalog.name'::regtype) AS has_name_type,
           max(null_frac) > 0 AS has_nulls,
           sum((1 - null_frac) * avg_width) AS data_width,
           max(n_distinct) FILTER (WHERE pos = 1) AS lead_distinct
    FROM col
    GROUP BY oid
),
est AS (
    SELECT x.*, w.natts, w.nstats, w.has_name_type, w.lead_distinct,
           current_setting('block_size')::int AS bs,
           -- leaf tuple: IndexTupleData (8 bytes, 16 with a null bitmap), data aligned to 8, 4-byte line pointer
           CASE WHEN w.has_nulls THEN 16 ELSE 8 END + ceil(w.data_width / 8.0) * 8 + 4 AS tuple_size
    FROM idx x
    LEFT JOIN width w ON w.oid = x.oid
)
SELECT e.oid, e.nspname, e.relname,
       pg_catalog.format('%I.%I', e.nspname, e.relname) AS subject,
       pg_catalog.format('%I.%I', e.nspname, e.table_name) AS table_subject,
       e.relpersistence, e.reltuples, e.relpages, e.fillfactor, e.bs, e.indisunique, e.dedup,
       e.indnkeyatts < e.indnatts AS has_include,
       coalesce(e.natts, 0) AS natts, coalesce(e.nstats, 0) AS nstats, coalesce(e.has_name_type, false) AS has_name_type,
       e.lead_distinct, e.tuple_size,
       CASE WHEN e.reltuples <= 0 OR e.tuple_size IS NULL THEN 1
            -- metapage + leaf pages at the fillfactor + one internal page per few hundred leaves
            ELSE 1 + ceil(ceil(e.reltuples / greatest(1, floor((e.bs - 24 - 16) * e.fillfactor / 100.0 / e.tuple_size)))
                          * (1 + 1.0 / 256))
       END AS expected_pages,
       -- from pg_class, which takes no lock (CREATE INDEX, VACUUM and ANALYZE keep it current)
       CASE WHEN e.reltuples < 0 THEN 0 ELSE e.relpages::bigint * e.bs END AS size_bytes,
       st.last_analyze, st.last_autoanalyze, st.n_mod_since_analyze,
       pg_catalog.has_table_privilege(e.table_oid, 'SELECT') AS can_select
FROM est e
LEFT JOIN pg_catalog.pg_stat_all_tables st ON st.relid = e.table_oid
