DROP TABLE stage_assessments;
DROP TABLE stage_assessments_status;
