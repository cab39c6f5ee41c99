"""The demo's incidents: drawn per country and month from the world's risk and escalation
episodes, placed at its synthetic places, written in Arrow chunks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import duckdb
import numpy as np
import pyarrow as pa
import shapely

from geodata.priogrid import priogrid_gid
from queries import vocabulary
from queries.demo.common import (
    CHUNK_ROWS,
    DEMO_SOURCE,
    FIRST_DAY,
    LAST_DAY,
    PLACES_PER_REGION,
    insert_arrow,
    record_batch,
)
from queries.demo.sampling import episode_curve, pick_columns, pick_in_groups, rows_to_cells
from queries.demo.world import World

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

    conflict_share: float  # share of a high-risk country's events
    calm_share: float  # share of a low-risk country's events
    p_deadly: float  # chance an event kills anyone
    mean_deaths: float  # mean deaths of a deadly event (heavy-tailed)
    civilian_share: float  # expected share of the dead who are civilians
    p_restricted: float  # chance the record is restricted
    perpetrators: dict[str, float]
    targets: dict[str, float]


_NON_STATE = {"armed_group": 0.4, "militia": 0.3, "unidentified": 0.3}
_CATEGORIES = {
    # armed clashes oppose the state and a non-state group: see _targets()
    "armed_conflict": _Category(
        0.40,
        0.10,
        0.55,
        7.0,
        0.15,
        0.05,
        {"state": 0.45, "armed_group": 0.45, "militia": 0.10},
        {"state": 1.0},
    ),
    "violence_against_civilians": _Category(
        0.27,
        0.15,
        0.60,
        4.0,
        1.0,
        0.07,
        {"state": 0.25, "police": 0.05, "armed_group": 0.35, "militia": 0.2, "unidentified": 0.15},
        {"civilians": 0.85, "community": 0.15},
    ),
    "sexual_violence": _Category(
        0.03, 0.02, 0.10, 1.5, 1.0, 0.50, {"state": 0.3, **_NON_STATE}, {"civilians": 1.0}
    ),
    "abduction_disappearance": _Category(
        0.05,
        0.04,
        0.08,
        2.0,
        1.0,
        0.15,
        {"state": 0.2, **_NON_STATE},
        {"civilians": 0.8, "journalists": 0.1, "aid": 0.1},
    ),
    "incitement_hate_speech": _Category(
        0.03,
        0.12,
        0.0,
        1.0,
        1.0,
        0.06,
        {"state": 0.4, "militia": 0.4, "armed_group": 0.2},
        {"community": 1.0},
    ),
    "repression_of_protest": _Category(
        0.04, 0.25, 0.12, 2.0, 1.0, 0.05, {"state": 0.4, "police": 0.6}, {"protesters": 1.0}
    ),
    "arbitrary_detention": _Category(
        0.04,
        0.15,
        0.02,
        1.0,
        1.0,
        0.15,
        {"state": 0.5, "police": 0.5},
        {"civilians": 0.5, "protesters": 0.3, "journalists": 0.2},
    ),
    "forced_displacement": _Category(
        0.04,
        0.03,
        0.05,
        2.0,
        1.0,
        0.06,
        {"state": 0.3, "armed_group": 0.4, "militia": 0.3},
        {"civilians": 0.7, "community": 0.3},
    ),
    "attack_on_aid_or_peacekeepers": _Category(
        0.02,
        0.01,
        0.30,
        2.0,
        0.6,
        0.08,
        {"armed_group": 0.5, "militia": 0.2, "unidentified": 0.3},
        {"aid": 0.7, "peacekeepers": 0.3},
    ),
    "property_destruction": _Category(
        0.06,
        0.08,
        0.04,
        1.5,
        1.0,
        0.04,
        {"state": 0.2, **_NON_STATE},
        {"civilians": 0.8, "community": 0.2},
    ),
    "other": _Category(
        0.02,
        0.05,
        0.05,
        1.0,
        0.5,
        0.04,
        {"state": 0.2, "police": 0.1, **_NON_STATE},
        {"civilians": 1.0},
    ),
}
_DEATHS_SHAPE = 0.35  # negative-binomial shape: small = long tail
_GEO_PRECISION = {1: 0.45, 2: 0.24, 3: 0.18, 4: 0.09, 6: 0.04}
_JITTER_DEGREES = {1: 0.0, 2: 0.02, 3: 0.05, 4: 0.0, 6: 0.0}
_DATE_PRECISION = {1: 0.86, 2: 0.06, 3: 0.04, 4: 0.03, 5: 0.01}
_DATE_SPAN_DAYS = {1: 0, 2: 4, 3: 6, 4: 20, 5: 90}


@dataclass(frozen=True)
class _Plan:
    """How many incidents each (country, month) cell gets, and everything per-row draws need."""

    months: np.ndarray  # (M,) datetime64[M]
    cell_ends: np.ndarray  # (C * M,) cumulative row count, country-major
    boost: np.ndarray  # (C * M,) escalation multiplier of each cell
    category_mix: np.ndarray  # (C, K) category weights per country
    actors: pa.Array  # every actor name
    actor_start: np.ndarray  # (A, C) first actor index of each kind in each country
    actor_count: np.ndarray  # (A, C) how many actors of each kind each country has
    locations: pa.Array  # place names, then region names, then country names

    @classmethod
    def build(cls, world: World, total: int, rng: np.random.Generator) -> _Plan:
        """Rates per country and month (trend, noise, episodes), then the row counts."""
        months = np.arange(FIRST_DAY.astype("datetime64[M]"), LAST_DAY.astype("datetime64[M]") + 1)
        boost = _escalation(world, len(months), rng)
        years = np.arange(len(months)) / 12.0
        growth = np.exp(np.outer(rng.normal(0.05 * (world.risk - 0.5), 0.06), years))
        noise = rng.gamma(12.0, 1 / 12.0, boost.shape)
        rates = (world.volume[:, None] * growth * noise * boost).ravel()
        counts = rng.multinomial(total, rates / rates.sum())
        actors, actor_start, actor_count = _actor_table(world, rng)
        place_names = np.char.add(
            "Synthetic place ", np.arange(1, len(world.place_xy) + 1).astype(str)
        )
        return cls(
            months=months,
            cell_ends=np.cumsum(counts),
            boost=boost.ravel(),
            category_mix=_category_mix(world.risk, rng),
            actors=actors,
            actor_start=actor_start,
            actor_count=actor_count,
            locations=pa.array(
                np.concatenate([place_names.astype(object), world.region_name, world.names]),
                type=pa.string(),
            ),
        )


def _escalation(world: World, months: int, rng: np.random.Generator) -> np.ndarray:
    """(C, M) multipliers: episodes (more in riskier countries), recent rises and coolings."""
    boost = np.ones((len(world.risk), months))
    for c, risk in enumerate(world.risk):
        for _ in range(rng.poisson(0.5 + 2.0 * risk)):
            boost[c] *= episode_curve(
                months,
                int(rng.integers(0, months - 3)),
                int(rng.integers(3, 13)),
                rng.uniform(1.8, 5.0),
            )
    boost[world.rising, -3:] *= (1.5, 2.2, 3.2)
    calm = np.flatnonzero(~world.rising)
    boost[rng.choice(calm, size=min(len(calm), max(1, len(calm) // 8)), replace=False), -3:] *= (
        0.8,
        0.6,
        0.45,
    )
    return boost


def _category_mix(risk: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(C, K) category weights: conflict mix where risk is high, calmer mix where low."""
    names = vocabulary.categories()
    conflict = np.array([_CATEGORIES[k].conflict_share for k in names])
    calm = np.array([_CATEGORIES[k].calm_share for k in names])
    alpha = 60.0 * (np.outer(risk, conflict) + np.outer(1 - risk, calm))
    return np.vstack([rng.dirichlet(a) for a in alpha])


def _actor_table(world: World, rng: np.random.Generator):
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


def write_incidents(
    con: duckdb.DuckDBPyConnection, world: World, total: int, seed: int, say: Callable[[str], None]
) -> int:
    """Insert ``total`` incidents in chunks, as one batch."""
    plan = _Plan.build(world, total, np.random.default_rng([seed, 1]))
    notes = (
        (
            f"watched countries without admin-1 regions or a shape, left out: "
            f"{', '.join(world.skipped)}",
        )
        if world.skipped
        else ()
    )

    def write(batch_id: int) -> int:
        for number, start in enumerate(range(0, total, CHUNK_ROWS)):
            stop = min(start + CHUNK_ROWS, total)
            rng = np.random.default_rng([seed, 2, number])
            insert_arrow(
                con,
                "demo_insert_incidents",
                _incident_chunk(world, plan, start, stop, rng),
                {"source": DEMO_SOURCE, "batch_id": batch_id},
            )
            say(f"incidents {stop:,} / {total:,}")
        return total

    return record_batch(con, f"demo:incidents seed={seed} n={total}", write, notes)


def _incident_chunk(
    world: World, plan: _Plan, start: int, stop: int, rng: np.random.Generator
) -> pa.Table:
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
    return pa.table(
        {
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
            "priogrid_gid": pa.array(
                np.asarray(priogrid_gid(where.lat, where.lon)), type=pa.int32()
            ),
            "category": _strings(vocabulary.categories()).take(pa.array(category)),
            "perpetrator": plan.actors.take(pa.array(perpetrator)),
            "target": plan.actors.take(pa.array(target)),
            "fatalities": pa.array(deaths, type=pa.int32()),
            "civilian_fatalities": pa.array(civilians, type=pa.int32()),
            "restricted": pa.array(restricted),
        }
    )


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
    location: np.ndarray  # index into _Plan.locations


def _places(
    world: World, country: np.ndarray, region: np.ndarray, rng: np.random.Generator
) -> _Where:
    """Where each event happened: a synthetic place (busy places more often), jittered by
    the geo precision but kept inside its region; the region's or the country's point
    for region- and country-level events."""
    n = len(region)
    precision = rng.choice(list(_GEO_PRECISION), n, p=list(_GEO_PRECISION.values()))
    rank = np.minimum(
        (PLACES_PER_REGION * rng.random(n) ** 2.5).astype(np.int64), PLACES_PER_REGION - 1
    )
    place = region * PLACES_PER_REGION + rank
    xy = world.place_xy[place]
    spread = np.array([_JITTER_DEGREES.get(p, 0.0) for p in range(7)])[precision]
    jittered = xy + rng.normal(size=(n, 2)) * spread[:, None]
    moved = np.flatnonzero(spread > 0)
    inside = shapely.contains_xy(
        world.region_geom[region[moved]], jittered[moved, 0], jittered[moved, 1]
    )
    xy[moved[inside]] = jittered[moved[inside]]
    n_places = len(world.place_xy)
    location = place.copy()
    is_region, is_country = precision == 4, precision == 6
    xy[is_region] = world.region_xy[region[is_region]]
    location[is_region] = n_places + region[is_region]
    xy[is_country] = world.country_xy[country[is_country]]
    location[is_country] = n_places + len(world.region_code) + country[is_country]
    return _Where(lat=xy[:, 1], lon=xy[:, 0], precision=precision, location=location)


def _actors(
    plan: _Plan, category: np.ndarray, country: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Perpetrator and target actor indexes; armed clashes oppose state and non-state."""
    kinds = list(_ACTORS)
    perp_kind = pick_columns(_actor_weights("perpetrators"), category, rng.random(len(category)))
    target_kind = pick_columns(_actor_weights("targets"), category, rng.random(len(category)))
    clash_with_state = (category == vocabulary.categories().index("armed_conflict")) & (
        perp_kind == kinds.index("state")
    )
    target_kind[clash_with_state] = kinds.index("armed_group")
    return (
        _actor_index(plan, perp_kind, country, rng),
        _actor_index(plan, target_kind, country, rng),
    )


def _actor_index(
    plan: _Plan, kind: np.ndarray, country: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
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
