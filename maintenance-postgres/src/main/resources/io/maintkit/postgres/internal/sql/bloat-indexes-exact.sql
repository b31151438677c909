-- B-tree page use from pgstatindex (reads every page). ${ext} is the extension's schema.
SELECT r.oid, i.index_size, i.leaf_pages, i.internal_pages, i.empty_pages, i.deleted_pages, i.avg_leaf_density
FROM pg_catalog.unnest(?::oid[]) AS r(oid)
CROSS JOIN LATERAL ${ext}.pgstatindex(r.oid::regclass) AS i
