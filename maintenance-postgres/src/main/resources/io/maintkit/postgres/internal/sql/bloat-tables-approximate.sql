-- Heap free and dead space from pgstattuple_approx (skips all-visible pages). ${ext} is the extension's schema.
SELECT r.oid, a.table_len, a.approx_free_space AS free_space, a.dead_tuple_len, a.dead_tuple_count
FROM pg_catalog.unnest(?::oid[]) AS r(oid)
CROSS JOIN LATERAL ${ext}.pgstattuple_approx(r.oid::regclass) AS a
