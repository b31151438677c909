CREATE TABLE IF NOT EXISTS ${markers} (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    batch_id VARCHAR(100) NOT NULL,
    table_name VARCHAR(300) NOT NULL,
    created_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    KEY table_name (table_name(100))
) ENGINE=InnoDB COMMENT='maintkit table retention: one row per archive batch, written in the batch transaction'
