SELECT DISTINCT s.TABLE_SCHEMA AS table_schema, s.TABLE_NAME AS table_name
FROM information_schema.STATISTICS s
WHERE s.INDEX_TYPE = 'FULLTEXT'
  AND s.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
