-- Tables and partitioned tables in scope, without their partitions (checked on the parent), and whether each has
-- a primary key. Parameters: 1, 2 = schemas to include (text[], empty for all).
SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, n.nspname, c.relname,
       c.relkind = 'p' AS partitioned,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p') AS has_primary_key
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
