"""The country map's base map: the world's 1:50m TopoJSON cut to a box (shapes kept whole,
arcs renumbered), the box a fitted map can show when zoomed out, and the route that serves
the cut."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from dashboard.maps import BASE_MAP_ROUTE, country_view, register_base_map
from geodata.basemap import raw_topology, surroundings, zoomed_out_view

MYANMAR = (92.2, 9.8, 101.2, 28.5)
CHILE = (-75.7, -55.9, -66.4, -17.5)


def _countries(topology: dict) -> set[str]:
    return {g.get("id") for g in topology["objects"]["countries"]["geometries"]}


def test_the_whole_world_box_gives_the_whole_base_map_back():
    whole = json.loads(surroundings(-180, -90, 180, 90))
    world = raw_topology()
    assert whole["arcs"] == world["arcs"] and whole["transform"] == world["transform"]
    for name, shapes in world["objects"].items():
        # Empty shapes (and a multi-polygon's empty polygons) draw nothing: left out.
        kept = [_without_empty_polygons(g) for g in shapes["geometries"] if g.get("arcs")]
        assert whole["objects"][name]["geometries"] == kept


def _without_empty_polygons(geometry: dict) -> dict:
    if geometry["type"] != "MultiPolygon":
        return geometry
    return dict(geometry, arcs=[polygon for polygon in geometry["arcs"] if polygon])


def test_a_box_keeps_the_shapes_that_reach_into_it_and_only_their_arcs():
    cut = json.loads(surroundings(85, 3, 108, 35))
    countries = _countries(cut)
    assert {"MMR", "THA", "BGD", "IND", "CHN", "LAO"} <= countries
    assert not countries & {"BRA", "FRA", "USA", "NGA", "AUS"}
    assert len(cut["arcs"]) < len(raw_topology()["arcs"]) / 5
    used = set()

    def collect(arcs):
        if isinstance(arcs, int):
            used.add(arcs if arcs >= 0 else ~arcs)
        else:
            for part in arcs:
                collect(part)

    for shapes in cut["objects"].values():
        for geometry in shapes["geometries"]:
            collect(geometry["arcs"])
    assert used == set(range(len(cut["arcs"])))  # every arc used, every index valid
    # India's mainland keeps its shape: its arcs, renumbered, hold the same points.
    india = next(g for g in cut["objects"]["countries"]["geometries"] if g.get("id") == "IND")
    original = next(g for g in raw_topology()["objects"]["countries"]["geometries"]
                    if g.get("id") == "IND")
    assert len(india["arcs"][0][0]) == len(original["arcs"][0][0])
    for new, old in zip(india["arcs"][0][0], original["arcs"][0][0], strict=True):
        assert (new < 0) == (old < 0)
        assert cut["arcs"][new if new >= 0 else ~new] == raw_topology()["arcs"][
            old if old >= 0 else ~old]


def test_the_ocean_keeps_only_the_coasts_near_the_box():
    cut = json.loads(surroundings(85, 3, 108, 35))
    (ocean,) = cut["objects"]["ocean"]["geometries"]
    (world_ocean,) = raw_topology()["objects"]["ocean"]["geometries"]
    holes = sum(len(polygon) - 1 for polygon in ocean["arcs"])
    assert 0 < holes < sum(len(polygon) - 1 for polygon in world_ocean["arcs"]) / 10


@pytest.mark.parametrize("box", [(10, 0, 5, 20), (0, 30, 10, 20), (-200, 0, 10, 10),
                                 (0, 0, 10, 95)])
def test_a_box_that_is_not_one_is_refused(box):
    with pytest.raises(ValueError, match="west to east and south to north"):
        surroundings(*box)


@pytest.mark.parametrize("extent", [MYANMAR, CHILE, (35.7, 32.3, 42.4, 37.3)])
def test_the_zoomed_out_view_holds_the_country_and_more(extent):
    (west, south, east, north), minscale = zoomed_out_view(extent, 0.6)
    assert west < extent[0] and south < extent[1] and east > extent[2] and north > extent[3]
    # Zoomed out to 0.6 of the fitted scale, the map shows well over 1 / 0.6 of the
    # country's height (its frame is wider than the country, too).
    assert (north - south) > (extent[3] - extent[1]) / 0.6
    (_, _, _, _), closer = zoomed_out_view(extent, 0.9)
    assert closer == pytest.approx(minscale * 0.9 / 0.6)
    assert minscale > 1  # a country is smaller than the world


def test_a_country_across_the_antimeridian_or_the_world_gets_the_whole_width():
    (west, _, east, _), _ = zoomed_out_view((-180, 41, 180, 82), 0.6)
    assert (west, east) == (-180, 180)
    (west, _, east, _), _ = zoomed_out_view((177, -19, 182, -16), 0.6)
    assert (west, east) == (-180, 180)


def test_no_geometry_no_view():
    assert country_view(None) is None  # the extent of a country without regions


def test_the_route_serves_a_cut_and_refuses_anything_else():
    server = Flask(__name__)
    register_base_map(server)
    client = server.test_client()
    answer = client.get(f"{BASE_MAP_ROUTE}85,3,108,35/world_50m.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert "MMR" in _countries(json.loads(answer.data))
    for bad in ("85,3,108/", "a,b,c,d/", "108,3,85,35/", "0,0,10,1000/", "85,3,108,35/x.json"):
        assert client.get(f"{BASE_MAP_ROUTE}{bad}world_50m.json").status_code == 404
