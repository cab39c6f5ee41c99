-- The shipped commitments (from the Arrow table _rows), replacing earlier reference rows;
-- a country's commitment a user imported or corrected is left alone.
DELETE FROM commitments WHERE source = 'reference';
INSERT INTO commitments BY NAME
SELECT r.*, 'reference' AS source, NULL::INTEGER AS batch_id
FROM _rows AS r
ANTI JOIN commitments AS c USING (iso3, commitment)
