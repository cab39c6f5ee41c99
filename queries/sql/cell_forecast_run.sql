-- The latest stored cell forecast's period and its backtest on this warehouse.
SELECT forecast_from, forecast_to, training_pairs, backtest_auc, backtest_from,
       backtest_to, backtest_pairs, model
FROM cell_forecast_runs
LIMIT 1
