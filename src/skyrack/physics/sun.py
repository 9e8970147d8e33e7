"""Low-precision position of the Sun, and Julian dates.

The Sun's geocentric position follows the low-precision formula of the
Astronomical Almanac (section C5), as given by Vallado's Algorithm 29: a mean
longitude and mean anomaly linear in time, the equation of centre to second
order, and an obliquity linear in time. Accuracy is about 0.01° in direction
between 1950 and 2050. Coordinates are geocentric, referred to the mean equator
and equinox of date ("MOD"), which is the frame the beta-angle formula needs.

Every function is a handful of numpy trigonometric operations, so it runs on
arrays of millions of times (about 0.3 s per million on one core).

Time arguments are Julian dates in UT. The formula is defined in UT1 and TDB;
using UTC for both changes the direction by less than 0.001°.

References
----------
.. [1] The Astronomical Almanac, U.S. Naval Observatory and H.M. Nautical
       Almanac Office, section C5, "Low precision formulas for the Sun".
.. [2] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       Microcosm Press, 2013: Algorithm 14 (Julian date), Algorithm 29 and
       Example 5-1 (Sun position), sec. 3.5 (mean Sun, equation of time).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .constants import AU

__all__ = [
    "JD_J2000",
    "equation_of_time",
    "julian_date",
    "julian_date_from_datetime64",
    "mean_sun_right_ascension",
    "sun_position",
    "sun_vector_eci",
]

JD_J2000 = 2451545.0
"""Julian date of the J2000.0 epoch, 2000-01-01 12:00 (Vallado 2013, sec. 3.5)."""

_DEG = np.pi / 180.0
_TWO_PI = 2.0 * np.pi


def julian_date(year: npt.ArrayLike, day_of_year: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Julian date from a Gregorian year and a fractional day of the year.

    Parameters
    ----------
    year : array_like of int
        Gregorian calendar year, valid 1901–2099.
    day_of_year : array_like
        Day of the year counted from 1.0 at 1 January 00:00 UT; the fraction
        is the time of day (e.g. 32.5 is 1 February 12:00 UT).

    Returns
    -------
    numpy.ndarray
        Julian date, days.

    References
    ----------
    .. [1] Vallado (2013), Algorithm 14, with month = 1 and the day of the
           month replaced by the day of the year.

    Examples
    --------
    >>> float(julian_date(2000, 1.5))
    2451545.0
    """
    y = np.asarray(year, dtype=np.float64)
    d = np.asarray(day_of_year, dtype=np.float64)
    # Algorithm 14 for 1 January: 367 y - INT(7 y / 4) + INT(275 / 9) + day + 1,721,013.5
    return 367.0 * y - np.floor(7.0 * y / 4.0) + 30.0 + d + 1721013.5


def julian_date_from_datetime64(time: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Julian date of numpy ``datetime64`` values (taken as UT).

    Parameters
    ----------
    time : array_like of numpy.datetime64
        Times, e.g. ``np.datetime64("2006-04-02T00:00")``.

    Returns
    -------
    numpy.ndarray
        Julian date, days (microsecond resolution).

    References
    ----------
    .. [1] Vallado (2013), sec. 3.5: JD 2,451,545.0 is 2000-01-01 12:00.

    Examples
    --------
    >>> float(julian_date_from_datetime64(np.datetime64("2000-01-01T12:00")))
    2451545.0
    """
    t = np.asarray(time).astype("datetime64[us]")
    elapsed_us = (t - np.datetime64("2000-01-01T12:00", "us")).astype(np.int64)
    return JD_J2000 + elapsed_us.astype(np.float64) / 86400e6


def _sun_ecliptic(
    jd_ut: npt.ArrayLike,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Mean longitude, ecliptic longitude, obliquity (rad) and distance (AU)."""
    t = (np.asarray(jd_ut, dtype=np.float64) - JD_J2000) / 36525.0
    mean_longitude = (280.460 + 36000.771 * t) * _DEG
    mean_anomaly = (357.5291092 + 35999.05034 * t) * _DEG
    longitude = mean_longitude + (1.914666471 * np.sin(mean_anomaly) + 0.019994643 * np.sin(2.0 * mean_anomaly)) * _DEG
    obliquity = (23.439291 - 0.0130042 * t) * _DEG
    distance_au = 1.000140612 - 0.016708617 * np.cos(mean_anomaly) - 0.000139589 * np.cos(2.0 * mean_anomaly)
    return mean_longitude, longitude, obliquity, distance_au


def sun_position(
    jd_ut: npt.ArrayLike,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Right ascension, declination and distance of the Sun (geocentric, MOD).

    Parameters
    ----------
    jd_ut : array_like
        Julian date, UT, days. Valid 1950–2050 for the stated accuracy.

    Returns
    -------
    right_ascension_rad : numpy.ndarray
        Right ascension in [0, 2π), rad.
    declination_rad : numpy.ndarray
        Declination, rad.
    distance_m : numpy.ndarray
        Earth–Sun distance, m.

    Notes
    -----
    tan α = cos ε tan λ and sin δ = sin ε sin λ, with λ the ecliptic longitude
    and ε the obliquity (the Sun's ecliptic latitude is taken as zero).

    References
    ----------
    .. [1] The Astronomical Almanac, section C5.
    .. [2] Vallado (2013), Algorithm 29; Example 5-1 gives, for JD 2,453,827.5
           (2 April 2006), α = 11.1409°, δ = 4.7884°.

    Examples
    --------
    >>> ra, dec, r = sun_position(2453827.5)
    >>> round(float(np.degrees(ra)), 2), round(float(np.degrees(dec)), 2)
    (11.14, 4.79)
    """
    _, lam, eps, r_au = _sun_ecliptic(jd_ut)
    sin_lam = np.sin(lam)
    ra = np.mod(np.arctan2(np.cos(eps) * sin_lam, np.cos(lam)), _TWO_PI)
    dec = np.arcsin(np.sin(eps) * sin_lam)
    return ra, dec, r_au * AU


def sun_vector_eci(jd_ut: npt.ArrayLike) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Unit vector from the Earth's centre to the Sun, and the distance.

    Parameters
    ----------
    jd_ut : array_like
        Julian date, UT, days.

    Returns
    -------
    unit_vector : numpy.ndarray
        Shape ``(*jd.shape, 3)``: x towards the mean equinox of date, z towards
        the mean north celestial pole (geocentric equatorial, MOD), unitless.
    distance_m : numpy.ndarray
        Earth–Sun distance, m, shape ``jd.shape``.

    References
    ----------
    .. [1] Vallado (2013), Algorithm 29 and Example 5-1 (for 2 April 2006 00:00
           the vector is (146,186,178; 28,789,122; 12,481,127) km).
    .. [2] The Astronomical Almanac, section C5.

    Examples
    --------
    >>> u, r = sun_vector_eci(2453827.5)
    >>> [round(float(x) / 1e6) for x in u * r]  # thousand km
    [146186, 28789, 12481]
    """
    _, lam, eps, r_au = _sun_ecliptic(jd_ut)
    sin_lam = np.sin(lam)
    unit = np.stack([np.cos(lam), np.cos(eps) * sin_lam, np.sin(eps) * sin_lam], axis=-1)
    return unit, r_au * AU


def mean_sun_right_ascension(jd_ut: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Right ascension of the fictitious mean Sun.

    The mean Sun moves uniformly along the equator, one turn per tropical
    year; its right ascension equals the Sun's mean longitude. Local mean
    solar time at a right ascension Ω is 12 h + (Ω − α_mean) / 15°, so an orbit
    with local time of ascending node LTAN has
    RAAN = α_mean + (LTAN − 12 h) · 15°/h. The mean Sun, not the true one, is
    the right reference for a sun-synchronous orbit: its J2 nodal drift is
    uniform and matches the mean Sun, so the LTAN stays fixed while the true
    Sun swings ±4° about it (the equation of time).

    Parameters
    ----------
    jd_ut : array_like
        Julian date, UT, days.

    Returns
    -------
    numpy.ndarray
        Right ascension of the mean Sun in [0, 2π), rad.

    References
    ----------
    .. [1] Vallado (2013), sec. 3.5 (mean solar time, equation of time) and
           Algorithm 29 (mean longitude λ_M = 280.460° + 36,000.771° T).
    .. [2] The Astronomical Almanac, section C5.

    Examples
    --------
    >>> round(float(np.degrees(mean_sun_right_ascension(2451545.0))), 3)
    280.46
    """
    mean_longitude, _, _, _ = _sun_ecliptic(jd_ut)
    return np.mod(mean_longitude, _TWO_PI)


def equation_of_time(jd_ut: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Equation of time as an angle: right ascension of the mean Sun minus the true Sun's.

    Parameters
    ----------
    jd_ut : array_like
        Julian date, UT, days.

    Returns
    -------
    numpy.ndarray
        α_mean − α_true wrapped to [−π, π), rad; positive when the true Sun is
        west of the mean Sun (the sundial is ahead of the clock). Multiply by
        240 s/° (43,200/π s/rad) to get time; it stays within about ±16.5 min.

    References
    ----------
    .. [1] Vallado (2013), sec. 3.5, equation of time.
    .. [2] The Astronomical Almanac, section C5.

    Examples
    --------
    >>> # early November: the sundial is about 16.4 min ahead of the clock
    >>> round(float(equation_of_time(julian_date(2027, 307.5))) * 43200.0 / np.pi / 60.0, 1)
    16.4
    """
    mean_longitude, lam, eps, _ = _sun_ecliptic(jd_ut)
    ra = np.arctan2(np.cos(eps) * np.sin(lam), np.cos(lam))
    return np.mod(mean_longitude - ra + np.pi, _TWO_PI) - np.pi
