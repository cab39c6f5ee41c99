SELECT count(*) AS trainings, coalesce(sum(participants), 0)::BIGINT AS participants
FROM trainings
WHERE host_iso3 = $iso3 AND start_date BETWEEN $date_from AND $date_to
