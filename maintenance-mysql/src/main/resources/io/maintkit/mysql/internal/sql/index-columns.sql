SELECT s.TABLE_SCHEMA AS table_schema, s.TABLE_NAME AS table_name, s.INDEX_NAME AS index_name,
       s.NON_UNIQUE AS non_unique, s.SEQ_IN_INDEX AS seq, s.COLUMN_NAME AS column_name, s.SUB_PART AS sub_part,
       s.INDEX_TYPE AS index_type, s.NULLABLE AS nullable, s.COLLATION AS collation,
       ${hidden} AS hidden, ${expression} AS expression
FROM information_schema.STATISTICS s
WHERE s.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
ORDER BY s.TABLE_SCHEMA, s.TABLE_NAME, s.INDEX_NAME, s.SEQ_IN_INDEX
