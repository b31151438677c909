-- The cutoff column's value of the batch's last row, reading the column's index from the previous batch's end on.
SELECT CAST(${column} AS text) AS bound FROM ${relation}
WHERE ${column} < ${cutoff} ${lower}
ORDER BY ${column} OFFSET ${offset} LIMIT 1
