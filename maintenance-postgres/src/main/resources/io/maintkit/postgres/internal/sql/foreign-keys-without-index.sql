-- Foreign keys whose columns do not lead any valid, non-partial index of their table (in any order).
-- Parameters: 1, 2 = schemas to include (text[], empty for all).
SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, n.nspname, c.relname, k.conname,
       pg_catalog.format('%I.%I.%I', n.nspname, c.relname, k.conname) AS constraint_subject,
       pg_catalog.pg_get_constraintdef(k.oid) AS definition,
       (SELECT string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY x.ord)
        FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, ord)
        JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum) AS columns
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE k.contype = 'f'
  AND k.conparentid = 0
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_index i
      WHERE i.indrelid = k.conrelid AND i.indisvalid AND i.indpred IS NULL
        AND i.indnkeyatts >= cardinality(k.conkey)
        AND (i.indkey::int2[])[0:cardinality(k.conkey) - 1] @> k.conkey
        AND (i.indkey::int2[])[0:cardinality(k.conkey) - 1] <@ k.conkey)
