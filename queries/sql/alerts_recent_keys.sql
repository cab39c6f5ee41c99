-- The changes alerted with data from $since on: not to be alerted again.
SELECT DISTINCT change_key FROM alerts WHERE data_as_of >= $since
