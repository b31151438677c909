SELECT p.ID AS waiting_thread, p.TIME AS wait_seconds, p.INFO AS waiting_query, p.STATE AS state
FROM information_schema.PROCESSLIST p
WHERE p.STATE LIKE 'Waiting for%metadata lock%'
