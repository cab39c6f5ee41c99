-- The latest incident date in the warehouse: analytics windows end here.
SELECT max(event_date) AS data_through FROM incidents
