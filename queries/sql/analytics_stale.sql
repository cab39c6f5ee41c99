-- True when the analytics were never computed or an import finished after the last run.
SELECT coalesce((SELECT max(finished_at) FROM import_batches)
                    > (SELECT max(computed_at) FROM analytics_runs),
                (SELECT count(*) FROM analytics_runs) = 0) AS stale
