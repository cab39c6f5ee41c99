"""Every public function of ``dashboard.figures`` on tiny hand-made frames: the shape of
the figure it returns, its scales, and what it says when there is nothing to draw."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash import Patch

from dashboard import figures
from dashboard.layers import layer

WINDOW = "1 Jan 2024 – 31 Dec 2024"


def countries(values: dict[str, int]) -> pd.DataFrame:
    """A country layer frame: incidents = the value, fatalities twice it, civilians once."""
    iso3 = list(values)
    counts = [values[k] for k in iso3]
    return pd.DataFrame(
        {
            "iso3": iso3,
            "name": [f"Country {k}" for k in iso3],
            "incidents": counts,
            "fatalities": [2 * v for v in counts],
            "civilian_fatalities": counts,
        }
    )


def cells(counts: list[int]) -> pd.DataFrame:
    """A grid layer frame: one 0.5 degree cell per count, west to east along the equator."""
    return pd.DataFrame(
        {
            "lat": [0.25] * len(counts),
            "lon": [0.25 + 0.5 * i for i in range(len(counts))],
            "incidents": counts,
            "fatalities": counts,
            "civilian_fatalities": [0] * len(counts),
        }
    )


def admin1(incidents: list[int]) -> pd.DataFrame:
    codes = [f"R{i}" for i in range(len(incidents))]
    return pd.DataFrame(
        {
            "admin1_code": codes,
            "name": [f"Region {c}" for c in codes],
            "incidents": incidents,
            "fatalities": incidents,
            "civilian_fatalities": incidents,
        }
    )


def points(fatalities: list[int | None]) -> pd.DataFrame:
    n = len(fatalities)
    return pd.DataFrame(
        {
            "lat": [4.12345] * n,
            "lon": [18.56789] * n,
            "location": ["Bangui"] * n,
            "admin1_name": ["Bangui"] * n,
            "event_date": [date(2024, 3, 1)] * n,
            "category": ["violence_against_civilians"] * n,
            "fatalities": fatalities,
            "source": ["ucdp"] * n,
            "admin1_code": ["R0"] * n,
        }
    )


def annotation_texts(fig) -> list[str]:
    layout = fig.layout if isinstance(fig, go.Figure) else fig["layout"]
    return [a["text"] for a in layout["annotations"]]


# --- scales and words --------------------------------------------------------------------


def test_colorscale_runs_from_light_to_dark_as_explicit_stops():
    scale = figures.colorscale("YlOrRd")
    assert scale[0][0] == 0 and scale[-1][0] == 1
    assert scale[0][1] == "rgb(255,255,204)" and scale[-1][1] == "rgb(128,0,38)"


def test_window_text_names_both_days():
    assert figures.window_text(date(2025, 11, 1), date(2026, 10, 31)) == "1 Nov 2025 – 31 Oct 2026"


def test_an_empty_figure_says_why_at_the_height_asked():
    fig = go.Figure(figures.empty_figure("Nothing here", height=200))  # valid for plotly
    assert fig.data == ()
    assert fig.layout.height == 200 and annotation_texts(fig) == ["Nothing here"]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


def test_count_scale_greys_zero_and_starts_the_colours_at_one():
    scale, top = figures.count_scale("YlOrRd", [0, 3, 10])
    assert top == 10.0
    assert scale[0] == [0, figures.NONE_COLOUR] and scale[1] == [0.05, figures.NONE_COLOUR]
    assert scale[2][0] == pytest.approx(0.05) and scale[-1][0] == pytest.approx(1.0)


def test_count_scale_of_nothing_still_reaches_one():
    scale, top = figures.count_scale("Blues", [None, float("nan")])
    assert top == 1.0 and scale[1] == [0.5, figures.NONE_COLOUR]


def test_count_ticks_are_whole_numbers_up_to_five_then_plotlys():
    assert figures.count_ticks(3) == {"tickvals": [0, 1, 2, 3], "ticktext": ["none", "1", "2", "3"]}
    assert figures.count_ticks(6) == {}


def test_bubbles_grow_by_area_between_the_smallest_and_largest():
    assert figures.bubble_sizes(pd.Series([100, 25, 0])) == [30.0, 15.0, 6.0]
    assert figures.bubble_sizes(pd.Series([0, 0])) == [6, 6]
    assert figures.bubble_sizes(pd.Series([], dtype=float)) == []


def test_wrapped_breaks_at_spaces_and_keeps_a_short_label():
    assert figures.wrapped("one two three", width=7) == "one two<br>three"
    assert figures.wrapped("short") == "short"


def test_category_labels_cover_the_vocabulary():
    labels = figures.category_labels()
    assert len(labels) == 11 and labels["other"]
    assert "violence_against_civilians" in labels


def test_clicked_region_from_a_region_a_dot_or_nothing():
    assert figures.clicked_region({"points": [{"location": "R1"}]}) == "R1"
    dot = {"points": [{"customdata": ["Bangui", "2024-03-01", "x", 2, "ucdp", "R0"]}]}
    assert figures.clicked_region(dot) == "R0"
    assert figures.clicked_region(None) is None
    assert figures.clicked_region({"points": [{"customdata": [1, 2]}]}) is None


def test_graph_config_keeps_maps_offline_and_names_the_png():
    config = figures.graph_config("overview-map")
    assert config["topojsonURL"].endswith("/assets/topojson/")
    assert config["toImageButtonOptions"]["filename"] == "overview-map"


# --- the world map ---------------------------------------------------------------------------


def test_world_map_of_a_country_layer_colours_each_country_by_its_value():
    fig = figures.world_map(countries({"CAF": 4, "TCD": 2}), layer("incidents"), WINDOW)
    trace = fig["data"][0]
    assert trace["type"] == "choropleth" and trace["locations"] == ["CAF", "TCD"]
    assert trace["z"] == [4, 2] and (trace["zmin"], trace["zmax"]) == (0, 4.0)
    assert trace["customdata"][0] == ["Country CAF", 4, 8, 4, WINDOW]
    assert fig["layout"]["meta"] == {"layer": "incidents"}
    assert fig["layout"]["annotations"] == []


def test_world_map_names_the_highest_countries_at_their_label_points():
    places = pd.DataFrame(
        {"iso3": ["CAF", "TCD", "SDN"], "lat": [6.5, 15.0, 15.5], "lon": [20.5, 19.0, 30.0]}
    )
    frame = countries({"CAF": 4, "TCD": 0, "SDN": 9})
    fig = figures.world_map(frame, layer("incidents"), WINDOW, places)
    assert fig["data"][1]["text"] == ["Country SDN", "Country CAF"]  # none: not named
    labels = figures.country_labels(frame, layer("incidents"), places)
    assert labels.columns.tolist() == ["name", "lat", "lon"] and len(labels) == 2


def test_world_map_of_a_grid_layer_draws_squares_coloured_by_count():
    trace = figures.world_map(cells([1, 5]), layer("density"), WINDOW)["data"][0]
    assert trace["type"] == "scattergeo" and trace["marker"]["symbol"] == "square"
    assert trace["marker"]["color"] == [1, 5] and trace["marker"]["cmax"] == 5.0
    assert trace["lon"] == [0.25, 0.75] and trace["customdata"] == [[1, 0], [5, 0]]


def test_world_map_with_a_fixed_range_keeps_it_whatever_the_data():
    frame = countries({"CAF": 1}).assign(
        risk_pct=[9.0], risk_2y_pct=[12.0], rank=[1], countries_ranked=[160], drivers=["x"]
    )
    trace = figures.world_map(frame, layer("risk"), WINDOW)["data"][0]
    assert (trace["zmin"], trace["zmax"]) == (0, 5)
    assert trace["colorbar"]["ticktext"][-1] == "5% or more"


def test_an_empty_world_map_says_no_incidents():
    fig = figures.world_map(countries({}), layer("incidents"), WINDOW)
    assert fig["data"][0]["locations"] == []
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["No incidents in this window"]


def test_the_world_map_patch_sends_only_values():
    patch = figures.world_map_patch(countries({"CAF": 3}), layer("incidents"), WINDOW)
    assert isinstance(patch, Patch)
    operations = {tuple(op["location"]) for op in patch.to_plotly_json()["operations"]}
    assert ("data", 0, "z") in operations and ("data", 0, "locations") in operations
    assert ("layout", "annotations") in operations
    assert not any("geo" in location for location in operations)


# --- time series and the country page -------------------------------------------------------


def series(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": pd.to_datetime([r[0] for r in rows]),
            "category": [r[1] for r in rows],
            "incidents": [r[2] for r in rows],
            "fatalities": [2 * r[2] for r in rows],
        }
    )


def test_time_series_stacks_one_bar_trace_per_group():
    fig = figures.time_series(
        series([("2024-01-01", "a", 2), ("2024-02-01", "a", 1), ("2024-01-01", "b", 3)]),
        "category",
        {"a": "Alpha"},
    )
    assert [t["name"] for t in fig["data"]] == ["Alpha", "b"]
    assert fig["data"][0]["y"] == [2, 1] and fig["data"][0]["customdata"] == [4, 2]
    assert fig["layout"]["barmode"] == "stack"
    assert fig["layout"]["yaxis"]["dtick"] == 1  # tallest stack 5: whole numbers


def test_an_empty_time_series_says_so():
    fig = figures.time_series(series([]), "category")
    assert annotation_texts(fig) == ["No incidents in this window"]


def test_country_map_draws_regions_then_points_then_forecast_cells():
    forecast = pd.DataFrame({"lat": [4.25], "lon": [18.75], "probability_pct": [40.0]})
    fig = figures.country_map({}, admin1([0, 6]), points([4, None]), WINDOW, cells=forecast)
    regions, dots, squares = fig["data"]
    assert regions["locations"] == ["R0", "R1"] and regions["zmax"] == 6.0
    assert dots["lat"] == [4.123, 4.123] and dots["marker"]["size"] == [8.4, 4.0]
    assert dots["customdata"][1][3] == -1  # unknown fatalities
    assert squares["name"] == "forecast" and squares["marker"]["line"]["width"] == [4.0]
    assert fig["layout"]["geo"]["fitbounds"] == "geojson"


def test_the_country_map_patch_sends_values_and_the_selected_outline():
    patch = figures.country_map_patch(admin1([1, 2]), points([1]), WINDOW, selected="R1")
    operations = patch.to_plotly_json()["operations"]
    assert {
        "operation": "Assign",
        "location": ["data", 0, "z"],
        "params": {"value": [1, 2]},
    } in operations
    outline = next(op for op in operations if op["location"] == ["data", 0, "marker", "line"])
    assert outline["params"]["value"]["width"] == [0.6, 3.0]


def components(scores: list[float | None]) -> pd.DataFrame:
    n = len(scores)
    return pd.DataFrame(
        {
            "label": [f"Factor {i}" for i in range(n)],
            "score": scores,
            "dimension": [("structural", "dynamic")[i % 2] for i in range(n)],
            "present": [1] * n,
            "expected": [2] * n,
        }
    )


def test_risk_factors_chart_draws_bars_bottom_up_and_greys_missing_scores():
    fig = figures.risk_factors_chart(components([7.5, None]))
    bar = fig["data"][0]
    assert bar["orientation"] == "h" and bar["y"] == ["Factor 1", "Factor 0"]
    assert bar["x"] == [0.0, 7.5] and bar["marker"]["color"][0] == "#d5dae0"
    assert fig["layout"]["xaxis"]["range"] == [0, 10]


def test_an_empty_risk_factors_chart_says_there_is_no_model():
    fig = figures.risk_factors_chart(components([]))
    assert annotation_texts(fig) == ["No risk model for this country: no indicators or incidents"]


def test_forecast_history_marks_onsets_and_the_current_forecast():
    history = pd.DataFrame(
        {
            "year": [2020, 2021],
            "risk": [0.01, 0.05],
            "rank": [40, 3],
            "countries": [160, 160],
            "onset": [False, True],
        }
    )
    fig = figures.forecast_history_chart(history, {"data_year": 2023, "risk_1y": 0.031})
    line, onsets, current = fig["data"]
    assert line["y"] == [1.0, 5.0] and line["customdata"] == ["rank 40 of 160", "rank 3 of 160"]
    assert onsets["x"] == [2021] and current["x"] == [2024] and current["y"] == [3.1]


def test_an_empty_forecast_history_says_there_is_none():
    fig = figures.forecast_history_chart(pd.DataFrame(), None)
    assert annotation_texts(fig) == ["No forecast for this country"]


# --- prevention capacity ---------------------------------------------------------------------


def venues(audiences: list[str]) -> pd.DataFrame:
    n = len(audiences)
    return pd.DataFrame(
        {
            "audience": audiences,
            "lat": [1.0] * n,
            "lon": [2.0] * n,
            "participants": [25 * (i + 1) for i in range(n)],
            "title": ["Course"] * n,
            "venue": [None] * n,
            "name": ["Chad"] * n,
            "start_date": [date(2024, 5, 1)] * n,
            "organisation": ["UN"] * n,
            "topic": [None] * n,
        }
    )


def test_training_map_has_one_trace_per_audience_with_bubbles_by_participants():
    fig = figures.training_map(venues(["member_state", "civil_society", "member_state"]))
    assert [t["name"] for t in fig["data"]] == ["Civil society", "Member State officials"]
    # 25 and 75 participants of at most 75: 30 * sqrt(25 / 75) = 17.3 px across
    assert fig["data"][1]["marker"]["size"] == [17.3, 30.0]
    assert fig["data"][0]["customdata"][0][1] == "venue not given"


def test_an_empty_training_map_says_so():
    fig = figures.training_map(venues([]))
    assert annotation_texts(fig) == ["No trainings with venue coordinates match these filters"]


def test_training_series_stacks_trainings_per_year_by_group():
    frame = pd.DataFrame(
        {
            "period": [2023, 2024, 2024],
            "group": ["un_system", "un_system", "x"],
            "trainings": [1, 2, 9],
            "participants": [10, 20, 90],
        }
    )
    fig = figures.training_series(frame, {"un_system": "UN system"})
    assert [t["name"] for t in fig["data"]] == ["UN system", "x"]
    assert (
        fig["data"][0]["x"] == [2023, 2024]
        and fig["data"][0]["marker"]["color"] == figures.AUDIENCE_COLOURS["un_system"]
    )
    assert "dtick" not in fig["layout"]["yaxis"]  # tallest stack 11: plotly's ticks
    assert annotation_texts(figures.training_series(frame.iloc[0:0])) == [
        "No trainings match these filters"
    ]


def test_coverage_map_tells_members_overlaps_and_suspensions_apart():
    members = pd.DataFrame(
        {
            "iso3": ["MLI", "NER", "GHA"],
            "name": ["Mali", "Niger", "Ghana"],
            "n_orgs": [1, 2, 1],
            "orgs": [["ECOWAS"], ["ECOWAS", "AU"], ["AU"]],
            "suspended_in": [["ECOWAS"], [], []],
            "mechanisms": [[], ["ECOWARN"], []],
        }
    )
    trace = figures.coverage_map(members)["data"][0]
    assert trace["z"] == [3, 2, 1] and (trace["zmin"], trace["zmax"]) == (0.5, 3.5)
    assert trace["customdata"][0][2] == "ECOWAS" and trace["customdata"][2][3] == "none recorded"
    assert annotation_texts(figures.coverage_map(members.iloc[0:0])) == [
        "No members recorded on this date"
    ]


def test_gap_map_scales_gaps_from_zero_to_one():
    gaps = pd.DataFrame(
        {
            "iso3": ["SDN"],
            "name": ["Sudan"],
            "gap": [0.12345],
            "rank": [1],
            "reasons": ["high risk"],
        }
    )
    trace = figures.gap_map(gaps)["data"][0]
    assert trace["z"] == [0.123] and (trace["zmin"], trace["zmax"]) == (0, 1)
    assert trace["customdata"] == [["Sudan", 1, "high risk"]]
    assert annotation_texts(figures.gap_map(gaps.iloc[0:0])) == [
        "No country has a risk score on this date"
    ]
