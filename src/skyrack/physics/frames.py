"""Earth rotation and geodesy: sidereal time, inertial to Earth-fixed, WGS-84 coordinates.

Rotate inertial positions into the Earth-fixed frame with Greenwich mean
sidereal time and convert between geodetic and Earth-fixed coordinates on the
WGS-84 ellipsoid (semi-major axis :data:`~skyrack.physics.constants.R_EARTH`,
flattening :data:`~skyrack.physics.constants.WGS84_FLATTENING`).

Frames: "ECI" here means the true-equator, mean-equinox (TEME) frame that SGP4
produces (and which mean-element propagation approximates). Rotating TEME by
GMST about the z axis gives the pseudo-Earth-fixed (PEF) frame [1]_; polar
motion (≲ 0.5″, ~15 m at the surface) is ignored, so PEF is used as ECEF.

References
----------
.. [1] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*,
       4th ed., Microcosm Press (2013), ch. 3 (sidereal time, eq. 3-47;
       TEME and PEF frames; geodetic coordinates, Example 3-3).
.. [2] National Imagery and Mapping Agency, *Department of Defense World
       Geodetic System 1984*, NIMA TR8350.2, 3rd ed. (2000): a = 6,378,137 m,
       1/f = 298.257223563.
.. [3] Bowring, B. R., *Transformation from spatial to geographical
       coordinates*, Survey Review 23(181), 323–327 (1976).
"""

from __future__ import annotations

import math
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import _f
from .constants import R_EARTH, WGS84_FLATTENING
from .sun import JD_J2000

__all__ = [
    "ecef_to_geodetic",
    "eci_to_ecef",
    "geodetic_to_ecef",
    "gmst",
    "ground_track",
]

FloatArray: TypeAlias = NDArray[np.float64]

_E2 = WGS84_FLATTENING * (2.0 - WGS84_FLATTENING)
_B_M = R_EARTH * (1.0 - WGS84_FLATTENING)
_EP2 = _E2 / (1.0 - _E2)


# --------------------------------------------------------------------------
# Time and rotation
# --------------------------------------------------------------------------
def gmst(jd_ut: ArrayLike, jd_ut_frac: ArrayLike = 0.0) -> FloatArray:
    """Greenwich mean sidereal time (IAU 1982 model), rad in [0, 2π).

    .. math::

        \\theta_{GMST} = 67{,}310.54841\\,\\mathrm{s} + (876{,}600\\,\\mathrm{h}
        + 8{,}640{,}184.812866\\,\\mathrm{s})\\,T + 0.093104\\,T^2
        - 6.2\\times10^{-6}\\,T^3

    with T = (JD_UT1 − 2,451,545.0)/36,525 Julian centuries.

    Parameters
    ----------
    jd_ut : float or array
        Julian date, UT1 (UTC is within 0.9 s, ≈ 0.004° of rotation).
    jd_ut_frac : float or array, default 0
        Optional fractional part, added to ``jd_ut`` (two-part dates keep
        sub-millisecond precision).

    Returns
    -------
    array
        GMST, rad. 1992 Aug 20 12:14 UT1 → 152.578788° (Vallado Example 3-5).

    References
    ----------
    .. [1] Vallado (2013), eq. 3-47 and Example 3-5.
    .. [2] Aoki, S. et al., *The new definition of universal time*, Astron.
           Astrophys. 105, 359–361 (1982).
    """
    jd = _f(jd_ut)
    frac = _f(jd_ut_frac)
    d0 = jd - JD_J2000
    t = (d0 + frac) / 36525.0
    # 876,600 h × T is 86,400 s per elapsed day: keep only its fraction of a day
    # (taken separately for the two parts of the date) to preserve precision.
    whole_day_part = 86400.0 * (np.mod(d0, 1.0) + np.mod(frac, 1.0))
    sec = 67310.54841 + whole_day_part + 8640184.812866 * t + 0.093104 * t**2 - 6.2e-6 * t**3
    return np.asarray(np.mod(sec, 86400.0) * (2.0 * math.pi / 86400.0), dtype=np.float64)


def eci_to_ecef(r_eci: ArrayLike, jd_ut: ArrayLike) -> FloatArray:
    """Rotate inertial (TEME) positions to Earth-fixed by GMST.

    .. math:: \\mathbf r_{ECEF} = R_3(\\theta_{GMST})\\,\\mathbf r_{ECI}

    Precession–nutation beyond TEME and polar motion are ignored (PEF ≈ ITRF
    to ~15 m at the surface), as is the Earth-rotation velocity term (positions
    only).

    Parameters
    ----------
    r_eci : array (..., 3)
        Positions in the TEME/ECI frame, any length unit (m by convention).
    jd_ut : float or array
        Julian date UT1, broadcastable to ``r_eci.shape[:-1]``.

    Returns
    -------
    array (..., 3)
        Earth-fixed positions, same unit.

    References
    ----------
    .. [1] Vallado (2013), ch. 3, TEME → PEF by the GMST rotation.
    """
    r = _f(r_eci)
    th = gmst(jd_ut)
    c, s = np.cos(th), np.sin(th)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    return np.stack(np.broadcast_arrays(c * x + s * y, -s * x + c * y, z), axis=-1)


# --------------------------------------------------------------------------
# Geodesy
# --------------------------------------------------------------------------
def geodetic_to_ecef(lat_rad: ArrayLike, lon_rad: ArrayLike, alt_m: ArrayLike) -> FloatArray:
    """WGS-84 geodetic coordinates to Earth-fixed Cartesian, m.

    .. math::

        N = a/\\sqrt{1 - e^2\\sin^2\\varphi},\\quad
        (x, y, z) = ((N+h)\\cos\\varphi\\cos\\lambda, (N+h)\\cos\\varphi\\sin\\lambda,
        (N(1-e^2)+h)\\sin\\varphi)

    Parameters
    ----------
    lat_rad, lon_rad : float or array
        Geodetic latitude and longitude, rad.
    alt_m : float or array
        Height above the ellipsoid, m.

    Returns
    -------
    array (..., 3)
        ECEF position, m. (0, 0, 0) → (6,378,137, 0, 0).

    References
    ----------
    .. [1] NIMA TR8350.2 (2000), ch. 4 (ellipsoid parameters and coordinates).
    """
    lat, lon, h = np.broadcast_arrays(_f(lat_rad), _f(lon_rad), _f(alt_m))
    sl = np.sin(lat)
    n = R_EARTH / np.sqrt(1.0 - _E2 * sl * sl)
    cl = np.cos(lat)
    return np.stack(((n + h) * cl * np.cos(lon), (n + h) * cl * np.sin(lon), (n * (1.0 - _E2) + h) * sl), axis=-1)


def ecef_to_geodetic(r_ecef: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Earth-fixed Cartesian to WGS-84 geodetic latitude, longitude, height.

    Bowring's (1976) parametric-latitude formula, refined by two further
    fixed-point iterations (error < 1e-9 rad and < 1 mm from the surface to
    GEO).

    Parameters
    ----------
    r_ecef : array (..., 3)
        ECEF position, m.

    Returns
    -------
    lat_rad, lon_rad, alt_m : arrays (...)
        Geodetic latitude (rad), longitude (rad, −π..π), height (m).

    References
    ----------
    .. [1] Bowring, Survey Review 23(181), 323–327 (1976).
    .. [2] NIMA TR8350.2 (2000) for the ellipsoid.
    """
    r = _f(r_ecef)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    p = np.hypot(x, y)
    lon = np.arctan2(y, x)
    beta = np.arctan2(z, (1.0 - WGS84_FLATTENING) * p)
    lat = np.arctan2(z + _EP2 * _B_M * np.sin(beta) ** 3, p - _E2 * R_EARTH * np.cos(beta) ** 3)
    for _ in range(2):
        beta = np.arctan2((1.0 - WGS84_FLATTENING) * np.sin(lat), np.cos(lat))
        lat = np.arctan2(z + _EP2 * _B_M * np.sin(beta) ** 3, p - _E2 * R_EARTH * np.cos(beta) ** 3)
    sl = np.sin(lat)
    n = R_EARTH / np.sqrt(1.0 - _E2 * sl * sl)
    cl = np.cos(lat)
    # height: stable form valid at all latitudes
    h = p * cl + z * sl - R_EARTH * R_EARTH / n
    return np.asarray(lat), np.asarray(lon), np.asarray(h)


def ground_track(r_ecef: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Sub-satellite point: geodetic latitude and longitude, rad.

    Parameters
    ----------
    r_ecef : array (..., 3)
        ECEF positions, m.

    Returns
    -------
    lat_rad, lon_rad : arrays (...)

    References
    ----------
    .. [1] Bowring (1976); see :func:`ecef_to_geodetic`.
    """
    lat, lon, _ = ecef_to_geodetic(r_ecef)
    return lat, lon
