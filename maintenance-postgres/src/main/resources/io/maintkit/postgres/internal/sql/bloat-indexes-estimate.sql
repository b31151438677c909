-- B-tree indexes with what their leaf entries' size is computed from: the layout of every index attribute
-- (length, alignment, in attribute order) and its statistics (average width, fraction of NULLs). A key column's
-- statistics are its table column's, an expression's the index's own. No index data is read.
-- Linear in the catalog's size: the statistics are joined on plain equality keys and aggregated per index.
-- The stats_join placeholder joins them as s with columns null_frac, avg_width and n_distinct (see
-- bloat-tables-estimate.sql).
-- Parameters: 1, 2 = schemas to include (text[], empty for all non-system schemas).
WITH idx AS (
    SELECT ci.oid, n.nspname, ci.relname, ct.relname AS table_name, ct.oid AS table_oid,
           ci.reltuples, ci.relpages, ct.reltuples AS table_reltuples, ci.reloptions,
           i.indisunique, i.indnatts, i.indnkeyatts, i.indkey
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
att AS (
    -- the index's own attribute gives the stored type; the statistics are looked up by name
    SELECT x.oid, ia.attnum, ia.attlen, ia.attalign, ia.atttypid, x.nspname,
           CASE WHEN ta.attname IS NULL THEN x.oid ELSE x.table_oid END AS stats_relid,
           coalesce(ta.attnum, ia.attnum) AS stats_attnum,
           CASE WHEN ta.attname IS NULL THEN x.relname ELSE x.table_name END AS stats_relname,
           coalesce(ta.attname, ia.attname) AS stats_attname
    FROM idx x
    JOIN pg_catalog.pg_attribute ia ON ia.attrelid = x.oid AND ia.attnum > 0
    LEFT JOIN pg_catalog.pg_attribute ta ON ta.attrelid = x.table_oid AND ta.attnum = x.indkey[ia.attnum - 1]
),
col AS (
    SELECT t.oid, t.attnum, t.attlen, t.attalign, t.atttypid, s.null_frac, s.avg_width, s.n_distinct
    FROM att t
    LEFT JOIN ${stats_join}
),
layout AS (
    SELECT oid,
           count(*) AS natts,
           count(avg_width) AS nstats,
           bool_or(atttypid = 'pg_catalog.name'::pg_catalog.regtype) AS has_name_type,
           -- "attnum attlen attalign avg_width null_frac" per attribute, in no order (no sort per index)
           pg_catalog.string_agg(pg_catalog.concat_ws(' ', attnum, attlen, attalign, coalesce(avg_width, -1),
               coalesce(null_frac, 0)), ',') AS attributes,
           max(n_distinct) FILTER (WHERE attnum = 1) AS lead_distinct
    FROM col
    GROUP BY oid
)
SELECT x.oid, x.nspname, x.relname,
       pg_catalog.format('%I.%I', x.nspname, x.relname) AS subject,
       pg_catalog.format('%I.%I', x.nspname, x.table_name) AS table_subject,
       x.reltuples, x.relpages, x.table_reltuples, x.indisunique,
       coalesce((SELECT o.option_value::int FROM pg_catalog.pg_options_to_table(x.reloptions) o
                 WHERE o.option_name = 'fillfactor'), 90) AS fillfactor,
       coalesce((SELECT o.option_value FROM pg_catalog.pg_options_to_table(x.reloptions) o
                 WHERE o.option_name = 'deduplicate_items'), 'on') AS dedup,
       x.indnkeyatts < x.indnatts AS has_include,
       current_setting('block_size')::int AS bs,
       coalesce(l.natts, 0) AS natts, coalesce(l.nstats, 0) AS nstats,
       coalesce(l.has_name_type, false) AS has_name_type, l.lead_distinct,
       l.attributes,
       -- from pg_class, which takes no lock (CREATE INDEX, VACUUM and ANALYZE keep it current)
       CASE WHEN x.reltuples < 0 THEN 0 ELSE x.relpages::bigint * current_setting('block_size')::int END
           AS size_bytes,
       pg_catalog.pg_stat_get_last_analyze_time(x.table_oid) AS last_analyze,
       pg_catalog.pg_stat_get_last_autoanalyze_time(x.table_oid) AS last_autoanalyze,
       pg_catalog.pg_stat_get_mod_since_analyze(x.table_oid) AS n_mod_since_analyze,
       pg_catalog.has_table_privilege(x.table_oid, 'SELECT') AS can_select
FROM idx x
LEFT JOIN layout l ON l.oid = x.oid
