SELECT SCHEMA_NAME AS schema_name FROM information_schema.SCHEMATA
WHERE SCHEMA_NAME = 'test' OR SCHEMA_NAME LIKE 'test\_%'
