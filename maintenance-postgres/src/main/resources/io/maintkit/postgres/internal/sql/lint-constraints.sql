-- Foreign keys, and check constraints not validated, of tables in scope; a partition's copy of its parent's
-- constraint is left out (the parent's is checked). For each column pair of a foreign key: the column, whether it
-- is nullable, and both types. Parameters: 1, 2 = schemas to include (text[], empty for all).
SELECT pg_catalog.format('%I.%I.%I', n.nspname, c.relname, k.conname) AS subject,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS table_subject, n.nspname, c.relname, k.conname,
       pg_catalog.quote_ident(k.conname) AS quoted_conname,
       k.contype, k.convalidated, k.confmatchtype, k.conrelid::int8 AS table_oid, k.confrelid::int8 AS referenced_oid,
       CASE WHEN fc.oid IS NOT NULL THEN pg_catalog.format('%I.%I', fn.nspname, fc.relname) END AS referenced,
       pg_catalog.pg_get_constraintdef(k.oid) AS definition,
       cols.names, cols.nullable, cols.mismatches, cols.pairs
FROM pg_catalog.pg_constraint k
JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class fc ON fc.oid = k.confrelid
LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN LATERAL (
    SELECT array_agg(pg_catalog.quote_ident(a.attname) ORDER BY x.ord) AS names,
           array_agg(pg_catalog.quote_ident(a.attname) ORDER BY x.ord) FILTER (WHERE NOT a.attnotnull) AS nullable,
           array_agg(pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                     || ' -> ' || pg_catalog.quote_ident(fa.attname) || ' '
                     || pg_catalog.format_type(fa.atttypid, fa.atttypmod) ORDER BY x.ord)
               FILTER (WHERE a.atttypid <> fa.atttypid OR a.atttypmod <> fa.atttypmod) AS mismatches,
           array_agg(a.attnum || ':' || fa.attnum ORDER BY x.ord) AS pairs
    FROM unnest(k.conkey, k.confkey) WITH ORDINALITY AS x(attnum, fattnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum
    JOIN pg_catalog.pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = x.fattnum) cols ON k.contype = 'f'
WHERE (k.contype = 'f' OR (k.contype = 'c' AND NOT k.convalidated))
  AND k.conparentid = 0 AND k.coninhcount = 0
  AND c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
