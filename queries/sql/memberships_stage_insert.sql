-- A chunk's good rows, from the Arrow table _rows.
INSERT INTO stage_memberships BY NAME SELECT * FROM _rows
