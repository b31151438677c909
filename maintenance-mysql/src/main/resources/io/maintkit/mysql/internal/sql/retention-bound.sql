SELECT ${key} AS bound
FROM ${relation}
WHERE ${key} ${lower} ? AND ${key} <= ?
ORDER BY ${key}
LIMIT 1 OFFSET ${offset}
