-- The rules of pg_hba.conf as the server parsed them (readable by superusers only by default).
-- ${file_name}: file_name on PG16+, where the file may include others; NULL before.
SELECT r.line_number, ${file_name} AS file_name, r.type, r.database, r.user_name, r.address, r.auth_method, r.error
FROM pg_catalog.pg_hba_file_rules r
ORDER BY r.line_number
