DELETE FROM ${markers} WHERE table_name = ?
