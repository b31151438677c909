COPY (WITH d AS (
        DELETE FROM ${relation} WHERE ${column} < ${cutoff} ${range}
        RETURNING ${columns})
      SELECT * FROM d) TO STDOUT (FORMAT csv, HEADER)
