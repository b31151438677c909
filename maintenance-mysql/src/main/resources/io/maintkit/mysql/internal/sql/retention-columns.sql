SELECT t.ENGINE AS engine, t.TABLE_TYPE AS table_type, c.COLUMN_NAME AS column_name, c.DATA_TYPE AS data_type,
       t.AVG_ROW_LENGTH AS avg_row_length
FROM information_schema.TABLES t
JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?
ORDER BY c.ORDINAL_POSITION
