-- Record the backtest of the forecast a refresh stored.
INSERT INTO cell_forecast_runs VALUES ($forecast_from, $forecast_to, $training_pairs,
    $backtest_auc, $backtest_from, $backtest_to, $backtest_pairs, $model)
