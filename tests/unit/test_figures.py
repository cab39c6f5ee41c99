"""Pure figure functions."""

import pandas as pd

from dashboard import figures
from dashboard.layers import layer


def test_low_values_are_light_and_high_values_dark_on_every_layer():
    frame = pd.DataFrame({"iso3": ["CAF"], "name": ["Central African Republic"],
                          "incidents": [5], "fatalities": [2], "civilian_fatalities": [1]})
    for key in ("incidents", "fatalities", "civilian_fatalities"):
        scale = figures.world_map(frame, layer(key), "2020")["data"][0]["colorscale"]
        low, high = scale[0][1], scale[-1][1]
        assert _lightness(low) > _lightness(high), key


def _lightness(color: str) -> float:
    if color.startswith("#"):
        r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(v) for v in color[color.index("(") + 1:-1].split(",")[:3])
    return 0.299 * r + 0.587 * g + 0.114 * b
