"""The A/B first-load benchmark's arithmetic: paired differences and their interval."""

from __future__ import annotations

import pytest

from benchmarks.first_load_ab import ROOT, checkout, map_selector, paired


def test_paired_differences_are_change_minus_base():
    result = paired([2.0, 2.4, 1.8, 2.2], [1.9, 2.1, 1.9, 2.0])
    assert result.median == pytest.approx(-0.15)
    assert result.mean == pytest.approx(-0.125)
    assert (result.change_faster, result.pairs) == (3, 4)


def test_the_interval_holds_the_mean_and_narrows_as_pairs_agree():
    noisy = paired([2.0] * 8, [1.5, 2.5, 1.8, 2.2, 1.6, 2.3, 1.9, 2.1])
    steady = paired([2.0] * 8, [1.9] * 8)
    assert noisy.low <= noisy.mean <= noisy.high
    assert noisy.low < 0 < noisy.high           # no difference this run could see
    assert steady.low == pytest.approx(-0.1) and steady.high == pytest.approx(-0.1)


def test_the_interval_is_the_same_for_the_same_loads():
    loads = ([2.1, 2.5, 1.9, 2.3, 2.0], [2.0, 2.2, 2.0, 2.1, 1.8])
    assert paired(*loads) == paired(*loads)


def test_unpaired_loads_are_refused():
    with pytest.raises(ValueError, match="as many base as change"):
        paired([2.0, 2.1], [2.0])
    with pytest.raises(ValueError):
        paired([], [])


def test_each_page_is_done_when_its_own_map_has_drawn():
    assert map_selector("/country/CAF") == "#country-map"
    assert map_selector("/") == "#overview-map"


def test_a_git_ref_is_checked_out_for_the_run_and_removed_after():
    with checkout("HEAD") as tree:
        assert (tree / "dashboard" / "factory.py").is_file() and tree != ROOT
    assert not tree.exists()
    with checkout(str(ROOT)) as same:
        assert same == ROOT
