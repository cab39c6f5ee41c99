SELECT min(start_date) AS first_date, max(start_date) AS last_date FROM trainings
