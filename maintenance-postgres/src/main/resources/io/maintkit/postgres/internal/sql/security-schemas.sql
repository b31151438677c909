-- Schemas in which every role (PUBLIC, grantee 0) may create objects, the default ACL counted where none is set.
-- Parameters: 1, 2 = schemas to include (text[], empty for all).
SELECT n.nspname, pg_catalog.format('%I', n.nspname) AS subject
FROM pg_catalog.pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
  AND EXISTS (SELECT 1 FROM pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
              WHERE a.grantee = 0 AND a.privilege_type = 'CREATE')
ORDER BY n.nspname
