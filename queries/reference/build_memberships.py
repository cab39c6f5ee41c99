"""Build ``queries/reference/org_memberships.csv``: the hand-written memberships
(``memberships_hand.csv``) completed from the Correlates of War IGO data v3.

    python -m queries.reference.build_memberships [--cow FILE]

The COW file (``../shared/data/cow_igo/regional_orgs_state_year_long.csv`` by default) has
one row per state, organisation and year (to 2014) with the status 1 full member,
2 associate, 3 observer. Only full membership counts. For every organisation of
``regional_orgs.csv`` that COW covers, each (organisation, country) pair with no
hand-written row gets its COW spans; a pair with a hand-written row keeps exactly the
hand-written rows (their dates are days, COW's only years). The rules, in
``cow_memberships``:

- the first year coded a member gives ``joined_on`` YYYY-01-01 with ``date_precision``
  ``year``; a year before the organisation's founding year means a member of its
  predecessor, hence a founding member: the founding date, ``day``; the founding year
  itself gives the founding date with ``year`` (a member that year, the day not known);
- the last year coded a member before the organisation's last year in the file (2014;
  2011 for ECCAS) gives ``left_on`` (the next year)-01-01;
- a gap of one or more years between coded years is a suspension from the first missing
  year to the year membership resumes, one row each, as in the hand-written file;
- states that no longer exist and whose successors are coded on their own are dropped
  (``DISSOLVED``); pairs the organisation contradicts are dropped (``REJECTED``).

Prints what it dropped and where COW disagrees with a hand-written row; see PROVENANCE.md.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from geodata.reference import iso3_from_cow

HERE = Path(__file__).parent
HAND_FILE = HERE / "memberships_hand.csv"
ORGS_FILE = HERE / "regional_orgs.csv"
OUT_FILE = HERE / "org_memberships.csv"
COW_FILE = HERE.parents[2] / "shared" / "data" / "cow_igo" / "regional_orgs_state_year_long.csv"

COLUMNS = ["org_code", "iso3", "joined_on", "left_on", "suspended_from", "suspended_to",
           "date_precision", "source_url", "as_of"]
COW_URL = "https://correlatesofwar.org/data-sets/igos/"
FULL_MEMBER = 1

# regional_orgs.csv code -> COW IGO abbreviation (ICGLR and the EU are not in the file).
COW_IGO = {"AU": "au", "ECOWAS": "ecowas", "ECCAS": "eccas", "EAC": "eac", "IGAD": "igad",
           "SADC": "sadc", "LAS": "loas", "OIC": "oic", "OSCE": "osce", "COE": "coe",
           "ASEAN": "asean", "SAARC": "saarc", "OAS": "oas", "SICA": "sica",
           "CARICOM": "caricom", "PIF": "pif"}

# COW states that no longer exist; their successors are coded on their own (COW 255/260
# Germany and 678/679 Yemen are kept: the same state continued, so their years join).
DISSOLVED = {265: "German Democratic Republic", 315: "Czechoslovakia",
             680: "Yemen People's Republic"}

# (org, iso3) pairs COW codes but the organisation never counted as members.
REJECTED = {("EAC", iso3): "never a Partner State of the East African Community"
            for iso3 in ("BWA", "LSO", "MWI", "ZMB", "ZWE")}


def cow_memberships(cow: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    """COW full-membership spans as membership rows (``COLUMNS``), one row per membership
    or per suspension of it, for the organisations of ``orgs`` (``org_code``,
    ``founded_on``) that ``COW_IGO`` maps. ``cow`` has ``ccode, year, igo, status``."""
    missing = {"ccode", "year", "igo", "status"} - set(cow.columns)
    if missing:
        raise ValueError(f"COW IGO file: expected the columns {sorted(missing)}")
    founded = dict(zip(orgs["org_code"], pd.to_datetime(orgs["founded_on"]).dt.date,
                       strict=True))
    by_igo = {igo: org for org, igo in COW_IGO.items() if org in founded}
    full = cow[(cow["status"] == FULL_MEMBER) & cow["igo"].isin(by_igo)
               & ~cow["ccode"].isin(list(DISSOLVED))]
    iso3 = iso3_from_cow(full["ccode"].to_numpy())
    unknown = sorted(set(full.loc[pd.isna(iso3), "ccode"].astype(int)))
    if unknown:
        raise ValueError(f"COW IGO file: no ISO3 for the COW codes {unknown}")
    years = pd.DataFrame({"org_code": full["igo"].map(by_igo).to_numpy(), "iso3": iso3,
                          "year": full["year"].astype(int).to_numpy()})
    last_year = years.groupby("org_code")["year"].max()
    rows = [row for (org, code), group in years.groupby(["org_code", "iso3"], sort=True)
            for row in _spans(org, code, sorted(set(group["year"])), founded[org],
                              int(last_year[org]))]
    return pd.DataFrame(rows, columns=COLUMNS)


def _spans(org: str, iso3: str, years: list[int], founded: date,
           last_year: int) -> Iterator[dict]:
    """The membership rows of one (org, country): joined, left and the gaps between;
    ``last_year`` is the organisation's last year in the file (its rows hold to its end)."""
    runs = _runs([max(y, founded.year) for y in years])
    first, last = runs[0][0], runs[-1][1]
    founder = years[0] < founded.year
    joined = founded if first == founded.year else date(first, 1, 1)
    left = date(last + 1, 1, 1) if last < last_year else None
    gaps = [(date(end + 1, 1, 1), date(start, 1, 1))
            for (_, end), (start, _) in zip(runs, runs[1:], strict=False)] or [(None, None)]
    precision = "day" if founder and left is None and gaps == [(None, None)] else "year"
    for suspended_from, suspended_to in gaps:
        yield {"org_code": org, "iso3": iso3, "joined_on": joined, "left_on": left,
               "suspended_from": suspended_from, "suspended_to": suspended_to,
               "date_precision": precision, "source_url": COW_URL,
               "as_of": date(last_year, 12, 31)}


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs: [1990, 1991, 1995] -> [(1990, 1991),
    (1995, 1995)]; duplicates count once."""
    runs: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def merge(hand: pd.DataFrame, cow: pd.DataFrame) -> pd.DataFrame:
    """The hand-written rows, then the COW rows of every (org, iso3) pair that has no
    hand-written row and is not ``REJECTED``, by organisation and country."""
    written = set(zip(hand["org_code"], hand["iso3"], strict=True))
    pairs = list(zip(cow["org_code"], cow["iso3"], strict=True))
    keep = [p not in written and p not in REJECTED for p in pairs]
    return pd.concat([hand[COLUMNS], cow.loc[keep, COLUMNS]], ignore_index=True)


def disagreements(hand: pd.DataFrame, cow: pd.DataFrame) -> list[str]:
    """Where COW and a hand-written pair differ in first or last year, and the COW pairs
    dropped as ``REJECTED``."""
    notes = []
    for (org, iso3), rows in cow.groupby(["org_code", "iso3"]):
        if (org, iso3) in REJECTED:
            notes.append(f"{org} {iso3}: COW row dropped ({REJECTED[org, iso3]})")
            continue
        written = hand[(hand["org_code"] == org) & (hand["iso3"] == iso3)]
        if written.empty:
            continue
        cow_span = _years(rows)
        hand_span = _years(written)
        if cow_span != hand_span:
            notes.append(f"{org} {iso3}: hand-written {hand_span}, COW {cow_span} "
                         f"(the hand-written rows kept)")
    return notes


def _years(rows: pd.DataFrame) -> str:
    """'joined-left' years of a membership's rows ('…' while a member, '?' not known)."""
    joined = pd.to_datetime(rows["joined_on"]).min()
    left = pd.to_datetime(rows["left_on"]).max()
    return f"{'?' if pd.isna(joined) else joined.year}-{'' if pd.isna(left) else left.year}"


def build(cow_file: Path = COW_FILE) -> tuple[pd.DataFrame, list[str]]:
    """The merged membership rows and the notes on what COW says differently."""
    if not cow_file.exists():
        raise FileNotFoundError(f"the COW IGO file is missing: {cow_file}")
    hand = pd.read_csv(HAND_FILE, dtype=str, keep_default_na=False)
    orgs = pd.read_csv(ORGS_FILE, dtype=str, keep_default_na=False)
    cow = cow_memberships(pd.read_csv(cow_file), orgs)
    for column in COLUMNS:
        cow[column] = cow[column].map(lambda v: "" if v is None or pd.isna(v) else str(v))
    return merge(hand, cow), disagreements(hand, cow)


def main(argv: list[str] | None = None) -> None:
    """Write org_memberships.csv and print the counts and the disagreements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cow", type=Path, default=COW_FILE, help="the COW IGO state-year file")
    args = parser.parse_args(argv)
    rows, notes = build(args.cow)
    rows.to_csv(OUT_FILE, index=False, lineterminator="\n")
    print(f"{OUT_FILE.name}: {len(rows)} rows")
    from_cow = rows["source_url"] == COW_URL
    for org, group in rows.groupby("org_code", sort=False):
        print(f"  {org}: {group['iso3'].nunique()} countries, "
              f"{group.loc[from_cow[group.index], 'iso3'].nunique()} of them from COW")
    print(f"  dropped dissolved states: {', '.join(DISSOLVED.values())}")
    for note in notes:
        print(f"  {note}")


if __name__ == "__main__":
    main()
