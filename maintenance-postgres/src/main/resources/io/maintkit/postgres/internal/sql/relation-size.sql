-- The on-disk size of one relation by schema and name: an index alone, a table with its TOAST and indexes.
-- Parameters: 1 = schema, 2 = name.
SELECT CASE WHEN c.relkind = 'i' THEN pg_catalog.pg_relation_size(c.oid)
            ELSE pg_catalog.pg_total_relation_size(c.oid) END AS size_bytes
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ? AND c.relname = ?
