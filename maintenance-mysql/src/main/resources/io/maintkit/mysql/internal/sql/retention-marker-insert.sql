INSERT INTO ${markers} (batch_id, table_name) VALUES (?, ?)
