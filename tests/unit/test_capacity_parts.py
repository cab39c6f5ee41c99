"""Pure pieces of the capacity pages: bubble sizes, URL parsing, the coverage summary,
the figures' traces, and the gap reasons in words."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard import figures
from dashboard.filters import parse_day, parse_orgs
from queries.capacity import gap_reasons

KNOWN = ["AU", "ECOWAS", "EU"]


def test_bubble_areas_grow_with_the_value():
    # diameters 30 * sqrt(v / 100): 100 -> 30, 25 -> 15, 4 -> 6, 0 -> the smallest, 6
    assert figures.bubble_sizes(pd.Series([100, 25, 4, 0])) == [30.0, 15.0, 6.0, 6.0]
    assert figures.bubble_sizes(pd.Series([0, 0])) == [6, 6]
    assert figures.bubble_sizes(pd.Series([], dtype=float)) == []


@pytest.mark.parametrize(("text", "chosen", "ignored"), [
    (None, ("ECOWAS",), ()),
    ("", (), ()),
    ("ecowas, AU,ecowas", ("ECOWAS", "AU"), ()),
    ("ECOWAS,NATO", ("ECOWAS",), ("org 'NATO'",)),
])
def test_parse_orgs(text, chosen, ignored):
    assert parse_orgs(text, KNOWN) == (chosen, ignored)


def test_parse_day():
    assert parse_day("2025-06-01") == (date(2025, 6, 1), ())
    day, ignored = parse_day("2025-02-30")
    assert day == date.today() and ignored == ("date '2025-02-30' (expected YYYY-MM-DD)",)


def members_frame():
    return pd.DataFrame({
        "iso3": ["BEN", "MLI", "NGA"], "name": ["Benin", "Mali", "Nigeria"],
        "orgs": [["AU", "ECOWAS"], ["AU"], ["AU", "ECOWAS"]], "n_orgs": [2, 1, 2],
        "suspended_in": [[], ["AU"], []],
        "mechanisms": [["AU: CEWS", "ECOWAS: ECOWARN"], ["AU: CEWS"], []]})


def test_coverage_map_colours_suspended_over_overlapping_over_member():
    trace = figures.coverage_map(members_frame())["data"][0]
    assert trace["z"] == [2, 3, 2]
    assert trace["customdata"][1][2:] == ["AU", "AU: CEWS", "suspended"]


def test_training_map_has_one_trace_per_audience_with_sizes():
    venues = pd.DataFrame({
        "title": ["A", "B", "C"], "venue": ["V1", None, "V3"], "name": ["Kenya"] * 3,
        "start_date": pd.to_datetime(["2025-01-01"] * 3), "participants": [100, 25, 4],
        "organisation": [None] * 3, "topic": ["t"] * 3, "lat": [1.0, 2.0, 3.0],
        "lon": [30.0, 31.0, 32.0], "audience": ["un_system", "member_state", "un_system"]})
    traces = figures.training_map(venues)["data"]
    assert [t["name"] for t in traces] == ["Member State officials", "UN system"]
    assert traces[0]["marker"]["size"] == [15.0]
    assert traces[1]["marker"]["size"] == [30.0, 6.0]
    assert traces[0]["customdata"][0][1] == "venue not given"


def test_training_map_draws_the_forecast_under_the_bubbles():
    venues = pd.DataFrame({
        "title": ["A"], "venue": ["V1"], "name": ["Kenya"],
        "start_date": pd.to_datetime(["2025-01-01"]), "participants": [10],
        "organisation": [None], "topic": ["t"], "lat": [1.0], "lon": [30.0],
        "audience": ["un_system"]})
    risk = pd.DataFrame({"iso3": ["KEN", "SDN", "ATA"], "name": ["Kenya", "Sudan", "x"],
                         "risk_1y": [0.012, 0.045, None]})
    traces = figures.training_map(venues, risk, "Risk, 2025")["data"]
    under, bubbles = traces
    assert under["type"] == "choropleth" and bubbles["type"] == "scattergeo"   # drawn first
    assert under["locations"] == ["KEN", "SDN"] and under["z"] == [1.2, 4.5]
    assert under["zmin"] == 0 and under["zmax"] == 4.5 and not under["showlegend"]
    assert under["colorbar"]["title"]["text"] == "Risk, 2025"
    assert len(figures.training_map(venues)["data"]) == 1       # no forecast: bubbles only


def test_bubble_key_draws_reference_sizes_as_the_map_does():
    assert figures.bubble_key(100) == [(10, 9.5), (50, 21.2), (100, 30.0)]
    assert figures.bubble_key(3) == [(1, 17.3), (2, 24.5), (3, 30.0)]
    assert figures.bubble_key(0) == []


def gap_record(**overrides):
    rec = dict(basis="index", score=0.0614, top_share=0.08, mechanisms=0, mechanism_orgs=None,
               genocide_convention=None, rome_statute=None, gc_held=False, rs_held=False,
               focal_point=None, national_mechanism=None,
               last_training=pd.Timestamp("2023-05-17"), trainings_24m=0)
    rec.update(overrides)
    return rec


def test_gap_reasons_in_words():
    assert gap_reasons(gap_record(genocide_convention="not_party", rome_statute="not_party")) == (
        "forecast risk of a new mass killing 6.1% (top 10%); no regional early-warning "
        "mechanism covers it; party to "
        "neither the Genocide Convention nor the Rome Statute, R2P focal point not recorded, "
        "national prevention mechanism not recorded; no training since 2023-05")
    assert gap_reasons(gap_record(basis="incidents", score=412.0, top_share=0.3, mechanisms=2,
                                  mechanism_orgs="AU, ECOWAS", genocide_convention="party",
                                  gc_held=True, focal_point=True, national_mechanism=False,
                                  last_training=np.datetime64("2026-02-01"),
                                  trainings_24m=3)) == (
        "412 incidents in the last 365 days (top 30%; no forecast); 2 regional "
        "early-warning mechanisms (AU, ECOWAS); party to the Genocide Convention, not the "
        "Rome Statute (not recorded), an R2P focal point, no national prevention mechanism; "
        "3 trainings in the last 24 months (latest 2026-02)")
    assert gap_reasons(gap_record(last_training=None)).endswith("no training recorded")
