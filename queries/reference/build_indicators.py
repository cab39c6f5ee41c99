"""Build ``queries/reference/indicators.parquet`` and ``indicator_catalog.csv``, the real
structural indicators every warehouse loads, from the Early Warning Project's 2025
replication data and the Political Terror Scale.

    python -m queries.reference.build_indicators [--ewp DIR] [--pts FILE]

``DIR`` defaults to ``../shared/data/ewp_2025_sra`` and ``FILE`` to
``../shared/data/pts_2024.csv`` (relative to the project root). Country codes are mapped to
ISO3 with :func:`geodata.reference.iso3_from_cow` (Correlates of War: the Project's
``ccode``, the PTS) or :func:`~geodata.reference.iso3_from_gwno` (Gleditsch-Ward: EPR,
UCDP), falling back to a source's own ISO3 column where it has one and that code is a
state's. Every code that maps to no state is printed and written to
``indicators_unmapped.csv``, never dropped silently. Only years from ``FIRST_YEAR`` on are
kept (see ``PROVENANCE.md``). Sources, licences and citations are in
``queries/reference/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from geodata.reference import is_iso3, iso3_from_cow, iso3_from_gwno, state_iso3_codes

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = Path(__file__).resolve().parent
PARQUET = OUT_DIR / "indicators.parquet"
CATALOG = OUT_DIR / "indicator_catalog.csv"
UNMAPPED = OUT_DIR / "indicators_unmapped.csv"
FIRST_YEAR = 1991           # after the unifications of Germany and Yemen (1990)
UCDP_FIRST_YEAR = 1989       # battle deaths are zero, not unknown, from here on


class Spec(NamedTuple):
    """One catalogue row: what an indicator measures and how the risk index reads it."""

    code: str
    name: str
    unit: str
    risk_factor: int | None
    direction: str
    lower_bound: float
    upper_bound: float
    scale: str
    source: str
    licence: str


MADDISON = "Maddison Project Database 2023 (population where WDI has none)"
_VDEM = ("V-Dem, as in the Early Warning Project 2025 replication data", "CC BY-SA 4.0")
_LOWER = "lower_is_riskier"
_HIGHER = "higher_is_riskier"
SPECS = (
    Spec("ucdp_battle_deaths", "Battle-related deaths in the country (UCDP, best estimate)",
         "deaths a year", 1, _HIGHER, 0, 1_000_000, "log", "UCDP Battle-Related Deaths v25.1",
         "CC BY 4.0"),
    Spec("pts_score", "Political Terror Scale, mean of the available codings",
         "scale 1-5", 2, _HIGHER, 1, 5, "linear", "Political Terror Scale 2024",
         "free with citation"),
    Spec("un_infant_mortality", "Infant mortality rate", "per 1,000 live births", 3, _HIGHER,
         0, 500, "log", "UN IGME, as in the Early Warning Project 2025 replication data",
         "free with citation (UN IGME)"),
    Spec("wdi_gdp_per_capita", "GDP per capita", "US dollars (WDI series)", 3, _LOWER, 0,
         300_000, "log", "World Bank WDI", "CC BY 4.0"),
    Spec("vdem_power_by_wealth", "Power distributed by socioeconomic position (V-Dem; low: "
         "the wealthy monopolise power)", "index, about -4..4", 4, _LOWER, -4, 4, "linear",
         *_VDEM),
    Spec("iccpr_party", "Party to the International Covenant on Civil and Political Rights",
         "1 party, 0 not", 6, _LOWER, 0, 1, "linear",
         "ICCPR ratification, as in the Early Warning Project 2025 replication data",
         "free with citation (UN Treaty Collection)"),
    Spec("vdem_free_discussion", "Freedom of discussion (V-Dem)", "index 0-1", 6, _LOWER,
         0, 1, "linear", *_VDEM),
    Spec("vdem_cso_repression", "Government repression of civil society organisations "
         "(V-Dem; 0 severe, 4 none)", "scale 0-4", 7, _LOWER, 0, 4, "linear", *_VDEM),
    Spec("vdem_media_censorship", "Government censorship effort, media (V-Dem; 0 direct "
         "and routine, 4 rare)", "scale 0-4", 7, _LOWER, 0, 4, "linear", *_VDEM),
    Spec("vdem_party_ban", "Party bans (V-Dem; 0 all but the state party banned, 4 none)",
         "scale 0-4", 7, _LOWER, 0, 4, "linear", *_VDEM),
    Spec("coup_attempts_5yr", "Years with a coup attempt in the last five",
         "years of 5", 8, _HIGHER, 0, 5, "linear",
         "Powell & Thyne coups, as in the Early Warning Project 2025 replication data",
         "free with citation"),
    Spec("epr_discriminated_share", "Population in discriminated ethnic groups (EPR)",
         "% of population", 9, _HIGHER, 0, 100, "log", "Ethnic Power Relations (EPR Core)",
         "free with citation (Vogt et al. 2015)"),
    Spec("epr_excluded_share", "Population in politically excluded ethnic groups (EPR)",
         "% of population", 9, _HIGHER, 0, 100, "log", "Ethnic Power Relations (EPR Core)",
         "free with citation (Vogt et al. 2015)"),
    Spec("vdem_power_by_social_group", "Power distributed by social group (V-Dem; 0 one "
         "group monopolises power, 4 equal)", "scale 0-4", 9, _LOWER, 0, 4, "linear",
         *_VDEM),
    Spec("vdem_religious_freedom", "Freedom of religion (V-Dem; 0 not respected, 4 fully)",
         "scale 0-4", 9, _LOWER, 0, 4, "linear", *_VDEM),
    Spec("ewp_mass_killing_ongoing", "Mass killings under way (Early Warning Project "
         "definition)", "episodes", 11, _HIGHER, 0, 3, "linear",
         "Early Warning Project basedata 2025 (USHMM)", "free with citation"),
    Spec("vdem_political_killings", "Political killings practised systematically or "
         "frequently (V-Dem, dichotomised by the Early Warning Project)", "1 yes, 0 no", 12,
         _HIGHER, 0, 1, "linear", *_VDEM),
    Spec("ewp_mass_killing_onset", "A new mass killing began (Early Warning Project; the "
         "outcome backtests predict, not a risk input)", "1 yes, 0 no", None, _HIGHER, 0, 1,
         "linear", "Early Warning Project 2025 predictor matrix (USHMM)", "free with citation"),
    Spec("wdi_population", "Population (decides which places are scored)", "people", None,
         _HIGHER, 0, 2_000_000_000, "log",
         "World Bank WDI; Maddison Project Database 2023 where WDI has none (Taiwan)",
         "CC BY 4.0"),
)


class Mapped(NamedTuple):
    """A source's rows with an ``iso3`` column, and the codes that map to no state."""

    rows: pd.DataFrame
    unmapped: pd.DataFrame


def map_codes(frame: pd.DataFrame, source: str, code: str, name: str, system: str,
              own: str | None = None, successions: bool = True) -> Mapped:
    """``frame`` with ``iso3``: the ``own`` column's code where it is a state's, none where
    it is a territory's (VAT under COW 327 "Papal States"), else the mapping of its
    ``code`` column (``system`` "cow" or "gw"; also for old codes such as the PTS's ROM
    for Romania). With ``successions``, see :func:`present_codes_only`. The rows that
    still have none are returned apart, one row per code and name with their row count
    and years, for the build to name."""
    lookup = iso3_from_cow if system == "cow" else iso3_from_gwno
    iso3 = pd.Series(lookup(frame[code].to_numpy()), index=frame.index, dtype=object)
    if own is not None:
        territory = frame[own].map(is_iso3) & ~frame[own].isin(state_iso3_codes())
        iso3 = frame[own].where(frame[own].isin(state_iso3_codes()), iso3).mask(territory)
    frame = frame.assign(iso3=iso3)
    missing = frame[frame["iso3"].isna()]
    frame = frame[frame["iso3"].notna()]
    if successions:
        ident = frame[code].map(_text) + "/" + frame[name].map(_text)
        if own is not None:
            ident = ident + "/" + frame[own].map(_text)
        frame = present_codes_only(frame.assign(source_code=ident), source)
    return Mapped(frame, unmapped_codes(missing, source, code, name))


def unmapped_codes(missing: pd.DataFrame, source: str, code: str, name: str
                   ) -> pd.DataFrame:
    """One row per code and name of ``missing``: source, code, name, rows and years."""
    return (missing.groupby([missing[code].astype(str), missing[name].astype(str)],
                            dropna=False)["year"]
            .agg(rows="size", first_year="min", last_year="max").reset_index()
            .rename(columns={code: "code", name: "name"}).assign(source=source))


def _text(value) -> str:
    """A cell as text; a missing one as the empty string (not NA, which groupby skips)."""
    return "" if pd.isna(value) else str(value)


def present_codes_only(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Where two codes map to one ISO3 in one year (Serbia and Serbia and Montenegro in
    2006), only the rows of the ``source_code`` the ISO3 has in the source's latest year,
    the present-day state's; the build prints how many rows that leaves out."""
    code = "source_code"
    latest = frame.sort_values("year").groupby("iso3")[code].last()
    present = frame[code].eq(frame["iso3"].map(latest))
    codes_per_year = frame.groupby(["iso3", "year"])[code].transform("nunique")
    kept = present | (codes_per_year == 1)
    if not kept.all():
        left = frame[~kept]
        print(f"{source}: {len(left)} rows of a predecessor's code left out where the "
              f"present-day state has its own row: "
              + ", ".join(f"{c} ({n})" for c, n in left[code].value_counts().items()))
    return frame[kept].drop(columns=code)


def long_rows(frame: pd.DataFrame, columns: dict[str, str], scale: float = 1.0
              ) -> pd.DataFrame:
    """One row per (iso3, year, indicator) from wide ``columns`` {source column: code}."""
    melted = frame.melt(id_vars=["iso3", "year"], value_vars=list(columns),
                        var_name="column", value_name="value").dropna(subset=["value"])
    return pd.DataFrame({"iso3": melted["iso3"], "year": melted["year"].astype(int),
                         "indicator_code": melted["column"].map(columns),
                         "value": melted["value"].astype(float) * scale})


def vdem(ewp: Path) -> Mapped:
    """V-Dem items (COW codes)."""
    frame = pd.read_csv(ewp / "vdem.csv")
    mapped = map_codes(frame, "V-Dem (vdem.csv)", "COWcode", "country_name", "cow")
    return Mapped(long_rows(mapped.rows, {
        "ses_power_dist": "vdem_power_by_wealth", "freediscussion": "vdem_free_discussion",
        "v2csreprss_ord": "vdem_cso_repression", "v2mecenefm_ord": "vdem_media_censorship",
        "partyban": "vdem_party_ban", "v2pepwrsoc_ord": "vdem_power_by_social_group",
        "religiousfreedom": "vdem_religious_freedom",
        "pol_killing_approved": "vdem_political_killings"}), mapped.unmapped)


def wdi(ewp: Path) -> Mapped:
    """WDI population and GDP per capita (the row's ISO3 if a state's, else its COW code:
    aggregates and territories have neither)."""
    frame = pd.read_csv(ewp / "wdi.csv")
    mapped = map_codes(frame, "World Bank WDI (wdi.csv)", "ccode", "country", "cow",
                       own="iso3c")
    return Mapped(long_rows(mapped.rows, {"wdi.popsize.new": "wdi_population",
                                          "wdi.gdppc.new": "wdi_gdp_per_capita"}),
                  mapped.unmapped)


def infant_mortality(ewp: Path) -> Mapped:
    """UN IGME infant mortality (the row's ISO3 if a state's, else its COW code)."""
    frame = pd.read_csv(ewp / "un_imr_clean.csv")
    mapped = map_codes(frame, "UN IGME (un_imr_clean.csv)", "ccode", "iso3c", "cow",
                       own="iso3c")
    return Mapped(long_rows(mapped.rows, {"un_imr": "un_infant_mortality"}), mapped.unmapped)


def epr(ewp: Path) -> Mapped:
    """EPR discriminated and excluded population shares (Gleditsch-Ward codes), in %."""
    frame = pd.read_csv(ewp / "epr-data.csv")
    mapped = map_codes(frame, "EPR (epr-data.csv)", "countries_gwid", "countryname", "gw")
    return Mapped(long_rows(mapped.rows, {"discrimpop": "epr_discriminated_share",
                                          "exclpop": "epr_excluded_share"}, scale=100.0),
                  mapped.unmapped)


def iccpr(ewp: Path) -> Mapped:
    """ICCPR ratification (COW codes)."""
    frame = pd.read_csv(ewp / "iccpr-data.csv")
    mapped = map_codes(frame, "ICCPR (iccpr-data.csv)", "ccode", "country", "cow")
    return Mapped(long_rows(mapped.rows, {"ios.iccpr1": "iccpr_party"}), mapped.unmapped)


def coups(ewp: Path, panel: pd.DataFrame) -> Mapped:
    """Years with a coup attempt in the five years to each year (COW codes). The file lists
    the years with an attempt (and a few without): a state of the Project's panel with no
    row for a year had none."""
    frame = pd.read_csv(ewp / "all-coups.csv")
    mapped = map_codes(frame, "Coups (all-coups.csv)", "ccode", "country", "cow")
    attempts = mapped.rows.groupby(["iso3", "year"], as_index=False)["cou.any"].max()
    full = (panel[["iso3", "year"]].drop_duplicates().merge(attempts, how="left")
            .fillna({"cou.any": 0}).sort_values(["iso3", "year"]))
    full["attempts_5yr"] = (full.groupby("iso3")["cou.any"]
                            .transform(lambda s: s.rolling(5, min_periods=1).sum()))
    return Mapped(long_rows(full, {"attempts_5yr": "coup_attempts_5yr"}), mapped.unmapped)


def mass_killing(ewp: Path) -> Mapped:
    """Mass-killing episodes under way per country-year (COW codes)."""
    frame = pd.read_csv(ewp / "basedata2025_4august2025.csv")
    mapped = map_codes(frame, "EWP basedata", "ccode", "country", "cow")
    return Mapped(long_rows(mapped.rows, {"mk_ongoing_count": "ewp_mass_killing_ongoing"}),
                  mapped.unmapped)


def battle_deaths(ewp: Path, panel: pd.DataFrame) -> Mapped:
    """Battle-related deaths per location country and year: a dyad fought in several
    countries counts an equal share in each; a state of the Project's panel with no
    conflict in a year from ``UCDP_FIRST_YEAR`` on has 0."""
    frame = pd.read_csv(ewp / "BattleDeaths_v25_1.csv", usecols=["gwno_loc", "year",
                                                                  "bd_best"])
    places = frame["gwno_loc"].astype(str).str.split(",")
    frame = frame.assign(gwno=places, share=frame["bd_best"] / places.str.len()).explode("gwno")
    frame["gwno"] = frame["gwno"].str.strip()
    mapped = map_codes(frame, "UCDP battle deaths (BattleDeaths_v25_1.csv)", "gwno",
                       "gwno_loc", "gw", successions=False)
    deaths = mapped.rows.groupby(["iso3", "year"], as_index=False)["share"].sum()
    states = panel.loc[panel["year"] >= UCDP_FIRST_YEAR, ["iso3", "year"]].drop_duplicates()
    full = states.merge(deaths, how="outer").fillna({"share": 0.0})
    return Mapped(long_rows(full, {"share": "ucdp_battle_deaths"}), mapped.unmapped)


def maddison_population(ewp: Path, population: pd.DataFrame) -> Mapped:
    """Maddison Project population (COW codes) for the state-years WDI has none for
    (Taiwan): ``population`` is the WDI rows."""
    frame = pd.read_csv(ewp / "maddison.csv").dropna(subset=["mad_pop"])
    mapped = map_codes(frame, "Maddison (maddison.csv)", "ccode", "country", "cow")
    rows = long_rows(mapped.rows, {"mad_pop": "wdi_population"})
    known = population.set_index(["iso3", "year"]).index
    missing = ~rows.set_index(["iso3", "year"]).index.isin(known)
    return Mapped(rows[missing].assign(source=MADDISON), mapped.unmapped)


def pts(path: Path) -> Mapped:
    """Political Terror Scale: the mean of the Amnesty, Human Rights Watch and State
    Department codings available for a country-year (the World Bank code if a state's,
    else the COW code)."""
    frame = pd.read_csv(path, encoding="latin-1").rename(columns={"Year": "year"})
    frame["pts_mean"] = frame[["PTS_A", "PTS_H", "PTS_S"]].mean(axis=1, skipna=True)
    frame = frame.dropna(subset=["pts_mean"])
    mapped = map_codes(frame, "Political Terror Scale (pts_2024.csv)", "COW_Code_N",
                       "Country", "cow", own="WordBank_Code_A")
    return Mapped(long_rows(mapped.rows, {"pts_mean": "pts_score"}), mapped.unmapped)


def predictor_panel(ewp: Path) -> Mapped:
    """The Project's country-years (its predictor matrix) with ISO3 codes and onsets."""
    frame = pd.read_csv(ewp / "prepared2024predictors-2025-09-03.csv",
                        usecols=["ewp_name", "ccode", "year", "mk_onset"])
    return map_codes(frame, "EWP predictor matrix", "ccode", "ewp_name", "cow")


def check_one_value_per_key(rows: pd.DataFrame) -> None:
    """Raise when two rows share (iso3, indicator_code, year), e.g. two codes of a source
    mapping to one ISO3 in the same year (a state and its predecessor): the build must not
    pick one silently."""
    key = ["iso3", "indicator_code", "year"]
    twice = rows[rows.duplicated(key, keep=False)]
    if not twice.empty:
        raise ValueError(f"{len(twice)} rows share a country, indicator and year:\n"
                         f"{twice.sort_values(key).head(20).to_string()}")


def build(ewp: Path, pts_file: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicator rows (iso3, indicator_code, year, value, source) from ``FIRST_YEAR``
    on, and every unmapped code (source, code, name, rows, first_year, last_year)."""
    panel = predictor_panel(ewp)
    onsets = Mapped(long_rows(panel.rows, {"mk_onset": "ewp_mass_killing_onset"}),
                    panel.unmapped.iloc[0:0])
    world_bank = wdi(ewp)
    population = world_bank.rows[world_bank.rows["indicator_code"] == "wdi_population"]
    parts = [vdem(ewp), world_bank, maddison_population(ewp, population),
             infant_mortality(ewp), epr(ewp), iccpr(ewp), coups(ewp, panel.rows),
             mass_killing(ewp), battle_deaths(ewp, panel.rows), pts(pts_file), onsets]
    rows = pd.concat([p.rows for p in parts], ignore_index=True)
    rows = rows[rows["year"] >= FIRST_YEAR]
    check_one_value_per_key(rows)
    sources = {s.code: s.source for s in SPECS}
    named = rows["source"] if "source" in rows else pd.Series(pd.NA, index=rows.index)
    rows = rows.assign(source=named.fillna(rows["indicator_code"].map(sources)))
    unmapped = pd.concat([panel.unmapped, *(p.unmapped for p in parts)], ignore_index=True)
    return (rows.sort_values(["indicator_code", "iso3", "year"]).reset_index(drop=True),
            unmapped[["source", "code", "name", "rows", "first_year", "last_year"]])


def catalog(rows: pd.DataFrame) -> pd.DataFrame:
    """The catalogue rows of ``SPECS`` with the years each indicator covers; raises when a
    value lies outside its bounds or an indicator has no value."""
    frame = pd.DataFrame(SPECS)
    years = rows.groupby("indicator_code")["year"].agg(first_year="min", last_year="max")
    frame = frame.join(years, on="code").rename(columns={"code": "indicator_code"})
    if frame["first_year"].isna().any():
        empty = frame.loc[frame["first_year"].isna(), "indicator_code"].tolist()
        raise ValueError(f"no values for {empty}")
    bounds = rows.merge(frame, on="indicator_code")
    outside = bounds[(bounds["value"] < bounds["lower_bound"])
                     | (bounds["value"] > bounds["upper_bound"])]
    if not outside.empty:
        raise ValueError(f"values outside their bounds:\n{outside.head(20).to_string()}")
    frame["risk_factor"] = frame["risk_factor"].astype("Int8")
    return frame.astype({"first_year": int, "last_year": int})


def main(argv: list[str] | None = None) -> None:
    """Build and write the indicator set, its catalogue and the unmapped codes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ewp", type=Path, default=ROOT.parent / "shared/data/ewp_2025_sra")
    parser.add_argument("--pts", type=Path, default=ROOT.parent / "shared/data/pts_2024.csv")
    args = parser.parse_args(argv)
    rows, unmapped = build(args.ewp, args.pts)
    rows = rows.astype({"year": np.int16})
    rows.to_parquet(PARQUET, index=False, compression="zstd")
    catalog(rows).to_csv(CATALOG, index=False)
    unmapped.to_csv(UNMAPPED, index=False)
    print(f"{len(rows):,} values, {rows['iso3'].nunique()} countries, "
          f"{rows['year'].min()}-{rows['year'].max()}, {len(SPECS)} indicators -> {PARQUET}")
    print(f"{len(unmapped)} codes map to no state (left out, named in {UNMAPPED.name}):")
    print(unmapped.to_string(index=False))


if __name__ == "__main__":
    main()
