SELECT SCHEMA_NAME AS schema_name, DIGEST_TEXT AS statement, COUNT_STAR AS calls,
       SUM_TIMER_WAIT / 1000000000000 AS total_seconds, AVG_TIMER_WAIT / 1000000000000 AS mean_seconds,
       SUM_ROWS_EXAMINED AS rows_examined
FROM performance_schema.events_statements_summary_by_digest
WHERE DIGEST_TEXT IS NOT NULL
ORDER BY SUM_TIMER_WAIT DESC
LIMIT ${limit}
