-- Invalid indexes a failed or cancelled REINDEX ... CONCURRENTLY leaves on a table: named <index>_ccnew[N] (the
-- new copy) or <index>_ccold[N] (the old one, after the swap). Parameters: 1 = table schema, 2 = table name.
SELECT c.oid, n.nspname, c.relname
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
WHERE tn.nspname = ? AND t.relname = ?
  AND NOT i.indisvalid
  AND c.relname ~ '_cc(new|old)[0-9]*$'
