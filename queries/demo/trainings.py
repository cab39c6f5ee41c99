"""The demo's trainings: about 300 synthetic courses hosted in watched and other countries."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from queries.demo.common import (
    DEMO_SOURCE,
    LAST_DAY,
    TRAINING_YEARS,
    insert_arrow,
    record_batch,
)
from queries.demo.world import Geography, World, inside_points

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
_AUDIENCES = {"member_state": 0.4, "regional_org": 0.2, "civil_society": 0.25, "un_system": 0.15}
_REGIONAL_ORGS = {
    "Africa": ("African Union", "ECOWAS", "IGAD", "SADC", "ICGLR", "EAC"),
    "Americas": ("Organization of American States",),
    "Asia": ("ASEAN", "League of Arab States"),
    "Europe": ("OSCE", "Council of Europe"),
    "Oceania": ("Pacific Islands Forum",),
}
_DELIVERED_BY = (
    "Office on Genocide Prevention and the Responsibility to Protect",
    "Regional training partner (synthetic)",
)


def write_trainings(con: duckdb.DuckDBPyConnection, geo: Geography, world: World, seed: int) -> int:
    """About 300 synthetic training events in about 60 countries, as one batch."""
    rng = np.random.default_rng([seed, 4])

    def write(batch_id: int) -> int:
        table = _training_table(geo, world, rng)
        insert_arrow(
            con, "demo_insert_trainings", table, {"source": DEMO_SOURCE, "batch_id": batch_id}
        )
        return table.num_rows

    return record_batch(con, f"demo:trainings seed={seed}", write)


def _training_hosts(geo: Geography, world: World, rng: np.random.Generator) -> np.ndarray:
    """About 60 host countries: half watched ones (riskier more likely), half other
    countries with at least four regions (bigger ones more likely)."""
    regions_per_country = geo.regions["iso3"].value_counts()
    watched = np.array([c for c in world.iso3 if c in regions_per_country.index])
    sizable = regions_per_country[
        (regions_per_country >= 4) & ~regions_per_country.index.isin(watched)
    ].sort_index()
    weights = world.risk[np.isin(world.iso3, watched)]
    n_watched = min(len(watched), _TRAINING_HOSTS // 2)
    picked = rng.choice(watched, size=n_watched, replace=False, p=weights / weights.sum())
    size = np.sqrt(sizable.to_numpy(dtype=float))
    rest = rng.choice(
        sizable.index.to_numpy(dtype=object),
        size=min(len(sizable), _TRAINING_HOSTS - n_watched),
        replace=False,
        p=size / size.sum(),
    )
    return np.sort(np.concatenate([picked, rest]).astype(str))


def _training_table(geo: Geography, world: World, rng: np.random.Generator) -> pa.Table:
    """The synthetic trainings: where, when, for whom, on what, how many people."""
    hosts = _training_hosts(geo, world, rng)
    host = hosts[rng.integers(0, len(hosts), _TRAININGS)]
    regions = geo.regions[geo.regions["iso3"].isin(hosts)].reset_index(drop=True)
    venue = np.array([rng.choice(np.flatnonzero(regions["iso3"].to_numpy() == h)) for h in host])
    venue_xy = inside_points(np.asarray(regions["geometry"].to_numpy()[venue], dtype=object))
    first = np.datetime64(f"{TRAINING_YEARS[0]}-01-01", "D")
    start = first + rng.integers(0, (LAST_DAY - first).astype(np.int64), _TRAININGS)
    topic = rng.choice(list(_TRAINING_TOPICS), _TRAININGS)
    audience = rng.choice(list(_AUDIENCES), _TRAININGS, p=list(_AUDIENCES.values()))
    participants = rng.integers(10, 81, _TRAININGS)
    women = rng.binomial(participants, rng.uniform(0.2, 0.6, _TRAININGS))
    partner = rng.integers(1, 21, _TRAININGS)
    regional = geo.countries.set_index("iso3")["un_region"].reindex(host).to_numpy()
    return pa.table(
        {
            "training_id": [f"demo:T{i:04d}" for i in range(1, _TRAININGS + 1)],
            "start_date": pa.array(start),
            "end_date": pa.array(start + rng.integers(0, 5, _TRAININGS)),
            "title": [_TRAINING_TOPICS[t] for t in topic],
            "host_iso3": host,
            "venue": [f"Synthetic venue, {name}" for name in regions["name"].to_numpy()[venue]],
            "lat": venue_xy[:, 1],
            "lon": venue_xy[:, 0],
            "audience": audience,
            "organisation": [
                _organisation(a, r, rng) for a, r in zip(audience, regional, strict=True)
            ],
            "topic": topic,
            "participants": pa.array(participants, type=pa.int32()),
            "participants_women": pa.array(women, type=pa.int32()),
            "delivered_by": rng.choice(_DELIVERED_BY, _TRAININGS, p=[0.7, 0.3]),
            "partner": [f"Partner institute (synthetic) {k}" for k in partner],
        }
    )


def _organisation(audience: str, un_region, rng: np.random.Generator) -> str:
    """The organisation whose people were trained."""
    if audience == "regional_org":
        return str(
            rng.choice(_REGIONAL_ORGS.get(un_region, ("Regional organisation (synthetic)",)))
        )
    return {
        "member_state": "National focal point office (synthetic) {k}",
        "civil_society": "Civil society network (synthetic) {k}",
        "un_system": "UN country team (synthetic) {k}",
    }[audience].format(k=int(rng.integers(1, 31)))
