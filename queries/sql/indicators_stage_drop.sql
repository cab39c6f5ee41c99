DROP TABLE stage_indicators;
DROP TABLE stage_indicators_status;
