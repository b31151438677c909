SELECT c.TABLE_SCHEMA AS table_schema, c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name,
       c.DATA_TYPE AS data_type, c.COLUMN_TYPE AS column_type
FROM information_schema.COLUMNS c
WHERE c.EXTRA LIKE '%auto_increment%'
  AND c.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
