SELECT ${columns}
FROM ${relation}
WHERE ${key} ${lower} ? AND ${key} <= ? AND ${column} < ?
ORDER BY ${key}
FOR UPDATE
