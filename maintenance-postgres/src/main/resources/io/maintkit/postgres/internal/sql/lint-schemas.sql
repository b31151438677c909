-- The schemas asked for that the database does not have (a misspelt name would otherwise lint nothing).
-- Parameter: 1 = schemas asked for (text[]).
SELECT s.name
FROM unnest(?::text[]) AS s(name)
WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = s.name)
