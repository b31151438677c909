SELECT COUNT(*) AS tables FROM information_schema.TABLES
