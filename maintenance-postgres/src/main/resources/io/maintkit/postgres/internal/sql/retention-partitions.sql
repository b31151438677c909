-- Every partition below a partitioned table, at any depth, with its direct parent, its size on disk (a leaf's with
-- its indexes and TOAST; a partitioned table has none of its own), and whether the server's partition pruning kept
-- it in the plan of "rows at or after the cutoff, or without a value" (a leaf the plan does not scan holds only
-- older rows).
-- Parameters: 1 = the EXPLAIN (VERBOSE, FORMAT JSON) output of that query, 2 = the partitioned table's oid.
WITH scanned AS (
    SELECT DISTINCT x ->> 'Schema' AS nspname, x ->> 'Relation Name' AS relname
    FROM pg_catalog.jsonb_path_query(?::jsonb, 'strict $.**') x
    WHERE x ->> 'Relation Name' IS NOT NULL
)
SELECT t.relid::oid::bigint AS oid, t.parentrelid::oid::bigint AS parent, n.nspname, c.relname,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, c.relkind::text AS relkind, c.reltuples,
       CASE WHEN c.relkind = 'r' THEN pg_catalog.pg_total_relation_size(c.oid) ELSE 0 END AS size_bytes,
       EXISTS (SELECT 1 FROM scanned s WHERE s.nspname = n.nspname AND s.relname = c.relname) AS kept
FROM pg_catalog.pg_partition_tree(?::oid::regclass) t
JOIN pg_catalog.pg_class c ON c.oid = t.relid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE t.level > 0
ORDER BY t.level, n.nspname, c.relname
