-- Columns of tables in scope (partitions left out: their columns are the parent's) that have a type the schema
-- lint flags or are fed by a sequence they own (serial or identity).
-- Parameters: 1, 2 = schemas to include (text[], empty for all).
SELECT pg_catalog.format('%I.%I.%I', n.nspname, c.relname, a.attname) AS subject,
       pg_catalog.format('%I.%I', n.nspname, c.relname) AS table_subject, n.nspname, c.relname,
       t.typname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS column_type,
       a.attidentity <> '' AS identity,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
               WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) AS in_primary_key,
       seq.subject AS sequence_subject, seq.sequence_type, seq.sequence_type_name, seq.serial
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN LATERAL (
    SELECT pg_catalog.format('%I.%I', sn.nspname, sc.relname) AS subject, st.typname AS sequence_type,
           pg_catalog.format_type(s.seqtypid, NULL) AS sequence_type_name,
           d.deptype = 'a' AND EXISTS (
               SELECT 1 FROM pg_catalog.pg_attrdef ad
               WHERE ad.adrelid = c.oid AND ad.adnum = a.attnum
                 AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)
                     = 'nextval(' || pg_catalog.quote_literal(sc.oid::regclass::text) || '::regclass)') AS serial
    FROM pg_catalog.pg_depend d
    JOIN pg_catalog.pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
    JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace
    JOIN pg_catalog.pg_sequence s ON s.seqrelid = sc.oid
    JOIN pg_catalog.pg_type st ON st.oid = s.seqtypid
    WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
      AND d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype IN ('a', 'i')
    LIMIT 1) seq ON true
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND c.relpersistence <> 't'
  AND a.attnum > 0 AND NOT a.attisdropped
  AND (t.typname IN ('json', 'timestamp', 'timetz', 'money', 'bpchar') OR seq.subject IS NOT NULL)
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
