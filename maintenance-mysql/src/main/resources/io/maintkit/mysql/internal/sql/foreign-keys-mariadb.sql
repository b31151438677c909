SELECT f.ID AS id, f.FOR_NAME AS for_name, f.REF_NAME AS ref_name, c.FOR_COL_NAME AS column_name,
       c.REF_COL_NAME AS ref_column, c.POS AS pos
FROM information_schema.INNODB_SYS_FOREIGN f
JOIN information_schema.INNODB_SYS_FOREIGN_COLS c ON c.ID = f.ID
ORDER BY f.ID, c.POS
