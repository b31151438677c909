-- The direct partitions of a partitioned table with their bounds as the server prints them.
-- Parameter: 1 = the partitioned table's oid.
SELECT n.nspname, c.relname, pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject,
       c.relkind::text AS relkind, pg_catalog.pg_get_expr(c.relpartbound, c.oid) AS bound,
       c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint AS size_bytes
FROM pg_catalog.pg_inherits i
JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE i.inhparent = ?::oid
ORDER BY n.nspname, c.relname
