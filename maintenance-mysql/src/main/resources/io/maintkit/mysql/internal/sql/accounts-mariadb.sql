SELECT u.User AS user, u.Host AS host, u.plugin AS plugin, u.authentication_string AS auth,
       u.Super_priv AS super_priv, u.File_priv AS file_priv, u.Grant_priv AS grant_priv, u.ssl_type AS ssl_type,
       u.is_role AS is_role, IFNULL(JSON_VALUE(g.Priv, '$.account_locked'), 'false') AS locked
FROM mysql.user u
LEFT JOIN mysql.global_priv g ON g.User = u.User AND g.Host = u.Host
