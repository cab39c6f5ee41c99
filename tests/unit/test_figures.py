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


def test_the_world_map_names_the_countries_with_the_highest_values():
    frame = pd.DataFrame({"iso3": ["CAF", "TCD", "SDN", "NER"],
                          "name": ["Central African Republic", "Chad", "Sudan", "Niger"],
                          "incidents": [5, 0, 9, 1], "fatalities": [0] * 4,
                          "civilian_fatalities": [0] * 4})
    places = pd.DataFrame({"iso3": ["CAF", "TCD", "SDN"], "lat": [6.6, 15.0, 15.9],
                           "lon": [20.6, 18.7, 30.0]})
    fig = figures.world_map(frame, layer("incidents"), "2022", places)
    names = fig["data"][1]
    assert names["mode"] == "text" and names["text"] == ["Sudan", "Central African Republic"]
    assert names["lat"] == [15.9, 6.6] and names["hoverinfo"] == "skip"   # Chad: 0; Niger: no point
    patch = figures.world_map_patch(frame.assign(incidents=[5, 7, 1, 0]), layer("incidents"),
                                    "2022", places).to_plotly_json()
    text = [op for op in patch["operations"] if op["location"] == ["data", 1, "text"]]
    assert text[0]["params"]["value"] == ["Chad", "Central African Republic", "Sudan"]


def test_the_selected_region_is_outlined_and_regions_are_named():
    admin1 = pd.DataFrame({"admin1_code": ["A", "B"], "name": ["Alpha", "Beta"],
                           "incidents": [0, 3], "fatalities": [0, 1],
                           "civilian_fatalities": [0, 0]})
    points = pd.DataFrame(columns=["lat", "lon", "location", "admin1_name", "event_date",
                                   "category", "fatalities", "source", "admin1_code"])
    names = pd.DataFrame({"name": ["Alpha", "Beta"], "lat": [1.0, 2.0], "lon": [3.0, 4.0]})
    fig = figures.country_map({}, admin1, points, "2022", selected="B", names=names)
    line = fig["data"][0]["marker"]["line"]
    assert line["width"] == [0.6, 3.0] and line["color"][1] == figures.SELECTED_OUTLINE
    assert fig["data"][2]["text"] == ["Alpha", "Beta"]


def test_the_country_map_draws_rivers_and_lakes_over_its_regions():
    admin1 = pd.DataFrame({"admin1_code": ["A"], "name": ["Alpha"], "incidents": [1],
                           "fatalities": [0], "civilian_fatalities": [0]})
    points = pd.DataFrame(columns=["lat", "lon", "location", "admin1_name", "event_date",
                                   "category", "fatalities", "source", "admin1_code"])
    water = {"rivers": ([1.0, 2.0, None], [3.0, 4.0, None]), "lakes": ([], [])}
    fig = figures.country_map({}, admin1, points, "2022", water=water)
    rivers = next(t for t in fig["data"] if t.get("name") == "rivers")
    assert fig["data"].index(rivers) == 2                     # over the regions and points
    assert rivers["lat"] == [1.0, 2.0, None] and rivers["mode"] == "lines"
    assert rivers["hoverinfo"] == "skip"
    assert "lakes" not in [t.get("name") for t in fig["data"]]   # none in the box: no trace


def test_the_country_map_shows_its_towns_under_the_region_names():
    admin1 = pd.DataFrame({"admin1_code": ["A"], "name": ["Alpha"], "incidents": [1],
                           "fatalities": [0], "civilian_fatalities": [0]})
    points = pd.DataFrame(columns=["lat", "lon", "location", "admin1_name", "event_date",
                                   "category", "fatalities", "source", "admin1_code"])
    towns = pd.DataFrame({"name": ["Bangui"], "lat": [4.36], "lon": [18.55],
                          "population": [812407]})
    names = pd.DataFrame({"name": ["Alpha"], "lat": [1.0], "lon": [3.0]})
    fig = figures.country_map({}, admin1, points, "2022", names=names, towns=towns)
    assert [t.get("name") for t in fig["data"]][-2:] == ["towns", "names"]
    assert fig["data"][-2]["text"] == ["Bangui"] and fig["data"][-2]["mode"] == "markers+text"


def test_a_town_a_region_label_already_names_or_would_cover_writes_no_name():
    admin1 = pd.DataFrame({"admin1_code": ["A"], "name": ["Aleppo"], "incidents": [1],
                           "fatalities": [0], "civilian_fatalities": [0]})
    points = pd.DataFrame(columns=["lat", "lon", "location", "admin1_name", "event_date",
                                   "category", "fatalities", "source", "admin1_code"])
    names = pd.DataFrame({"name": ["Aleppo", "Ar Raqqah", "Dayr Az Zawr", "Dimashq"],
                          "lat": [36.0, 35.8, 35.1, 33.3], "lon": [37.5, 38.8, 40.4, 36.6]})
    towns = pd.DataFrame({"name": ["Aleppo", "Raqqah", "Deir ez-Zor", "Homs", "Damascus"],
                          "lat": [36.20, 35.95, 35.15, 34.73, 33.51],
                          "lon": [37.16, 39.02, 40.45, 36.71, 36.29],
                          "population": [1_600_000, 177_000, 242_000, 775_000, 1_570_000]})
    fig = figures.country_map({}, admin1, points, "2022", names=names, towns=towns)
    trace = next(t for t in fig["data"] if t.get("name") == "towns")
    # same name (the article aside), same place, and two towns clear of every label
    assert trace["text"] == ["", "", "", "Homs", "Damascus"]
    assert [c[0] for c in trace["customdata"]] == towns["name"].tolist()   # hover names all
    assert "customdata[0]" in trace["hovertemplate"]
