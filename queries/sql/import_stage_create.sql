-- A staging table shaped like incidents, plus each row's record number in the file.
CREATE OR REPLACE TEMP TABLE stage_incidents AS
SELECT *, 0::BIGINT AS row_number FROM incidents LIMIT 0
