-- Sequences with their bounds, last value (NULL when unused or unreadable) and the column they feed.
-- Parameters: 1, 2 = schemas to include (text[], empty for all).
SELECT pg_catalog.format('%I.%I', s.schemaname, s.sequencename) AS subject, s.schemaname AS nspname, s.sequencename AS relname,
       s.data_type::text AS data_type, s.min_value, s.max_value, s.increment_by, s.cycle, s.last_value,
       pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') AS readable,
       col.subject AS column_subject, col.typname AS column_type
FROM pg_catalog.pg_sequences s
JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.sequencename
LEFT JOIN LATERAL (
    SELECT pg_catalog.format('%I.%I.%I', tn.nspname, t.relname, a.attname) AS subject, ty.typname
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
    JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
      AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')
    LIMIT 1) col ON true
WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema')
  AND s.schemaname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR s.schemaname = ANY (?::text[]))
