SELECT s.SCHEMA_NAME AS schema_name FROM information_schema.SCHEMATA s
