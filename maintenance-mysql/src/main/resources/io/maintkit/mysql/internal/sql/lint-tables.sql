SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name, t.ENGINE AS engine,
       t.TABLE_COLLATION AS table_collation
FROM information_schema.TABLES t
WHERE t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
  AND t.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
