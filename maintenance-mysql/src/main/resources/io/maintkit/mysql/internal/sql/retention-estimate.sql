SELECT COUNT(*) AS row_count, MIN(${key}) AS low, MAX(${key}) AS high
FROM ${relation}
WHERE ${column} < ?
