"""Drag on a large compute satellite: area, ballistic coefficient, Δv, propellant, decay.

An orbital data center carries arrays and radiators of hundreds to thousands
of m² per satellite, so its drag area depends on how they point. The attitude
model here is the usual one for such designs:

- solar arrays track the Sun (normal along the Sun direction);
- radiators are edge-on to the Sun, with their normal either perpendicular to
  nadir (``"edge"``: the plate stands vertical, edge-on to Earth too) or in
  the plane of nadir (``"nadir"``: one face toward Earth) [1]_;
- the bus presents a constant frontal area.

The area projected on the velocity is averaged over the orbit (argument of
latitude) and over the Sun's positions through the year (β angle) [2]_.
Density comes from :mod:`skyrack.physics.thermosphere` (NRLMSIS with the
shipped solar-cycle forecast) unless a density function is passed.

All functions broadcast their array arguments.

References
----------
.. [1] Gilmore, D. G. (ed.), *Spacecraft Thermal Control Handbook*, Vol. I,
       2nd ed., Aerospace Press, 2002, ch. 2 (radiators edge-on to the Sun).
.. [2] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th
       ed., Microcosm Press, 2013, sec. 8.6 (drag; C_D ≈ 2.2 for satellites in
       free-molecular flow), sec. 9.6 (decay, da/dt = −ρ √(μa) C_D A / m) and
       sec. 11.4 (β angle).
.. [3] Edelbaum, T. N., "Propulsion requirements for controllable
       satellites", ARS Journal 31(8), 1079–1089, 1961 (low-thrust transfer
       between circular orbits: Δv = |v₁ − v₂| for coplanar spirals).
.. [4] Wertz, J. R. & Larson, W. J. (eds.), *Space Mission Analysis and
       Design*, 3rd ed., 1999, ch. 17 (specific impulse of
       chemical and electric thrusters).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from . import thermosphere
from ._arrays import FloatArray, Floats, _f, _out
from .constants import MU_EARTH, R_EARTH, YEAR_S
from .mass import propellant_mass

__all__ = [
    "DRAG_COEFFICIENT",
    "ISP_S",
    "ballistic_coefficient",
    "decay_time",
    "disposal_altitude",
    "drag_delta_v_per_year",
    "mean_cycle_density",
    "projected_area",
    "propulsion_mass",
    "spiral_delta_v",
]

DRAG_COEFFICIENT = 2.2
"""Drag coefficient of a satellite in free-molecular flow [2]."""

ISP_S = {
    "hall-argon": 2500.0,  # SpaceX Starlink V2 mini argon Hall thruster, 2,500 s, 170 mN (SpaceX, Feb 2023)
    "hall-xenon": 1600.0,  # Fakel SPT-100 datasheet, ~1,600 s
    "hall-krypton": 1400.0,  # krypton runs ~10-15% below xenon in the same thruster (estimate, low confidence)
    "hydrazine": 220.0,  # monopropellant hydrazine, 200-225 s (SMAD 3rd ed., ch. 17)
    "bipropellant": 310.0,  # MMH/NTO, 300-340 s (SMAD 3rd ed., ch. 17)
}
"""Specific impulse by propulsion kind, s (sources in the comments)."""

REENTRY_ALTITUDE_M = 180e3
"""Below ~180 km a satellite re-enters within hours to days; decay is integrated to here [2]."""

_N_U = 64
_SUN_DECLINATIONS = np.arcsin(np.sin(np.radians(23.44)) * np.sin(np.linspace(0.0, 2.0 * np.pi, 24, endpoint=False)))
_DRIFT_NODES = np.linspace(0.0, 2.0 * np.pi, 24, endpoint=False)

Density = Callable[[FloatArray, FloatArray], FloatArray]
"""A density model: (altitude m, decimal year) -> kg/m³, broadcasting."""


def _abs_cos(beta: FloatArray, kind: str) -> FloatArray:
    """Orbit average of |n̂·v̂| for a plate whose normal n̂ follows ``kind``, Sun at β to the plane."""
    u = (np.arange(_N_U) + 0.5) * 2.0 * np.pi / _N_U
    b = beta[..., None]
    if kind == "sun":  # n̂ = ŝ: |n̂·v̂| = cos β |sin u|
        val = np.cos(b) * np.abs(np.sin(u))
    elif kind == "edge":  # n̂ ∝ ŝ × r̂
        val = np.abs(np.sin(b)) / np.sqrt(np.sin(b) ** 2 + (np.cos(b) * np.sin(u)) ** 2 + 1e-300)
    else:  # "nadir": n̂ ∝ r̂ − (r̂·ŝ) ŝ
        c2 = np.cos(b) ** 2
        val = np.abs(np.sin(u) * np.cos(u)) * c2 / np.sqrt(np.maximum(1.0 - c2 * np.cos(u) ** 2, 1e-300))
    return np.asarray(val.mean(axis=-1), dtype=np.float64)


def _betas(inclination: FloatArray, ltan_h: FloatArray) -> FloatArray:
    """β samples over a year (last axis): fixed node local time for SSO, all node positions otherwise."""
    inc = inclination[..., None, None]
    dec = _SUN_DECLINATIONS[None, :]
    node = np.where(np.isfinite(ltan_h), (np.nan_to_num(ltan_h) - 12.0) * np.pi / 12.0, 0.0)[..., None, None]
    dra = np.where(np.isfinite(ltan_h)[..., None, None], node, _DRIFT_NODES[:, None])
    sin_b = np.cos(dec) * np.sin(inc) * np.sin(dra) + np.sin(dec) * np.cos(inc)
    return np.arcsin(np.clip(sin_b, -1.0, 1.0)).reshape(*inclination.shape, -1)


def projected_area(
    array_area_m2: ArrayLike,
    radiator_area_m2: ArrayLike,
    bus_area_m2: ArrayLike,
    inclination_rad: ArrayLike,
    ltan_h: ArrayLike | None = None,
    radiator: Literal["edge", "nadir"] = "edge",
) -> Floats:
    """Mean area a satellite presents to the flow, over the orbit and the year.

    A plate of area A with unit normal n̂ presents A |n̂·v̂| to the velocity v̂.
    In the orbit frame (r̂ radial, v̂ along-track, Sun ŝ at angle β to the
    plane): a Sun-tracking array gives cos β |sin u|, an ``edge`` radiator
    (n̂ ∝ ŝ × r̂) gives |sin β| / √(sin²β + cos²β sin²u) and a ``nadir``
    radiator (n̂ ∝ r̂ − (r̂·ŝ)ŝ) gives |sin u cos u| cos²β / √(1 − cos²β cos²u),
    averaged over the argument of latitude u and over β through the year [2]_.

    Parameters
    ----------
    array_area_m2 : float or array
        Solar array area (one face), m².
    radiator_area_m2 : float or array
        Radiator panel area (one face), m².
    bus_area_m2 : float or array
        Frontal area of the bus and everything else, m².
    inclination_rad : float or array
        Orbit inclination, rad.
    ltan_h : float or array, optional
        Local time of the ascending node of a sun-synchronous plane, hours;
        None or NaN for a plane that drifts through all local times.
    radiator : {"edge", "nadir"}
        Radiator orientation (see the module notes).

    Returns
    -------
    float or array
        Orbit- and year-averaged projected area, m².

    References
    ----------
    .. [1] Gilmore (2002), ch. 2.
    .. [2] Vallado (2013), sec. 8.6 and 11.4.

    Examples
    --------
    A Sun-tracking array in the orbit plane of the Sun (β = 0) shows (2/π) A; a
    dawn-dusk plane (β ≈ 60–90°) shows far less of its array but all of an
    edge-on radiator.

    >>> sun = projected_area(100.0, 0.0, 0.0, np.radians(97.6), ltan_h=18.0)
    >>> edge = projected_area(0.0, 100.0, 0.0, np.radians(97.6), ltan_h=18.0)
    >>> round(float(sun), 1), round(float(edge), 1)
    (16.9, 97.4)
    """
    if radiator not in ("edge", "nadir"):
        raise ValueError("radiator must be 'edge' or 'nadir'")
    inc = _f(inclination_rad)
    lt = np.full(inc.shape, np.nan) if ltan_h is None else _f(ltan_h)
    inc, lt = np.broadcast_arrays(inc, lt)
    beta = _betas(inc, lt)
    arr = _abs_cos(beta, "sun").mean(axis=-1)
    rad = _abs_cos(beta, radiator).mean(axis=-1)
    return _out(_f(array_area_m2) * arr + _f(radiator_area_m2) * rad + _f(bus_area_m2))


def ballistic_coefficient(
    mass_kg: ArrayLike, area_m2: ArrayLike, drag_coefficient: ArrayLike = DRAG_COEFFICIENT
) -> Floats:
    """Ballistic coefficient B = m / (C_D A).

    Parameters
    ----------
    mass_kg : float or array
        Satellite mass, kg.
    area_m2 : float or array
        Area projected on the velocity, m².
    drag_coefficient : float or array
        C_D, default 2.2 [2]_.

    Returns
    -------
    float or array
        B, kg/m² (inf for zero area).

    References
    ----------
    .. [2] Vallado (2013), sec. 8.6.

    Examples
    --------
    >>> round(float(ballistic_coefficient(2000.0, 100.0)), 2)
    9.09
    """
    with np.errstate(divide="ignore"):
        return _out(_f(mass_kg) / (_f(drag_coefficient) * _f(area_m2)))


def _msis_density(inclination: FloatArray, ltan_h: FloatArray) -> Density:
    def density(h: FloatArray, year: FloatArray) -> FloatArray:
        return _f(thermosphere.orbit_averaged_density(h, year, inclination, ltan_h=ltan_h))

    return density


def drag_delta_v_per_year(
    altitude_m: ArrayLike,
    ballistic_coefficient_kg_m2: ArrayLike,
    year: ArrayLike,
    inclination_rad: ArrayLike,
    ltan_h: ArrayLike | None = None,
    *,
    years: int = 1,
    density: Density | None = None,
) -> Floats:
    """Mean Δv per year to hold a circular orbit against drag, over ``years`` from ``year``.

    Δv/yr = ½ ρ̄ v² / B × 1 yr, with ρ̄ the orbit-averaged density sampled
    monthly over the interval [2]_.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, m.
    ballistic_coefficient_kg_m2 : float or array
        B = m / (C_D A), kg/m².
    year : float or array
        Decimal year the interval starts.
    inclination_rad : float or array
        Inclination, rad.
    ltan_h : float or array, optional
        LTAN of a sun-synchronous plane, hours; None or NaN otherwise.
    years : int
        Length of the interval, years (1 for the first year; the mission life
        for a lifetime mean).
    density : callable, optional
        (altitude m, year) -> kg/m³; default NRLMSISE-00 orbit average.

    Returns
    -------
    float or array
        Mean Δv, m/s per year.

    References
    ----------
    .. [2] Vallado (2013), sec. 8.6.

    Examples
    --------
    Constant ρ = 1e-13 kg/m³, B = 50 kg/m², 650 km: ½·1e-13·5.6715e7/50 m/s²
    over a Julian year is 1.790 m/s.

    >>> flat = lambda h, t: np.full(np.broadcast(h, t).shape, 1e-13)
    >>> round(float(drag_delta_v_per_year(650e3, 50.0, 2030.0, 0.9, density=flat)), 3)
    1.79
    """
    h, b, t0, inc = np.broadcast_arrays(_f(altitude_m), _f(ballistic_coefficient_kg_m2), _f(year), _f(inclination_rad))
    lt = np.broadcast_to(np.nan if ltan_h is None else _f(ltan_h), h.shape)
    model = density or _msis_density(inc[..., None], lt[..., None])
    months = t0[..., None] + (np.arange(12 * years) + 0.5) / 12.0
    rho = _f(model(h[..., None], months)).mean(axis=-1)
    v2 = MU_EARTH / (R_EARTH + h)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(0.5 * rho * v2 / b * YEAR_S)


@lru_cache(maxsize=64)
def _cycle_profile(inclination: float, ltan_h: float) -> tuple[FloatArray, FloatArray]:
    h = np.arange(150e3, 2600e3, 25e3)
    years = 2031.0 + (np.arange(11) + 0.5) * thermosphere.CYCLE_LENGTH_YEARS / 11
    rho = _f(thermosphere.orbit_averaged_density(h[:, None], years[None, :], inclination, ltan_h=ltan_h))
    return h, np.log(rho.mean(axis=1))


def mean_cycle_density(altitude_m: ArrayLike, inclination_rad: float, ltan_h: float | None = None) -> Floats:
    """Orbit-averaged density averaged over one whole forecast solar cycle.

    The mean of 11 yearly samples over the repeated cycle (2031–2042), on a
    25 km grid from 150 to 2,575 km, interpolated in log density.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, m.
    inclination_rad : float
        Inclination, rad.
    ltan_h : float, optional
        LTAN of a sun-synchronous plane, hours.

    Returns
    -------
    float or array
        Cycle-mean density, kg/m³.

    References
    ----------
    .. [1] Picone et al., J. Geophys. Res. 107(A12), 1468, 2002 (NRLMSISE-00).

    Examples
    --------
    >>> 1e-13 < float(mean_cycle_density(500e3, 0.93)) < 1e-12
    True
    """
    key = float(np.nan if ltan_h is None else ltan_h)
    h, log_rho = _cycle_profile(round(float(inclination_rad), 4), round(key, 3) if np.isfinite(key) else np.nan)
    return _out(np.exp(np.interp(_f(altitude_m), h, log_rho)))


def decay_time(
    altitude_m: ArrayLike,
    ballistic_coefficient_kg_m2: ArrayLike,
    year: ArrayLike,
    inclination_rad: float,
    ltan_h: float | None = None,
    *,
    steps: int = 100,
    density: Density | None = None,
    cycle_density: Callable[[FloatArray], FloatArray] | None = None,
) -> Floats:
    """Natural decay time of a dead satellite from a circular orbit to re-entry.

    Integrates da/dt = −ρ √(μ a) / B [2]_ down from the altitude to 180 km in
    ``steps`` equal altitude steps, each with the density at its mid-altitude
    and at the date reached. A step that would last more than half a solar
    cycle uses the cycle-mean density instead (for centuries-long decays the
    mean over cycles, not the phase at one date, is what drives the decay).

    Parameters
    ----------
    altitude_m : float or array
        Starting altitude, m.
    ballistic_coefficient_kg_m2 : float or array
        B = m / (C_D A), kg/m² (the tumbling mean area of a dead satellite).
    year : float or array
        Decimal year the satellite dies.
    inclination_rad : float
        Inclination, rad.
    ltan_h : float, optional
        LTAN of a sun-synchronous plane, hours.
    steps : int
        Altitude steps.
    density : callable, optional
        (altitude m, year) -> kg/m³; default the NRLMSISE-00 orbit average.
    cycle_density : callable, optional
        altitude m -> cycle-mean kg/m³; default :func:`mean_cycle_density`
        (or ``density`` at the start date when only that is given).

    Returns
    -------
    float or array
        Years to re-entry (0 at or below 180 km).

    References
    ----------
    .. [2] Vallado (2013), sec. 9.6; King-Hele, D. G., *Satellite Orbits in an
           Atmosphere*, Blackie, 1987, ch. 4.

    Examples
    --------
    An isothermal exponential atmosphere (ρ₀ = 1e-12 kg/m³ at 400 km, H = 60 km)
    has the closed form t ≈ H B (1 − e^{−Δh/H}) / (ρ₀ √(μ a)) = 1.78 yr from
    400 km for B = 50 kg/m² (a held at 400 km; the integral lets it shrink).

    >>> expo = lambda h, t: 1e-12 * np.exp(-(h - 400e3) / 60e3) + 0.0 * t
    >>> round(float(decay_time(400e3, 50.0, 2030.0, 0.9, density=expo)), 2)
    1.79
    """
    h0, b, t0 = np.broadcast_arrays(_f(altitude_m), _f(ballistic_coefficient_kg_m2), _f(year))
    lt = np.nan if ltan_h is None else float(ltan_h)
    model = density or _msis_density(np.asarray(float(inclination_rad)), np.asarray(lt))
    if cycle_density is not None:
        mean = cycle_density
    elif density is not None:
        mean = lambda hh: model(hh, t0)  # noqa: E731
    else:
        mean = lambda hh: _f(mean_cycle_density(hh, float(inclination_rad), None if np.isnan(lt) else lt))  # noqa: E731
    dh = np.maximum(h0 - REENTRY_ALTITUDE_M, 0.0) / steps
    t = np.zeros(h0.shape)
    half_cycle = 0.5 * thermosphere.CYCLE_LENGTH_YEARS * YEAR_S
    for k in range(steps):
        h = h0 - (k + 0.5) * dh
        root = np.sqrt(MU_EARTH * (R_EARTH + h))
        with np.errstate(divide="ignore", invalid="ignore"):
            dt_now = dh * b / (_f(model(h, t0 + t / YEAR_S)) * root)
            dt_mean = dh * b / (_f(mean(h)) * root)
        t = t + np.where(dt_now <= half_cycle, dt_now, dt_mean)
    return _out(t / YEAR_S)


def disposal_altitude(
    ballistic_coefficient_kg_m2: ArrayLike,
    inclination_rad: float,
    ltan_h: float | None = None,
    *,
    max_years: float = 5.0,
) -> Floats:
    """Highest circular altitude from which natural decay takes at most ``max_years``.

    Uses the cycle-mean density (a disposal plan cannot count on the phase of
    the cycle): t(h) = ∫ B dh / (ρ̄(h) √(μ a)) from 180 km, inverted for t =
    ``max_years`` [2]_. The FCC's post-mission rule for LEO is five years [5]_.

    Parameters
    ----------
    ballistic_coefficient_kg_m2 : float or array
        B of the dead satellite, kg/m².
    inclination_rad : float
        Inclination, rad.
    ltan_h : float, optional
        LTAN of a sun-synchronous plane, hours.
    max_years : float
        Allowed decay time, years.

    Returns
    -------
    float or array
        Altitude, m.

    References
    ----------
    .. [2] Vallado (2013), sec. 9.6.
    .. [5] FCC, Second Report and Order, "Space Innovation; Mitigation of
           Orbital Debris in the New Space Age", FCC 22-74, 29 Sep 2022.

    Examples
    --------
    >>> 450e3 < float(disposal_altitude(20.0, 0.93)) < 700e3
    True
    """
    grid = np.arange(REENTRY_ALTITUDE_M, 2500e3, 5e3)
    rho = _f(mean_cycle_density(grid, float(inclination_rad), ltan_h))
    per_m = 1.0 / (rho * np.sqrt(MU_EARTH * (R_EARTH + grid)))  # s per m per (kg/m²)
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (per_m[1:] + per_m[:-1]) * np.diff(grid))])
    b = _f(ballistic_coefficient_kg_m2)
    target = max_years * YEAR_S / b
    return _out(np.interp(np.log(target), np.log(np.maximum(cum, 1e-300)), grid))


def spiral_delta_v(from_altitude_m: ArrayLike, to_altitude_m: ArrayLike) -> Floats:
    """Δv of a low-thrust spiral between circular orbits, |v₁ − v₂| [3]_.

    Parameters
    ----------
    from_altitude_m, to_altitude_m : float or array
        Altitudes, m.

    Returns
    -------
    float or array
        Δv, m/s.

    References
    ----------
    .. [3] Edelbaum, ARS Journal 31(8), 1079, 1961.

    Examples
    --------
    550 → 350 km: √(μ/6,728,137) − √(μ/6,928,137) = 7,697.00 − 7,585.09 m/s.

    >>> round(float(spiral_delta_v(550e3, 350e3)), 1)
    111.9
    """
    v1 = np.sqrt(MU_EARTH / (R_EARTH + _f(from_altitude_m)))
    v2 = np.sqrt(MU_EARTH / (R_EARTH + _f(to_altitude_m)))
    return _out(np.abs(v1 - v2))


def propulsion_mass(
    dry_mass_kg: ArrayLike,
    delta_v_m_s: ArrayLike,
    isp_s: ArrayLike,
    *,
    tank_fraction: ArrayLike = 0.1,
    thruster_mass_kg: ArrayLike = 0.0,
) -> Floats:
    """Propulsion subsystem mass: propellant for a Δv budget, tanks and thrusters.

    m = m_p (1 + f_tank) + m_thr, with m_p from the rocket equation on the dry
    mass (:func:`skyrack.physics.mass.propellant_mass`) [4]_.

    Parameters
    ----------
    dry_mass_kg : float or array
        Satellite dry mass (without propellant), kg.
    delta_v_m_s : float or array
        Lifetime Δv budget (station keeping, avoidance, disposal), m/s.
    isp_s : float or array
        Specific impulse, s (see :data:`ISP_S`).
    tank_fraction : float or array
        Tank and feed mass per kg of propellant (≈ 0.1 for high-pressure gas
        in composite tanks; skyrack estimate).
    thruster_mass_kg : float or array
        Thrusters, power processing and valves, kg.

    Returns
    -------
    float or array
        Propulsion mass including propellant, kg.

    References
    ----------
    .. [4] Wertz & Larson, SMAD 3rd ed., 1999, ch. 17.

    Examples
    --------
    2,000 kg dry, 200 m/s at 2,500 s: m_p = 2000 (e^{200/24516.6} − 1) = 16.38 kg,
    + 10 % tanks = 18.02 kg.

    >>> round(float(propulsion_mass(2000.0, 200.0, 2500.0)), 2)
    18.02
    """
    mp = _f(propellant_mass(dry_mass_kg, delta_v_m_s, isp_s))
    return _out(mp * (1.0 + _f(tank_fraction)) + _f(thruster_mass_kg))
