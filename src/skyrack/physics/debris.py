"""Collision and debris risk for constellation shells: flux, avoidance, conjunctions, dead satellites.

Rates follow the kinetic-gas model of Kessler [1]_: an object crossing a
population of spatial density n at relative speed v_rel, with collision cross
section A, meets R = n v_rel A objects per unit time. It is applied three ways:

- **collisions** with debris of each size class: A is the satellite's mean
  projected area (plus the debris size, negligible here);
- **avoidance manoeuvres** against tracked objects: A is the area of the miss
  distances at which the probability of collision exceeds the operator's
  threshold, from the small-hard-body 2-D Gaussian Pc [2]_ [3]_;
- **conjunctions inside a shell**: n is the shell's own density and v_rel the
  mean crossing speed of its planes.

The debris densities shipped in ``physics/data/debris_density.csv`` are a
**skyrack estimate** (ESA's published population totals spread over altitude
with a stated shape; see the file header), not ORDEM or MASTER output: they
give the order of magnitude. Pass your own densities (e.g. ORDEM 3.2 or
MASTER-8 output) for engineering use.

References
----------
.. [1] Kessler, D. J., "Derivation of the collision probability between
       orbiting objects: the lifetimes of Jupiter's outer moons", Icarus 48,
       39–48, 1981; Kessler & Cour-Palais, J. Geophys. Res. 83(A6), 2637, 1978.
.. [2] Foster, J. L. & Estes, H. S., "A parametric analysis of orbital debris
       collision probability and maneuver rate for space vehicles", NASA
       JSC-25898, 1992.
.. [3] Alfano, S., "Relating position uncertainty to maximum conjunction
       probability", J. Astronaut. Sci. 53(2), 193–205, 2005.
.. [4] ESA Space Debris Office, "Space debris by the numbers" (MASTER-8,
       reference epoch 2023): 36,500 objects > 10 cm, 1 million 1–10 cm,
       130 million 1 mm–1 cm.
.. [5] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th
       ed., 2013, sec. 2.4 (angle between orbit planes).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, Floats, _f, _out
from .constants import MU_EARTH, R_EARTH, YEAR_S

__all__ = [
    "DEBRIS_RELATIVE_SPEED",
    "avoidance_area",
    "avoidance_manoeuvres_per_year",
    "collisions_per_year",
    "crossing_speed",
    "dead_satellites",
    "debris_density",
    "shell_conjunctions_per_year",
]

DEBRIS_RELATIVE_SPEED = 10.0e3
"""Mean impact speed of debris on a LEO satellite, m/s (≈ 10 km/s; Kessler 1981 [1], ESA MASTER)."""

Size = Literal["tracked", "1cm", "1mm"]
_COLUMNS = {"tracked": 1, "1cm": 2, "1mm": 3}


@lru_cache(maxsize=1)
def _table() -> FloatArray:
    text = resources.files("skyrack.physics").joinpath("data/debris_density.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(line for line in text.splitlines() if line and not line.startswith("#")))
    return np.array([[float(x) for x in r] for r in rows[1:]])


def debris_density(altitude_m: ArrayLike, size: Size = "tracked") -> Floats:
    """Spatial density of debris at least a given size, from the shipped table.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, m (table 300–2,000 km; 0 outside it).
    size : {"tracked", "1cm", "1mm"}
        Objects > 10 cm (catalogued), > 1 cm or > 1 mm.

    Returns
    -------
    float or array
        Objects per m³.

    References
    ----------
    .. [4] ESA Space Debris Office, "Space debris by the numbers" (totals; the
           altitude shape is a skyrack estimate, see the data file).

    Examples
    --------
    >>> n = debris_density(800e3, "1cm")
    >>> 1e-16 < float(n) < 1e-14
    True
    """
    if size not in _COLUMNS:
        raise ValueError("size must be 'tracked', '1cm' or '1mm'")
    table = _table()
    h_km = _f(altitude_m) / 1e3
    per_km3 = np.interp(h_km, table[:, 0], table[:, _COLUMNS[size]], left=0.0, right=0.0)
    return _out(per_km3 * 1e-9)


def collisions_per_year(
    area_m2: ArrayLike, density_per_m3: ArrayLike, relative_speed_m_s: ArrayLike = DEBRIS_RELATIVE_SPEED
) -> Floats:
    """Expected collisions per year, kinetic gas: n v_rel A [1]_.

    Parameters
    ----------
    area_m2 : float or array
        Collision cross-section (mean projected area of the satellite), m².
    density_per_m3 : float or array
        Spatial density of the impactors, m⁻³.
    relative_speed_m_s : float or array
        Mean relative speed, m/s.

    Returns
    -------
    float or array
        Collisions per year.

    References
    ----------
    .. [1] Kessler, Icarus 48, 39, 1981.

    Examples
    --------
    100 m², 1e-15 m⁻³ at 10 km/s: 1e-15 · 1e4 · 100 · 31,557,600 = 0.0316 per year.

    >>> round(float(collisions_per_year(100.0, 1e-15)), 4)
    0.0316
    """
    return _out(_f(density_per_m3) * _f(relative_speed_m_s) * _f(area_m2) * YEAR_S)


def avoidance_area(pc_threshold: ArrayLike, position_sigma_m: ArrayLike, hard_body_radius_m: ArrayLike) -> Floats:
    """Area of miss distances in the encounter plane at which Pc exceeds a threshold.

    For a combined hard-body radius R small against an isotropic position
    uncertainty σ, Pc(d) ≈ R² / (2σ²) · exp(−d² / (2σ²)) [2]_ [3]_, so Pc > P
    within d² = 2σ² ln(R² / (2σ² P)) and the area is π d² (0 where even a
    head-on pass stays below P).

    Parameters
    ----------
    pc_threshold : float or array
        Probability of collision that triggers a manoeuvre (1e-4 industry
        practice; SpaceX reports using 3e-7).
    position_sigma_m : float or array
        1-σ combined position uncertainty at closest approach, m.
    hard_body_radius_m : float or array
        Combined hard-body radius of the two objects, m.

    Returns
    -------
    float or array
        Area, m².

    References
    ----------
    .. [2] Foster & Estes, NASA JSC-25898, 1992.
    .. [3] Alfano, J. Astronaut. Sci. 53(2), 193, 2005.

    Examples
    --------
    P = 1e-4, σ = 100 m, R = 10 m: R²/(2σ²) = 5e-3; d² = 2e4 · ln(50) = 78,240 m²;
    area = π d² = 245,800 m².

    >>> round(float(avoidance_area(1e-4, 100.0, 10.0)), -2)
    245800.0
    """
    s2 = 2.0 * _f(position_sigma_m) ** 2
    with np.errstate(divide="ignore"):
        log_term = np.log(_f(hard_body_radius_m) ** 2 / (s2 * _f(pc_threshold)))
    return _out(np.pi * s2 * np.maximum(log_term, 0.0))


def avoidance_manoeuvres_per_year(
    altitude_m: ArrayLike,
    pc_threshold: ArrayLike = 1e-4,
    *,
    position_sigma_m: ArrayLike = 100.0,
    hard_body_radius_m: ArrayLike = 10.0,
    relative_speed_m_s: ArrayLike = DEBRIS_RELATIVE_SPEED,
    extra_density_per_m3: ArrayLike = 0.0,
) -> Floats:
    """Collision-avoidance manoeuvres per satellite-year against tracked objects.

    R = (n_tracked + n_extra) v_rel π d²(P) per year: the kinetic-gas rate of
    encounters whose Pc exceeds the threshold [1]_ [2]_.

    Parameters
    ----------
    altitude_m : float or array
        Altitude, m.
    pc_threshold : float or array
        Manoeuvre threshold on the probability of collision.
    position_sigma_m : float or array
        1-σ combined position uncertainty at closest approach, m (skyrack
        default 100 m, a few-day-old precise ephemeris; catalogue orbits are
        worse).
    hard_body_radius_m : float or array
        Combined hard-body radius, m.
    relative_speed_m_s : float or array
        Mean encounter speed, m/s.
    extra_density_per_m3 : float or array
        Further tracked objects not in the table (e.g. other new shells), m⁻³.

    Returns
    -------
    float or array
        Manoeuvres per satellite per year.

    References
    ----------
    .. [1] Kessler, Icarus 48, 39, 1981.
    .. [2] Foster & Estes, NASA JSC-25898, 1992.

    Examples
    --------
    >>> m = avoidance_manoeuvres_per_year(550e3, 1e-4)
    >>> 1.0 < float(m) < 100.0
    True
    """
    n = _f(debris_density(altitude_m, "tracked")) + _f(extra_density_per_m3)
    area = _f(avoidance_area(pc_threshold, position_sigma_m, hard_body_radius_m))
    return collisions_per_year(area, n, relative_speed_m_s)


def crossing_speed(altitude_m: ArrayLike, inclination_1_rad: ArrayLike, inclination_2_rad: ArrayLike) -> Floats:
    """Mean relative speed at the crossings of two circular orbits at one altitude.

    Planes with inclinations i₁, i₂ and node difference ΔΩ cross at an angle θ
    with cos θ = cos i₁ cos i₂ + sin i₁ sin i₂ cos ΔΩ [5]_; the satellites then
    pass at 2 v sin(θ/2). Averaged over ΔΩ uniform in [0, 2π) (planes of a
    shell, or of two shells, spread over all nodes).

    Parameters
    ----------
    altitude_m : float or array
        Altitude, m.
    inclination_1_rad, inclination_2_rad : float or array
        Inclinations, rad.

    Returns
    -------
    float or array
        Mean relative speed, m/s.

    References
    ----------
    .. [5] Vallado (2013), sec. 2.4.

    Examples
    --------
    Two polar planes: θ = ΔΩ, mean of 2 v |sin(ΔΩ/2)| = (4/π) v; at 550 km
    v = 7,585.1 m/s, so 9,657.7 m/s.

    >>> round(float(crossing_speed(550e3, np.pi / 2, np.pi / 2)), 0)
    9658.0
    """
    v = np.sqrt(MU_EARTH / (R_EARTH + _f(altitude_m)))
    i1, i2 = _f(inclination_1_rad)[..., None], _f(inclination_2_rad)[..., None]
    dw = (np.arange(360) + 0.5) * 2.0 * np.pi / 360
    cos_t = np.clip(np.cos(i1) * np.cos(i2) + np.sin(i1) * np.sin(i2) * np.cos(dw), -1.0, 1.0)
    mean_sin = np.sqrt(0.5 * (1.0 - cos_t)).mean(axis=-1)
    return _out(2.0 * v * mean_sin)


def shell_conjunctions_per_year(
    satellites: ArrayLike,
    altitude_m: ArrayLike,
    thickness_m: ArrayLike,
    inclination_rad: ArrayLike,
    screening_radius_m: ArrayLike = 1000.0,
) -> Floats:
    """Close approaches per satellite-year between satellites of one shell, kinetic gas.

    The shell's satellites fill the band between latitudes ±i (±(180° − i)
    when retrograde), of volume 4π r² sin i Δh; each meets the others at
    the mean crossing speed of its planes within the screening radius d:
    R = n v_rel π d². This is the rate for satellites spread at random in the
    shell; a perfectly phased Walker shell never comes closer than
    :func:`skyrack.physics.shells.walker_min_separation`, and the rate is then
    the one its station-keeping errors allow.

    Parameters
    ----------
    satellites : float or array
        Satellites in the shell.
    altitude_m : float or array
        Mean altitude, m.
    thickness_m : float or array
        Radial thickness, m (at least 1 km is used).
    inclination_rad : float or array
        Inclination, rad.
    screening_radius_m : float or array
        Miss distance counted as a conjunction, m.

    Returns
    -------
    float or array
        Conjunctions per satellite per year.

    References
    ----------
    .. [1] Kessler, Icarus 48, 39, 1981.
    .. [5] Vallado (2013), sec. 2.4.

    Examples
    --------
    >>> r = shell_conjunctions_per_year(10000, 550e3, 10e3, np.radians(53.0))
    >>> 10.0 < float(r) < 1e4
    True
    """
    r = R_EARTH + _f(altitude_m)
    inc = _f(inclination_rad)
    band = np.sin(np.minimum(inc, np.pi - inc))
    volume = 4.0 * np.pi * r**2 * np.maximum(band, 1e-3) * np.maximum(_f(thickness_m), 1e3)
    n = np.maximum(_f(satellites) - 1.0, 0.0) / volume
    v = _f(crossing_speed(altitude_m, inc, inc))
    return collisions_per_year(np.pi * _f(screening_radius_m) ** 2, n, v)


def dead_satellites(
    satellites: ArrayLike,
    failure_rate_per_year: ArrayLike,
    lifetime_years: ArrayLike,
    disposal_reliability: ArrayLike,
    decay_years: ArrayLike,
) -> tuple[Floats, Floats]:
    """Satellites left dead in orbit each year, and the standing number of them.

    Satellites stop working at the rate N (λ + 1/L): random failures plus
    retirement at the end of life (replaced to keep N). A fraction R_d of them
    is disposed of (deorbited, or lowered to a short-lived orbit); the rest
    stay and decay naturally. By Little's law the standing population is the
    rate times the mean residence time, the natural decay time [6]_.

    Parameters
    ----------
    satellites : float or array
        Satellites kept in the shell, N.
    failure_rate_per_year : float or array
        Random failure rate per satellite, λ, 1/yr.
    lifetime_years : float or array
        Design life, L, yr.
    disposal_reliability : float or array
        Probability that a satellite that stops working is disposed of, R_d.
    decay_years : float or array
        Natural decay time of a dead satellite from the shell, yr.

    Returns
    -------
    per_year : float or array
        Dead satellites added per year.
    standing : float or array
        Dead satellites in orbit at steady state.

    References
    ----------
    .. [6] Little, J. D. C., "A proof for the queuing formula L = λW",
           Operations Research 9(3), 383–387, 1961.

    Examples
    --------
    10,000 satellites, λ = 2 %/yr, L = 5 yr, R_d = 0.9, 5-yr decay:
    10,000 · 0.22 · 0.1 = 220 per year, 1,100 standing.

    >>> per_year, standing = dead_satellites(10000, 0.02, 5.0, 0.9, 5.0)
    >>> round(float(per_year)), round(float(standing))
    (220, 1100)
    """
    rate = _f(satellites) * (_f(failure_rate_per_year) + 1.0 / _f(lifetime_years))
    per_year = rate * (1.0 - _f(disposal_reliability))
    return _out(per_year), _out(per_year * _f(decay_years))
