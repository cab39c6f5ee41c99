-- The one definition of the dashboard's filters, included by other queries with an
-- at-sign before this file's name. An empty string or list means "no filter on this field".
(
    SELECT * FROM incidents
    WHERE event_date BETWEEN $date_from AND $date_to
      AND (len($categories) = 0 OR list_contains($categories, category))
      AND ($source = '' OR source = $source)
      AND ($iso3 = '' OR iso3 = $iso3)
      AND ($admin1 = '' OR admin1_code = $admin1)
)
