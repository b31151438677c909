SELECT t.trx_mysql_thread_id AS thread_id, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS age_seconds,
       t.trx_state AS state, t.trx_query AS query, t.trx_rows_locked AS rows_locked,
       p.USER AS user, p.HOST AS host, p.COMMAND AS command
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY t.trx_started
