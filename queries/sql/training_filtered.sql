-- The trainings the training page's filters choose, included as training_filtered:
-- started in [$date_from, $date_to], of the chosen audiences and topics (empty lists: all),
-- in one host country when $iso3 is given.
(
    SELECT *
    FROM trainings
    WHERE start_date BETWEEN $date_from AND $date_to
      AND (len($audiences) = 0 OR list_contains($audiences, audience))
      AND (len($topics) = 0 OR list_contains($topics, topic))
      AND ($iso3 = '' OR host_iso3 = $iso3)
)
