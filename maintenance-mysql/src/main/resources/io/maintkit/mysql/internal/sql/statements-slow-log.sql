SELECT db AS schema_name, LEFT(CONVERT(sql_text USING utf8mb4), 2000) AS statement, COUNT(*) AS calls,
       SUM(TIME_TO_SEC(query_time)) AS total_seconds, AVG(TIME_TO_SEC(query_time)) AS mean_seconds,
       SUM(rows_examined) AS rows_examined
FROM mysql.slow_log
GROUP BY db, LEFT(CONVERT(sql_text USING utf8mb4), 2000)
ORDER BY total_seconds DESC
LIMIT ${limit}
