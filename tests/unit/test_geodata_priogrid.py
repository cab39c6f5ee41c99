"""PRIO-GRID cell ids, centres and squares."""

from __future__ import annotations

import numpy as np
import pytest

from geodata.boundaries import GeodataError
from geodata.priogrid import cell_center, cell_polygon, land_cells, priogrid_gid


def test_ucdp_sample_row_has_the_published_gid():
    # UCDP GED 23.1, event 12422: latitude 8.416667, longitude 20.666667, priogrid_gid 141522
    assert priogrid_gid(8.416667, 20.666667) == 141522


def test_corners_and_clamped_edges():
    gids = priogrid_gid([-90, -90, -89.5, 90, 0, -89.9], [-180, -179.5, -180, 180, 0, 179.9])
    assert gids.tolist() == [1, 2, 721, 259200, 180 * 720 + 360 + 1, 720]
    assert gids.dtype == np.int64


def test_formula_by_hand():
    # row = floor((10.2 + 90) / 0.5) = 200, col = floor((-3.7 + 180) / 0.5) = 352
    assert priogrid_gid(10.2, -3.7) == 200 * 720 + 352 + 1


def test_out_of_range_or_missing_coordinates_are_refused():
    with pytest.raises(GeodataError, match=r"latitude must be within -90\.\.90; got 95\.0"):
        priogrid_gid([10, 95], [0, 0])
    with pytest.raises(GeodataError, match="longitude must be within -180..180; got nan"):
        priogrid_gid(0, float("nan"))


def test_cell_center_of_the_sample_cell():
    lat, lon = cell_center(141522)
    assert (float(lat), float(lon)) == (8.25, 20.75)


def test_center_round_trips_through_the_gid():
    gids = np.random.default_rng(5).integers(1, 259201, 1000)
    lat, lon = cell_center(gids)
    assert (priogrid_gid(lat, lon) == gids).all()


def test_cell_polygon_is_the_half_degree_square():
    square = cell_polygon(141522)
    assert square.bounds == (20.5, 8.0, 21.0, 8.5)
    assert square.area == 0.25
    assert [p.bounds for p in cell_polygon([1, 259200])] == [(-180.0, -90.0, -179.5, -89.5),
                                                             (179.5, 89.5, 180.0, 90.0)]


@pytest.mark.parametrize("gid", [0, 259201, 1.5])
def test_invalid_gids_are_refused(gid):
    with pytest.raises(GeodataError, match="PRIO-GRID ids must be"):
        cell_center(gid)


def test_land_cells_give_each_cell_the_country_of_its_centre():
    cells = land_cells().set_index("gid")["iso3"]
    assert cells[141522] == "CAF"      # UCDP's cell near Ndele, centre (8.25, 20.75)
    assert cells[139364] == "CAF"      # Bria, centre (6.75, 21.75)
    # Bangui's cell: its centre (4.25, 18.75) lies across the Ubangi, in DR Congo.
    assert cells[int(priogrid_gid(4.36, 18.56))] == "COD"


def test_land_cells_keep_coasts_and_islands_and_leave_out_the_open_sea():
    cells = land_cells().set_index("gid")["iso3"]
    # Centres at sea, but the cells overlap the land: Malta, Singapore.
    assert cells[int(priogrid_gid(35.9, 14.45))] == "MLT"
    assert cells[int(priogrid_gid(1.35, 103.82))] == "SGP"
    assert int(priogrid_gid(0.0, -30.0)) not in cells.index   # mid-Atlantic


def test_land_cells_are_one_row_per_cell_sorted():
    cells = land_cells()
    assert list(cells.columns) == ["gid", "iso3"]
    assert cells["gid"].is_unique and cells["gid"].is_monotonic_increasing
    assert cells["gid"].dtype == np.int32
    assert 80_000 < len(cells) < 90_000      # about 65,000 land cells plus Antarctica
    assert (cells["iso3"] == "CAF").sum() == 203   # 623,000 km2 / ~3,070 km2 a cell
