SELECT batch_id FROM ${markers} WHERE id = ? LOCK IN SHARE MODE
