DROP TABLE stage_trainings;
DROP TABLE stage_trainings_status;
