"""Ground stations, Earth rotation and contact geometry.

Functions to load the ground-station catalog, rotate inertial positions into
the Earth-fixed frame with Greenwich mean sidereal time, convert between
geodetic and Earth-fixed coordinates on the WGS-84 ellipsoid, and compute
satellite elevation and contact masks above an elevation mask.

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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "WGS84_A_M",
    "WGS84_F",
    "Stations",
    "contact_mask",
    "ecef_to_geodetic",
    "eci_to_ecef",
    "elevation",
    "geodetic_to_ecef",
    "gmst",
    "ground_track",
    "load_stations",
]

FloatArray: TypeAlias = NDArray[np.float64]

WGS84_A_M = 6378137.0
"""WGS-84 semi-major axis, m (NIMA TR8350.2)."""
WGS84_F = 1.0 / 298.257223563
"""WGS-84 flattening (NIMA TR8350.2)."""
_E2 = WGS84_F * (2.0 - WGS84_F)
_B_M = WGS84_A_M * (1.0 - WGS84_F)
_EP2 = _E2 / (1.0 - _E2)


def _f(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


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
    d0 = jd - 2451545.0
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
    n = WGS84_A_M / np.sqrt(1.0 - _E2 * sl * sl)
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
    beta = np.arctan2(z, (1.0 - WGS84_F) * p)
    lat = np.arctan2(z + _EP2 * _B_M * np.sin(beta) ** 3, p - _E2 * WGS84_A_M * np.cos(beta) ** 3)
    for _ in range(2):
        beta = np.arctan2((1.0 - WGS84_F) * np.sin(lat), np.cos(lat))
        lat = np.arctan2(z + _EP2 * _B_M * np.sin(beta) ** 3, p - _E2 * WGS84_A_M * np.cos(beta) ** 3)
    sl = np.sin(lat)
    n = WGS84_A_M / np.sqrt(1.0 - _E2 * sl * sl)
    cl = np.cos(lat)
    # height: stable form valid at all latitudes
    h = p * cl + z * sl - WGS84_A_M * WGS84_A_M / n
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


# --------------------------------------------------------------------------
# Stations
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Stations:
    """A set of ground stations with precomputed geometry.

    Attributes
    ----------
    names : list[str]
        Catalog keys.
    lat_rad, lon_rad, alt_m : (k,) float64
        Geodetic latitude, longitude (rad) and height above the ellipsoid (m).
    ecef : (k, 3) float64
        Earth-fixed positions, m.
    up, east, north : (k, 3) float64
        Local unit vectors (geodetic vertical, east, north) in ECEF.
    """

    names: list[str]
    lat_rad: FloatArray
    lon_rad: FloatArray
    alt_m: FloatArray
    ecef: FloatArray
    up: FloatArray
    east: FloatArray
    north: FloatArray

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def from_geodetic(cls, names: list[str], lat_rad: ArrayLike, lon_rad: ArrayLike, alt_m: ArrayLike) -> Stations:
        """Build from geodetic coordinates (rad, rad, m)."""
        lat, lon, alt = (np.atleast_1d(_f(v)).copy() for v in (lat_rad, lon_rad, alt_m))
        if not (lat.shape == lon.shape == alt.shape == (len(names),)):
            raise ValueError(
                f"station arrays must all have length {len(names)}, got {lat.shape}, {lon.shape}, {alt.shape}"
            )
        sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
        up = np.stack((cl * co, cl * so, sl), axis=-1)
        east = np.stack((-so, co, np.zeros_like(so)), axis=-1)
        north = np.stack((-sl * co, -sl * so, cl), axis=-1)
        return cls(list(names), lat, lon, alt, geodetic_to_ecef(lat, lon, alt), up, east, north)


def _value(v: Any) -> float:
    """A catalog field as float: plain number, {value: ...} mapping or object with .value."""
    if isinstance(v, dict):
        v = v.get("value")
    elif hasattr(v, "value"):
        v = v.value
    return float(v)


def _field(entry: Any, key: str) -> Any:
    if isinstance(entry, Mapping):
        return entry[key]
    return getattr(entry, key)


def _catalog_entries() -> tuple[list[str], Any]:
    """(names, getter) from skyrack.catalog, or from the shipped YAML if unavailable."""
    try:
        from skyrack import catalog

        cat = catalog.load_default()
        names = list(cat.names("ground_stations"))
        return names, lambda n: cat.entry("ground_stations", n)
    except (ImportError, AttributeError):
        import yaml

        path = Path(__file__).resolve().parent.parent / "catalog" / "ground_stations.yaml"
        with path.open(encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        entries = data["entries"]
        return list(entries), lambda n: entries[n]


def load_stations(names: list[str] | None = None) -> Stations:
    """Ground stations from the package catalog.

    Parameters
    ----------
    names : list of str, optional
        Catalog keys (e.g. ``"ksat-svalbard"``); all stations when omitted.

    Returns
    -------
    Stations

    Raises
    ------
    ValueError
        If a name is not in the catalog (the message lists the known names).

    References
    ----------
    .. [1] ``skyrack/catalog/ground_stations.yaml`` (each entry cites its source).
    """
    known, get = _catalog_entries()
    chosen = known if names is None else list(names)
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise ValueError(f"unknown ground station(s) {unknown}; known stations: {sorted(known)}")
    lat, lon, alt = [], [], []
    for n in chosen:
        e = get(n)
        lat.append(math.radians(_value(_field(e, "latitude_deg"))))
        lon.append(math.radians(_value(_field(e, "longitude_deg"))))
        alt.append(_value(_field(e, "altitude_m")))
    return Stations.from_geodetic(chosen, lat, lon, alt)


# --------------------------------------------------------------------------
# Visibility
# --------------------------------------------------------------------------
def elevation(r_ecef: ArrayLike, stations: Stations) -> FloatArray:
    """Elevation of satellites above each station's local (geodetic) horizon, rad.

    .. math:: \\sin \\mathrm{el} = \\frac{(\\mathbf r - \\mathbf r_s)\\cdot\\hat u_s}
              {\\lVert \\mathbf r - \\mathbf r_s \\rVert}

    No atmospheric refraction (≈ 0.5° at the horizon, < 0.1° above 10°).

    Parameters
    ----------
    r_ecef : array (n, 3)
        Satellite ECEF positions, m.
    stations : Stations
        k stations.

    Returns
    -------
    array (n, k)
        Elevation, rad (−π/2..π/2).

    References
    ----------
    .. [1] Vallado (2013), ch. 4 (topocentric SEZ horizon frame).
    """
    r = np.atleast_2d(_f(r_ecef))
    d = r[:, None, :] - stations.ecef[None, :, :]
    rng = np.linalg.norm(d, axis=-1)
    s = np.einsum("nkj,kj->nk", d, stations.up) / np.maximum(rng, 1e-9)
    return np.asarray(np.arcsin(np.clip(s, -1.0, 1.0)))


def contact_mask(r_ecef: ArrayLike, stations: Stations, mask_rad: float = math.radians(10.0)) -> NDArray[np.bool_]:
    """Whether each satellite is above each station's elevation mask.

    Parameters
    ----------
    r_ecef : array (n, 3)
        Satellite ECEF positions, m.
    stations : Stations
        k stations.
    mask_rad : float, default 10°
        Minimum elevation, rad.

    Returns
    -------
    bool array (n, k)

    References
    ----------
    .. [1] Vallado (2013), ch. 4; see :func:`elevation`.
    """
    return np.asarray(elevation(r_ecef, stations) >= mask_rad)
