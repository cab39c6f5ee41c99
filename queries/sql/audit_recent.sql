-- The latest events, newest first; an empty prefix means every action.
SELECT "at", actor, action, CAST(detail AS VARCHAR) AS detail, remote_addr
FROM audit_events
WHERE starts_with(action, $action_prefix)
ORDER BY "at" DESC
LIMIT $limit
