SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name, INDEX_NAME AS index_name, ROWS_READ AS uses
FROM information_schema.INDEX_STATISTICS
