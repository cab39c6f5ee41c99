-- Empty the cell forecast before a refresh fills it again (in the refresh's transaction).
DELETE FROM cell_forecast;
DELETE FROM cell_forecast_runs;
