-- Every index in scope with what the index check needs; sizes from pg_class, which takes no lock.
-- Parameters: 1, 2 = schemas to include (text[], empty for all). ${last_idx_scan}: s.last_idx_scan on PG16+.
SELECT i.indexrelid AS oid, i.indrelid AS table_oid,
       pg_catalog.format('%I.%I', n.nspname, ci.relname) AS subject,
       pg_catalog.format('%I.%I', n.nspname, ct.relname) AS table_subject,
       n.nspname, ci.relname, ct.relname AS table_relname, am.amname,
       i.indisvalid, i.indisready, i.indisunique, i.indisprimary, i.indisexclusion, i.indnkeyatts,
       i.indkey::int2[] AS indkey, i.indclass::oid[]::int8[] AS indclass, i.indcollation::oid[]::int8[] AS indcollation,
       i.indoption::int2[] AS indoption,
       pg_catalog.pg_get_expr(i.indexprs, i.indrelid) AS exprs,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS pred,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid) AS backs_constraint,
       EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) AS building,
       ci.relkind = 'I' AS partitioned, ci.relispartition AS inherited,
       ci.relpages::bigint * current_setting('block_size')::int AS size_bytes,
       s.idx_scan, ${last_idx_scan} AS last_idx_scan
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid
JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = ci.relnamespace
JOIN pg_catalog.pg_am am ON am.oid = ci.relam
LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
WHERE ci.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
