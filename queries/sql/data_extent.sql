SELECT min(event_date) AS first_date, max(event_date) AS last_date
FROM incidents
WHERE ($source = '' OR source = $source) AND ($iso3 = '' OR iso3 = $iso3)
