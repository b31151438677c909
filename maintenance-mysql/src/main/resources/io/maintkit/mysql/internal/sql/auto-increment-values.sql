SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name, t.AUTO_INCREMENT AS auto_increment
FROM information_schema.TABLES t
WHERE t.AUTO_INCREMENT IS NOT NULL
  AND t.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
