-- Heap relations with what their rows' size is computed from: the catalogs' layout of every attribute (length,
-- alignment, in attribute order) and its statistics (average width, fraction of NULLs). No table data is read.
-- Linear in the catalog's size: the statistics are joined on plain equality keys and aggregated per relation.
-- The stats_join placeholder joins the statistics as s with columns null_frac and avg_width: pg_statistic by
-- relation and attribute number where the role may read it, else the pg_stats view by names (which hides what the
-- role may not read, at the cost of a privilege check per attribute of the database).
-- Parameters: 1, 2 = schemas to include (text[], empty for all non-system schemas); 3 = minimum size in bytes.
WITH rel AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.reltuples, c.relpages, c.reltoastrelid,
           c.reloptions
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'm')
      AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
),
col AS (
    -- dropped columns keep their place (a NULL in every new row); statistics only exist for live ones
    SELECT a.attrelid AS oid, a.attnum, a.attlen, a.attalign, a.attisdropped,
           s.null_frac, s.avg_width
    FROM rel r
    JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0
    LEFT JOIN ${stats_join}
),
layout AS (
    SELECT oid,
           count(*) FILTER (WHERE NOT attisdropped) AS natts,
           count(*) FILTER (WHERE NOT attisdropped AND avg_width IS NOT NULL) AS nstats,
           -- "attnum attlen attalign avg_width null_frac" per attribute, in no order (no sort per relation)
           pg_catalog.string_agg(pg_catalog.concat_ws(' ', attnum, attlen, attalign,
               CASE WHEN attisdropped THEN 0 ELSE coalesce(avg_width, -1) END,
               CASE WHEN attisdropped THEN 1 ELSE coalesce(null_frac, 0) END), ',') AS attributes,
           -- a rough row size, only to decide whether a never-analyzed table may reach the minimum size
           24 + sum(CASE WHEN attisdropped THEN 0 WHEN attlen > 0 THEN attlen ELSE coalesce(avg_width, 0) END)
               AS rough_width
    FROM col
    GROUP BY oid
)
SELECT r.oid, r.nspname, r.relname,
       pg_catalog.format('%I.%I', r.nspname, r.relname) AS subject,
       r.relkind, r.relpersistence, r.reltuples, r.relpages,
       coalesce((SELECT o.option_value::int FROM pg_catalog.pg_options_to_table(r.reloptions) o
                 WHERE o.option_name = 'fillfactor'), 100) AS fillfactor,
       current_setting('block_size')::int AS bs,
       coalesce(l.natts, 0) AS natts, coalesce(l.nstats, 0) AS nstats,
       l.attributes,
       coalesce(t.relpages, 0) AS toast_pages,
       -- sizes come from pg_class, which takes no lock; only a relation never vacuumed or analyzed whose
       -- activity counters suggest it could reach the minimum size is measured (pg_relation_size locks it)
       CASE WHEN r.relpages > 0 AND r.reltuples >= 0 THEN r.relpages::bigint * current_setting('block_size')::int
            WHEN (pg_catalog.pg_stat_get_live_tuples(r.oid) + pg_catalog.pg_stat_get_dead_tuples(r.oid))
                 * greatest(coalesce(l.rough_width, 0), 32) >= ?
                THEN pg_catalog.pg_relation_size(r.oid)
            ELSE 0 END AS size_bytes,
       -- the activity counters by function: the pg_stat_all_tables view would also sum every index's scans
       pg_catalog.pg_stat_get_last_analyze_time(r.oid) AS last_analyze,
       pg_catalog.pg_stat_get_last_autoanalyze_time(r.oid) AS last_autoanalyze,
       pg_catalog.pg_stat_get_mod_since_analyze(r.oid) AS n_mod_since_analyze,
       pg_catalog.has_table_privilege(r.oid, 'SELECT') AS can_select
FROM rel r
LEFT JOIN layout l ON l.oid = r.oid
LEFT JOIN pg_catalog.pg_class t ON t.oid = r.reltoastrelid
