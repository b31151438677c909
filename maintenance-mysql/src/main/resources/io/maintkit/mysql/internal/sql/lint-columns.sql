SELECT c.TABLE_SCHEMA AS table_schema, c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name,
       c.ORDINAL_POSITION AS ordinal, c.DATA_TYPE AS data_type, c.COLUMN_TYPE AS column_type,
       c.CHARACTER_SET_NAME AS charset, c.COLLATION_NAME AS collation, c.EXTRA AS extra
FROM information_schema.COLUMNS c
WHERE c.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION
