-- One secret of this warehouse (made once, by apply_schema).
INSERT INTO warehouse_secrets VALUES ($name, $value)
