"""Getis-Ord Gi*, Mann-Kendall and the emerging-hotspot classes, against values worked out
by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from queries.analytics.hotspots import (
    confidence,
    emerging_pattern,
    gi_star,
    mann_kendall,
    p_value,
)


def block(rows: int, cols: int, row0: int = 200, col0: int = 300) -> np.ndarray:
    """PRIO-GRID ids of a rows x cols block, row by row from the south-west corner."""
    return np.array([(row0 + r) * 720 + col0 + c + 1 for r in range(rows) for c in range(cols)])


def test_gi_star_on_a_3x3_grid_by_hand():
    # Values 1..9, row by row from the south-west:   7 8 9
    #                                                 4 5 6
    #                                                 1 2 3
    # n = 9, mean 5, sum x^2 = 285, S^2 = 285/9 - 25 = 20/3.
    # Corner "1": neighbours 1, 2, 4, 5 -> sum 12, W = 4; numerator 12 - 5*4 = -8;
    #   (n W - W^2) / (n - 1) = (36 - 16) / 8 = 5/2; z = -8 / sqrt(20/3 * 5/2) = -8 / sqrt(50/3).
    # Edge "2": neighbours 1..6 -> sum 21, W = 6; numerator -9; (54 - 36) / 8 = 9/4;
    #   z = -9 / sqrt(20/3 * 9/4) = -9 / sqrt(15).
    # Edge "4": neighbours 1, 2, 4, 5, 7, 8 -> 27; numerator -3; z = -3 / sqrt(15).
    # Corner "3": neighbours 2, 3, 5, 6 -> sum 16, W = 4; numerator -4: z = -4 / sqrt(50/3).
    # Centre "5": W = 9 = n, so (n W - W^2) = 0: undefined, reported as 0.
    # The grid is antisymmetric about "5": "9" is minus "1", "8" minus "2", "7" minus "3",
    # "6" minus "4".
    gids = block(3, 3)
    z = gi_star(gids, np.arange(1.0, 10.0), gids)
    one, two, three, four = (8 / math.sqrt(50 / 3), 9 / math.sqrt(15), 4 / math.sqrt(50 / 3),
                             3 / math.sqrt(15))
    expected = [-one, -two, -three, -four, 0.0, four, three, two, one]
    assert z == pytest.approx(expected, abs=1e-6)
    assert z[0] == pytest.approx(-1.959592, abs=1e-6)
    assert z[1] == pytest.approx(-2.323790, abs=1e-6)


def test_gi_star_on_a_4x4_grid_with_one_hot_cell():
    # One incident in the cell at row 1, col 1 of a 4x4 block; the rest 0.
    # n = 16, mean 1/16, sum x^2 = 1, S^2 = 1/16 - 1/256 = 15/256.
    # Hot cell (W = 9): numerator 1 - 9/16 = 7/16; (16*9 - 81) / 15 = 63/15;
    #   z = (7/16) / sqrt(15/256 * 63/15) = (7/16) / (sqrt(63)/16) = 7 / sqrt(63).
    # Corner (0, 0), its neighbour (W = 4): numerator 1 - 4/16 = 3/4; (64 - 16) / 15 = 48/15;
    #   z = (3/4) / (sqrt(48)/16) = 12 / sqrt(48) = sqrt(3).
    # Far corner (3, 3) (W = 4, sum 0): numerator -1/4; z = -4 / sqrt(48) = -1/sqrt(3).
    # Top edge (3, 1) (W = 6, sum 0): numerator -6/16; (96 - 36) / 15 = 4;
    #   z = -(3/8) / (sqrt(15)/16 * 2) = -3 / sqrt(15).
    gids = block(4, 4)
    z = gi_star([gids[5]], [1.0], gids)
    assert z[5] == pytest.approx(7 / math.sqrt(63), abs=1e-6)
    assert z[0] == pytest.approx(math.sqrt(3), abs=1e-6)
    assert z[15] == pytest.approx(-1 / math.sqrt(3), abs=1e-6)
    assert z[13] == pytest.approx(-3 / math.sqrt(15), abs=1e-6)


def test_cells_absent_from_values_count_zero_and_outside_values_are_ignored():
    gids = block(4, 4)
    outside = block(1, 1, row0=100)[0]
    dense = np.zeros(16)
    dense[5] = 1.0
    sparse = gi_star([gids[5], outside], [1.0, 50.0], gids)
    assert sparse == pytest.approx(gi_star(gids, dense, gids), abs=1e-12)


def test_neighbours_outside_the_study_area_do_not_count():
    # A 3x3 block without its centre "5" (a value observed there is ignored):
    #   7 8 9      corners have W = 3 (themselves and two edges),
    #   4 . 6      edges W = 5 (themselves, two corners, the two other edges diagonally).
    #   1 2 3
    # Value 1 in corner "1", the rest 0: n = 8, mean 1/8, S^2 = 1/8 - 1/64 = 7/64.
    # (n W - W^2) / (n - 1) = (24 - 9) / 7 = (40 - 25) / 7 = 15/7 for both W, so the
    # denominator is sqrt(7/64 * 15/7) = sqrt(15)/8 everywhere; z = 8 * numerator / sqrt(15).
    # "1" (W 3, sum 1): 1 - 3/8 = 5/8 -> 5/sqrt(15).  "2", "4" (W 5, sum 1): 3/8 -> 3/sqrt(15).
    # "3", "7", "9" (W 3, sum 0): -3/8 -> -3/sqrt(15).  "6", "8" (W 5, sum 0): -5/sqrt(15).
    gids = np.delete(block(3, 3), 4)
    z = gi_star([gids[0], block(3, 3)[4]], [1.0, 100.0], gids)
    assert z * math.sqrt(15) == pytest.approx([5, 3, -3, 3, -5, -3, -5, -3], abs=1e-6)


def test_grid_edges_do_not_wrap_or_crash():
    # Cells 1 (row 0, col 0), 720 (row 0, col 719), 721 (row 1, col 0), 1440 (row 1,
    # col 719). Without wrapping, 1 and 721 neighbour each other only, as do 720 and 1440:
    # W = 2 everywhere. Value 1 in cell 720: n = 4, mean 1/4, S^2 = 3/16,
    # (4*2 - 4) / 3 = 4/3, denominator sqrt(3/16 * 4/3) = 1/2; numerators +-1/2: z = +-1.
    z = gi_star([720], [1.0], [1, 720, 721, 1440])
    assert z == pytest.approx([-1.0, 1.0, -1.0, 1.0], abs=1e-9)
    north = gi_star([259200], [3.0], [259199, 259200, 258480])
    assert np.isfinite(north).all()


def test_equal_values_one_cell_or_a_whole_area_neighbourhood_give_zero():
    gids = block(4, 4)
    assert (gi_star(gids, np.full(16, 2.5), gids) == 0).all()
    assert (gi_star([], [], gids) == 0).all()
    assert gi_star([gids[0]], [4.0], [gids[0]]).tolist() == [0.0]
    pair = block(1, 2)
    assert gi_star(pair, [1.0, 0.0], pair).tolist() == [0.0, 0.0]


def test_slices_are_computed_each_on_its_own():
    gids = block(4, 4)
    first, second = np.zeros(16), np.arange(16.0)
    first[5] = 1.0
    z = gi_star(gids, np.column_stack([first, second]), gids)
    assert z.shape == (16, 2)
    assert z[:, 0] == pytest.approx(gi_star(gids, first, gids))
    assert z[:, 1] == pytest.approx(gi_star(gids, second, gids))


def test_areas_are_separate_study_areas():
    # The same 4x4 block studied as two countries: each is its own area, and a value
    # observed in one does not reach the other.
    gids = block(4, 4)
    z = gi_star([gids[5], gids[0]], [1.0, 1.0], np.r_[gids, gids],
                areas=["AAA", "BBB"], study_areas=["AAA"] * 16 + ["BBB"] * 16)
    assert z[:16] == pytest.approx(gi_star([gids[5]], [1.0], gids))
    assert z[16:] == pytest.approx(gi_star([gids[0]], [1.0], gids))


def test_space_time_gi_star_against_a_reference_cube_by_hand():
    # A 3x3 block over a cube of 10 months: 90 bins, 9 of them 1 (sum 9, sum of squares 9):
    # mean 0.1, S^2 = 0.1 - 0.01 = 0.09. The window is 2 months deep; the centre cell was
    # active in both (window value 2), the others in neither.
    # Centre: W = 9 * 2 = 18, local 2, numerator 2 - 1.8 = 0.2;
    #   (90*18 - 324) / 89 = 1296/89, denominator 0.3 * 36 / sqrt(89): z = sqrt(89) / 54.
    # Corner: W = 4 * 2 = 8, local 2, numerator 2 - 0.8 = 1.2;
    #   (720 - 64) / 89 = 656/89: z = 1.2 / (0.3 * sqrt(656/89)) = 4 sqrt(89/656).
    gids = block(3, 3)
    z = gi_star([gids[4]], [2.0], gids, depth=2, reference={None: (90, 9, 9)})
    assert z[4] == pytest.approx(math.sqrt(89) / 54, abs=1e-6)
    assert z[0] == pytest.approx(4 * math.sqrt(89 / 656), abs=1e-6)


def test_gi_star_refuses_bad_input():
    gids = block(2, 2)
    with pytest.raises(ValueError, match="twice"):
        gi_star([], [], np.r_[gids, gids[:1]])
    with pytest.raises(ValueError, match="PRIO-GRID ids"):
        gi_star([0], [1.0], gids)
    with pytest.raises(ValueError, match="rows for"):
        gi_star(gids, [1.0], gids)
    with pytest.raises(ValueError, match="reference lacks"):
        gi_star(gids, np.ones(4), gids, areas=["A"] * 4, study_areas=["A"] * 4,
                reference={"B": (4, 1, 1)})


def test_p_values_and_confidence_levels():
    assert p_value([0.0, 1.959964, -2.575829]) == pytest.approx([1.0, 0.05, 0.01], abs=1e-6)
    z = [-3.0, 1.644, 1.645, 1.96, 2.575, 2.576, 9.0]
    assert confidence(z).tolist() == [0, 0, 90, 95, 95, 99, 99]


def test_mann_kendall_without_ties():
    # 1..5 rising: every one of the 10 pairs rises, S = 10; var = 5*4*15/18 = 50/3;
    # z = (10 - 1) / sqrt(50/3) = 2.204541, p = 0.027486.
    s, z, p = mann_kendall([1, 2, 3, 4, 5])
    assert s == 10
    assert z == pytest.approx(9 / math.sqrt(50 / 3), abs=1e-6)
    assert p == pytest.approx(0.027486, abs=1e-6)
    # 10 values falling: S = -45, var = 10*9*25/18 = 125, z = -44 / sqrt(125).
    s, z, _ = mann_kendall(np.arange(10.0)[::-1])
    assert (s, z) == (-45, pytest.approx(-44 / math.sqrt(125), abs=1e-6))


def test_mann_kendall_with_ties():
    # 1 1 2 5 5 5 3: pairs from each value onwards give +5, +5, +4, -1, -1, -1: S = 11.
    # var = (7*6*19 - [2*1*9 for the two 1s] - [3*2*11 for the three 5s]) / 18 = 714/18;
    # z = (11 - 1) / sqrt(714/18) = 1.587768.
    s, z, p = mann_kendall([1, 1, 2, 5, 5, 5, 3])
    assert s == 11
    assert z == pytest.approx(10 / math.sqrt(714 / 18), abs=1e-6)
    assert p == pytest.approx(math.erfc(z / math.sqrt(2)), abs=1e-12)
    # 1 2 2 3: S = 5, var = (4*3*13 - 18) / 18 = 138/18, z = 4 / sqrt(138/18).
    assert mann_kendall([1, 2, 2, 3])[1] == pytest.approx(4 / math.sqrt(138 / 18), abs=1e-6)


def test_mann_kendall_flat_series_and_rows_at_once():
    assert mann_kendall([3, 3, 3, 3]) == (0, 0.0, 1.0)
    rows = np.array([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [2, 2, 2, 2, 2], [1, 1, 2, 3, 3]])
    s, z, p = mann_kendall(rows)
    assert s.tolist() == [10, -10, 0, 8]  # 1 1 2 3 3: +3 +3 +2 +0
    for i, row in enumerate(rows):
        assert (s[i], z[i], p[i]) == pytest.approx(mann_kendall(row))


# Twelve monthly slices each; "x" marks a hot slice, "c" a cold one.
def flags(pattern: str) -> tuple[list[bool], list[bool]]:
    return [c == "x" for c in pattern], [c == "c" for c in pattern]


@pytest.mark.parametrize(("slices", "trend_z", "trend_p", "expected"), [
    ("...........x", 0.5, 0.6, "new"),
    ("........c..x", 0.5, 0.6, "new"),                # cold before, never hot: still new
    (".........xxx", 2.1, 0.04, "consecutive"),
    ("x........xxx", 2.1, 0.04, "sporadic"),          # hot before the run
    (".xxxxxxxxxxx", 3.0, 0.001, "intensifying"),     # 11 of 12 = 92% hot
    (".xxxxxxxxxxx", 0.8, 0.4, "persistent"),
    ("xxxxxxxxxxxx", 0.0, 1.0, "persistent"),
    ("xxxxx.xxxxxx", -3.0, 0.001, "diminishing"),
    ("..xx...x...x", 0.2, 0.8, "sporadic"),
    ("..xx.c.x...x", 0.2, 0.8, "oscillating"),
    ("xxxxxxxxxxx.", -1.0, 0.3, "historical"),
    ("xxxxxxxxxx..", -1.0, 0.3, None),                # 10 of 12 = 83%: not historical
    ("..xx...x....", 0.2, 0.8, None),                 # not hot now, not mostly hot
    ("............", 0.0, 1.0, None),
    ("..xxxxxxxxxx", 3.0, 0.001, "consecutive"),       # 10 of 12: one run, not mostly hot
])
def test_emerging_patterns(slices, trend_z, trend_p, expected):
    hot, cold = flags(slices)
    assert emerging_pattern([hot], [cold], [trend_z], [trend_p]).tolist() == [expected]


def test_emerging_patterns_for_many_cells_at_once():
    hot, cold = zip(*(flags(s) for s in ("...........x", "xxxxxxxxxxx.", "............")),
                    strict=True)
    assert emerging_pattern(hot, cold, [0, 0, 0], [1, 1, 1]).tolist() == ["new", "historical",
                                                                          None]
