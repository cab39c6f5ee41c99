"""Rivers and lakes from a TopoJSON base map: a hand-made map small enough to check by
hand, and the shipped Natural Earth 1:50m map for one known river."""

from __future__ import annotations

import json

import pytest

from dashboard.maps import warm_up
from geodata import basemap, boundaries, water
from geodata.places import towns
from geodata.water import water_lines

# Quantised, delta-encoded arcs (scale 1, translate 0): arc 0 runs (0,0) (1,1) (2,2)
# (5,5); arc 1 runs (3,0) (3,1) (3,2); the lake is arc 1 then arc 0 reversed.
TOPO = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "arcs": [[[0, 0], [1, 1], [1, 1], [3, 3]], [[3, 0], [0, 1], [0, 1]]],
    "objects": {
        "rivers": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "LineString", "arcs": [0]},
                {"type": "MultiLineString", "arcs": [[1]]},
            ],
        },
        "lakes": {
            "type": "GeometryCollection",
            "geometries": [{"type": "Polygon", "arcs": [[1, -1]]}],
        },
    },
}


@pytest.fixture
def base_map(tmp_path):
    path = tmp_path / "world.json"
    path.write_text(json.dumps(TOPO), encoding="utf-8")
    return path


def test_lines_are_decoded_and_cut_where_they_leave_the_box(base_map):
    water = water_lines(0.5, 0.5, 3.5, 2.5, base_map)
    # arc 0 keeps (1,1) and (2,2); arc 1 keeps (3,1) and (3,2).
    assert water["rivers"] == ([1.0, 2.0, None, 1.0, 2.0, None], [1.0, 2.0, None, 3.0, 3.0, None])
    # the lake: (3,0) (3,1) (3,2) then (5,5) (2,2) (1,1) (0,0): two runs inside.
    assert water["lakes"] == ([1.0, 2.0, None, 2.0, 1.0, None], [3.0, 3.0, None, 2.0, 1.0, None])


def test_nothing_outside_the_box_and_a_reversed_box_is_refused(base_map):
    assert water_lines(10, 10, 20, 20, base_map) == {"rivers": ([], []), "lakes": ([], [])}
    with pytest.raises(ValueError, match="west to east"):
        water_lines(5, 0, 1, 1, base_map)


def test_the_shipped_map_has_the_nile_through_uganda_and_lake_victoria():
    water = water_lines(29.5, -1.5, 35.0, 4.3)  # Uganda's box
    lats, lons = water["rivers"]
    assert sum(v is None for v in lats) >= 3 and len(lats) == len(lons)
    assert all(-1.5 <= v <= 4.3 for v in lats if v is not None)
    shore_lats, shore_lons = water["lakes"]
    # Lake Victoria's northern shore, near Kampala (0.3 N, 32.6 E).
    assert any(
        v is not None and abs(v - 0.3) < 0.4 and abs(shore_lons[i] - 32.6) < 0.6
        for i, v in enumerate(shore_lats)
    )


def test_the_maps_warm_up_reads_towns_rivers_lakes_and_boundaries_once():
    towns.cache_clear()
    water._lines.cache_clear()
    basemap.raw_topology.cache_clear()
    boundaries._read_shipped.cache_clear()
    boundaries.country_label_points.cache_clear()
    warm_up()
    assert towns.cache_info().currsize == 1
    assert water._lines.cache_info().currsize == 2       # rivers and lakes
    assert basemap.raw_topology.cache_info().misses == 1      # the base map parsed once
    assert boundaries._read_shipped.cache_info().currsize == 2    # admin-1 and countries
    assert boundaries.country_label_points.cache_info().currsize == 1
