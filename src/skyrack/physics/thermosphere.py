"""Thermosphere density from NRLMSIS, driven by a shipped solar-cycle forecast.

Drag at 300–2,000 km follows solar activity: the density at 500 km changes by
about an order of magnitude between solar minimum and maximum. This module
gives that density from the NRLMSISE-00 / NRLMSIS 2.x empirical models [1]_ [2]_
through ``pymsis`` [3]_, always with F10.7 and Ap passed explicitly (so
``pymsis`` never looks up or downloads historical indices), and the solar
indices from the forecast shipped in ``physics/data/solar_cycle.csv``.

The forecast is a smooth 13-month-mean cycle: the Hathaway–Wilson–Reichmann
cycle shape [4]_ fitted to the observed start (December 2019) and maximum
(October 2024, smoothed sunspot number ≈ 161) of cycle 25 [5]_, repeated every
11 years for later cycles (a skyrack assumption: the mean cycle length of
Hathaway 2015 [4]_ with cycle 25's amplitude), converted to F10.7 with the
sunspot-number proxy of the Australian Space Weather Services [6]_ (sunspot
number version 2 divided by 0.6 for version 1, Clette & Lefèvre 2016 [7]_).
Ap is a constant 10, mid-range of NASA MSFC's smoothed forecasts (4–14) [8]_.
Day-to-day and storm-time variability are not modelled: these are the mean
conditions for lifetime and propellant budgets, as used in such analyses.

References
----------
.. [1] Picone, J. M., Hedin, A. E., Drob, D. P. & Aikin, A. C., "NRLMSISE-00
       empirical model of the atmosphere", J. Geophys. Res. 107(A12), 1468, 2002.
.. [2] Emmert, J. T. et al., "NRLMSIS 2.0: A whole-atmosphere empirical model",
       Earth and Space Science 8, e2020EA001321, 2021.
.. [3] Lucas, G., pymsis: a Python wrapper of the NRLMSIS Fortran code,
       https://swxtrec.github.io/pymsis
.. [4] Hathaway, D. H., Wilson, R. M. & Reichmann, E. J., "The shape of the
       sunspot cycle", Solar Phys. 151, 177–190, 1994; Hathaway, D. H., "The
       solar cycle", Living Rev. Solar Phys. 12, 4, 2015 (cycle length ≈ 11 yr).
.. [5] SILSO, Royal Observatory of Belgium: 13-month smoothed sunspot number,
       cycle 25 minimum 2019.96 and maximum October 2024 (≈ 160.9).
.. [6] Australian Bureau of Meteorology, Space Weather Services, "The 10 cm
       solar radio flux": F = 67.0 + 0.572 R + (0.0575 R)² − (0.0209 R)³.
.. [7] Clette, F. & Lefèvre, L., "The new sunspot number", Solar Phys. 291,
       2629–2651, 2016 (version 2 = version 1 / 0.6).
.. [8] NASA Marshall Space Flight Center, Natural Environments Branch, solar
       cycle predictions, Table 4: 13-month smoothed Ap, 50th percentile 4–14.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, Floats, _f, _out

__all__ = [
    "AP_MEAN",
    "CYCLE_LENGTH_YEARS",
    "atmosphere_density",
    "f107_from_sunspot_number",
    "orbit_averaged_density",
    "smoothed_sunspot_number",
    "solar_activity",
]

CYCLE25_START = 2019.96
"""Start (minimum) of solar cycle 25, decimal year [5]."""
CYCLE25_PEAK = 2024.79
"""Maximum of cycle 25 (October 2024), decimal year [5]."""
CYCLE25_AMPLITUDE = 160.9
"""Maximum 13-month smoothed sunspot number (version 2) of cycle 25 [5]."""
CYCLE_LENGTH_YEARS = 11.0
"""Mean solar-cycle length, years [4]; later cycles repeat cycle 25 at this period (skyrack assumption)."""
AP_MEAN = 10.0
"""Smoothed Ap used throughout the forecast (skyrack assumption, mid-range of [8])."""
_HATHAWAY_C = 0.8
# The shape x³/(exp(x²/b²) − c) peaks where e^y (3 − 2y) = 3c, y = x²/b² (= 1.10092 for c = 0.8).
_PEAK_Y = 1.1009233619054741
_B_MONTHS = (CYCLE25_PEAK - CYCLE25_START) * 12.0 / np.sqrt(_PEAK_Y)
_SAMPLES_U = 8  # arguments of latitude per orbit
_SAMPLES_LT = 6  # local-time offsets for an orbit whose plane drifts in local time


def _cycle_shape(months: FloatArray) -> FloatArray:
    x = np.maximum(months, 0.0)
    with np.errstate(over="ignore"):
        return x**3 / (np.exp((x / _B_MONTHS) ** 2) - _HATHAWAY_C)


def smoothed_sunspot_number(year: ArrayLike) -> Floats:
    """13-month smoothed sunspot number (version 2) of the skyrack forecast.

    Sum of Hathaway-shaped cycles, F(t) = a x³ / (exp(x²/b²) − 0.8) with x the
    months since each cycle's start [4]_; cycle 25 starts in 2019.96 and peaks
    in October 2024 at 160.9 [5]_, which fixes b and a; cycle n starts
    11 (n − 25) years later with the same shape (skyrack assumption).

    Parameters
    ----------
    year : float or array
        Decimal year (2025.5 is 1 July 2025).

    Returns
    -------
    float or array
        Smoothed sunspot number; NaN before the start of cycle 25.

    References
    ----------
    .. [4] Hathaway, Wilson & Reichmann, Solar Phys. 151, 177, 1994.
    .. [5] SILSO, cycle 25 minimum and maximum.

    Examples
    --------
    >>> round(float(smoothed_sunspot_number(2024.79)), 1)
    160.9
    """
    t = _f(year)
    peak = _cycle_shape(np.asarray((CYCLE25_PEAK - CYCLE25_START) * 12.0))
    total = np.zeros_like(t)
    for k in range(int(np.nanmax(t, initial=CYCLE25_START) - CYCLE25_START) // int(CYCLE_LENGTH_YEARS) + 1):
        total = total + _cycle_shape((t - CYCLE25_START - k * CYCLE_LENGTH_YEARS) * 12.0)
    return _out(np.where(t >= CYCLE25_START, CYCLE25_AMPLITUDE * total / peak, np.nan))


def f107_from_sunspot_number(sunspot_number: ArrayLike) -> Floats:
    """F10.7 solar radio flux from the (version 2) sunspot number.

    F = 67.0 + 0.572 R + (0.0575 R)² − (0.0209 R)³ with R = 0.6 × S, the
    version-1 number [6]_ [7]_ (a statistical relation of monthly means,
    valid for R ≲ 200).

    Parameters
    ----------
    sunspot_number : float or array
        Sunspot number S, version 2 (SILSO since 2015).

    Returns
    -------
    float or array
        F10.7, solar flux units (1 sfu = 1e-22 W m⁻² Hz⁻¹).

    References
    ----------
    .. [6] Australian Space Weather Services, "The 10 cm solar radio flux".
    .. [7] Clette & Lefèvre, Solar Phys. 291, 2629, 2016.

    Examples
    --------
    S = 100: R = 60; 67 + 34.32 + 11.9025 − 1.9719 = 111.25 sfu.

    >>> round(float(f107_from_sunspot_number(100.0)), 2)
    111.25
    """
    r = 0.6 * _f(sunspot_number)
    return _out(67.0 + 0.572 * r + (0.0575 * r) ** 2 - (0.0209 * r) ** 3)


@lru_cache(maxsize=1)
def _forecast() -> tuple[FloatArray, FloatArray, FloatArray]:
    text = resources.files("skyrack.physics").joinpath("data/solar_cycle.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))]
    body = rows[1:]
    year = np.array([float(r[0]) for r in body])
    f107 = np.array([float(r[1]) for r in body])
    ap = np.array([float(r[2]) for r in body])
    return year, f107, ap


def solar_activity(year: ArrayLike) -> tuple[Floats, Floats]:
    """Smoothed F10.7 and Ap at a date, from the shipped forecast.

    Linear interpolation in the monthly table ``physics/data/solar_cycle.csv``
    (see the module notes for its sources and assumptions). After the table's
    last month (2100) the repeated cycle goes on: the date is moved back by
    whole 11-year cycles.

    Parameters
    ----------
    year : float or array
        Decimal year, from 2020.0.

    Returns
    -------
    f107 : float or array
        13-month smoothed F10.7, sfu; NaN before 2020.
    ap : float or array
        Smoothed Ap; NaN before 2020.

    References
    ----------
    .. [4] Hathaway, Wilson & Reichmann, Solar Phys. 151, 177, 1994.
    .. [6] Australian Space Weather Services, "The 10 cm solar radio flux".

    Examples
    --------
    >>> f107, ap = solar_activity(2024.79)
    >>> round(float(f107)), float(ap)
    (145, 10.0)
    """
    table_year, f107, ap = _forecast()
    t = _f(year)
    late = t > table_year[-1]
    t = np.where(late, t - CYCLE_LENGTH_YEARS * np.ceil((t - table_year[-1]) / CYCLE_LENGTH_YEARS), t)
    inside = t >= table_year[0]
    return (
        _out(np.where(inside, np.interp(t, table_year, f107), np.nan)),
        _out(np.where(inside, np.interp(t, table_year, ap), np.nan)),
    )


def _dates(year: FloatArray) -> np.ndarray:
    whole = np.floor(year)
    start = (whole - 1970).astype("int64").astype("datetime64[Y]").astype("datetime64[s]")
    seconds = np.round((year - whole) * 365.25 * 86400.0).astype("int64")
    return start + seconds.astype("timedelta64[s]")


def atmosphere_density(
    altitude_m: ArrayLike,
    latitude_rad: ArrayLike,
    local_time_h: ArrayLike,
    year: ArrayLike,
    f107: ArrayLike,
    ap: ArrayLike,
    *,
    version: float = 0,
) -> Floats:
    """Total mass density of the atmosphere from NRLMSIS.

    Parameters
    ----------
    altitude_m : float or array
        Geodetic altitude, m (the model is used up to 2,500 km).
    latitude_rad : float or array
        Geodetic latitude, rad.
    local_time_h : float or array
        Local (mean) solar time, hours; the longitude is set from it and the
        universal time of the date.
    year : float or array
        Decimal year (sets the day of year, hence season).
    f107 : float or array
        F10.7, sfu, used both as the previous-day and the 81-day mean value.
    ap : float or array
        Daily Ap.
    version : {0, 2.0, 2.1}
        0 for NRLMSISE-00 [1]_ (the default, about 6× faster), 2.0 or 2.1 for
        NRLMSIS 2.x [2]_.

    Returns
    -------
    float or array
        Total mass density, kg/m³ (broadcast shape of the inputs).

    References
    ----------
    .. [1] Picone et al., J. Geophys. Res. 107(A12), 1468, 2002.
    .. [2] Emmert et al., Earth and Space Science 8, e2020EA001321, 2021.
    .. [3] pymsis, https://swxtrec.github.io/pymsis

    Examples
    --------
    >>> rho = atmosphere_density(500e3, 0.0, 14.0, 2030.2, 150.0, 15.0)
    >>> 1e-12 < float(rho) < 3e-12
    True
    """
    from pymsis import msis

    arrays = np.broadcast_arrays(_f(altitude_m), _f(latitude_rad), _f(local_time_h), _f(year), _f(f107), _f(ap))
    h, lat, lt, yr, f, a = (x.ravel() for x in arrays)
    if h.size == 0:
        return _out(np.zeros(arrays[0].shape))
    dates = _dates(yr)
    ut_h = (dates - dates.astype("datetime64[D]")).astype(np.float64) / 3600.0
    lon = np.mod((lt - ut_h) * 15.0, 360.0)
    out = msis.calculate(dates, lon, np.degrees(lat), h / 1e3, f, f, np.repeat(a[:, None], 7, axis=1), version=version)
    rho = np.asarray(out[..., 0], dtype=np.float64).reshape(arrays[0].shape)
    return _out(rho)


def orbit_averaged_density(
    altitude_m: ArrayLike,
    year: ArrayLike,
    inclination_rad: ArrayLike,
    *,
    ltan_h: ArrayLike | None = None,
    f107: ArrayLike | None = None,
    ap: ArrayLike | None = None,
    version: float = 0,
) -> Floats:
    """Density averaged around a circular orbit, at the forecast solar activity.

    The orbit is sampled at 8 arguments of latitude u (latitude asin(sin i sin u)).
    A plane that drifts in local time (any non-sun-synchronous orbit, whose node
    precesses through all local times in weeks) is also averaged over 6 local
    times; a sun-synchronous plane keeps its local time of ascending node, and
    the local time at u is LTAN + atan2(cos i sin u, cos u) / 15° [9]_.

    Parameters
    ----------
    altitude_m : float or array
        Circular-orbit altitude, m.
    year : float or array
        Decimal year (solar activity and season).
    inclination_rad : float or array
        Inclination, rad.
    ltan_h : float or array, optional
        Local time of the ascending node, hours, for a sun-synchronous plane;
        None (or NaN) averages over local time.
    f107, ap : float or array, optional
        Solar indices; default from :func:`solar_activity` at ``year``.
    version : {0, 2.0, 2.1}
        MSIS version (see :func:`atmosphere_density`).

    Returns
    -------
    float or array
        Time-averaged density along the orbit, kg/m³.

    References
    ----------
    .. [1] Picone et al., J. Geophys. Res. 107(A12), 1468, 2002.
    .. [9] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*,
           4th ed., 2013, sec. 2.4 (argument of latitude) and 11.4.1 (LTAN).

    Examples
    --------
    >>> rho = orbit_averaged_density(550e3, 2030.0, np.radians(53.0))
    >>> 1e-14 < float(rho) < 1e-12
    True
    """
    h, yr, inc = np.broadcast_arrays(_f(altitude_m), _f(year), _f(inclination_rad))
    lt0 = np.full(h.shape, np.nan) if ltan_h is None else np.broadcast_to(_f(ltan_h), h.shape)
    f_def, ap_def = solar_activity(yr)
    f = np.broadcast_to(_f(f_def if f107 is None else f107), h.shape)
    a = np.broadcast_to(_f(ap_def if ap is None else ap), h.shape)
    u = (np.arange(_SAMPLES_U) + 0.5) * 2.0 * np.pi / _SAMPLES_U
    drifting = _SAMPLES_LT if not np.isfinite(lt0).all() else 1  # a sun-synchronous plane needs no spread
    spread = np.arange(drifting) * 24.0 / _SAMPLES_LT
    grid_u, grid_s = np.meshgrid(u, spread, indexing="ij")
    uu, ss = grid_u.ravel(), grid_s.ravel()
    inc_e = inc[..., None]
    lat = np.arcsin(np.sin(inc_e) * np.sin(uu))
    swing = np.degrees(np.arctan2(np.cos(inc_e) * np.sin(uu), np.cos(uu))) / 15.0
    sso = np.isfinite(lt0)[..., None]
    lt = np.where(sso, np.nan_to_num(lt0)[..., None] + swing, ss + swing)
    rho = _f(atmosphere_density(h[..., None], lat, lt, yr[..., None], f[..., None], a[..., None], version=version))
    return _out(rho.mean(axis=-1))
