-- A chunk's good rows, from the Arrow table _rows.
INSERT INTO stage_commitments BY NAME SELECT * FROM _rows
