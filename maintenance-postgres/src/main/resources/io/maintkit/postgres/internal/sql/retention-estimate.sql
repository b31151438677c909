SELECT count(*) AS row_count, coalesce(sum(pg_catalog.pg_column_size(t.*)), 0) AS row_bytes
FROM ${relation} t WHERE ${column} < ${cutoff}
