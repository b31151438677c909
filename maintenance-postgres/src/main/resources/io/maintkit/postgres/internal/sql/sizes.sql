-- The database's size and its largest tables (with TOAST and indexes) and indexes. Ranking uses pg_class page
-- counts, which take no lock; only the few ranked relations are then measured.
-- Parameters: 1, 2 = schemas to include (text[], empty for all), 3 = how many, 4, 5 = schemas, 6 = how many.
WITH t AS (
    SELECT c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, 'table' AS kind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'm') AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
    ORDER BY c.relpages + coalesce((SELECT sum(x.relpages) FROM pg_catalog.pg_index i
                                    JOIN pg_catalog.pg_class x ON x.oid = i.indexrelid WHERE i.indrelid = c.oid), 0)
             + coalesce((SELECT x.relpages FROM pg_catalog.pg_class x WHERE x.oid = c.reltoastrelid), 0) DESC
    LIMIT ?
), i AS (
    SELECT c.oid, pg_catalog.format('%I.%I', n.nspname, c.relname) AS subject, 'index' AS kind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'i' AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
    ORDER BY c.relpages DESC
    LIMIT ?
)
SELECT subject, kind, pg_catalog.pg_total_relation_size(oid) AS size_bytes FROM t
UNION ALL
SELECT subject, kind, pg_catalog.pg_relation_size(oid) FROM i
UNION ALL
SELECT pg_catalog.current_database(), 'database', pg_catalog.pg_database_size(pg_catalog.current_database())
