-- The rules of pg_hba.conf as the server parsed them (superusers and, where granted, pg_read_all_settings).
-- ${file_name}: file_name on PG15+, which may include other files; NULL before.
SELECT r.line_number, ${file_name} AS file_name, r.type, r.database, r.user_name, r.address, r.auth_method, r.error
FROM pg_catalog.pg_hba_file_rules r
ORDER BY r.line_number
