-- Superusers other than the bootstrap superuser (oid 10, created by initdb), from pg_roles, which every role may read.
SELECT r.rolname, r.rolcanlogin
FROM pg_catalog.pg_roles r
WHERE r.rolsuper AND r.oid <> 10
ORDER BY r.rolname
