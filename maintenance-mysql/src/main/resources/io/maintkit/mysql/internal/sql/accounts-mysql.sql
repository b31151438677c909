SELECT u.User AS user, u.Host AS host, u.plugin AS plugin, u.authentication_string AS auth,
       u.Super_priv AS super_priv, u.File_priv AS file_priv, u.Grant_priv AS grant_priv, u.ssl_type AS ssl_type,
       'N' AS is_role, IF(u.account_locked = 'Y', 'true', 'false') AS locked
FROM mysql.user u
