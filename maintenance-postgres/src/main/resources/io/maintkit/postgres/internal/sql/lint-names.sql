-- Names in scope within 3 bytes of max_identifier_length (the caller decides whether one more character fits):
-- relations (not a partition's copy of its parent's index), columns of tables (not of partitions), constraints
-- (not a partition's copy) and functions. Parameters: 1 .. 8 = schemas to include (text[], empty for all), in pairs.
WITH lim AS (SELECT pg_catalog.current_setting('max_identifier_length')::int AS max_bytes)
SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, n.nspname, c.relname AS relname,
       c.relname AS name, CASE c.relkind WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'S' THEN 'sequence'
           WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table'
           ELSE 'table' END AS object_type, lim.max_bytes
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, lim
WHERE c.relkind IN ('r', 'p', 'i', 'I', 'S', 'v', 'm', 'f') AND NOT (c.relkind = 'i' AND c.relispartition)
  AND c.relpersistence <> 't'
  AND octet_length(c.relname) > lim.max_bytes - 4
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
UNION ALL
SELECT pg_catalog.format('%I.%I.%I', n.nspname, c.relname, a.attname), n.nspname, c.relname, a.attname, 'column',
       lim.max_bytes
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, lim
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition AND c.relpersistence <> 't'
  AND a.attnum > 0 AND NOT a.attisdropped
  AND octet_length(a.attname) > lim.max_bytes - 4
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
UNION ALL
SELECT pg_catalog.format('%I.%I.%I', n.nspname, c.relname, k.conname), n.nspname, c.relname, k.conname,
       'constraint', lim.max_bytes
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, lim
WHERE k.conparentid = 0 AND k.coninhcount = 0 AND c.relpersistence <> 't'
  AND octet_length(k.conname) > lim.max_bytes - 4
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
UNION ALL
SELECT pg_catalog.format('%I.%I', n.nspname, p.proname), n.nspname, p.proname, p.proname, 'function', lim.max_bytes
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace, lim
WHERE octet_length(p.proname) > lim.max_bytes - 4
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
