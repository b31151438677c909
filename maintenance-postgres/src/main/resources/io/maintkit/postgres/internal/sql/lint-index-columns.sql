-- Indexes in scope (not a partition's copy of its parent's index) with a B-tree array key, boolean keys only, or a
-- predicate testing IS NOT NULL on NOT NULL columns of the table. Parameters: 1, 2 = schemas (text[], empty for all).
SELECT * FROM (
    SELECT pg_catalog.format('%I.%I', n.nspname, ci.relname) AS subject,
           pg_catalog.format('%I.%I', n.nspname, ct.relname) AS table_subject,
           n.nspname, ci.relname, ct.relname AS table_relname,
           am.amname = 'btree' AND EXISTS (
               SELECT 1 FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) AS k(attnum)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
               JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
               WHERE t.typcategory = 'A') AS array_key,
           NOT i.indisunique AND i.indisvalid AND i.indexprs IS NULL AND NOT EXISTS (
               SELECT 1 FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) AS k(attnum)
               LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
               WHERE a.atttypid IS DISTINCT FROM 'pg_catalog.bool'::regtype) AS boolean_keys,
           (SELECT string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY a.attnum)
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = i.indrelid AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
              AND strpos(pg_catalog.pg_get_expr(i.indpred, i.indrelid),
                         '(' || pg_catalog.quote_ident(a.attname) || ' IS NOT NULL)') > 0) AS not_null_tested,
           pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS pred
    FROM pg_catalog.pg_index i
    JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
    JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = ci.relnamespace
    JOIN pg_catalog.pg_am am ON am.oid = ci.relam
    WHERE NOT ci.relispartition
      AND ci.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))) x
WHERE array_key OR boolean_keys OR not_null_tested IS NOT NULL
