-- The current database's statements from pg_stat_statements, ${ext} being the extension's schema and
-- ${total}/${mean} its time columns (total_time/mean_time before 1.8, total_exec_time/mean_exec_time after).
-- Parameters: 1 = how many statements by total time and by mean time.
WITH s AS (
    SELECT st.queryid, st.calls, st.${total} AS total_ms, st.${mean} AS mean_ms, st.rows, left(st.query, 500) AS query
    FROM ${ext}.pg_stat_statements st
    WHERE st.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
)
(SELECT *, 'total' AS ranking FROM s ORDER BY total_ms DESC LIMIT ?)
UNION ALL
(SELECT *, 'mean' AS ranking FROM s ORDER BY mean_ms DESC LIMIT ?)
