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

from functools import cache, lru_cache

import numpy as np
from numpy.typing import ArrayLike

from . import thermosphere
from ._arrays import FloatArray, Floats, _f, _out
from .constants import G0, MU_EARTH, R_EARTH, YEAR_S
from .drag import REENTRY_ALTITUDE_M, projected_area

__all__ = [
    "cycle_mean_decay_years",
    "cycle_mean_disposal_altitude",
    "mission_mean_density",
    "propellant_with_tanks",
    "tracking_area_factors",
]

_H = np.arange(150e3, 2600e3 + 1.0, 25e3)
_F107 = np.array([60.0, 70.0, 85.0, 100.0, 125.0, 150.0, 180.0, 220.0, 260.0, 300.0])
_SEASONS = (np.arange(4) + 0.5) / 4.0
_T0, _DT, _MONTHS = 2020.0, 1.0 / 12.0, 12 * 140
_CYCLE_START = 2031.0  # a whole forecast cycle lies in 2031-2042 (as in drag.mean_cycle_density)
_INC_NODE = np.radians(5.0)  # density-table lattice (each node is one MSIS table)
_LTAN_NODE = 1.0
_AREA_INC_NODE = np.radians(1.0)  # tracking-area lattice (a node is cheap: no MSIS)
_AREA_LTAN_NODE = 0.25


def _corners(inc: FloatArray, lt: FloatArray, inc_step: float, lt_step: float) -> list[tuple[np.ndarray, FloatArray]]:
    """The lattice nodes around each (inclination, LTAN) and their bilinear weights.

    Returns four (node code, weight) pairs (see :func:`_node`); a drifting
    plane (NaN LTAN) puts all its LTAN weight on the drifting node, and a
    non-finite inclination is looked up at 0 (the caller masks its result).
    """
    n_inc, per_day = round(np.pi / inc_step), round(24.0 / lt_step)
    x = np.where(np.isfinite(inc), np.clip(inc, 0.0, np.pi), 0.0) / inc_step
    i0 = np.minimum(np.floor(x), n_inc - 1)
    wi = x - i0
    sso = np.isfinite(lt)
    y = np.where(sso, np.mod(np.nan_to_num(lt), 24.0), 0.0) / lt_step
    j0 = np.floor(y)
    wj = np.where(sso, y - j0, 0.0)
    row = i0.astype(np.int64) * (per_day + 1)
    j0c = np.where(sso, np.mod(j0, per_day), per_day).astype(np.int64)
    j1c = np.where(sso, np.mod(j0 + 1, per_day), per_day).astype(np.int64)
    nxt = row + per_day + 1
    return [
        (row + j0c, (1 - wi) * (1 - wj)),
        (row + j1c, (1 - wi) * wj),
        (nxt + j0c, wi * (1 - wj)),
        (nxt + j1c, wi * wj),
    ]


def _node(code: int, inc_step: float, lt_step: float) -> tuple[float, float]:
    """(inclination rad, LTAN key: hours, or -1 for a drifting plane) of a lattice node code."""
    per_day = round(24.0 / lt_step)
    i, j = divmod(int(code), per_day + 1)
    return i * inc_step, (-1.0 if j == per_day else j * lt_step)


def _groups(code: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Each distinct code with the indices of the elements that carry it."""
    if code.size <= 1:  # a single design: no sorting
        return [(int(c), np.zeros(1, np.int64)) for c in code]
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    starts = np.flatnonzero(np.r_[True, sorted_code[1:] != sorted_code[:-1]])
    return [(int(sorted_code[a]), order[a:b]) for a, b in zip(starts, np.r_[starts[1:], code.size], strict=True)]


def _blend(inc: FloatArray, lt: FloatArray, values: tuple[FloatArray, ...], fn: object, *, log: bool) -> FloatArray:
    """Σ w · fn(node inclination, node LTAN key, values) over the density lattice around each element.

    The blend is of log(fn) if ``log``; elements with a non-finite inclination get NaN.
    """
    shape, inc, lt = inc.shape, inc.ravel(), lt.ravel()
    values = tuple(v.ravel() for v in values)
    total = np.zeros(inc.shape)
    for code, weight in _corners(inc, lt, _INC_NODE, _LTAN_NODE):
        used = np.flatnonzero(weight > 0.0)
        part = np.empty(used.size)
        for c, idx in _groups(code[used]):
            at = used[idx]
            part[idx] = fn(*_node(c, _INC_NODE, _LTAN_NODE), *(v[at] for v in values))  # type: ignore[operator]
        with np.errstate(divide="ignore"):
            total[used] += weight[used] * (np.log(part) if log else part)
    out = np.exp(total) if log else total
    return np.where(np.isfinite(inc), out, np.nan).reshape(shape)


@lru_cache(maxsize=128)  # one table is 99 x 1,681 values (1.3 MB)
def _cached_tables(inclination: float, ltan_key: float) -> tuple[FloatArray, FloatArray]:
    """(cumulative ∫ρ dt [kg s/m³] on altitude × month, cycle-mean ρ on altitude) for one orbit family.

    ``ltan_key`` is the LTAN in hours, or -1 for a plane that drifts in local time.
    """
    ltan_h = np.nan if ltan_key < 0 else ltan_key
    h, f, season = np.broadcast_arrays(_H[:, None, None], _F107[None, :, None], 2030.0 + _SEASONS[None, None, :])
    rho = _f(
        thermosphere.orbit_averaged_density(h, season, inclination, ltan_h=ltan_h, f107=f, ap=thermosphere.AP_MEAN)
    )
    log_rho_f = np.log(rho.mean(axis=2))  # altitude × F10.7, mean over the seasons
    months = _T0 + (np.arange(_MONTHS) + 0.5) * _DT
    f107, _ = thermosphere.solar_activity(months)
    log_rho_t = np.stack([np.interp(_f(f107), _F107, row) for row in log_rho_f])  # altitude × month
    rho_t = np.exp(log_rho_t)
    cum = np.concatenate([np.zeros((_H.size, 1)), np.cumsum(rho_t * _DT * YEAR_S, axis=1)], axis=1)
    first = round((_CYCLE_START - _T0) / _DT)
    span = round(thermosphere.CYCLE_LENGTH_YEARS / _DT)
    return cum, rho_t[:, first : first + span].mean(axis=1)


def _wrap(year: FloatArray) -> FloatArray:
    """Dates moved into the tabulated span by whole forecast cycles (the forecast repeats)."""
    cycle = thermosphere.CYCLE_LENGTH_YEARS
    end = _T0 + _MONTHS * _DT
    early = np.ceil(np.maximum(_T0 - year, 0.0) / cycle)
    late = np.ceil(np.maximum(year - end, 0.0) / cycle)
    return year + (early - late) * cycle


def _integral(cum: FloatArray, row: np.ndarray, year: FloatArray) -> FloatArray:
    """∫ρ dt from the table start to ``year`` along altitude rows ``row``, linear in time."""
    x = np.clip((year - _T0) / _DT, 0.0, _MONTHS - 1e-9)
    k = np.floor(x).astype(np.int64)
    a = x - k
    return cum[row, k] * (1.0 - a) + cum[row, k + 1] * a


def _bracket(altitude_m: FloatArray) -> tuple[np.ndarray, FloatArray]:
    x = np.clip((altitude_m - _H[0]) / (_H[1] - _H[0]), 0.0, _H.size - 1 - 1e-9)
    i = np.floor(x).astype(np.int64)
    return i, x - i


def _mean_density_one(h: FloatArray, t0: FloatArray, years: FloatArray, cum: FloatArray) -> FloatArray:
    i, w = _bracket(h)
    start = _wrap(t0)
    end = start + years
    # a life that runs past the table's end continues a cycle earlier (the forecast repeats)
    back = np.ceil(np.maximum(end - (_T0 + _MONTHS * _DT), 0.0) / thermosphere.CYCLE_LENGTH_YEARS)
    start, end = start - back * thermosphere.CYCLE_LENGTH_YEARS, end - back * thermosphere.CYCLE_LENGTH_YEARS
    span = years * YEAR_S
    lo = (_integral(cum, i, end) - _integral(cum, i, start)) / span
    hi = (_integral(cum, i + 1, end) - _integral(cum, i + 1, start)) / span
    return np.exp(np.log(lo) * (1.0 - w) + np.log(hi) * w)


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
    lt_in = np.nan if ltan_h is None else ltan_h
    h, t0, life, inc, lt = np.broadcast_arrays(
        _f(altitude_m), _f(start_year), _f(years), _f(inclination_rad), _f(lt_in)
    )

    def density(ik: float, lk: float, hh: FloatArray, tt: FloatArray, ll: FloatArray) -> FloatArray:
        return _mean_density_one(hh, tt, ll, _cached_tables(ik, lk)[0])

    return _out(_blend(inc, lt, (h, t0, life), density, log=True))


@lru_cache(maxsize=128)
def _decay_integral(inc: float, ltan_key: float) -> FloatArray:
    """∫ dh / (ρ̄ √(μ a)) from 180 km up a 1 km grid, s per (kg/m²) (cycle-mean density, log-interpolated)."""
    _, rho = _cached_tables(inc, ltan_key)
    grid = np.arange(REENTRY_ALTITUDE_M, _H[-1] + 1.0, 1e3)
    per_m = 1.0 / (np.exp(np.interp(grid, _H, np.log(rho))) * np.sqrt(MU_EARTH * (R_EARTH + grid)))
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (per_m[1:] + per_m[:-1]) * np.diff(grid))])
    return np.stack([grid, cum])


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
    lt_in = np.nan if ltan_h is None else ltan_h
    h, b, inc, lt = np.broadcast_arrays(_f(altitude_m), _f(ballistic_coefficient_kg_m2), _f(inclination_rad), _f(lt_in))

    def years(ik: float, lk: float, hh: FloatArray, bb: FloatArray) -> FloatArray:
        table = _decay_integral(ik, lk)
        return bb * np.interp(hh, table[0], table[1]) / YEAR_S

    return _out(_blend(inc, lt, (h, b), years, log=True))


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
    lt_in = np.nan if ltan_h is None else ltan_h
    b, t, inc, lt = np.broadcast_arrays(_f(ballistic_coefficient_kg_m2), _f(max_years), _f(inclination_rad), _f(lt_in))

    def altitude(ik: float, lk: float, bb: FloatArray, tt: FloatArray) -> FloatArray:
        table = _decay_integral(ik, lk)
        return np.interp(tt * YEAR_S / bb, table[1], table[0])

    return _out(_blend(inc, lt, (b, t), altitude, log=False))


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
    lt_in = np.nan if ltan_h is None else ltan_h
    inc, lt = np.broadcast_arrays(_f(inclination_rad), _f(lt_in))
    shape, inc, lt = inc.shape, inc.ravel(), lt.ravel()
    total = np.zeros((3, inc.size))
    for code, weight in _corners(inc, lt, _AREA_INC_NODE, _AREA_LTAN_NODE):
        used = np.flatnonzero(weight > 0.0)
        codes, which = np.unique(code[used], return_inverse=True)
        nodes = np.array([_area_node(*_node(c, _AREA_INC_NODE, _AREA_LTAN_NODE)) for c in codes]).reshape(-1, 3)
        total[:, used] += weight[used] * nodes[which].T
    arr, edge, nadir = np.where(np.isfinite(inc), total, np.nan).reshape(3, *shape)
    return _out(arr), _out(edge), _out(nadir)


@cache  # three floats a node; 181 x 97 nodes at most
def _area_node(inclination: float, ltan_key: float) -> tuple[float, float, float]:
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
        mp = _f(dry_mass_kg) * q / np.where(denom > 0, denom, 1.0)
        return _out(np.where(denom <= 0, np.inf, mp))  # NaN in, NaN out
