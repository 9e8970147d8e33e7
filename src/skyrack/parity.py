"""Parity: the value of each cost driver at which orbit's $/PFLOP-day equals the ground's.

Each driver is a parameter of the registry (:mod:`skyrack.scenario.registry`),
scanned over a range; its label and unit come from the registry. The same solver
(:func:`solve_drivers`) finds the driver value that brings any other quantity to a
target (the claim checks of :mod:`skyrack.claims` use it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from .params import link
from .physics._arrays import read_only
from .pipeline import evaluate, evaluate_cost_ratio, evaluate_sized, size_reading
from .scenario.registry import parameter

Array = npt.NDArray[np.float64]
Sizing = tuple[Mapping[str, Array], frozenset[str]]
"""A design's sizing and the parameters it read (:func:`skyrack.pipeline.size_reading`)."""
Measure = Callable[[Mapping[str, Any], Mapping[str, Any]], Array]
"""A quantity to solve for: ``measure(outputs, params)``, from the pipeline's outputs and the trial parameters."""


@dataclass(frozen=True)
class Driver:
    """A parity driver: a registry parameter and the range (canonical unit) to search for parity in."""

    path: str
    low: float
    high: float


DRIVERS: tuple[Driver, ...] = (
    Driver("economics.satellite_cost_per_w", 0.0, 1000.0),
    Driver("economics.satellite_cost_per_kg", 0.0, 1.0e6),
    Driver("economics.bus_cost_per_kg", 0.0, 1.0e6),
    Driver("economics.satellite_failure_rate", 0.0, 1.0),
    Driver("launch.price_per_kg", 0.0, 1.0e5),
    Driver("launch.price", 0.0, 1.0e10),
    Driver("launch.vehicle_cost", 0.0, 1.0e10),
    Driver("mission.lifetime", 0.5, 50.0),
    Driver("terrestrial.facility_capex", 0.0, 1000.0),
    Driver("terrestrial.electricity_price", 0.0, 10.0),
    Driver("terrestrial.fuel_price", 0.0, 1000.0),
)
"""The drivers ``design`` reports (their ranges are where parity is searched for): the satellite's
cost on each basis, the orbital failure rate, the launch price (per kg, per flight, or the vehicle's
build cost when the owner pays at cost), the lifetime, the ground's capex and its energy price.
Those the scenario leaves empty are skipped; those that cannot move the answer are marked inert."""


def parity_values(
    params: Mapping[str, Any], drivers: Iterable[Driver] = DRIVERS, sizing: Sizing | None = None
) -> dict[str, dict[str, Any]]:
    """For each driver, the value at which orbit's $/PFLOP-day equals the ground's (None if none in range).

    A driver whose whole range leaves the cost ratio unchanged in this scenario (for example the bus
    cost per kg when the satellite is costed per watt) is marked ``inert``: it is no lever here.
    See :func:`solve_drivers` for the method. ``sizing``, :func:`skyrack.pipeline.size_reading` of
    ``params`` when the caller has it, saves sizing them again.
    """
    return parity_many([params], drivers, cost_ratio, 1.0, sizing)[0]


def cost_ratio(outputs: Mapping[str, Any], params: Mapping[str, Any]) -> Array:
    """The measure parity solves for: orbit's $/PFLOP-day over the ground's."""
    del params
    return np.asarray(outputs["economics.cost_ratio"], dtype=float)


def solve_drivers(
    params: Mapping[str, Any], drivers: Iterable[Driver], measure: Measure, target: float
) -> dict[str, dict[str, Any]]:
    """For each driver, the value at which ``measure`` equals ``target`` (None if none in range).

    ``measure(outputs, params)`` reads the quantity from the pipeline's outputs (and the trial
    parameters); a NaN (an infeasible design) counts as above the target. A driver whose whole range
    leaves the measure unchanged is marked ``inert``.

    Every driver is scanned over its range on one grid (linear and geometric points) in a single
    vectorised evaluation; the crossing nearest the current value is then bracketed, and the brackets
    of all drivers are narrowed together (:func:`_narrow`: probes around a regula falsi [1]_ or
    inverse quadratic [2]_ estimate, the midpoint where the measure is not finite) to a relative
    tolerance of 1e-9, in two or three evaluations.

    References
    ----------
    .. [1] Dowell and Jarratt, BIT 11, 168-174 (1971): regula falsi.
    .. [2] Brent, *Algorithms for Minimization without Derivatives*, Prentice-Hall (1973), ch. 4.
    """
    return parity_many([params], drivers, measure, target)[0]


def parity_many(
    group: Sequence[Mapping[str, Any]],
    drivers: Iterable[Driver] = DRIVERS,
    measure: Measure | None = None,
    target: float = 1.0,
    sizing: Sizing | None = None,
    rows: dict[Any, Any] | None = None,
) -> list[dict[str, dict[str, Any]]]:
    """:func:`solve_drivers` of several designs at once: one evaluation per step for all of them.

    ``measure`` defaults to :func:`cost_ratio` (with ``target`` 1: :func:`parity_values`). ``sizing`` is
    :func:`skyrack.pipeline.size_reading` of the designs of ``group`` when the caller has it: their
    parameters with those that differ as one array each, in order (none: sized here).

    The designs must share their choices and which drivers they give (the numbers may differ):
    :func:`skyrack.batched.design_many` groups them so. Each design's answer is the one
    :func:`parity_values` gives it alone (its grid and its brackets are its own). ``rows``, when given,
    keeps the sizings of re-sized rows for the next call on designs that size alike (the caller vouches
    that ``sizing`` and whatever it keeps depend on nothing that changes between the calls).
    """
    if not group:
        return []
    measure = cost_ratio if measure is None else measure
    if group[0].get("kind") == "terrestrial":
        return [{} for _ in group]
    linked = [link(p) for p in group]
    active = [d for d in drivers if math.isfinite(float(linked[0][d.path]))]
    current = np.array([[float(lk[d.path]) for d in active] for lk in linked]).reshape(len(group), len(active))
    grids = [_grid(d.low, d.high) for d in active]
    sizes = [g.size for g in grids]
    n = len(group)
    rows_k = np.repeat(np.arange(len(active)), sizes)
    differing = _differing(group)
    sized = _Sized(group, differing, active, current, sizing, rows, ratio_only=measure is cost_ratio)
    scan = np.concatenate(grids) if grids else np.empty(0)
    ratio = sized.table(np.arange(n), rows_k[None, :], scan[None, :], measure) - target  # a design's scans a row
    slot, a, b, fa, fb = _brackets(grids, ratio, current)
    roots = _refine(sized, np.array(slot, dtype=np.int64).reshape(-1, 2), a, b, fa, fb, measure, target)
    found = dict(zip(slot, roots, strict=True))
    names = {d.path: parameter(d.path) for d in active}
    inert = _inert(ratio, sizes, target).tolist()
    return [
        {
            d.path: {
                "label": names[d.path].label,
                "unit": names[d.path].unit,
                "current": float(current[j, k]),
                "parity": found.get((j, k)),
                "inert": inert[j][k],
            }
            for k, d in enumerate(active)
        }
        for j in range(n)
    ]


def _brackets(
    grids: Sequence[Array], ratio: Array, current: Array
) -> tuple[list[tuple[int, int]], Array, Array, Array, Array]:
    """The sign change nearest each design's current value in each driver's scan (a NaN counts as above).

    ``ratio`` is (designs, scan points): each design's scans of the drivers, one after the other on
    ``grids``. Returns the (design, driver) pairs that have a sign change, in order, and each bracket's
    ends ``a``, ``b`` and gaps ``fa``, ``fb``; of equally near changes, the first.
    """
    if not grids:
        return [], *(np.empty(0) for _ in range(4))  # type: ignore[return-value]
    grid = np.concatenate(grids)
    driver = np.repeat(np.arange(len(grids)), [g.size for g in grids])
    sign = np.sign(np.nan_to_num(ratio, nan=np.inf))
    change = (sign[:, :-1] * sign[:, 1:] < 0) & (driver[:-1] == driver[1:])  # not across two drivers' scans
    j, i = np.nonzero(change)
    k = driver[i]
    order = np.lexsort((i, np.abs(grid[i] - current[j, k]), k, j))  # by design, driver, distance, position
    pair = j[order] * len(grids) + k[order]
    first = order[np.r_[pair[:1] >= 0, pair[1:] != pair[:-1]]]  # the first of each pair
    j, k, i = j[first], k[first], i[first]
    return list(zip(j.tolist(), k.tolist(), strict=True)), grid[i], grid[i + 1], ratio[j, i], ratio[j, i + 1]


@cache
def _grid(low: float, high: float) -> Array:
    """A driver's scan: 97 linear and 97 geometric points over its range, sorted, once per process (read-only)."""
    grid = np.unique(np.concatenate([np.linspace(low, high, 97), np.geomspace(max(low, 1e-6), high, 97)]))
    grid.flags.writeable = False
    return grid


def _inert(gap: Array, sizes: Sequence[int], target: float) -> npt.NDArray[np.bool_]:
    """Per design and driver, whether the measure (``gap + target``) moves nowhere in the driver's range.

    ``gap`` is (designs, scan points), the drivers' scans one after the other (``sizes`` points each).
    A scan without two finite values is inert when it has none; otherwise when its finite values
    span no more than 1e-12 of their largest magnitude (at least 1).
    """
    if not sizes:
        return np.zeros((gap.shape[0], 0), dtype=bool)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    finite = np.isfinite(gap)
    count = np.add.reduceat(finite, starts, axis=1)
    low = np.minimum.reduceat(np.where(finite, gap, np.inf), starts, axis=1)
    high = np.maximum.reduceat(np.where(finite, gap, -np.inf), starts, axis=1)
    size = np.maximum.reduceat(np.where(finite, np.abs(gap + target), -np.inf), starts, axis=1)
    with np.errstate(invalid="ignore"):  # inf - inf of a scan without finite values: decided by its count
        still = high - low <= 1e-12 * np.maximum(1.0, size)
    return np.where(count < 2, count == 0, still)


class _Sized:
    """A group's designs at their current driver values, sized once, and how to build trial rows from them.

    A row is design ``design[r]`` with driver ``driver[r]`` set to ``value[r]`` (every other driver at the
    design's current value; the parameters that differ between the designs, ``differing``, one value
    per design). Rows whose driver sizing does not read (the economic drivers) reuse the designs'
    sizing (:func:`skyrack.pipeline.size_reading`; ``sizing`` when the caller has it): only their
    costing is evaluated. The other rows are sized again, once per driver value when sizing reads
    nothing that differs between the designs (the lifetime scan of a group of designs that differ in
    their economics). With ``ratio_only`` (the measure is :func:`cost_ratio`), a row's outputs are its
    ``economics.cost_ratio`` alone (:func:`skyrack.pipeline.evaluate_cost_ratio`: the same numbers).
    """

    def __init__(
        self, group: Sequence[Mapping[str, Any]], differing: Mapping[str, Array], active: Sequence[Driver],
        current: Array, sizing: Sizing | None = None, kept: dict[Any, Any] | None = None, ratio_only: bool = False,
    ) -> None:  # fmt: skip
        self.group, self.differing, self.active, self.current = group, differing, active, current
        self.ratio_only = ratio_only
        self.kept = kept  # re-sized rows' sizings kept from one call to the next (see parity_many)
        self.read: frozenset[str] = frozenset()
        n = current.shape[0]
        self.sizing: dict[str, Array] = {}
        self.per_design: list[str] = []  # the keys of sizing that differ between the designs
        self.costing_only = np.zeros(len(active), dtype=bool)
        self.alike = False  # whether sizing reads nothing that differs between the designs
        if active:
            sized, read = sizing or size_reading(self.trial(np.arange(n), np.full(n, -1), np.empty(n)))
            if all(np.ndim(v) == 0 or np.shape(v) == (n,) for v in sized.values()):
                self.sizing = {k: _collapsed(v) for k, v in sized.items()}
                self.per_design = [k for k, v in self.sizing.items() if np.ndim(v)]
                self.costing_only = np.array([d.path not in read for d in active])
                self.alike = (n > 1 or kept is not None) and not read.intersection(differing)
                self.read = read

    def trial(self, design: npt.NDArray[np.int64], driver: npt.NDArray[np.int64], value: Array) -> dict[str, Any]:
        """The parameters of rows (see the class notes)."""
        trial = dict(self.group[0])
        for name, column in self.differing.items():
            trial[name] = column[design]
        columns = self.current[design].T.copy()  # columns[k]: driver k of each row
        moved = np.flatnonzero(driver >= 0)
        columns[driver[moved], moved] = value[moved]
        for d, column in zip(self.active, columns, strict=True):
            trial[d.path] = column
        return trial

    def table(
        self, design: npt.NDArray[np.int64], driver: npt.NDArray[np.int64], value: Array, measure: Measure
    ) -> Array:
        """The measure of each row's design ``design[r]`` with driver ``driver`` at ``value``: (rows, columns).

        ``driver`` is (1, columns), a driver per column (the scan), or (rows, 1), a driver per row (a
        narrowing pass, a bracket per row); ``value`` broadcasts with it. When the measure is the cost
        ratio, the columns (or rows) of the drivers that leave the sizing alone are evaluated as one
        (rows, columns) broadcast (:meth:`_grid_trial`): what differs by design only is worked out once
        per row, not once per point. The numbers are the point-by-point ones (elementwise arithmetic).
        """
        out = np.empty((design.size, value.shape[1]))
        if not out.size:
            return out
        by_row = driver.shape[1] == 1
        one = driver[:, 0] if by_row else driver[0]
        cheap = self.costing_only[one] if self.ratio_only and self.sizing else np.zeros(one.size, dtype=bool)
        for pick, grid in ((np.flatnonzero(cheap), True), (np.flatnonzero(~cheap), False)):
            if not pick.size:
                continue
            part = (pick, slice(None)) if by_row else (slice(None), pick)
            rows, points, values = design[part[0]], driver[part], value[part]
            if grid:
                trial = self._grid_trial(rows, points, values)
                sizing = {**self.sizing, **{k: self.sizing[k][rows, None] for k in self.per_design}}
                ratio = {"economics.cost_ratio": evaluate_cost_ratio(trial, sizing)}
                out[part] = np.broadcast_to(np.asarray(measure(ratio, trial), dtype=float), out[part].shape)
            else:
                d, k, x = np.broadcast_arrays(rows[:, None], points, values)
                out[part] = _measured(self, d.ravel(), k.ravel(), x.ravel(), measure).reshape(d.shape)
        return out

    def _grid_trial(self, design: npt.NDArray[np.int64], driver: npt.NDArray[np.int64], value: Array) -> dict[str, Any]:
        """The parameters of each row's design with driver ``driver[r, c]`` at ``value[r, c]``, broadcast as
        (rows, columns): what differs by design alone is a (rows, 1) column."""
        trial = dict(self.group[0])
        for name, column in self.differing.items():
            trial[name] = column[design, None]
        for k, d in enumerate(self.active):
            mine = driver == k
            at = self.current[design, k][:, None]
            trial[d.path] = np.where(mine, value, at) if mine.any() else at
        return trial

    def outputs(
        self, design: npt.NDArray[np.int64], driver: npt.NDArray[np.int64], value: Array
    ) -> Iterator[tuple[npt.NDArray[np.intp], dict[str, Array], dict[str, Any]]]:
        """Yield (rows, pipeline outputs, trial parameters) for the rows, costing only where it can."""
        cheap = self.costing_only[driver] if self.sizing else np.zeros(driver.size, dtype=bool)
        for rows in (np.flatnonzero(cheap), np.flatnonzero(~cheap)):
            if rows.size == 0:
                continue
            trial = self.trial(design[rows], driver[rows], value[rows])
            if cheap[rows[0]]:
                at = design[rows]
                sizing = {**self.sizing, **{k: self.sizing[k][at] for k in self.per_design}}
                yield rows, self._evaluated(trial, sizing), trial
            else:
                shared = self._sized_once(driver[rows], value[rows]) if self.alike else None
                yield rows, self._evaluated(trial, shared), trial

    def _evaluated(self, trial: Mapping[str, Any], sizing: Mapping[str, Array] | None) -> dict[str, Array]:
        """The pipeline's outputs of ``trial`` (sized already when ``sizing`` is given)."""
        if self.ratio_only:
            return {"economics.cost_ratio": evaluate_cost_ratio(trial, sizing)}
        return evaluate(trial) if sizing is None else evaluate_sized(trial, sizing)

    def _sized_once(self, driver: npt.NDArray[np.int64], value: Array) -> dict[str, Array] | None:
        """The sizing of rows that move ``driver`` to ``value``, each distinct (driver, value) sized once
        (every design sizes alike); None when no two rows share one."""
        bits = value.view(np.int64)  # the value's bits: -0.0 is not 0.0
        order = np.lexsort((bits, driver))
        first = np.r_[True, (driver[order][1:] != driver[order][:-1]) | (bits[order][1:] != bits[order][:-1])]
        m = int(np.count_nonzero(first))
        if m == driver.size and self.kept is None:
            return None
        at = np.empty(driver.size, np.int64)
        at[order] = np.cumsum(first) - 1  # each row's distinct (driver, value)
        once = order[first]
        key = (driver[once].tobytes(), bits[once].tobytes())
        sized = None if self.kept is None else self.kept.get(key)
        if sized is None:
            sized, read = size_reading(self.trial(np.zeros(m, np.int64), driver[once], value[once]))
            if not all(np.ndim(v) == 0 or np.shape(v) == (m,) for v in sized.values()):
                return None
            moved = {self.active[k].path for k in np.unique(driver[once])}
            if self.kept is not None and read <= self.read | moved and len(self.kept) < KEPT_ROWS:
                self.kept[key] = {k: read_only(v) for k, v in sized.items()}  # read nothing new but what moved
        return {k: v[at] if np.ndim(v) else v for k, v in sized.items()}


def _collapsed(values: Array) -> Array:
    """``values`` as one 0-d value when every design has the same one (NaN equals NaN), else as they are."""
    v = np.asarray(values)
    if v.ndim == 0 or v.size == 0:
        return values
    first = v.reshape(-1)[:1]
    same = (v == first) | ((v != v) & (first != first))  # NaN is not equal to itself
    return first.reshape(()) if bool(np.all(same)) else values


def _measured(
    sized: _Sized, design: npt.NDArray[np.int64], driver: npt.NDArray[np.int64], value: Array, measure: Measure
) -> Array:
    """The measure of rows (see :class:`_Sized`): design ``design[r]`` with driver ``driver[r]`` at ``value[r]``."""
    out = np.empty(design.size)
    if not sized.active or design.size == 0:
        return out
    for rows, outputs, trial in sized.outputs(design, driver, value):
        out[rows] = np.broadcast_to(np.asarray(measure(outputs, trial), dtype=float), rows.shape)
    return out


def _differing(group: Sequence[Mapping[str, Any]]) -> dict[str, Array]:
    """The numeric parameters whose values differ between the designs, one value per design."""
    if len(group) < 2:
        return {}
    names = [name for name, first in group[0].items() if isinstance(first, float)]
    try:  # every design's floats as one table (a value that is no number: name by name, below)
        table = np.array([[p[name] for name in names] for p in group], dtype=float)
    except (TypeError, ValueError):
        return _differing_each(group, names)
    first = table[0]
    same = (table == first) | ((table != table) & (first != first))  # NaN equals NaN here
    return {names[k]: table[:, k].copy() for k in np.flatnonzero(~same.all(axis=0))}


def _differing_each(group: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, Array]:
    out: dict[str, Array] = {}
    for name in names:
        first = group[0][name]
        if any(_differs(p[name], first) for p in group[1:]):
            out[name] = np.array([float(p[name]) for p in group])
    return out


def _differs(x: Any, y: float) -> bool:
    return not (x == y or (x != x and y != y))  # NaN equals NaN here


def _refine(
    sized: _Sized, brackets: npt.NDArray[np.int64], a: Array, b: Array, fa: Array, fb: Array, measure: Measure,
    target: float,
) -> list[float]:  # fmt: skip
    """Roots of measure - target inside the brackets [a, b] (sign change), all brackets per evaluation.

    ``brackets`` holds each bracket's (design, driver) pair.
    """

    def gap(at: npt.NDArray[np.intp], x: Array) -> Array:  # a bracket a row, its probes the columns
        return sized.table(brackets[at, 0], brackets[at, 1][:, None], x, measure) - target

    return _narrow(gap, a, b, fa, fb, 1e-13 * max(1.0, abs(target)))


KEPT_ROWS = 2
"""Re-sized row sets (a scan's, a narrowing pass's) kept per group from one call to the next."""

MOST_PASSES = 64
"""A bracket still open after this many passes (a measure that jumps across the target) ends as it is."""


def _narrow(gap: Callable[[npt.NDArray[np.intp], Array], Array], a: Array, b: Array, fa: Array, fb: Array,
            hit: float) -> list[float]:  # fmt: skip
    """Narrow brackets [a, b] of ``gap`` (opposite signs at the ends; NaN counts as above) to a root each.

    ``gap(at, x)`` is the gap at points ``x`` (a row per bracket) of brackets ``at``. Each pass probes
    every open bracket at once around its estimate of the root (:func:`_estimate`: inverse quadratic
    interpolation [2]_ or regula falsi [1]_, the midpoint where an end is not finite): at distances of
    half, a quarter, an eighth, ... of the bracket down to half the tolerance, and at seven evenly
    spaced points. The bracket becomes the pair of neighbouring probes around the sign
    change nearest the estimate, so a pass leaves it no wider than the estimate's error, and at most
    an eighth as wide. A probe within ``hit`` of zero is the root. The tolerance is 1e-9 of the
    bracket's larger magnitude (at least 1e-9); each bracket's probes depend on it alone. The root
    given is the estimate inside the last bracket.

    References
    ----------
    .. [1] Dowell and Jarratt, BIT 11, 168-174 (1971): regula falsi.
    .. [2] Brent, *Algorithms for Minimization without Derivatives*, Prentice-Hall (1973), ch. 4:
           inverse quadratic interpolation.
    """
    a, b = a.astype(float), b.astype(float)
    fa, fb = (np.where(np.isfinite(f), f, np.inf) for f in (fa, fb))
    c, fc = np.full_like(a, np.nan), np.full_like(a, np.nan)  # a third point near the bracket, once there is one
    tol = 1e-9 * np.maximum(1.0, np.abs(a))
    for _ in range(MOST_PASSES):
        todo = np.flatnonzero(np.abs(b - a) > tol)
        if not todo.size:
            break
        x, estimate = _probes(a[todo], b[todo], fa[todo], fb[todo], c[todo], fc[todo], tol[todo])
        f = gap(todo, x)
        x = np.column_stack((a[todo], x, b[todo]))
        f = np.column_stack((fa[todo], np.where(np.isfinite(f), f, np.inf), fb[todo]))
        order = np.argsort(x, axis=1, kind="stable")
        x, f = np.take_along_axis(x, order, axis=1), np.take_along_axis(f, order, axis=1)
        a[todo], b[todo], fa[todo], fb[todo], c[todo], fc[todo] = _nearest_change(x, f, estimate, hit)
    none = np.full_like(a, np.nan)
    return _estimate(a, b, fa, fb, none, none).tolist()  # the estimate inside each last bracket (within tolerance)


def _probes(a: Array, b: Array, fa: Array, fb: Array, c: Array, fc: Array, tol: Array) -> tuple[Array, Array]:
    """Each bracket's probe points (one row each) and its estimate of the root (see :func:`_narrow`)."""
    width = b - a
    estimate = _estimate(a, b, fa, fb, c, fc)
    steps = int(np.ceil(np.log2(np.max(width / tol)))) if width.size else 1
    offset = width[:, None] * 0.5 ** np.arange(1, steps + 1)
    offset = np.where(offset >= tol[:, None] / 2.0, offset, 0.0)  # not finer than the bracket's own tolerance
    even = a[:, None] + width[:, None] * (np.arange(1, 8) / 8.0)
    x = np.column_stack((estimate, estimate[:, None] - offset, estimate[:, None] + offset, even))
    return np.clip(x, a[:, None], b[:, None]), estimate


def _estimate(a: Array, b: Array, fa: Array, fb: Array, c: Array, fc: Array) -> Array:
    """The root's estimate inside each bracket: inverse quadratic interpolation through its ends and a third
    point [2]_ where that falls inside, else regula falsi [1]_, else (an end not finite) the midpoint."""
    with np.errstate(all="ignore"):
        falsi = b - fb * (b - a) / (fb - fa)
        quadratic = (
            a * fb * fc / ((fa - fb) * (fa - fc)) + b * fa * fc / ((fb - fa) * (fb - fc))
            + c * fa * fb / ((fc - fa) * (fc - fb))
        )  # fmt: skip
    inside = (a < falsi) & (falsi < b) & np.isfinite(fa) & np.isfinite(fb)
    estimate = np.where(inside, falsi, a + (b - a) / 2.0)  # a bracket of width 0 (a probe on the root): a
    return np.where((a < quadratic) & (quadratic < b) & np.isfinite(fc), quadratic, estimate)


def _nearest_change(x: Array, f: Array, estimate: Array, hit: float) -> tuple[Array, ...]:
    """Per row of sorted probes ``x`` and gaps ``f``, the neighbouring pair around the sign change nearest
    ``estimate`` (a probe within ``hit`` of zero nearer than any change: that probe, as a bracket of width 0),
    its gaps, and the probe next to the pair on the nearer side with a finite gap (NaN if none)."""
    rows, last = np.arange(x.shape[0]), x.shape[1] - 1
    sign = np.sign(f)
    change = sign[:, :-1] * sign[:, 1:] < 0
    e = estimate[:, None]
    far = np.where(change, np.maximum(0.0, np.maximum(x[:, :-1] - e, e - x[:, 1:])), np.inf)
    near = np.where(np.abs(f) <= hit, np.abs(x - e), np.inf)
    i, j = np.argmin(far, axis=1), np.argmin(near, axis=1)
    exact = near[rows, j] <= far[rows, i]
    lo, hi = np.where(exact, j, i), np.where(exact, j, i + 1)
    below, above = np.maximum(lo - 1, 0), np.minimum(hi + 1, last)
    gap_below = np.where((lo > 0) & np.isfinite(f[rows, below]), x[rows, lo] - x[rows, below], np.inf)
    gap_above = np.where((hi < last) & np.isfinite(f[rows, above]), x[rows, above] - x[rows, hi], np.inf)
    third = np.where(gap_below <= gap_above, below, above)
    known = np.isfinite(np.minimum(gap_below, gap_above))
    c, fc = np.where(known, x[rows, third], np.nan), np.where(known, f[rows, third], np.nan)
    return x[rows, lo], x[rows, hi], f[rows, lo], f[rows, hi], c, fc
