-- A table retention works on: its kind, the cutoff column's number and type, its columns in order, whether an
-- index leads with the cutoff column, and its estimated row count.
-- Parameters: 1 = column name, 2 = schema, 3 = table.
SELECT c.oid, c.relkind::text AS relkind, c.reltuples,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject,
       a.attnum, a.atttypid::int AS type_oid,
       ARRAY(SELECT x.attname::text FROM pg_catalog.pg_attribute x
             WHERE x.attrelid = c.oid AND x.attnum > 0 AND NOT x.attisdropped ORDER BY x.attnum) AS columns,
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum) AS indexed
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
