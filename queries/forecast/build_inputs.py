"""Build ``queries/reference/forecast_inputs.parquet`` from the real country-year sources.

    python -m queries.forecast.build_inputs [--from DIR] [--out FILE]

``DIR`` (default ``../shared/data``) holds the Early Warning Project's 2025 replication
files under ``ewp_2025_sra/`` and the Political Terror Scale ``pts_2024.csv``. The output
has one row per country-year of the Project's predictor matrix (1960-2024): ``iso3``,
``ccode``, ``name``, ``year``, the Project's 37 predictors, the added predictors of
:data:`ADDED` and the outcomes ``mk_onset`` (a new mass killing began that year),
``mk_onset_1`` (one began the next year) and ``mk_onset_1or2``. Every code that does not
map to ISO3 is printed by name and the build fails, so nothing is dropped silently. Five
historical states carry their successor's code (``ccode`` tells them apart): Czechoslovakia
(CZE), East Germany (DEU), South Vietnam (VNM), North and South Yemen before 1990 (YEM).
Sources, licences and citations: ``queries/reference/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.reference import countries, iso3_from_cow, iso3_from_gwno

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
INPUTS_FILE = REFERENCE_DIR / "forecast_inputs.parquet"
PREDICTORS = "ewp_2025_sra/prepared2024predictors-2025-09-03.csv"
BATTLE_DEATHS = "ewp_2025_sra/BattleDeaths_v25_1.csv"
PTS = "pts_2024.csv"
OUTCOMES = ("mk_onset", "mk_onset_1", "mk_onset_1or2")
IDENTIFIERS = ("iso3", "ccode", "name", "year")
# Predictors added to the Project's, each computed from data known by the end of its year.
ADDED = {
    "pts_max": "Political Terror Scale, the highest of its three codings (1-5)",
    "pts_mean": "Political Terror Scale, the mean of its codings (1-5)",
    "pts_change": "Change of the mean Political Terror Scale since the year before",
    "battle_deaths_change": "Change of log2(battle deaths + 1) since the year before",
    "battle_deaths_3y_log2": "log2(battle deaths over the last 3 years + 1)",
    "subregion_battle_deaths": "Mean log2(battle deaths + 1) of the UN sub-region's countries",
    "subregion_mk_ongoing": "Mean ongoing mass killings (log2 count) of the UN sub-region",
}
UCDP_FIRST_YEAR = 1989  # battle deaths before it are unknown, not zero


def build_inputs(source: Path) -> pd.DataFrame:
    """The country-year table from the files under ``source``; ``ValueError`` naming
    every code that maps to no ISO3 code."""
    frame = _predictors(source / PREDICTORS)
    frame = frame.merge(_terror_scale(source / PTS), on=["ccode", "year"], how="left")
    frame = frame.merge(_battle_deaths(source / BATTLE_DEATHS), on=["iso3", "year"],
                        how="left")
    frame = _add_changes(frame.sort_values(["iso3", "year"], ignore_index=True))
    predictors = [c for c in frame.columns if c not in (*IDENTIFIERS, *OUTCOMES, *ADDED,
                                                          "bd_best", "mk_onset_2")]
    return frame[[*IDENTIFIERS, *predictors, *ADDED, *OUTCOMES]]


def _predictors(path: Path) -> pd.DataFrame:
    """The Project's predictor matrix with ISO3 codes."""
    frame = pd.read_csv(path).rename(columns={"ewp_name": "name"})
    frame["iso3"] = iso3_from_cow(frame["ccode"].to_numpy())
    _require_mapped(frame, "ccode", "name", path)
    return frame


def _terror_scale(path: Path) -> pd.DataFrame:
    """PTS per COW code and year: the highest and the mean of its three codings."""
    pts = pd.read_csv(path, encoding="latin-1",
                      usecols=["COW_Code_N", "Year", "PTS_A", "PTS_H", "PTS_S"])
    pts = pts.dropna(subset=["COW_Code_N"])
    codings = pts[["PTS_A", "PTS_H", "PTS_S"]]
    pts = pd.DataFrame({"ccode": pts["COW_Code_N"].astype(int), "year": pts["Year"],
                        "pts_max": codings.max(axis=1), "pts_mean": codings.mean(axis=1)})
    return pts.groupby(["ccode", "year"], as_index=False).max()


def _battle_deaths(path: Path) -> pd.DataFrame:
    """UCDP battle-related deaths (best estimate) per location country and year; a dyad
    fought in several countries counts in each."""
    dyads = pd.read_csv(path, usecols=["gwno_loc", "year", "bd_best", "location_inc"])
    dyads["gwno"] = dyads["gwno_loc"].astype(str).str.split(",")
    dyads = dyads.explode("gwno")
    dyads["iso3"] = iso3_from_gwno(dyads["gwno"].str.strip().to_numpy())
    _require_mapped(dyads, "gwno", "location_inc", path)
    return dyads.groupby(["iso3", "year"], as_index=False)["bd_best"].sum()


def _require_mapped(frame: pd.DataFrame, code: str, name: str, path: Path) -> None:
    """Raise ``ValueError`` naming every code of ``frame`` without an ISO3 code."""
    missing = frame[frame["iso3"].isna()][[code, name]].drop_duplicates()
    if not missing.empty:
        listed = "; ".join(f"{c} ({n})" for c, n in missing.itertuples(index=False))
        raise ValueError(f"{path.name}: codes with no ISO3 code: {listed}")


def _add_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """The added predictors: PTS carried forward to years it has not coded yet, changes
    since the year before, 3-year battle deaths, and the UN sub-region's means."""
    by_country = frame.groupby("iso3")
    frame["pts_max"] = by_country["pts_max"].ffill()
    frame["pts_mean"] = by_country["pts_mean"].ffill()
    frame["pts_change"] = frame["pts_mean"] - by_country["pts_mean"].shift(1)
    deaths = frame["bd_best"].fillna(0.0).where(frame["year"] >= UCDP_FIRST_YEAR)
    frame["battle_deaths_log2"] = np.log2(deaths + 1)
    frame["battle_deaths_change"] = (frame["battle_deaths_log2"]
                                     - frame.groupby("iso3")["battle_deaths_log2"].shift(1))
    three_years = deaths.groupby(frame["iso3"]).transform(
        lambda s: s.rolling(3, min_periods=1).sum())
    frame["battle_deaths_3y_log2"] = np.log2(three_years + 1)
    subregion = frame["iso3"].map(countries().set_index("iso3")["un_subregion"])
    by_subregion = frame.groupby([subregion, frame["year"]])
    frame["subregion_battle_deaths"] = by_subregion["battle_deaths_log2"].transform("mean")
    frame["subregion_mk_ongoing"] = by_subregion["mk_ongoing_count_log2"].transform("mean")
    return frame.drop(columns=["battle_deaths_log2"])


def main(argv: list[str] | None = None) -> int:
    """Build the table and write it as Parquet; prints what it wrote."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", type=Path,
                        default=Path(__file__).resolve().parents[3] / "shared" / "data")
    parser.add_argument("--out", type=Path, default=INPUTS_FILE)
    args = parser.parse_args(argv)
    table = build_inputs(args.source)
    table.to_parquet(args.out, index=False, compression="zstd")
    print(f"{args.out}: {len(table):,} country-years, {table['iso3'].nunique()} countries, "
          f"{table['year'].min()}-{table['year'].max()}, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
