DROP TABLE stage_commitments;
DROP TABLE stage_commitments_status;
