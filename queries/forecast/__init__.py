"""The country forecast: the risk that a new mass killing begins in a country within the
next 1 and 2 years (the Early Warning Project's definition), its inputs, its model, its
rolling-origin backtest, and the stored forecast the app reads."""
