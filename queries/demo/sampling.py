"""Pure sampling helpers of the demo generator (no warehouse): shares, picks, curves, points
inside polygons."""

from __future__ import annotations

import numpy as np
import shapely


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


def pick_in_groups(
    shares: np.ndarray, item_group: np.ndarray, group: np.ndarray, u: np.ndarray
) -> np.ndarray:
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
