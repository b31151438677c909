COPY (SELECT ${columns} FROM ${relation}) TO STDOUT (FORMAT csv, HEADER)
