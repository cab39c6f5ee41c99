"""The pure parts of the demo generator, on values small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import MultiPolygon, box

from queries import demo, vocabulary


def test_cumulative_shares_restart_in_every_group_and_end_at_one():
    shares = demo.cumulative_shares(np.array([1.0, 3.0, 2.0, 2.0, 4.0]),
                                    np.array([0, 0, 1, 1, 1]))
    assert shares == pytest.approx([0.25, 1.0, 0.25, 0.5, 1.0])
    assert shares[[1, 4]].tolist() == [1.0, 1.0]


def test_pick_in_groups_picks_by_weight_within_the_row_group():
    item_group = np.array([0, 0, 1, 1, 1])
    shares = demo.cumulative_shares(np.array([1.0, 3.0, 2.0, 2.0, 4.0]), item_group)
    group = np.array([0, 0, 0, 1, 1, 1, 1])
    u = np.array([0.0, 0.24, 0.26, 0.0, 0.3, 0.6, 0.999999])
    assert demo.pick_in_groups(shares, item_group, group, u).tolist() == [0, 0, 1, 2, 3, 4, 4]


def test_pick_in_groups_never_leaves_the_group_even_at_u_close_to_one():
    item_group = np.array([0, 0, 1])
    shares = demo.cumulative_shares(np.array([1.0, 1.0, 1.0]), item_group)
    picked = demo.pick_in_groups(shares, item_group, np.array([0]),
                                 np.array([np.nextafter(1.0, 0.0)]))
    assert picked.tolist() == [1]


def test_pick_columns_follows_the_weights_and_never_picks_a_zero_weight():
    weights = np.array([[0.0, 1.0, 3.0], [5.0, 0.0, 5.0]])
    rng = np.random.default_rng(1)
    rows = np.repeat([0, 1], 20_000)
    picked = demo.pick_columns(weights, rows, rng.random(len(rows)))
    first = np.bincount(picked[rows == 0], minlength=3) / 20_000
    second = np.bincount(picked[rows == 1], minlength=3) / 20_000
    assert first[0] == 0 and second[1] == 0
    assert first[2] == pytest.approx(0.75, abs=0.02)
    assert second[0] == pytest.approx(0.5, abs=0.02)


def test_episode_curve_rises_holds_and_eases_back_to_one():
    curve = demo.episode_curve(months=12, start=2, duration=6, peak=3.0)
    assert curve[:2].tolist() == [1.0, 1.0]
    assert curve[8:].tolist() == [1.0] * 4
    assert curve[2] == pytest.approx(2.0)
    assert curve[3:6].tolist() == [3.0, 3.0, 3.0]
    assert curve[7] == pytest.approx(2.0)


def test_rows_to_cells_maps_rows_onto_cumulative_counts_skipping_empty_cells():
    ends = np.cumsum([2, 0, 3, 1])
    assert demo.rows_to_cells(ends, 0, 6).tolist() == [0, 0, 2, 2, 2, 3]
    assert demo.rows_to_cells(ends, 3, 5).tolist() == [2, 2]


def test_points_in_polygon_are_inside_even_for_a_sparse_multipolygon():
    shape = MultiPolygon([box(0, 0, 1, 1), box(30, 30, 30.5, 30.5)])
    points = demo.points_in_polygon(shape, 50, np.random.default_rng(3))
    x, y = points[:, 0], points[:, 1]
    in_first = (x >= 0) & (x <= 1) & (y >= 0) & (y <= 1)
    in_second = (x >= 30) & (x <= 30.5) & (y >= 30) & (y <= 30.5)
    assert points.shape == (50, 2)
    assert (in_first | in_second).all()


def test_points_in_polygon_falls_back_to_an_inside_point_when_sampling_misses():
    specks = MultiPolygon([box(0, 0, 1e-4, 1e-4), box(100, 100, 100 + 1e-4, 100 + 1e-4)])
    points = demo.points_in_polygon(specks, 5, np.random.default_rng(0), tries=1)
    anchor = specks.representative_point()
    assert points.tolist() == [[anchor.x, anchor.y]] * 5


def test_points_in_polygon_is_deterministic_for_a_seed():
    shape = box(10, 10, 12, 11)
    first = demo.points_in_polygon(shape, 10, np.random.default_rng(5))
    again = demo.points_in_polygon(shape, 10, np.random.default_rng(5))
    assert np.array_equal(first, again)


def test_every_category_of_the_vocabulary_has_demo_behaviour():
    assert set(demo._CATEGORIES) == set(vocabulary.categories())
    kinds = set(demo._ACTORS)
    for params in demo._CATEGORIES.values():
        assert set(params.perpetrators) <= kinds and set(params.targets) <= kinds
        assert 0 <= params.civilian_share <= 1 and params.mean_deaths >= 1


def test_build_demo_rejects_bad_sizes_and_seeds_before_touching_the_connection():
    with pytest.raises(ValueError, match="incidents must be a whole number"):
        demo.build_demo(None, incidents=-1)
    with pytest.raises(ValueError, match="incidents must be a whole number"):
        demo.build_demo(None, incidents=2.5)
    with pytest.raises(ValueError, match="seed must be a whole number"):
        demo.build_demo(None, seed=-3)


def test_build_demo_accepts_numpy_integers_as_sizes():
    assert demo._whole_number("incidents", np.int64(5)) == 5
    with pytest.raises(ValueError, match="seed must be a whole number >= 0, not True"):
        demo._whole_number("seed", True)
