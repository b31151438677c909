-- Roles that may log in, with how their password is stored; pg_authid is readable by superusers only.
SELECT a.rolname, a.rolpassword LIKE 'md5%' AS md5, a.rolpassword IS NULL AS no_password
FROM pg_catalog.pg_authid a
WHERE a.rolcanlogin
ORDER BY a.rolname
