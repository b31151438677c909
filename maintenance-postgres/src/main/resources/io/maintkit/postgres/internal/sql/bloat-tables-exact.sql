-- Heap free and dead space from pgstattuple (reads every page). ${ext} is the extension's schema.
SELECT r.oid, t.table_len, t.free_space, t.dead_tuple_len, t.dead_tuple_count
FROM pg_catalog.unnest(?::oid[]) AS r(oid)
CROSS JOIN LATERAL ${ext}.pgstattuple(r.oid::regclass) AS t
