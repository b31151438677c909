-- Tables (and TOAST tables, named by their owner) whose XID or multixact age reaches a fraction of the freeze
-- maximum that applies to them (a table may lower it with autovacuum_freeze_max_age).
-- Parameters: 1 = autovacuum_freeze_max_age, 2 = autovacuum_multixact_freeze_max_age, 3, 4 = schemas to include
-- (text[], empty for all), 5, 6 = the fraction (0..1) of the limit from which a table is returned.
WITH rel AS (
    SELECT c.oid, c.relkind, c.relfrozenxid, c.relminmxid,
           coalesce(o.relname, c.relname) AS relname, coalesce(o.relnamespace, c.relnamespace) AS relnamespace,
           o.oid IS NOT NULL AS is_toast,
           coalesce(c.reloptions, o.reloptions)::text[] AS reloptions
    FROM pg_catalog.pg_class c
    LEFT JOIN pg_catalog.pg_class o ON c.relkind = 't' AND o.reltoastrelid = c.oid
    WHERE c.relkind IN ('r', 'm', 't') AND c.relpersistence <> 't'
),
lim AS (
    SELECT r.*,
           least(?::float8, coalesce((SELECT split_part(x, '=', 2)::float8 FROM unnest(r.reloptions) x
                                      WHERE x LIKE 'autovacuum\_freeze\_max\_age=%'), 'Infinity')) AS freeze_max,
           least(?::float8, coalesce((SELECT split_part(x, '=', 2)::float8 FROM unnest(r.reloptions) x
                                      WHERE x LIKE 'autovacuum\_multixact\_freeze\_max\_age=%'), 'Infinity')) AS mxid_max
    FROM rel r
)
SELECT pg_catalog.format('%I.%I', n.nspname, l.relname) AS subject, l.is_toast,
       pg_catalog.age(l.relfrozenxid) AS xid_age, pg_catalog.mxid_age(l.relminmxid) AS mxid_age,
       l.freeze_max, l.mxid_max
FROM lim l
JOIN pg_catalog.pg_namespace n ON n.oid = l.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
  AND (pg_catalog.age(l.relfrozenxid) >= l.freeze_max * ?::float8
       OR pg_catalog.mxid_age(l.relminmxid) >= l.mxid_max * ?::float8)
