-- A chunk's good rows, from the Arrow table _rows.
INSERT INTO stage_trainings BY NAME SELECT * FROM _rows
