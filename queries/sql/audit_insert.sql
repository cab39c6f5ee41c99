INSERT INTO audit_events VALUES ($at, $actor, $action, $detail, $remote_addr)
