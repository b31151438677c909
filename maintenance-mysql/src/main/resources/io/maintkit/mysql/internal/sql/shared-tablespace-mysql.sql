SELECT t.NAME AS name FROM information_schema.INNODB_TABLES t
WHERE t.NAME LIKE '%/%' AND (t.SPACE = 0 OR t.SPACE_TYPE <> 'Single')
