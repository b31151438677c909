-- What one backend's maintenance command is doing, from the progress views. Parameter: 1 = the backend's pid.
-- ${analyze}: the pg_stat_progress_analyze branch on PG13+, nothing before.
WITH b AS (SELECT ?::int AS pid)
SELECT 'vacuum' AS command, p.phase, p.heap_blks_scanned AS done, p.heap_blks_total AS total, 'heap blocks' AS unit
FROM pg_catalog.pg_stat_progress_vacuum p JOIN b ON b.pid = p.pid
UNION ALL
SELECT 'rebuild', p.phase, p.heap_blks_scanned, p.heap_blks_total, 'heap blocks'
FROM pg_catalog.pg_stat_progress_cluster p JOIN b ON b.pid = p.pid
UNION ALL
SELECT 'index build', p.phase, CASE WHEN p.blocks_total > 0 THEN p.blocks_done ELSE p.tuples_done END,
       CASE WHEN p.blocks_total > 0 THEN p.blocks_total ELSE p.tuples_total END,
       CASE WHEN p.blocks_total > 0 THEN 'blocks' ELSE 'tuples' END
FROM pg_catalog.pg_stat_progress_create_index p JOIN b ON b.pid = p.pid
${analyze}
