-- Transaction ID and multixact ID age of every database.
SELECT d.datname, d.datallowconn, pg_catalog.age(d.datfrozenxid) AS xid_age, pg_catalog.mxid_age(d.datminmxid) AS mxid_age
FROM pg_catalog.pg_database d
