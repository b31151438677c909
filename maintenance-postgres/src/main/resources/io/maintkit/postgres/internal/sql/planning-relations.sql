-- The relations a maintenance plan names, by subject (schema.name as format('%I.%I') writes it), with the sizes
-- the plan's cost estimates need. Sizes come from pg_class page counts, which take no lock.
-- Parameters: 1 = subjects (text[]).
SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, c.oid, n.nspname, c.relname, c.relkind::text AS relkind,
       c.relpages::bigint * pg_catalog.current_setting('block_size')::bigint AS size_bytes,
       (c.relpages::bigint + coalesce(t.relpages, 0)
        + coalesce((SELECT sum(x.relpages) FROM pg_catalog.pg_index ix JOIN pg_catalog.pg_class x ON x.oid = ix.indexrelid
                    WHERE ix.indrelid = c.oid), 0))::bigint * pg_catalog.current_setting('block_size')::bigint AS total_bytes,
       i.indisvalid,
       tn.nspname AS table_schema, tc.relname AS table_name,
       tc.relpages::bigint * pg_catalog.current_setting('block_size')::bigint AS table_size_bytes,
       -- what pg_repack needs to rebuild a table online: a primary key or a unique, valid, non-partial index on
       -- NOT NULL columns without expressions
       (c.relkind = 'r' AND EXISTS (
           SELECT 1 FROM pg_catalog.pg_index k
           WHERE k.indrelid = c.oid AND k.indisvalid AND k.indpred IS NULL
             AND (k.indisprimary OR (k.indisunique AND k.indexprs IS NULL AND NOT EXISTS (
                 SELECT 1 FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = c.oid AND a.attnum = ANY (k.indkey::int2[]) AND NOT a.attnotnull))))) AS repack_key
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
LEFT JOIN pg_catalog.pg_class tc ON tc.oid = i.indrelid
LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
WHERE c.relkind IN ('r', 'm', 'i')
  AND pg_catalog.format('%I.%I', n.nspname, c.relname) = ANY (?::text[])
