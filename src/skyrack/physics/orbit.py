"""Circular-orbit geometry: size, period, J2 nodal precession, sun-synchronism.

All functions take altitudes above Earth's equatorial radius in metres and
angles in radians, accept floats or numpy arrays (which broadcast), and return
numpy float64 values in SI units.

Altitudes below zero (inside the Earth) give NaN: these are plain physics
functions, and range checks with clear messages belong to the scenario layer.
Very large altitudes are computed formally (a distant orbit has a long period,
a small Earth disc and a slow nodal drift); the one exception is
:func:`sun_synchronous_inclination`, which is NaN above about 5,970 km where no
sun-synchronous circular orbit exists.

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       Microcosm Press, 2013: eq. 2-25 (period), eq. 9-41 (J2 secular nodal
       rate), sec. 11.4.1 (sun-synchronous orbits).
.. [2] J. R. Wertz, D. F. Everett, J. J. Puschell (eds.), *Space Mission
       Engineering: The New SMAD*, Microcosm Press, 2011, sec. 9.2 and 10.4
       (Earth angular radius, sun-synchronous condition).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._arrays import _f, _where
from .constants import DAY_S, J2, J3, MU_EARTH, R_EARTH, TROPICAL_YEAR_DAYS

__all__ = [
    "SUN_MEAN_MOTION",
    "argument_of_latitude_rate",
    "earth_angular_radius",
    "frozen_orbit_radius",
    "j2_secular_rates",
    "nodal_precession_rate",
    "orbital_period",
    "semi_major_axis",
    "sun_synchronous_inclination",
]

SUN_MEAN_MOTION = 2.0 * np.pi / (TROPICAL_YEAR_DAYS * DAY_S)
"""Mean motion of the Sun in right ascension, rad/s (one turn per tropical year) [1]."""


def semi_major_axis(altitude_m: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Semi-major axis of a circular orbit.

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the equatorial radius R_EARTH, m.

    Returns
    -------
    float or numpy.ndarray
        Semi-major axis a = R_EARTH + h, m. NaN where the altitude is negative.

    References
    ----------
    .. [1] Vallado (2013), sec. 2.5: for a circular orbit the radius is constant
           and equals the semi-major axis.

    Examples
    --------
    >>> float(semi_major_axis(650e3))
    7028137.0
    """
    h = _f(altitude_m)
    return _where(h >= 0.0, R_EARTH + h, np.nan)


def orbital_period(altitude_m: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Keplerian period of a circular orbit, T = 2π √(a³/μ).

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the equatorial radius, m.

    Returns
    -------
    numpy.ndarray
        Orbital period, s. NaN where the altitude is negative.

    References
    ----------
    .. [1] Vallado (2013), eq. 2-25.

    Examples
    --------
    >>> round(float(orbital_period(650e3)) / 60.0, 2)
    97.73
    """
    a = semi_major_axis(altitude_m)
    return 2.0 * np.pi * np.sqrt(a**3 / MU_EARTH)


def j2_secular_rates(
    a_m: npt.ArrayLike, ecc: npt.ArrayLike, inc_rad: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Secular rates of node, argument of perigee and mean anomaly under J2.

    With n = √(μ/a³) and p = a(1 − e²):

    * dΩ/dt = −(3/2) n J2 (R/p)² cos i
    * dω/dt = (3/4) n J2 (R/p)² (4 − 5 sin² i)
    * dM/dt = n [1 + (3/4) J2 (R/p)² √(1 − e²) (2 − 3 sin² i)]

    Parameters
    ----------
    a_m : array_like
        Mean semi-major axis, m.
    ecc : array_like
        Eccentricity (near-circular: < 0.1).
    inc_rad : array_like
        Inclination, rad.

    Returns
    -------
    raan_rate, argp_rate, mean_anomaly_rate : numpy.ndarray
        Rates in rad/s.

    References
    ----------
    .. [1] Vallado (2013), sec. 9.6, secular J2 rates of Ω, ω and M.

    Examples
    --------
    The 650 km sun-synchronous orbit (i = 97.986°) turns its node by one
    revolution per tropical year, 360°/365.2422 d = 0.9856°/day:

    >>> r, _, _ = j2_secular_rates(7028137.0, 0.0, sun_synchronous_inclination(650e3))
    >>> round(float(np.degrees(r) * 86400.0), 4)
    0.9856
    """
    a = np.asarray(a_m, dtype=np.float64)
    e = np.asarray(ecc, dtype=np.float64)
    i = np.asarray(inc_rad, dtype=np.float64)
    n = np.sqrt(MU_EARTH / a**3)
    p = a * (1.0 - e**2)
    k = J2 * (R_EARTH / p) ** 2
    s2 = np.sin(i) ** 2
    raan_rate = -1.5 * n * k * np.cos(i)
    argp_rate = 0.75 * n * k * (4.0 - 5.0 * s2)
    m_rate = n * (1.0 + 0.75 * k * np.sqrt(1.0 - e**2) * (2.0 - 3.0 * s2))
    return raan_rate, argp_rate, m_rate


def nodal_precession_rate(altitude_m: npt.ArrayLike, inclination_rad: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Secular drift of the right ascension of the ascending node due to J2.

    For a circular orbit (p = a):
    dΩ/dt = −(3/2) n J2 (R/a)² cos i, with n = √(μ/a³) (the circular case of
    :func:`j2_secular_rates`).

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the equatorial radius, m.
    inclination_rad : array_like
        Orbit inclination, rad.

    Returns
    -------
    numpy.ndarray
        Nodal precession rate, rad/s (negative, westward, for prograde orbits;
        positive for retrograde ones). NaN where the altitude is negative.

    References
    ----------
    .. [1] Vallado (2013), eq. 9-41.
    .. [2] Wertz et al. (2011), sec. 9.2.

    Examples
    --------
    >>> round(float(np.degrees(nodal_precession_rate(650e3, np.radians(97.98))) * 86400.0), 3)
    0.985
    """
    return j2_secular_rates(semi_major_axis(altitude_m), 0.0, inclination_rad)[0]


def sun_synchronous_inclination(altitude_m: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Inclination of the circular sun-synchronous orbit at an altitude.

    Solves dΩ/dt (J2, circular) = 2π / tropical year for i:
    cos i = −(2/3) ω☉ a^(7/2) / (J2 R² √μ).

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the equatorial radius, m.

    Returns
    -------
    float or numpy.ndarray
        Inclination, rad, between 90° and 180° (retrograde). NaN where no
        sun-synchronous circular orbit exists (|cos i| would exceed 1, i.e.
        above about 5,970 km) and where the altitude is negative. Callers must
        check for NaN and report such designs as infeasible.

    References
    ----------
    .. [1] Vallado (2013), sec. 11.4.1 (sun-synchronous condition).
    .. [2] Wertz et al. (2011), sec. 10.4.

    Examples
    --------
    >>> round(float(np.degrees(sun_synchronous_inclination(650e3))), 3)
    97.986
    """
    a = semi_major_axis(altitude_m)
    cos_i = -(2.0 / 3.0) * SUN_MEAN_MOTION * a**3.5 / (J2 * R_EARTH**2 * np.sqrt(MU_EARTH))
    with np.errstate(invalid="ignore"):
        return _where(cos_i >= -1.0, np.arccos(np.maximum(cos_i, -1.0)), np.nan)


def earth_angular_radius(altitude_m: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Angular radius of the Earth seen from altitude h, ρ = asin(R / (R + h)).

    ρ is also the critical beta angle of a circular orbit in a cylindrical
    shadow: orbits with |β| ≥ ρ are never eclipsed.

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the equatorial radius, m.

    Returns
    -------
    numpy.ndarray
        Earth angular radius, rad (π/2 at h = 0, tending to 0 far away). NaN
        where the altitude is negative.

    References
    ----------
    .. [1] Wertz et al. (2011), sec. 8.3.1 (spherical Earth geometry, sin ρ = R/(R + h)).
    .. [2] Vallado (2013), sec. 5.3 (shadow entry and exit).

    Examples
    --------
    >>> round(float(np.degrees(earth_angular_radius(650e3))), 1)
    65.2
    """
    a = semi_major_axis(altitude_m)
    return np.arcsin(R_EARTH / a)


def frozen_orbit_radius(
    altitude_m: npt.ArrayLike, inclination_rad: npt.ArrayLike, argument_of_latitude_rad: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Radius of a near-circular frozen orbit along its track, with the short-period J2 terms.

    A "circular" orbit of mean semi-major axis a = R + h is, once J2 and J3
    act, the frozen orbit of eccentricity e_f = −(J3/2J2)(R/a) sin i with
    perigee at ω = 90° (over the northernmost point), plus Brouwer's
    short-period J2 oscillation. At argument of latitude u:

        r = a (1 − e_f sin u)(1 + 1.5 K2 (1 − 3 cos² i)) + ½ K1 sin² i cos 2u,

    with K1 = J2 R²/(2a) and K2 = J2 (R/a)²/2 (first order in J2 and e_f; the
    form SGP4 and :mod:`skyrack.simulate` use). In low orbit the radius runs
    about 4 km above a on average and ±8 km around it: the satellite is
    highest over the south pole.

    Parameters
    ----------
    altitude_m : array_like
        Mean altitude h above the equatorial radius, m (a = R + h).
    inclination_rad : array_like
        Inclination, rad.
    argument_of_latitude_rad : array_like
        Argument of latitude u, rad (0 at the ascending node, π/2 northernmost).

    Returns
    -------
    numpy.ndarray
        Orbit radius, m.

    References
    ----------
    .. [1] D. Brouwer, "Solution of the problem of artificial satellite theory
           without drag", *Astron. J.* 64, 378–397, 1959 (short-period terms).
    .. [2] F. R. Hoots, R. L. Roehrich, *Spacetrack Report No. 3*, 1980 (the
           SGP4 form of the short-period and J3 long-period terms).
    .. [3] Vallado (2013), sec. 11.4 (frozen orbits, e ≈ −(J3/2J2)(R/a) sin i, ω = 90°).

    Examples
    --------
    >>> i = np.radians(97.98)
    >>> [round(float(frozen_orbit_radius(650e3, i, u) - 7028137.0) / 1e3, 1) for u in (np.pi / 2, -np.pi / 2)]
    [-4.5, 10.3]
    """
    a = semi_major_axis(altitude_m)
    i = np.asarray(inclination_rad, dtype=np.float64)
    u = np.asarray(argument_of_latitude_rad, dtype=np.float64)
    k1 = 0.5 * J2 * R_EARTH**2 / a
    k2 = 0.5 * J2 * (R_EARTH / a) ** 2
    e_f = -0.5 * (J3 / J2) * (R_EARTH / a) * np.sin(i)
    return np.asarray(
        a * (1.0 - e_f * np.sin(u)) * (1.0 + 1.5 * k2 * (1.0 - 3.0 * np.cos(i) ** 2))
        + 0.5 * k1 * np.sin(i) ** 2 * np.cos(2.0 * u)
    )


def argument_of_latitude_rate(
    altitude_m: npt.ArrayLike, inclination_rad: npt.ArrayLike, argument_of_latitude_rad: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Angular rate of a frozen orbit's true argument of latitude at u, rad/s.

    The mean argument of latitude advances at the secular J2 rate
    n [1 + (3/4) J2 (R/a)² (8 cos² i − 2)] (mean anomaly plus perigee); the
    true one adds the frozen eccentricity's and the short-period terms of
    :func:`frozen_orbit_radius`, u' = u − 2 e_f cos u − ¼ K2 (7 cos² i − 1) sin 2u,
    so it moves at that rate times 1 + 2 e_f sin u − ½ K2 (7 cos² i − 1) cos 2u.

    Parameters
    ----------
    altitude_m, inclination_rad, argument_of_latitude_rad : array_like
        As for :func:`frozen_orbit_radius`.

    Returns
    -------
    numpy.ndarray
        du'/dt, rad/s.

    References
    ----------
    .. [1] Vallado (2013), sec. 9.6 (secular J2 rates of ω and M).
    .. [2] Brouwer (1959); Hoots & Roehrich (1980), as for :func:`frozen_orbit_radius`.

    Examples
    --------
    >>> n = np.sqrt(3.986004418e14 / 7028137.0**3)
    >>> round(float(argument_of_latitude_rate(650e3, np.radians(97.98), 0.0) / n), 5)
    0.99896
    """
    a = semi_major_axis(altitude_m)
    i = np.asarray(inclination_rad, dtype=np.float64)
    u = np.asarray(argument_of_latitude_rad, dtype=np.float64)
    n = np.sqrt(MU_EARTH / a**3)
    k2 = 0.5 * J2 * (R_EARTH / a) ** 2
    cos2 = np.cos(i) ** 2
    e_f = -0.5 * (J3 / J2) * (R_EARTH / a) * np.sin(i)
    secular = n * (1.0 + 1.5 * k2 * (8.0 * cos2 - 2.0))
    return np.asarray(secular * (1.0 + 2.0 * e_f * np.sin(u) - 0.5 * k2 * (7.0 * cos2 - 1.0) * np.cos(2.0 * u)))
