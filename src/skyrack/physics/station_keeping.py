"""Propellant over a satellite's life: drag make-up, avoidance, disposal — fast enough for batches.

:mod:`skyrack.physics.drag` evaluates NRLMSIS for every date and altitude it is
asked about; sizing a million designs cannot. This module evaluates the model
on a lattice of orbit families — inclination every 5°, and for a sun-synchronous
plane LTAN every hour — on a grid of altitude (150–2,600 km,
25 km), F10.7 (60–300 sfu) and four dates spread over the year (so the
seasonal swing averages out), then follows the shipped solar-cycle forecast
(:func:`skyrack.physics.thermosphere.solar_activity`) month by month from 2020
to 2160, interpolating log density in F10.7. A design's mission-mean density
is the time integral of that series over its life, interpolated in altitude in
log density; the cycle-mean density (for natural decay and disposal orbits,
which must not count on the phase of the cycle) is its mean over one whole
forecast cycle, as in :func:`skyrack.physics.drag.mean_cycle_density`.
A design between lattice nodes takes the bilinear blend of its neighbours'
results (in log for densities and decay times): the orbit average is smooth in
both, and a sweep over LTAN and altitude (whose sun-synchronous inclination
moves with it) then needs at most a few dozen MSIS tables, not one per design.
Dates before 2020 are moved forward by whole cycles (the forecast starts with
cycle 25).

All functions broadcast their array arguments.

References
----------
.. [1] Picone, J. M. et al., "NRLMSISE-00 empirical model of the atmosphere",
       J. Geophys. Res. 107(A12), 1468, 2002.
.. [2] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th
       ed., Microcosm Press, 2013, sec. 8.6 (drag) and 9.6 (decay).
.. [3] Wertz, J. R. & Larson, W. J. (eds.), *Space Mission Analysis and
       Design*, 3rd ed., 1999, sec. 17.2 (rocket equation) and 10.3 (dry mass).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from .._disk_cache import cached_arrays
from .._lazy import call
from ..units import cache_dir
from . import thermosphere
from ._arrays import FloatArray, Floats, _f, _out, _where
from ._lattice_kernel import corner_sum_kernel, corners_kernel, drag_terms_kernel
from .constants import G0, MU_EARTH, R_EARTH, YEAR_S
from .drag import REENTRY_ALTITUDE_M, projected_area

__all__ = [
    "cycle_mean_decay_years",
    "cycle_mean_disposal_altitude",
    "lifetime_drag_terms",
    "mission_mean_density",
    "propellant_with_tanks",
    "tracking_area_factors",
]

_H = np.arange(150e3, 2600e3 + 1.0, 25e3)
_F107 = np.array([60.0, 70.0, 85.0, 100.0, 125.0, 150.0, 180.0, 220.0, 260.0, 300.0])
_SEASONS = (np.arange(4) + 0.5) / 4.0
_T0, _DT, _MONTHS = 2020.0, 1.0 / 12.0, 12 * 140
_CYCLE_START = 2031.0  # a whole forecast cycle lies in 2031-2042 (as in drag.mean_cycle_density)
_DECAY_GRID = np.arange(REENTRY_ALTITUDE_M, _H[-1] + 1.0, 1e3)  # m, uniform: 180-2,600 km every km
_INC_NODE = np.radians(5.0)  # density-table lattice (each node is one MSIS table)
_LTAN_NODE = 1.0
_AREA_INC_NODE = np.radians(1.0)  # tracking-area lattice (a node is cheap: no MSIS)
_AREA_LTAN_NODE = 0.25


def _n_codes(inc_step: float, lt_step: float) -> int:
    """Number of node codes of a lattice: inclination rows 0..π, each with its LTANs and the drifting node."""
    return (round(np.pi / inc_step) + 1) * (round(24.0 / lt_step) + 1)


def _corners(inc: FloatArray, lt: FloatArray, inc_step: float, lt_step: float) -> tuple[np.ndarray, FloatArray]:
    """The lattice nodes around each (inclination, LTAN) and their bilinear weights, each of shape (4, n).

    Node codes are as in :func:`_node`; a drifting plane (NaN LTAN) puts all
    its LTAN weight on the drifting node, and a non-finite inclination is
    looked up at 0 (the caller masks its result). :func:`corners_kernel`, as
    Python for a few planes (numba is not loaded for a single design).
    """
    inc, lt = np.ascontiguousarray(inc, dtype=np.float64), np.ascontiguousarray(lt, dtype=np.float64)
    codes, weights = np.empty((4, inc.size), np.int64), np.empty((4, inc.size))
    call(corners_kernel, inc.size, inc, lt, float(inc_step), float(lt_step), codes, weights)
    return codes, weights


_FEW_CODES = 64  # at most this many codes go in a set (:func:`_distinct`)


def _distinct(codes: np.ndarray) -> np.ndarray:
    """The distinct values of non-negative integer codes, sorted.

    Many codes are counted (codes are small, so a count beats a sort); a few, as a single design's four
    corners, are put in a set (a count runs over every code up to the largest: 18 µs on the area lattice).
    """
    if codes.size <= _FEW_CODES:
        return np.array(sorted(set(codes.ravel().tolist())), dtype=np.int64)
    return np.flatnonzero(np.bincount(codes.ravel(), minlength=1))


def _node(code: int, inc_step: float, lt_step: float) -> tuple[float, float]:
    """(inclination rad, LTAN key: hours, or -1 for a drifting plane) of a lattice node code."""
    per_day = round(24.0 / lt_step)
    i, j = divmod(int(code), per_day + 1)
    return i * inc_step, (-1.0 if j == per_day else j * lt_step)


class _NodeTables:
    """The density lattice's per-node tables, stacked so that one gather serves a whole batch.

    Slot k holds one node's ∫ρ dt table (altitude × month) and its decay
    integral on :data:`_DECAY_GRID`; ``slot[code]`` is a node's slot (-1 if not
    built). Full slots are reused least recently used first, never for a node
    the current batch needs. A lock keeps a batch's slots in place while it reads
    them (threads may share the store).
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.lock = threading.RLock()
        self.slot = np.full(_n_codes(_INC_NODE, _LTAN_NODE), -1, np.int64)
        self.code = np.full(0, -1, np.int64)
        self.last_use = np.zeros(0, np.int64)
        self.tick = 0
        self.built = 0  # MSIS tables built so far
        self.cum = np.empty((0, _MONTHS + 1))  # row slot * _H.size + altitude index
        self.decay = np.empty((0, _DECAY_GRID.size))

    def clear(self) -> None:
        """Forget every node (their tables are built again when next needed)."""
        with self.lock:
            self.slot[:] = -1
            self.code[:] = -1
            self.last_use[:] = 0

    def _grow(self, size: int) -> None:
        """Room for ``size`` slots (the arrays grow as nodes are needed, up to ``capacity``)."""
        old = self.code.size
        self.code = np.concatenate([self.code, np.full(size - old, -1, np.int64)])
        self.last_use = np.concatenate([self.last_use, np.zeros(size - old, np.int64)])
        self.cum = np.concatenate([self.cum, np.empty(((size - old) * _H.size, _MONTHS + 1))])
        self.decay = np.concatenate([self.decay, np.empty((size - old, _DECAY_GRID.size))])

    def slots(self, needed: np.ndarray) -> np.ndarray:
        """Build the ``needed`` node codes' tables (at most ``capacity``); returns ``slot`` by code."""
        self.tick += 1
        missing = needed[self.slot[needed] < 0]
        free = int(np.count_nonzero(self.code < 0))
        if missing.size > free and self.code.size < self.capacity:
            self._grow(min(self.capacity, max(2 * self.code.size, self.code.size + missing.size - free, 8)))
        for code in missing:
            k = int(np.argmin(np.where(np.isin(self.code, needed), np.iinfo(np.int64).max, self.last_use)))
            if self.code[k] >= 0:
                self.slot[self.code[k]] = -1
            rows = slice(k * _H.size, (k + 1) * _H.size)
            self.cum[rows], self.decay[k] = _node_tables(*_node(int(code), _INC_NODE, _LTAN_NODE))
            self.built += 1
            self.slot[code], self.code[k] = k, code
        self.last_use[self.slot[needed]] = self.tick
        return self.slot


Term = tuple[Callable[..., FloatArray], tuple[FloatArray, ...], bool]


def _plane(inclination_rad: ArrayLike, ltan_h: ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    """Inclination and LTAN as float arrays of one shape (NaN LTAN for a drifting plane)."""
    inc, lt = np.broadcast_arrays(_f(inclination_rad), _f(np.nan if ltan_h is None else ltan_h))
    return inc, lt


def _weighted(part: FloatArray, weights: FloatArray, live: np.ndarray) -> FloatArray:
    """Σ over the four corners of weight × part; corners of no weight add nothing."""
    return np.where(live, weights * part, 0.0).sum(axis=0)


def _term_sums(
    slot: np.ndarray, weights: FloatArray, live: np.ndarray, terms: Sequence[Term], values: list[list[FloatArray]]
) -> list[FloatArray]:
    """Σ over the corners of weight × fn(slot, values) for each term (slots and weights: (4, m))."""
    return [_weighted(fn(slot, *vals), weights, live) for vals, (fn, _, _) in zip(values, terms, strict=True)]


Sums = Callable[[np.ndarray, FloatArray, np.ndarray, Sequence[Term], list[list[FloatArray]]], list[FloatArray]]


def _blend(inc: FloatArray, lt: FloatArray, terms: Sequence[Term], sums: Sums = _term_sums) -> list[FloatArray]:
    """Σ w · fn(node slots, values) over the density lattice around each design, for each term.

    A term is (fn, values, log): ``fn`` takes the slots of the four corners,
    shape (4, m) (or (4, 1) for one orbit family), and the designs' values,
    shape (m,), and returns (4, m); if ``log``, ``fn`` gives the log of the
    quantity, which is blended in log and returned as its exp. Each
    result has the shape of the orbit and its term's values broadcast together.
    Designs with a non-finite inclination get NaN. A batch that spans more nodes
    than the store holds is taken one inclination band at a time. ``sums`` gives
    a band's corner sums (:func:`_term_sums`, or a compiled equivalent of it for
    given terms); one orbit family takes :func:`_term_sums`, unless it is a single
    design (every value one number).
    """
    orbit = np.broadcast_shapes(inc.shape, lt.shape)
    if math.prod(orbit) == 1:
        return _blend_one_orbit(inc.reshape(-1), lt.reshape(-1), orbit, terms, sums)
    shape = np.broadcast_shapes(orbit, *(v.shape for _, values, _ in terms for v in values))
    inc, lt = np.broadcast_to(inc, shape).ravel(), np.broadcast_to(lt, shape).ravel()
    codes, weights = _corners(inc, lt, _INC_NODE, _LTAN_NODE)
    live = weights > 0.0
    totals = [np.empty(inc.shape) for _ in terms]
    needed = _distinct(codes[live])
    parts: list[tuple[slice | np.ndarray, np.ndarray]] = [(slice(None), needed)]
    if needed.size > _TABLES.capacity:
        band = codes[0] // (round(24.0 / _LTAN_NODE) + 1)
        parts = [
            (at, _distinct(codes[:, at][live[:, at]])) for at in map(np.flatnonzero, band == _distinct(band)[:, None])
        ]
    flat = [[np.broadcast_to(v, shape).ravel() for v in values] for _, values, _ in terms]
    for at, nodes in parts:
        c, w, ok = codes[:, at], weights[:, at], live[:, at]
        with _TABLES.lock, np.errstate(divide="ignore", invalid="ignore"):
            slot = _TABLES.slots(nodes)[c]
            slot = np.where(ok, slot, slot.max())  # a corner of no weight reads any node built
            for total, part in zip(totals, sums(slot, w, ok, terms, [[v[at] for v in vs] for vs in flat]), strict=True):
                total[at] = part
    finite = np.isfinite(inc)
    return [
        np.where(finite, np.exp(total) if log else total, np.nan).reshape(shape)
        for total, (_, _, log) in zip(totals, terms, strict=True)
    ]


def _blend_one_orbit(
    inc: FloatArray, lt: FloatArray, orbit: tuple[int, ...], terms: Sequence[Term], sums: Sums
) -> list[FloatArray]:
    """:func:`_blend` for one orbit family: the same four nodes for every design, each term at its own shape.

    A single design takes ``sums`` (its corner sums of every term at once); more designs take
    :func:`_term_sums`, term by term at each term's shape.
    """
    codes, weights = _corners(inc, lt, _INC_NODE, _LTAN_NODE)  # (4, 1)
    ok = weights > 0.0
    shapes = [np.broadcast_shapes(orbit, *(v.shape for v in values)) for _, values, _ in terms]
    with _TABLES.lock, np.errstate(divide="ignore", invalid="ignore"):
        slot = _TABLES.slots(_distinct(codes[ok]))[codes]
        slot = np.where(ok, slot, slot.max())
        if all(math.prod(shape) == 1 for shape in shapes):
            totals = sums(slot, weights, ok, terms, [[v.reshape(1) for v in values] for _, values, _ in terms])
        else:
            totals = [
                _weighted(fn(slot, *(np.broadcast_to(v, shape).ravel() for v in values)), weights, ok)
                for (fn, values, _), shape in zip(terms, shapes, strict=True)
            ]
        return [
            np.where(np.isfinite(inc[0]), np.exp(total) if log else total, np.nan).reshape(shape)
            for total, (_, _, log), shape in zip(totals, terms, shapes, strict=True)
        ]


def _node_tables(inclination: float, ltan_key: float) -> tuple[FloatArray, FloatArray]:
    """(cumulative ∫ρ dt [kg s/m³] on altitude × month, decay integral on :data:`_DECAY_GRID`) of one node.

    ``ltan_key`` is the LTAN in hours, or -1 for a plane that drifts in local
    time. The decay integral is ∫ dh / (ρ̄ √(μ a)) from 180 km, s per (kg/m²),
    with ρ̄ the cycle-mean density, log-interpolated in altitude.
    """
    log_rho_f = _log_density(inclination, ltan_key)
    months = _T0 + (np.arange(_MONTHS) + 0.5) * _DT
    f107, _ = thermosphere.solar_activity(months)
    log_rho_t = np.stack([np.interp(_f(f107), _F107, row) for row in log_rho_f])  # altitude × month
    rho_t = np.exp(log_rho_t)
    cum = np.concatenate([np.zeros((_H.size, 1)), np.cumsum(rho_t * _DT * YEAR_S, axis=1)], axis=1)
    first = round((_CYCLE_START - _T0) / _DT)
    span = round(thermosphere.CYCLE_LENGTH_YEARS / _DT)
    rho_cycle = rho_t[:, first : first + span].mean(axis=1)
    grid = _DECAY_GRID
    per_m = 1.0 / (np.exp(np.interp(grid, _H, np.log(rho_cycle))) * np.sqrt(MU_EARTH * (R_EARTH + grid)))
    decay = np.concatenate([[0.0], np.cumsum(0.5 * (per_m[1:] + per_m[:-1]) * np.diff(grid))])
    return cum, decay


def _log_density(inclination: float, ltan_key: float) -> FloatArray:
    """log of the NRLMSISE-00 orbit-averaged density on altitude × F10.7, mean over the seasons, of one node.

    The slow part of a node's tables (tens of milliseconds for a sun-synchronous
    node, about half a second for a drifting one), kept on disk
    (:func:`skyrack.units.cache_dir`) keyed by the node, the grids, the pymsis
    version and the source of :mod:`skyrack.physics.thermosphere`.
    """

    def compute() -> dict[str, FloatArray]:
        ltan_h = np.nan if ltan_key < 0 else ltan_key
        h, f, season = np.broadcast_arrays(_H[:, None, None], _F107[None, :, None], 2030.0 + _SEASONS[None, None, :])
        ap = thermosphere.AP_MEAN
        rho = _f(thermosphere.orbit_averaged_density(h, season, inclination, ltan_h=ltan_h, f107=f, ap=ap))
        return {"log_rho": np.log(rho.mean(axis=2))}

    key = (inclination, ltan_key, _H.tolist(), _F107.tolist(), _SEASONS.tolist(), thermosphere.AP_MEAN, _msis_version())
    return cached_arrays(cache_dir(), "msis_orbit_mean", key, compute)["log_rho"]


@cache
def _msis_version() -> tuple[str, str]:
    """The pymsis version and a digest of the thermosphere module's source: what the density tables depend on."""
    source = Path(thermosphere.__file__).read_bytes()
    return importlib.metadata.version("pymsis"), hashlib.sha256(source).hexdigest()[:16]


_TABLES = _NodeTables(capacity=128)  # 128 x 1.35 MB at most; a sun-synchronous sweep needs about 72


def _wrap(year: FloatArray) -> FloatArray:
    """Dates moved into the tabulated span by whole forecast cycles (the forecast repeats)."""
    cycle = thermosphere.CYCLE_LENGTH_YEARS
    end = _T0 + _MONTHS * _DT
    early = np.ceil(np.maximum(_T0 - year, 0.0) / cycle)
    late = np.ceil(np.maximum(year - end, 0.0) / cycle)
    return year + (early - late) * cycle


def _month(year: FloatArray) -> tuple[np.ndarray, FloatArray]:
    """The tabulated month before ``year`` and the fraction of the way to the next."""
    x = np.minimum(np.maximum((year - _T0) / _DT, 0.0), _MONTHS - 1e-9)
    k = np.floor(x).astype(np.int64)
    return k, x - k


def _integral(row: np.ndarray, month: tuple[np.ndarray, FloatArray]) -> FloatArray:
    """∫ρ dt from the table start to a date (its :func:`_month`) along rows ``row`` of the stacked tables."""
    k, a = month
    cum = _TABLES.cum
    at = row * cum.shape[1] + k
    flat = cum.ravel()
    return flat.take(at) * (1.0 - a) + flat.take(at + 1) * a


def _bracket(altitude_m: FloatArray) -> tuple[np.ndarray, FloatArray]:
    """The altitude row below each altitude and the fraction of the way to the next (NaN for NaN)."""
    x = np.minimum(np.maximum((altitude_m - _H[0]) / (_H[1] - _H[0]), 0.0), _H.size - 1 - 1e-9)
    i = np.floor(np.where(np.isnan(x), 0.0, x)).astype(np.int64)
    return i, x - i


def _log_mean_density_at(slot: np.ndarray, h: FloatArray, t0: FloatArray, years: FloatArray) -> FloatArray:
    """log of the mission-mean density at the nodes in ``slot`` (4, m) for elements (m,), interpolated in
    altitude in log."""
    i, w = _bracket(h)
    start = _wrap(t0)
    end = start + years
    # a life that runs past the table's end continues a cycle earlier (the forecast repeats)
    back = np.ceil(np.maximum(end - (_T0 + _MONTHS * _DT), 0.0) / thermosphere.CYCLE_LENGTH_YEARS)
    start, end = start - back * thermosphere.CYCLE_LENGTH_YEARS, end - back * thermosphere.CYCLE_LENGTH_YEARS
    span = years * YEAR_S
    row, first, last = slot * _H.size + i, _month(start), _month(end)
    lo = (_integral(row, last) - _integral(row, first)) / span
    hi = (_integral(row + 1, last) - _integral(row + 1, first)) / span
    return np.log(lo) * (1.0 - w) + np.log(hi) * w


def _decay_at(slot: np.ndarray, h: FloatArray) -> FloatArray:
    """``np.interp(h, _DECAY_GRID, decay table)`` for the nodes in ``slot`` (the grid is uniform)."""
    grid, n = _DECAY_GRID, _DECAY_GRID.size
    j = np.floor((h - grid[0]) / (grid[1] - grid[0]))
    j = np.minimum(np.maximum(np.where(np.isnan(j), 0.0, j), 0.0), n - 2).astype(np.int64)
    lo, hi = _TABLES.decay[slot, j], _TABLES.decay[slot, j + 1]
    inside = (hi - lo) / (grid[j + 1] - grid[j]) * (h - grid[j]) + lo
    return np.where(h < grid[0], _TABLES.decay[slot, 0], np.where(h >= grid[-1], _TABLES.decay[slot, -1], inside))


def _log_decay_years_at(slot: np.ndarray, h: FloatArray, b: FloatArray) -> FloatArray:
    """log of the natural decay time, years, at the nodes in ``slot``."""
    return np.log(b * _decay_at(slot, h) / YEAR_S)


def _disposal_altitude_at(slot: np.ndarray, b: FloatArray, max_years: FloatArray) -> FloatArray:
    return _altitude_at(slot, max_years * YEAR_S / b)


def _altitude_at(slot: np.ndarray, integral: FloatArray) -> FloatArray:
    """``np.interp(integral, decay table, _DECAY_GRID)``: where each node's (increasing) table reaches it."""
    grid, n, table = _DECAY_GRID, _DECAY_GRID.size, _TABLES.decay
    shape = np.broadcast_shapes(slot.shape, integral.shape)
    s, y = np.broadcast_to(slot, shape), np.broadcast_to(integral, shape)
    j = np.empty(shape, np.int64)
    if slot.shape[1] == 1:  # one orbit family: one node per corner
        for c in range(shape[0]):
            j[c] = np.searchsorted(table[slot[c, 0]], y[c], side="right") - 1
    else:
        flat_s, flat_y, flat_j = s.ravel(), y.ravel(), j.reshape(-1)
        if flat_s.size <= 64:  # a few designs: a mask per node costs less than a sort
            groups = [np.flatnonzero(flat_s == v) for v in np.unique(flat_s)]
        else:
            order = np.argsort(flat_s.astype(np.int16), kind="stable")  # a radix sort: slots are small
            groups = np.split(order, np.flatnonzero(np.diff(flat_s[order])) + 1)
        for at in groups:
            flat_j[at] = np.searchsorted(table[flat_s[at[0]]], flat_y[at], side="right") - 1
    j = np.minimum(np.maximum(j, 0), n - 2)
    x0, x1 = table[s, j], table[s, j + 1]
    inside = (grid[j + 1] - grid[j]) / (x1 - x0) * (y - x0) + grid[j]
    return np.where(y < table[s, 0], grid[0], np.where(y >= table[s, -1], grid[-1], inside))


def mission_mean_density(
    altitude_m: ArrayLike,
    start_year: ArrayLike,
    years: ArrayLike,
    inclination_rad: ArrayLike,
    ltan_h: ArrayLike | None = None,
) -> Floats:
    """Orbit-averaged density averaged over a mission, from the tabulated forecast.

    ρ̄ = (1/L) ∫ ρ(h, t) dt from the start year over L years, with ρ the
    NRLMSISE-00 orbit average [1]_ at the forecast F10.7 (see the module notes).

    Parameters
    ----------
    altitude_m : float or array
        Circular-orbit altitude, m (150–2,600 km).
    start_year : float or array
        Decimal year the mission starts.
    years : float or array
        Mission length L, years (> 0).
    inclination_rad : float or array
        Inclination, rad.
    ltan_h : float or array, optional
        LTAN of a sun-synchronous plane, hours; None or NaN for a drifting plane.

    Returns
    -------
    float or array
        Mean density, kg/m³.

    References
    ----------
    .. [1] Picone et al., J. Geophys. Res. 107(A12), 1468, 2002.

    Examples
    --------
    At 550 km and 53°, the years 2030–2035 (declining, then rising solar
    activity) average a few 1e-14 to 1e-13 kg/m³.

    >>> rho = mission_mean_density(550e3, 2030.0, 5.0, np.radians(53.0))
    >>> 1e-14 < float(rho) < 3e-13
    True
    """
    h, t0, life = _f(altitude_m), _f(start_year), _f(years)
    return _out(_blend(*_plane(inclination_rad, ltan_h), [(_log_mean_density_at, (h, t0, life), True)])[0])


def cycle_mean_decay_years(
    altitude_m: ArrayLike,
    ballistic_coefficient_kg_m2: ArrayLike,
    inclination_rad: ArrayLike,
    ltan_h: ArrayLike | None = None,
) -> Floats:
    """Natural decay time of a dead satellite at the cycle-mean density.

    t = B ∫ dh / (ρ̄(h) √(μ (R + h))) from 180 km up to the altitude [2]_, with
    ρ̄ the mean over one forecast solar cycle: the expected decay time when the
    date of death is unknown (:func:`skyrack.physics.drag.decay_time` follows
    the cycle from a given date).

    Parameters
    ----------
    altitude_m : float or array
        Starting altitude, m.
    ballistic_coefficient_kg_m2 : float or array
        B = m / (C_D A) of the dead (tumbling) satellite, kg/m².
    inclination_rad : float or array
        Inclination, rad.
    ltan_h : float or array, optional
        LTAN of a sun-synchronous plane, hours; None or NaN otherwise.

    Returns
    -------
    float or array
        Years to re-entry.

    References
    ----------
    .. [2] Vallado (2013), sec. 9.6.

    Examples
    --------
    B = 20 kg/m² at 550 km decays in a few years, at 800 km in decades or more.

    >>> low, high = cycle_mean_decay_years([550e3, 800e3], 20.0, np.radians(53.0))
    >>> 1.0 < float(low) < 10.0 < float(high)
    True
    """
    h, b = _f(altitude_m), _f(ballistic_coefficient_kg_m2)
    return _out(_blend(*_plane(inclination_rad, ltan_h), [(_log_decay_years_at, (h, b), True)])[0])


def cycle_mean_disposal_altitude(
    ballistic_coefficient_kg_m2: ArrayLike,
    max_years: ArrayLike,
    inclination_rad: ArrayLike,
    ltan_h: ArrayLike | None = None,
) -> Floats:
    """Highest altitude from which natural decay at the cycle-mean density takes ``max_years``.

    The inverse of :func:`cycle_mean_decay_years` in altitude [2]_ (the FCC's
    post-mission rule for LEO is five years; FCC 22-74, 2022).

    Parameters
    ----------
    ballistic_coefficient_kg_m2 : float or array
        B of the dead satellite, kg/m².
    max_years : float or array
        Allowed decay time, years.
    inclination_rad : float or array
        Inclination, rad.
    ltan_h : float or array, optional
        LTAN of a sun-synchronous plane, hours.

    Returns
    -------
    float or array
        Altitude, m.

    References
    ----------
    .. [2] Vallado (2013), sec. 9.6.

    Examples
    --------
    >>> h = cycle_mean_disposal_altitude(20.0, 5.0, np.radians(53.0))
    >>> round(float(cycle_mean_decay_years(h, 20.0, np.radians(53.0))), 2)
    5.0
    """
    b, t = _f(ballistic_coefficient_kg_m2), _f(max_years)
    return _out(_blend(*_plane(inclination_rad, ltan_h), [(_disposal_altitude_at, (b, t), False)])[0])


def lifetime_drag_terms(
    altitude_m: ArrayLike,
    start_year: ArrayLike,
    years: ArrayLike,
    dead_ballistic_coefficient_kg_m2: ArrayLike,
    max_decay_years: ArrayLike,
    inclination_rad: ArrayLike,
    ltan_h: ArrayLike | None = None,
) -> tuple[Floats, Floats, Floats]:
    """Mission-mean density, natural decay time and disposal altitude of one orbit, in one lattice pass.

    The results of :func:`mission_mean_density`, :func:`cycle_mean_decay_years`
    (of the dead satellite) and :func:`cycle_mean_disposal_altitude`, sharing the
    lattice corners and node tables: what sizing needs for every design.

    Parameters
    ----------
    altitude_m : float or array
        Circular-orbit altitude, m.
    start_year : float or array
        Decimal year the mission starts.
    years : float or array
        Mission length, years (> 0).
    dead_ballistic_coefficient_kg_m2 : float or array
        B of the dead (tumbling) satellite, kg/m².
    max_decay_years : float or array
        Allowed natural decay time after the mission, years.
    inclination_rad, ltan_h : float or array
        Inclination, rad, and the LTAN of a sun-synchronous plane, hours (None or NaN: a drifting plane).

    Returns
    -------
    density, decay, disposal : float or array
        Mission-mean density kg/m³, decay time years, disposal altitude m.

    References
    ----------
    .. [1] Picone et al., J. Geophys. Res. 107(A12), 1468, 2002.
    .. [2] Vallado (2013), sec. 9.6.

    Examples
    --------
    >>> rho, decay, h = lifetime_drag_terms(550e3, 2030.0, 5.0, 20.0, 5.0, np.radians(53.0))
    >>> bool(rho == mission_mean_density(550e3, 2030.0, 5.0, np.radians(53.0)))
    True
    """
    h, t0, life = _f(altitude_m), _f(start_year), _f(years)
    b, t = _f(dead_ballistic_coefficient_kg_m2), _f(max_decay_years)
    terms: list[Term] = [
        (_log_mean_density_at, (h, t0, life), True),
        (_log_decay_years_at, (h, b), True),
        (_disposal_altitude_at, (b, t), False),
    ]
    rho, decay, disposal = _blend(*_plane(inclination_rad, ltan_h), terms, _compiled_drag_sums)
    return _out(rho), _out(decay), _out(disposal)


_ALTITUDE_ROWS = np.array([_H[0], _H[1] - _H[0], _H.size - 1 - 1e-9, _H.size])  # as in _bracket
_MONTH_STEPS = np.array(
    [_T0, _DT, _MONTHS - 1e-9, _T0 + _MONTHS * _DT, thermosphere.CYCLE_LENGTH_YEARS, YEAR_S]
)  # as in _month, _wrap and _log_mean_density_at


def _compiled_drag_sums(
    slot: np.ndarray, weights: FloatArray, live: np.ndarray, terms: Sequence[Term], values: list[list[FloatArray]]
) -> list[FloatArray]:
    """:func:`_term_sums` of :func:`lifetime_drag_terms`'s three terms, in one compiled pass (the same floats;
    a single design runs the pass as Python)."""
    (h, t0, life), (_, b), (_, max_years) = values
    m = slot.shape[1]
    out = np.empty((3, m))
    call(
        drag_terms_kernel, m, np.ascontiguousarray(slot), np.ascontiguousarray(weights),
        np.stack([h, t0, life, b, max_years]), _TABLES.cum, _TABLES.decay,
        _ALTITUDE_ROWS, _DECAY_GRID, _MONTH_STEPS, out,
    )  # fmt: skip
    return list(out)


def tracking_area_factors(inclination_rad: ArrayLike, ltan_h: ArrayLike | None = None) -> tuple[Floats, Floats, Floats]:
    """Share of each panel's area projected on the velocity, over the orbit and the year.

    :func:`skyrack.physics.drag.projected_area` for unit areas, evaluated once
    per node of a lattice of orbit families (inclination every 1°, LTAN every
    quarter hour) and blended bilinearly between nodes: a Sun-tracking array,
    an ``edge`` radiator and a ``nadir`` radiator.

    Parameters
    ----------
    inclination_rad : float or array
        Inclination, rad.
    ltan_h : float or array, optional
        LTAN of a sun-synchronous plane, hours; None or NaN otherwise.

    Returns
    -------
    array, edge, nadir : float or array
        Mean |n̂·v̂| of each, dimensionless.

    References
    ----------
    .. [2] Vallado (2013), sec. 8.6 and 11.4.

    Examples
    --------
    A dawn-dusk plane shows little of its Sun-tracking array to the flow.

    >>> arr, edge, _ = tracking_area_factors(np.radians(97.5), 18.0)
    >>> round(float(arr), 3), round(float(edge), 3)
    (0.169, 0.975)
    """
    inc, lt = _plane(inclination_rad, ltan_h)
    shape, inc, lt = inc.shape, inc.ravel(), lt.ravel()
    codes, weights = _corners(inc, lt, _AREA_INC_NODE, _AREA_LTAN_NODE)
    with _AREA_LOCK:
        needed = _distinct(codes)  # corners of no weight too: a node costs milliseconds once
        for code in needed[np.isnan(_AREA[needed]).any(axis=1)]:
            _AREA[code] = _area_factors_at(*_node(int(code), _AREA_INC_NODE, _AREA_LTAN_NODE))
    total = np.empty((3, inc.size))
    call(corner_sum_kernel, inc.size, codes, weights, _AREA, total)  # as Python for one orbit family
    arr, edge, nadir = np.where(np.isfinite(inc), total, np.nan).reshape(3, *shape)
    return _out(arr), _out(edge), _out(nadir)


_AREA = np.full((_n_codes(_AREA_INC_NODE, _AREA_LTAN_NODE), 3), np.nan)  # factors by node code, filled as needed
_AREA_LOCK = threading.Lock()


def _area_factors_at(inclination: float, ltan_key: float) -> tuple[float, float, float]:
    """Mean |n̂·v̂| of a Sun-tracking array, an edge radiator and a nadir radiator for one orbit family."""
    lt = np.nan if ltan_key < 0 else ltan_key
    return (
        float(projected_area(1.0, 0.0, 0.0, inclination, lt)),
        float(projected_area(0.0, 1.0, 0.0, inclination, lt, radiator="edge")),
        float(projected_area(0.0, 1.0, 0.0, inclination, lt, radiator="nadir")),
    )


def propellant_with_tanks(
    dry_mass_kg: ArrayLike,
    delta_v_m_s: ArrayLike,
    isp_s: ArrayLike,
    tank_fraction: ArrayLike,
    dry_growth: ArrayLike = 1.0,
) -> Floats:
    """Propellant for a Δv when its tanks add to the dry mass it pushes.

    With q = exp(Δv / (Isp g₀)) − 1, tanks of f kg per kg of propellant, and
    each kg of tank growing the dry mass by k (structure share and margin,
    k = (1 + margin) / (1 − structure)): m_p = (m₀ + k f m_p) q, so
    m_p = m₀ q / (1 − k f q) [3]_; infinite when k f q ≥ 1 (the tanks cannot
    carry their own propellant).

    Parameters
    ----------
    dry_mass_kg : float or array
        Dry mass without tanks m₀, kg.
    delta_v_m_s : float or array
        Δv budget, m/s.
    isp_s : float or array
        Specific impulse, s.
    tank_fraction : float or array
        Tank and feed mass per kg of propellant f.
    dry_growth : float or array
        Dry mass added per kg of tank k (≥ 1).

    Returns
    -------
    float or array
        Propellant mass, kg.

    References
    ----------
    .. [3] Wertz & Larson, SMAD 3rd ed., 1999, sec. 17.2 and 10.3.

    Examples
    --------
    1,000 kg, 500 m/s at 2,500 s, 10 % tanks, k = 1.2: q = e^{500/24,516.6} − 1
    = 0.0206037; m_p = 1000 q / (1 − 0.12 q) = 20.655 kg.

    >>> round(float(propellant_with_tanks(1000.0, 500.0, 2500.0, 0.1, 1.2)), 3)
    20.655
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        q = np.expm1(_f(delta_v_m_s) / (_f(isp_s) * G0))
        denom = 1.0 - _f(dry_growth) * _f(tank_fraction) * q
        mp = _f(dry_mass_kg) * q / _where(denom > 0, denom, 1.0)
        return _out(_where(denom <= 0, np.inf, mp))  # NaN in, NaN out
