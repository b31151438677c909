-- What an interrupted pg_repack of one table leaves: its trigger on the table and its log table, primary key type
-- and copy in the schema repack, all named after the table's oid.
-- Parameters: 1 = schema, 2 = name.
SELECT c.oid,
       EXISTS (SELECT 1 FROM pg_catalog.pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname IN ('repack_trigger', 'z_repack_trigger')) AS has_trigger,
       pg_catalog.to_regclass('repack.log_' || c.oid) IS NOT NULL AS has_log,
       pg_catalog.to_regclass('repack.table_' || c.oid) IS NOT NULL AS has_copy,
       pg_catalog.to_regtype('repack.pk_' || c.oid) IS NOT NULL AS has_type
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ? AND c.relname = ?
