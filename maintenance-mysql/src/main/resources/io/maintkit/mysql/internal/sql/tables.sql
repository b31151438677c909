SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name, t.ENGINE AS engine,
       t.DATA_LENGTH AS data_length, t.INDEX_LENGTH AS index_length, t.DATA_FREE AS data_free,
       t.TABLE_ROWS AS table_rows, t.AUTO_INCREMENT AS auto_increment
FROM information_schema.TABLES t
WHERE t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
  AND t.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
