DELETE FROM ${relation}
WHERE ${key} ${lower} ? AND ${key} <= ? AND ${column} < ?
RETURNING ${columns}
