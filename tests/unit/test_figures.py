"""Pure figure functions."""

import pandas as pd
import pytest

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


def test_no_chart_offers_to_send_data_to_a_cloud_service():
    config = figures.graph_config("x")
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert "sendDataToCloud" in config["modeBarButtonsToRemove"]


def test_world_map_is_the_whole_world_in_natural_earth_projection():
    frame = pd.DataFrame({"iso3": ["CAF"], "name": ["Central African Republic"],
                          "incidents": [105], "fatalities": [2], "civilian_fatalities": [1]})
    geo = figures.world_map(frame, layer("incidents"), "2022")["layout"]["geo"]
    assert geo["projection"] == {"type": "natural earth"} and geo["fitbounds"] is False
    assert geo["lonaxis"]["range"] == [-180, 180]


def test_one_value_gives_a_scale_from_none_to_that_value():
    frame = pd.DataFrame({"iso3": ["CAF"], "name": ["Central African Republic"],
                          "incidents": [105], "fatalities": [2], "civilian_fatalities": [1]})
    trace = figures.world_map(frame, layer("incidents"), "2022")["data"][0]
    assert (trace["zmin"], trace["zmax"]) == (0, 105.0)
    assert trace["colorscale"][0] == [0, figures.NONE_COLOUR]


def test_zero_is_grey_and_small_counts_get_whole_number_ticks():
    scale, top = figures.count_scale("YlOrRd", [0, 0, 0])
    assert top == 1.0
    assert scale[0][1] == scale[1][1] == figures.NONE_COLOUR and scale[1][0] == 0.5
    assert scale[2][0] == 0.5 and scale[-1][0] == pytest.approx(1.0)
    assert figures.count_ticks(3) == {"tickvals": [0, 1, 2, 3],
                                      "ticktext": ["none", "1", "2", "3"]}
    assert figures.count_ticks(50) == {}


def test_small_counts_get_one_tick_per_whole_number():
    few = pd.DataFrame({"period": ["2022-01-01", "2022-01-01", "2022-02-01"],
                        "category": ["armed_conflict", "other", "other"],
                        "incidents": [2, 1, 3], "fatalities": [0, 0, 0]})
    yaxis = figures.time_series(few, "category")["layout"]["yaxis"]
    assert (yaxis["tick0"], yaxis["dtick"], yaxis["tickformat"]) == (0, 1, ",d")
    many = few.assign(incidents=[20, 10, 30])
    assert "dtick" not in figures.time_series(many, "category")["layout"]["yaxis"]


def test_long_risk_factor_names_wrap_instead_of_being_cut_off():
    name = "Signs of a widespread or systematic attack against any civilian population"
    assert figures.wrapped(name).replace("<br>", " ") == name
    assert all(len(line) <= 44 for line in figures.wrapped(name).split("<br>"))
    assert figures.wrapped("Escalation") == "Escalation"
