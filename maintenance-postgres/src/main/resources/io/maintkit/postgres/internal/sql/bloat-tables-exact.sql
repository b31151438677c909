-- Heap tuples and free space from pgstattuple (reads every page), with the count of rows ever updated or deleted
-- since the statistics were reset (none: no line pointer can have been left unused). ${ext} is the extension's
-- schema.
SELECT r.oid, t.table_len, t.tuple_count, t.tuple_len, t.dead_tuple_count, t.dead_tuple_len, t.free_space,
       pg_catalog.pg_stat_get_tuples_updated(r.oid) + pg_catalog.pg_stat_get_tuples_deleted(r.oid) AS removed
FROM pg_catalog.unnest(?::oid[]) AS r(oid)
CROSS JOIN LATERAL ${ext}.pgstattuple(r.oid::regclass) AS t
