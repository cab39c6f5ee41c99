"""The membership build: COW state-years to membership rows on tiny hand-made data, the
merge with hand-written rows, and the shipped file is what the build makes."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from queries.reference import build_memberships as build

ORGS = pd.DataFrame({"org_code": ["ECOWAS"], "founded_on": ["1990-06-01"]})


def cow(*states: tuple[int, list[int], int]) -> pd.DataFrame:
    """COW rows: (ccode, years, status) per state, organisation 'ecowas'."""
    return pd.DataFrame([{"ccode": float(code), "year": float(y), "igo": "ecowas",
                          "status": float(status)}
                         for code, years, status in states for y in years])


def rows(frame: pd.DataFrame, iso3: str) -> list[tuple]:
    got = frame[frame["iso3"] == iso3]
    return list(got[["joined_on", "left_on", "suspended_from", "suspended_to",
                     "date_precision"]].itertuples(index=False, name=None))


def test_cow_spans_become_membership_rows():
    got = build.cow_memberships(cow(
        (475, list(range(1985, 2015)), 1),                              # NGA, a founder
        (482, [*range(1990, 1996), *range(1998, 2015)], 1),             # CAF, a gap
        (483, list(range(2000, 2011)), 1),                              # TCD, left
        (484, list(range(2001, 2015)), 3),                              # COG, observer
        (265, list(range(1990, 2015)), 1),                              # GDR, dissolved
    ), ORGS)
    d = date
    assert rows(got, "NGA") == [(d(1990, 6, 1), None, None, None, "day")]
    assert rows(got, "CAF") == [(d(1990, 6, 1), None, d(1996, 1, 1), d(1998, 1, 1), "year")]
    assert rows(got, "TCD") == [(d(2000, 1, 1), d(2011, 1, 1), None, None, "year")]
    assert set(got["iso3"]) == {"NGA", "CAF", "TCD"}
    assert set(got["as_of"]) == {d(2014, 12, 31)}     # the organisation's last year
    assert set(got["source_url"]) == {build.COW_URL}


def test_two_gaps_are_two_suspension_rows_of_one_membership():
    got = build.cow_memberships(cow((482, [2000, 2001, 2003, 2006, 2007, 2008], 1)), ORGS)
    d = date
    assert rows(got, "CAF") == [
        (d(2000, 1, 1), None, d(2002, 1, 1), d(2003, 1, 1), "year"),
        (d(2000, 1, 1), None, d(2004, 1, 1), d(2006, 1, 1), "year")]


def test_an_unknown_cow_code_is_named():
    with pytest.raises(ValueError, match=r"no ISO3 for the COW codes \[99999\]"):
        build.cow_memberships(cow((99999, [2000], 1)), ORGS)


def test_hand_written_rows_win_and_rejected_pairs_are_dropped():
    hand = pd.DataFrame([dict.fromkeys(build.COLUMNS, "")
                         | {"org_code": "EAC", "iso3": "KEN", "joined_on": "2000-07-07"}])
    from_cow = pd.DataFrame([dict.fromkeys(build.COLUMNS, "") | {"org_code": o, "iso3": i}
                             for o, i in (("EAC", "KEN"), ("EAC", "ZMB"), ("EAC", "UGA"))])
    merged = build.merge(hand, from_cow)
    assert list(zip(merged["iso3"], merged["joined_on"], strict=True)) == [
        ("KEN", "2000-07-07"), ("UGA", "")]


def test_the_shipped_file_is_what_the_build_makes():
    if not build.COW_FILE.exists():
        pytest.fail(f"the shared COW IGO file is missing: {build.COW_FILE}")
    made, _ = build.build()
    shipped = pd.read_csv(build.OUT_FILE, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(shipped, made.astype(str))
