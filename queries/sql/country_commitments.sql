-- A country's recorded commitments.
SELECT commitment, status, since, until, source, source_url, as_of
FROM commitments
WHERE iso3 = $iso3
ORDER BY commitment
