DROP TABLE stage_memberships;
DROP TABLE stage_memberships_status;
