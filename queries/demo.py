"""A deterministic synthetic world for demos and benchmarks: incidents, trainings, assessments.

Every row written here has ``source = 'demo'`` and says it is synthetic. The world is about
forty countries that early-warning monitors watch, each with a latent risk level, a few
hotspot admin-1 regions and escalation episodes (some rising in the last months, some
cooling). Incidents are drawn per country and month, placed at synthetic places sampled
inside admin-1 polygons, and inserted in Arrow chunks, so ten million rows fit in bounded
memory. Indicators are not synthetic: the demo uses the real reference indicators every
warehouse holds (:mod:`queries.reference_indicators`). The same seed and size give the same
rows.
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from geodata import boundaries
from geodata.priogrid import priogrid_gid
from queries import vocabulary
from queries.capacity import load_reference
from queries.db import execute_with_rows, named_sql, transaction
from queries.errors import WarehouseError
from queries.importing.batches import ImportSummary, finish_batch, start_batch
from queries.reference_indicators import load_reference_indicators

DEMO_SOURCE = "demo"
FIRST_DAY = np.datetime64("2018-01-01", "D")
LAST_DAY = np.datetime64("2026-10-31", "D")
TRAINING_YEARS = (2019, 2026)
CHUNK_ROWS = 1_000_000
PLACES_PER_REGION = 24
SYNTHETIC_NOTE = "synthetic demo data: not real events, places, actors or values"

# Countries real early-warning monitors watch: (iso3, latent risk 0..1, relative volume).
_WATCHED = (
    ("SYR", 0.95, 10.0), ("SDN", 0.95, 8.0), ("MMR", 0.92, 9.0), ("COD", 0.90, 8.0),
    ("BFA", 0.88, 6.0), ("UKR", 0.85, 10.0), ("SSD", 0.85, 3.0), ("CAF", 0.85, 3.0),
    ("MLI", 0.85, 5.0), ("SOM", 0.85, 5.0), ("YEM", 0.85, 6.0), ("NGA", 0.80, 7.0),
    ("ETH", 0.80, 5.0), ("AFG", 0.80, 4.0), ("HTI", 0.75, 3.0), ("NER", 0.75, 3.0),
    ("CMR", 0.70, 4.0), ("TCD", 0.70, 2.0), ("MOZ", 0.65, 2.0), ("PAK", 0.65, 4.0),
    ("MEX", 0.60, 6.0), ("COL", 0.60, 4.0), ("IRQ", 0.60, 3.0), ("LBY", 0.60, 2.0),
    ("BDI", 0.60, 1.0), ("PHL", 0.55, 3.0), ("VEN", 0.55, 2.0), ("BGD", 0.45, 1.5),
    ("IND", 0.45, 3.0), ("LBN", 0.45, 1.0), ("NIC", 0.45, 0.5), ("KEN", 0.40, 1.0),
    ("UGA", 0.40, 1.0), ("GIN", 0.35, 0.5), ("ZWE", 0.35, 0.4), ("SRB", 0.30, 0.4),
    ("XKX", 0.30, 0.3), ("BIH", 0.30, 0.2), ("LKA", 0.30, 0.3), ("KGZ", 0.30, 0.2),
)

# Who does what to whom. A "{n}" kind is numbered: each country has a few of its own.
_ACTORS = {
    "civilians": "Civilians",
    "state": "State security forces",
    "police": "Police forces",
    "armed_group": "Armed group (synthetic) {n}",
    "militia": "Communal militia (synthetic) {n}",
    "unidentified": "Unidentified armed group (synthetic)",
    "protesters": "Protesters (synthetic)",
    "aid": "Aid workers (synthetic)",
    "peacekeepers": "Peacekeepers (synthetic)",
    "journalists": "Journalists (synthetic)",
    "community": "Community (synthetic) {n}",
}


class _Category(NamedTuple):
    """How one incident category behaves in the synthetic world."""

    conflict_share: float          # share of a high-risk country's events
    calm_share: float              # share of a low-risk country's events
    p_deadly: float                # chance an event kills anyone
    mean_deaths: float             # mean deaths of a deadly event (heavy-tailed)
    civilian_share: float          # expected share of the dead who are civilians
    p_restricted: float            # chance the record is restricted
    perpetrators: dict[str, float]
    targets: dict[str, float]


_NON_STATE = {"armed_group": 0.4, "militia": 0.3, "unidentified": 0.3}
_CATEGORIES = {
    # armed clashes oppose the state and a non-state group: see _targets()
    "armed_conflict": _Category(0.40, 0.10, 0.55, 7.0, 0.15, 0.05,
                                {"state": 0.45, "armed_group": 0.45, "militia": 0.10},
                                {"state": 1.0}),
    "violence_against_civilians": _Category(
        0.27, 0.15, 0.60, 4.0, 1.0, 0.07,
        {"state": 0.25, "police": 0.05, "armed_group": 0.35, "militia": 0.2,
         "unidentified": 0.15},
        {"civilians": 0.85, "community": 0.15}),
    "sexual_violence": _Category(0.03, 0.02, 0.10, 1.5, 1.0, 0.50,
                                 {"state": 0.3, **_NON_STATE}, {"civilians": 1.0}),
    "abduction_disappearance": _Category(0.05, 0.04, 0.08, 2.0, 1.0, 0.15,
                                         {"state": 0.2, **_NON_STATE},
                                         {"civilians": 0.8, "journalists": 0.1, "aid": 0.1}),
    "incitement_hate_speech": _Category(0.03, 0.12, 0.0, 1.0, 1.0, 0.06,
                                        {"state": 0.4, "militia": 0.4, "armed_group": 0.2},
                                        {"community": 1.0}),
    "repression_of_protest": _Category(0.04, 0.25, 0.12, 2.0, 1.0, 0.05,
                                       {"state": 0.4, "police": 0.6}, {"protesters": 1.0}),
    "arbitrary_detention": _Category(0.04, 0.15, 0.02, 1.0, 1.0, 0.15,
                                     {"state": 0.5, "police": 0.5},
                                     {"civilians": 0.5, "protesters": 0.3,
                                      "journalists": 0.2}),
    "forced_displacement": _Category(0.04, 0.03, 0.05, 2.0, 1.0, 0.06,
                                     {"state": 0.3, "armed_group": 0.4, "militia": 0.3},
                                     {"civilians": 0.7, "community": 0.3}),
    "attack_on_aid_or_peacekeepers": _Category(0.02, 0.01, 0.30, 2.0, 0.6, 0.08,
                                               {"armed_group": 0.5, "militia": 0.2,
                                                "unidentified": 0.3},
                                               {"aid": 0.7, "peacekeepers": 0.3}),
    "property_destruction": _Category(0.06, 0.08, 0.04, 1.5, 1.0, 0.04,
                                      {"state": 0.2, **_NON_STATE},
                                      {"civilians": 0.8, "community": 0.2}),
    "other": _Category(0.02, 0.05, 0.05, 1.0, 0.5, 0.04,
                       {"state": 0.2, "police": 0.1, **_NON_STATE}, {"civilians": 1.0}),
}
_DEATHS_SHAPE = 0.35               # negative-binomial shape: small = long tail
_GEO_PRECISION = {1: 0.45, 2: 0.24, 3: 0.18, 4: 0.09, 6: 0.04}
_JITTER_DEGREES = {1: 0.0, 2: 0.02, 3: 0.05, 4: 0.0, 6: 0.0}
_DATE_PRECISION = {1: 0.86, 2: 0.06, 3: 0.04, 4: 0.03, 5: 0.01}
_DATE_SPAN_DAYS = {1: 0, 2: 4, 3: 6, 4: 20, 5: 90}


_TRAININGS = 300
_TRAINING_HOSTS = 60
_TRAINING_TOPICS = {
    "atrocity prevention": "Atrocity prevention workshop (synthetic)",
    "early warning": "Early warning and risk analysis course (synthetic)",
    "R2P focal points": "R2P focal points network meeting (synthetic)",
    "hate speech": "Addressing hate speech training (synthetic)",
    "protection of civilians": "Protection of civilians seminar (synthetic)",
    "transitional justice": "Memorialisation and transitional justice dialogue (synthetic)",
}
_AUDIENCES = {"member_state": 0.4, "regional_org": 0.2, "civil_society": 0.25,
              "un_system": 0.15}
_REGIONAL_ORGS = {
    "Africa": ("African Union", "ECOWAS", "IGAD", "SADC", "ICGLR", "EAC"),
    "Americas": ("Organization of American States",),
    "Asia": ("ASEAN", "League of Arab States"),
    "Europe": ("OSCE", "Council of Europe"),
    "Oceania": ("Pacific Islands Forum",),
}
_DELIVERED_BY = ("Office on Genocide Prevention and the Responsibility to Protect",
                 "Regional training partner (synthetic)")


@dataclass(frozen=True)
class DemoSummary:
    """What one demo build wrote."""

    incidents: int
    indicators: int
    trainings: int
    assessments: int
    seconds: float


def build_demo(con: duckdb.DuckDBPyConnection, incidents: int = 50_000, seed: int = 7,
               progress: Callable[[str], None] | None = None) -> DemoSummary:
    """Replace the demo rows (``source = 'demo'``) with a freshly generated synthetic world.

    Writes ``incidents`` incidents (2018-01-01 to 2026-10-31), about 300 trainings and
    Framework of Analysis assessments of the watched countries, each part as one
    ``import_batches`` row of format ``demo``, and reloads the real reference data
    (organisations, memberships, commitments, indicators: ``indicators`` in the summary
    counts those values), all in one transaction on ``con`` (a writer connection). Other
    sources' rows are left alone. The same ``seed`` and ``incidents`` give the same rows.
    ``progress`` receives short human messages.

    Raises ``ValueError`` for a negative or fractional size or seed, and
    ``WarehouseError`` when the warehouse knows no admin-1 region of any watched country.
    """
    incidents = _whole_number("incidents", incidents)
    seed = _whole_number("seed", seed)
    say = progress or (lambda _message: None)
    started = time.perf_counter()
    say("geography")
    geo = _Geography.load(con)
    world = _World.build(geo, np.random.default_rng([seed, 0]))
    with transaction(con):
        _delete_demo_rows(con)
        n_incidents = _write_incidents(con, world, incidents, seed, say)
        say("trainings")
        n_trainings = _write_trainings(con, geo, world, seed)
        say("assessments")
        n_assessments = _write_assessments(con, world, seed)
        say("reference: regional organisations, memberships, commitments, indicators")
        load_reference(con)
        n_indicators = load_reference_indicators(con)
    return DemoSummary(n_incidents, n_indicators, n_trainings, n_assessments,
                       round(time.perf_counter() - started, 3))


def _whole_number(name: str, value) -> int:
    """``value`` as an int >= 0, or a ``ValueError`` naming the argument."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, not {value!r}")
    return int(value)


def _delete_demo_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Remove what an earlier demo build wrote; other sources' rows stay."""
    for statement in ("DELETE FROM incidents WHERE source = ?",
                      "DELETE FROM trainings WHERE source = ?",
                      "DELETE FROM risk_assessments WHERE source = ?"):
        con.execute(statement, [DEMO_SOURCE])


def _record_batch(con: duckdb.DuckDBPyConnection, name: str, write: Callable[[int], int],
                  notes: tuple[str, ...] = ()) -> int:
    """Run ``write(batch_id)`` as one demo batch and record how many rows it wrote."""
    batch_id = start_batch(con, "demo", Path(name), None)
    rows = write(batch_id)
    finish_batch(con, ImportSummary(batch_id=batch_id, format="demo", file_name=name,
                                    read=rows, loaded=rows, updated=0, unchanged=0,
                                    rejected=0, notes=(SYNTHETIC_NOTE, *notes)))
    return rows


def _insert_arrow(con: duckdb.DuckDBPyConnection, query: str, table: pa.Table,
                  params: dict) -> None:
    """Run the named query ``query``, which reads ``table`` as ``_rows``."""
    execute_with_rows(con, named_sql(query), table, params)


# --- pure helpers -------------------------------------------------------------------------

def cumulative_shares(weights: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Each item's cumulative share of its group's total weight.

    Items are sorted by ``group`` (0, 1, 2, ... with none missing) and weights are > 0;
    the last item of every group gets exactly 1.
    """
    weights = np.asarray(weights, dtype=float)
    totals = np.bincount(group, weights=weights)
    before = np.concatenate(([0.0], np.cumsum(totals)[:-1]))
    shares = (np.cumsum(weights) - before[group]) / totals[group]
    shares[np.r_[group[1:] != group[:-1], True]] = 1.0
    return shares


def pick_in_groups(shares: np.ndarray, item_group: np.ndarray, group: np.ndarray,
                   u: np.ndarray) -> np.ndarray:
    """For each draw, the item of group ``group[i]`` that the uniform ``u[i]`` selects.

    ``shares`` comes from :func:`cumulative_shares` over items sorted by ``item_group``;
    an item is picked with probability proportional to its weight; one search, no loop.
    """
    picked = np.searchsorted(item_group + shares, group + u, side="right")
    last = np.searchsorted(item_group, group, side="right") - 1
    return np.minimum(picked, last)


def pick_columns(weights: np.ndarray, row: np.ndarray, u: np.ndarray) -> np.ndarray:
    """For each draw, a column of ``weights[row[i]]`` chosen in proportion to its weight."""
    n_rows, n_cols = weights.shape
    item_group = np.repeat(np.arange(n_rows), n_cols)
    shares = cumulative_shares(weights.ravel(), item_group)
    return pick_in_groups(shares, item_group, row, u) - row * n_cols


def episode_curve(months: int, start: int, duration: int, peak: float) -> np.ndarray:
    """A rate multiplier: 1 outside the episode, rising to ``peak``, holding, then easing."""
    t = np.arange(months) - start
    ramp = max(1.0, duration / 3)
    shape = np.clip(np.minimum(np.minimum((t + 1) / ramp, (duration - t) / ramp), 1.0), 0, 1)
    return 1.0 + (peak - 1.0) * shape


def rows_to_cells(cell_ends: np.ndarray, start: int, stop: int) -> np.ndarray:
    """The cell of each row ``start..stop-1`` when cell ``i`` holds rows up to ``cell_ends[i]``."""
    return np.searchsorted(cell_ends, np.arange(start, stop), side="right")


def points_in_polygon(geom, n: int, rng: np.random.Generator, tries: int = 30) -> np.ndarray:
    """``n`` uniform random points (lon, lat) inside ``geom``, by vectorised rejection.

    A shape too thin to hit within ``tries`` rounds fills the rest with its representative
    point, which is always inside.
    """
    minx, miny, maxx, maxy = geom.bounds
    fill = max(geom.area / max((maxx - minx) * (maxy - miny), 1e-12), 1e-3)
    found, need = [], n
    for _ in range(tries):
        k = min(int(need / fill * 1.5) + 16, 200_000)
        x, y = rng.uniform(minx, maxx, k), rng.uniform(miny, maxy, k)
        inside = shapely.contains_xy(geom, x, y)
        found.append(np.column_stack([x[inside], y[inside]]))
        need -= int(inside.sum())
        if need <= 0:
            break
    points = np.concatenate(found)[:n]
    if len(points) < n:
        anchor = geom.representative_point()
        points = np.vstack([points, np.tile([anchor.x, anchor.y], (n - len(points), 1))])
    return points


# --- geography and the world --------------------------------------------------------------

@dataclass(frozen=True)
class _Geography:
    """The reference geography the demo draws on: admin-1 regions known to the warehouse
    (with geometry, from ``geodata``) and countries (names and UN regions)."""

    regions: pd.DataFrame        # admin1_code, iso3, name, geometry
    countries: pd.DataFrame      # iso3, name, un_region, x, y (a point inside)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> _Geography:
        """Read the boundaries and keep the admin-1 regions the warehouse knows."""
        known = {row[0] for row in con.execute("SELECT admin1_code FROM admin1").fetchall()}
        admin1 = boundaries.load_admin1()
        regions = pd.DataFrame({
            "admin1_code": admin1["admin1_code"].astype(str).to_numpy(),
            "iso3": admin1["iso3"].astype(str).to_numpy(),
            "name": admin1["name"].astype(str).to_numpy(),
            "geometry": np.asarray(admin1.geometry.values, dtype=object),
        })
        regions = regions[regions["admin1_code"].isin(known)]
        regions = regions.sort_values(["iso3", "admin1_code"], ignore_index=True)
        shapes = boundaries.load_countries()
        points = shapely.point_on_surface(np.asarray(shapes.geometry.values, dtype=object))
        located = pd.DataFrame({"iso3": shapes["iso3"].astype(str).to_numpy(),
                                "x": shapely.get_x(points), "y": shapely.get_y(points)})
        countries = con.execute(
            "SELECT iso3, name, un_region FROM countries ORDER BY iso3").df()
        countries = countries.merge(located.drop_duplicates("iso3"), on="iso3", how="left")
        return cls(regions=regions, countries=countries)


@dataclass(frozen=True)
class _World:
    """The watched countries, their regions and places, and what drives their events."""

    iso3: np.ndarray             # (C,) watched countries with regions and a shape
    names: np.ndarray            # (C,)
    risk: np.ndarray             # (C,) latent risk 0..1
    volume: np.ndarray           # (C,) relative event volume
    trend: np.ndarray            # (C,) yearly drift of the latent risk
    country_xy: np.ndarray       # (C, 2) a point inside each country
    skipped: tuple[str, ...]     # watched countries without regions or shape
    region_code: np.ndarray      # (R,) sorted by country
    region_name: np.ndarray
    region_country: np.ndarray   # (R,) index into the countries
    region_shares: np.ndarray    # (R,) cumulative share of the country's events
    region_geom: np.ndarray      # (R,) prepared shapely geometries
    region_xy: np.ndarray        # (R, 2) a point inside each region
    place_xy: np.ndarray         # (R * PLACES_PER_REGION, 2)
    rising: np.ndarray           # (C,) bool: escalating in the last three months

    @classmethod
    def build(cls, geo: _Geography, rng: np.random.Generator) -> _World:
        """Choose hotspots, places and trends for the watched countries."""
        located = set(geo.countries.dropna(subset=["x"])["iso3"]) & set(geo.regions["iso3"])
        kept = [w for w in _WATCHED if w[0] in located]
        if not kept:
            raise WarehouseError("no admin-1 region of any watched country is in the "
                                 "warehouse: the demo has nowhere to place incidents")
        iso3 = np.array([w[0] for w in kept])
        order = {code: i for i, code in enumerate(iso3)}
        regions = geo.regions[geo.regions["iso3"].isin(order)].copy()
        regions["c"] = regions["iso3"].map(order)
        regions = regions.sort_values(["c", "admin1_code"], ignore_index=True)
        countries = geo.countries.set_index("iso3").loc[iso3]
        risk = np.clip(np.array([w[1] for w in kept]) + rng.normal(0, 0.03, len(kept)), 0, 1)
        rising = np.zeros(len(kept), dtype=bool)
        rising[rng.choice(len(kept), size=max(1, len(kept) // 6), replace=False,
                          p=risk / risk.sum())] = True
        geoms = np.asarray(regions["geometry"].to_numpy(), dtype=object)
        shapely.prepare(geoms)
        return cls(
            iso3=iso3, names=countries["name"].to_numpy(dtype=object), risk=risk,
            volume=np.array([w[2] for w in kept]),
            trend=np.where(rising, 0.03, rng.normal(0.0, 0.01, len(kept))),
            country_xy=countries[["x", "y"]].to_numpy(dtype=float),
            skipped=tuple(w[0] for w in _WATCHED if w[0] not in located),
            region_code=regions["admin1_code"].to_numpy(dtype=object),
            region_name=regions["name"].to_numpy(dtype=object),
            region_country=regions["c"].to_numpy(),
            region_shares=cumulative_shares(
                _region_weights(regions["c"].to_numpy(), rng), regions["c"].to_numpy()),
            region_geom=geoms,
            region_xy=_inside_points(geoms),
            place_xy=np.vstack([points_in_polygon(g, PLACES_PER_REGION, rng) for g in geoms]),
            rising=rising,
        )


def _region_weights(country: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Event weights of regions: 2-5 hotspots per country take about three quarters."""
    weights = np.empty(len(country))
    for c in np.unique(country):
        idx = np.flatnonzero(country == c)
        hot = rng.choice(idx, size=min(len(idx), int(rng.integers(2, 6))), replace=False)
        cold = np.setdiff1d(idx, hot)
        weights[hot] = rng.uniform(2, 6, len(hot))
        weights[hot] *= (0.75 if len(cold) else 1.0) / weights[hot].sum()
        if len(cold):
            weights[cold] = rng.exponential(1.0, len(cold)) + 0.05
            weights[cold] *= 0.25 / weights[cold].sum()
    return weights


def _inside_points(geoms: np.ndarray) -> np.ndarray:
    """A point inside each geometry, as (lon, lat) rows."""
    points = shapely.point_on_surface(geoms)
    return np.column_stack([shapely.get_x(points), shapely.get_y(points)])


# --- incidents ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    """How many incidents each (country, month) cell gets, and everything per-row draws need."""

    months: np.ndarray           # (M,) datetime64[M]
    cell_ends: np.ndarray        # (C * M,) cumulative row count, country-major
    boost: np.ndarray            # (C * M,) escalation multiplier of each cell
    category_mix: np.ndarray     # (C, K) category weights per country
    actors: pa.Array             # every actor name
    actor_start: np.ndarray      # (A, C) first actor index of each kind in each country
    actor_count: np.ndarray      # (A, C) how many actors of each kind each country has
    locations: pa.Array          # place names, then region names, then country names

    @classmethod
    def build(cls, world: _World, total: int, rng: np.random.Generator) -> _Plan:
        """Rates per country and month (trend, noise, episodes), then the row counts."""
        months = np.arange(FIRST_DAY.astype("datetime64[M]"),
                           LAST_DAY.astype("datetime64[M]") + 1)
        boost = _escalation(world, len(months), rng)
        years = np.arange(len(months)) / 12.0
        growth = np.exp(np.outer(rng.normal(0.05 * (world.risk - 0.5), 0.06), years))
        noise = rng.gamma(12.0, 1 / 12.0, boost.shape)
        rates = (world.volume[:, None] * growth * noise * boost).ravel()
        counts = rng.multinomial(total, rates / rates.sum())
        actors, actor_start, actor_count = _actor_table(world, rng)
        place_names = np.char.add("Synthetic place ",
                                  np.arange(1, len(world.place_xy) + 1).astype(str))
        return cls(
            months=months, cell_ends=np.cumsum(counts), boost=boost.ravel(),
            category_mix=_category_mix(world.risk, rng),
            actors=actors, actor_start=actor_start, actor_count=actor_count,
            locations=pa.array(np.concatenate(
                [place_names.astype(object), world.region_name, world.names]),
                type=pa.string()),
        )


def _escalation(world: _World, months: int, rng: np.random.Generator) -> np.ndarray:
    """(C, M) multipliers: episodes (more in riskier countries), recent rises and coolings."""
    boost = np.ones((len(world.risk), months))
    for c, risk in enumerate(world.risk):
        for _ in range(rng.poisson(0.5 + 2.0 * risk)):
            boost[c] *= episode_curve(months, int(rng.integers(0, months - 3)),
                                      int(rng.integers(3, 13)), rng.uniform(1.8, 5.0))
    boost[world.rising, -3:] *= (1.5, 2.2, 3.2)
    calm = np.flatnonzero(~world.rising)
    boost[rng.choice(calm, size=min(len(calm), max(1, len(calm) // 8)), replace=False),
          -3:] *= (0.8, 0.6, 0.45)
    return boost


def _category_mix(risk: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(C, K) category weights: conflict mix where risk is high, calmer mix where low."""
    names = vocabulary.categories()
    conflict = np.array([_CATEGORIES[k].conflict_share for k in names])
    calm = np.array([_CATEGORIES[k].calm_share for k in names])
    alpha = 60.0 * (np.outer(risk, conflict) + np.outer(1 - risk, calm))
    return np.vstack([rng.dirichlet(a) for a in alpha])


def _actor_table(world: _World, rng: np.random.Generator):
    """All actor names, and per kind and country the range of actors of that kind."""
    n_countries = len(world.iso3)
    names: list[str] = []
    start = np.zeros((len(_ACTORS), n_countries), dtype=np.int64)
    count = np.ones((len(_ACTORS), n_countries), dtype=np.int64)
    for a, template in enumerate(_ACTORS.values()):
        if "{n}" not in template:
            start[a] = len(names)
            names.append(template)
            continue
        count[a] = 1 + rng.poisson(1 + 5 * world.risk)
        start[a] = len(names) + np.concatenate(([0], np.cumsum(count[a])[:-1]))
        names += [template.format(n=i) for i in range(1, int(count[a].sum()) + 1)]
    return pa.array(names, type=pa.string()), start, count


def _actor_weights(role: str) -> np.ndarray:
    """(K, A) weights of actor kinds as perpetrator or target, per category."""
    kinds = list(_ACTORS)
    weights = np.zeros((len(vocabulary.categories()), len(kinds)))
    for k, name in enumerate(vocabulary.categories()):
        for kind, w in getattr(_CATEGORIES[name], role).items():
            weights[k, kinds.index(kind)] = w
    return weights


def _category_column(field: str) -> np.ndarray:
    """One numeric field of ``_CATEGORIES``, in vocabulary order."""
    return np.array([getattr(_CATEGORIES[k], field) for k in vocabulary.categories()])


def _write_incidents(con: duckdb.DuckDBPyConnection, world: _World, total: int, seed: int,
                     say: Callable[[str], None]) -> int:
    """Insert ``total`` incidents in chunks, as one batch."""
    plan = _Plan.build(world, total, np.random.default_rng([seed, 1]))
    notes = ((f"watched countries without admin-1 regions or a shape, left out: "
              f"{', '.join(world.skipped)}",) if world.skipped else ())

    def write(batch_id: int) -> int:
        for number, start in enumerate(range(0, total, CHUNK_ROWS)):
            stop = min(start + CHUNK_ROWS, total)
            rng = np.random.default_rng([seed, 2, number])
            _insert_arrow(con, "demo_insert_incidents",
                          _incident_chunk(world, plan, start, stop, rng),
                          {"source": DEMO_SOURCE, "batch_id": batch_id})
            say(f"incidents {stop:,} / {total:,}")
        return total

    return _record_batch(con, f"demo:incidents seed={seed} n={total}", write, notes)


def _incident_chunk(world: _World, plan: _Plan, start: int, stop: int,
                    rng: np.random.Generator) -> pa.Table:
    """Rows ``start..stop-1`` of the demo incidents, as an Arrow table."""
    n = stop - start
    cell = rows_to_cells(plan.cell_ends, start, stop)
    country, month = np.divmod(cell, len(plan.months))
    event_date, event_end, date_precision = _dates(plan.months[month], n, rng)
    category = pick_columns(plan.category_mix, country, rng.random(n))
    region = pick_in_groups(world.region_shares, world.region_country, country, rng.random(n))
    where = _places(world, country, region, rng)
    perpetrator, target = _actors(plan, category, country, rng)
    deaths, civilians = _deaths(category, plan.boost[cell], rng)
    restricted = rng.random(n) < _category_column("p_restricted")[category]
    unlocated = pa.array(region, mask=where.precision == 6)
    return pa.table({
        "source_id": pa.array(np.arange(start + 1, stop + 1)),
        "event_date": pa.array(event_date),
        "event_date_end": pa.array(event_end),
        "date_precision": pa.array(date_precision, type=pa.int8()),
        "iso3": _strings(world.iso3).take(pa.array(country)),
        "admin1_code": _strings(world.region_code).take(unlocated),
        "admin1_name": _strings(world.region_name).take(unlocated),
        "location": plan.locations.take(pa.array(where.location)),
        "lat": pa.array(where.lat),
        "lon": pa.array(where.lon),
        "geo_precision": pa.array(where.precision, type=pa.int8()),
        "priogrid_gid": pa.array(np.asarray(priogrid_gid(where.lat, where.lon)),
                                 type=pa.int32()),
        "category": _strings(vocabulary.categories()).take(pa.array(category)),
        "perpetrator": plan.actors.take(pa.array(perpetrator)),
        "target": plan.actors.take(pa.array(target)),
        "fatalities": pa.array(deaths, type=pa.int32()),
        "civilian_fatalities": pa.array(civilians, type=pa.int32()),
        "restricted": pa.array(restricted),
    })


def _strings(values) -> pa.Array:
    """A small set of names as an Arrow string array, to ``take`` row values from."""
    return pa.array(list(values), type=pa.string())


def _dates(month: np.ndarray, n: int, rng: np.random.Generator):
    """Event date (uniform within its month), end date and date precision of each row."""
    first = month.astype("datetime64[D]")
    days = ((month + 1).astype("datetime64[D]") - first).astype(np.int64)
    event_date = first + (rng.random(n) * days).astype(np.int64)
    precision = rng.choice(list(_DATE_PRECISION), n, p=list(_DATE_PRECISION.values()))
    span = np.array([_DATE_SPAN_DAYS[p] for p in range(1, 6)])[precision - 1]
    return event_date, np.minimum(event_date + span, LAST_DAY), precision


class _Where(NamedTuple):
    """Where each event is placed, and at what precision."""

    lat: np.ndarray
    lon: np.ndarray
    precision: np.ndarray
    location: np.ndarray         # index into _Plan.locations


def _places(world: _World, country: np.ndarray, region: np.ndarray,
            rng: np.random.Generator) -> _Where:
    """Where each event happened: a synthetic place (busy places more often), jittered by
    the geo precision but kept inside its region; the region's or the country's point
    for region- and country-level events."""
    n = len(region)
    precision = rng.choice(list(_GEO_PRECISION), n, p=list(_GEO_PRECISION.values()))
    rank = np.minimum((PLACES_PER_REGION * rng.random(n) ** 2.5).astype(np.int64),
                      PLACES_PER_REGION - 1)
    place = region * PLACES_PER_REGION + rank
    xy = world.place_xy[place]
    spread = np.array([_JITTER_DEGREES.get(p, 0.0) for p in range(7)])[precision]
    jittered = xy + rng.normal(size=(n, 2)) * spread[:, None]
    moved = np.flatnonzero(spread > 0)
    inside = shapely.contains_xy(world.region_geom[region[moved]], jittered[moved, 0],
                                 jittered[moved, 1])
    xy[moved[inside]] = jittered[moved[inside]]
    n_places = len(world.place_xy)
    location = place.copy()
    is_region, is_country = precision == 4, precision == 6
    xy[is_region] = world.region_xy[region[is_region]]
    location[is_region] = n_places + region[is_region]
    xy[is_country] = world.country_xy[country[is_country]]
    location[is_country] = n_places + len(world.region_code) + country[is_country]
    return _Where(lat=xy[:, 1], lon=xy[:, 0], precision=precision, location=location)


def _actors(plan: _Plan, category: np.ndarray, country: np.ndarray,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Perpetrator and target actor indexes; armed clashes oppose state and non-state."""
    kinds = list(_ACTORS)
    perp_kind = pick_columns(_actor_weights("perpetrators"), category, rng.random(len(category)))
    target_kind = pick_columns(_actor_weights("targets"), category, rng.random(len(category)))
    clash_with_state = ((category == vocabulary.categories().index("armed_conflict"))
                        & (perp_kind == kinds.index("state")))
    target_kind[clash_with_state] = kinds.index("armed_group")
    return (_actor_index(plan, perp_kind, country, rng),
            _actor_index(plan, target_kind, country, rng))


def _actor_index(plan: _Plan, kind: np.ndarray, country: np.ndarray,
                 rng: np.random.Generator) -> np.ndarray:
    """One actor of the given kind in the given country; the first-numbered are busiest."""
    count = plan.actor_count[kind, country]
    rank = np.minimum((count * rng.random(len(kind)) ** 2).astype(np.int64), count - 1)
    return plan.actor_start[kind, country] + rank


def _deaths(category: np.ndarray, boost: np.ndarray, rng: np.random.Generator):
    """Fatalities (zero-inflated negative binomial, worse in escalations) and civilians."""
    n = len(category)
    factor = np.sqrt(boost)
    deadly = rng.random(n) < np.minimum(_category_column("p_deadly")[category] * factor, 0.95)
    extra = (_category_column("mean_deaths")[category] - 1.0) * factor
    more = rng.negative_binomial(_DEATHS_SHAPE, _DEATHS_SHAPE / (_DEATHS_SHAPE + extra))
    deaths = np.where(deadly, 1 + more, 0)
    civilians = rng.binomial(deaths, _category_column("civilian_share")[category])
    return deaths, civilians


# --- trainings ----------------------------------------------------------------------------

def _write_trainings(con: duckdb.DuckDBPyConnection, geo: _Geography, world: _World,
                     seed: int) -> int:
    """About 300 synthetic training events in about 60 countries, as one batch."""
    rng = np.random.default_rng([seed, 4])

    def write(batch_id: int) -> int:
        table = _training_table(geo, world, rng)
        _insert_arrow(con, "demo_insert_trainings", table,
                      {"source": DEMO_SOURCE, "batch_id": batch_id})
        return table.num_rows

    return _record_batch(con, f"demo:trainings seed={seed}", write)


def _training_hosts(geo: _Geography, world: _World, rng: np.random.Generator) -> np.ndarray:
    """About 60 host countries: half watched ones (riskier more likely), half other
    countries with at least four regions (bigger ones more likely)."""
    regions_per_country = geo.regions["iso3"].value_counts()
    watched = np.array([c for c in world.iso3 if c in regions_per_country.index])
    sizable = regions_per_country[(regions_per_country >= 4)
                                  & ~regions_per_country.index.isin(watched)].sort_index()
    weights = world.risk[np.isin(world.iso3, watched)]
    n_watched = min(len(watched), _TRAINING_HOSTS // 2)
    picked = rng.choice(watched, size=n_watched, replace=False, p=weights / weights.sum())
    size = np.sqrt(sizable.to_numpy(dtype=float))
    rest = rng.choice(sizable.index.to_numpy(dtype=object),
                      size=min(len(sizable), _TRAINING_HOSTS - n_watched),
                      replace=False, p=size / size.sum())
    return np.sort(np.concatenate([picked, rest]).astype(str))


def _training_table(geo: _Geography, world: _World, rng: np.random.Generator) -> pa.Table:
    """The synthetic trainings: where, when, for whom, on what, how many people."""
    hosts = _training_hosts(geo, world, rng)
    host = hosts[rng.integers(0, len(hosts), _TRAININGS)]
    regions = geo.regions[geo.regions["iso3"].isin(hosts)].reset_index(drop=True)
    venue = np.array([rng.choice(np.flatnonzero(regions["iso3"].to_numpy() == h))
                      for h in host])
    venue_xy = _inside_points(np.asarray(regions["geometry"].to_numpy()[venue], dtype=object))
    first = np.datetime64(f"{TRAINING_YEARS[0]}-01-01", "D")
    start = first + rng.integers(0, (LAST_DAY - first).astype(np.int64), _TRAININGS)
    topic = rng.choice(list(_TRAINING_TOPICS), _TRAININGS)
    audience = rng.choice(list(_AUDIENCES), _TRAININGS, p=list(_AUDIENCES.values()))
    participants = rng.integers(10, 81, _TRAININGS)
    women = rng.binomial(participants, rng.uniform(0.2, 0.6, _TRAININGS))
    partner = rng.integers(1, 21, _TRAININGS)
    regional = geo.countries.set_index("iso3")["un_region"].reindex(host).to_numpy()
    return pa.table({
        "training_id": [f"demo:T{i:04d}" for i in range(1, _TRAININGS + 1)],
        "start_date": pa.array(start),
        "end_date": pa.array(start + rng.integers(0, 5, _TRAININGS)),
        "title": [_TRAINING_TOPICS[t] for t in topic],
        "host_iso3": host,
        "venue": [f"Synthetic venue, {name}" for name in regions["name"].to_numpy()[venue]],
        "lat": venue_xy[:, 1],
        "lon": venue_xy[:, 0],
        "audience": audience,
        "organisation": [_organisation(a, r, rng) for a, r in zip(audience, regional,
                                                                   strict=True)],
        "topic": topic,
        "participants": pa.array(participants, type=pa.int32()),
        "participants_women": pa.array(women, type=pa.int32()),
        "delivered_by": rng.choice(_DELIVERED_BY, _TRAININGS, p=[0.7, 0.3]),
        "partner": [f"Partner institute (synthetic) {k}" for k in partner],
    })


# --- Framework of Analysis assessments ---------------------------------------------------

_ASSESSMENT_ROUNDS = (np.datetime64("2025-11-14"), np.datetime64("2026-05-15"),
                      np.datetime64("2026-10-16"))


def _write_assessments(con: duckdb.DuckDBPyConnection, world: _World, seed: int) -> int:
    """Judgements on the 14 risk factors for every watched country, in up to three
    rounds (riskier countries are assessed more often), as one batch."""
    rng = np.random.default_rng([seed, 5])

    def write(batch_id: int) -> int:
        table = _assessment_table(world, rng)
        _insert_arrow(con, "demo_insert_assessments", table,
                      {"source": DEMO_SOURCE, "batch_id": batch_id})
        return table.num_rows

    return _record_batch(con, f"demo:assessments seed={seed}", write)


def _assessment_table(world: _World, rng: np.random.Generator) -> pa.Table:
    """A factor is judged present with a chance that grows with the country's latent
    risk, unknown now and then, absent otherwise."""
    rounds = np.where(world.risk >= 0.8, 3, np.where(world.risk >= 0.5, 2, 1))
    rows = [(iso3, factor, day)
            for iso3, n in zip(world.iso3, rounds, strict=True)
            for day in _ASSESSMENT_ROUNDS[-n:] for factor in range(1, 15)]
    iso3, factor, day = (np.array(column) for column in zip(*rows, strict=True))
    risk = dict(zip(world.iso3, world.risk, strict=True))
    p_present = np.array([risk[code] for code in iso3]) ** 1.5
    u = rng.random(len(rows))
    judgement = np.where(u < 0.08, "unknown", np.where(u < 0.08 + 0.92 * p_present,
                                                       "present", "absent"))
    analyst = rng.integers(1, 7, len(rows))
    return pa.table({
        "iso3": iso3,
        "factor": pa.array(factor, type=pa.int8()),
        "judgement": judgement,
        "evidence": [f"Synthetic demo assessment of risk factor {f}: no real evidence"
                     for f in factor],
        "assessed_on": pa.array(day),
        "analyst": [f"Demo analyst (synthetic) {k}" for k in analyst],
    })


def _organisation(audience: str, un_region, rng: np.random.Generator) -> str:
    """The organisation whose people were trained."""
    if audience == "regional_org":
        return str(rng.choice(_REGIONAL_ORGS.get(un_region, ("Regional organisation "
                                                             "(synthetic)",))))
    return {"member_state": "National focal point office (synthetic) {k}",
            "civil_society": "Civil society network (synthetic) {k}",
            "un_system": "UN country team (synthetic) {k}"}[audience].format(
                k=int(rng.integers(1, 31)))
