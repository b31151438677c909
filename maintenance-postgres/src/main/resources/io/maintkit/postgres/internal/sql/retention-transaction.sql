-- Opens a retention batch's transaction: its limits and output formats for this transaction only, and its id.
-- Parameters: 1 = statement_timeout, 2 = lock_timeout.
SELECT pg_catalog.set_config('statement_timeout', ?, true), pg_catalog.set_config('lock_timeout', ?, true),
       pg_catalog.set_config('TimeZone', 'UTC', true), pg_catalog.set_config('DateStyle', 'ISO, YMD', true),
       pg_catalog.txid_current() AS xid
