"""Ground stations and what they see: the station catalog, elevation and contact masks.

Stations are loaded from the package catalog (each entry cites its source) and
placed on the WGS-84 ellipsoid (:func:`skyrack.physics.frames.geodetic_to_ecef`);
a satellite's elevation above a station's geodetic horizon follows from the
station-to-satellite vector in the Earth-fixed frame.

References
----------
.. [1] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*,
       4th ed., Microcosm Press (2013), ch. 4 (topocentric SEZ horizon frame,
       elevation).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..catalog import load_default
from ._arrays import _f
from .frames import geodetic_to_ecef

__all__ = ["Stations", "contact_mask", "elevation", "load_stations"]

FloatArray: TypeAlias = NDArray[np.float64]


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
    """(names, getter) of the ground stations in the package catalog."""
    cat = load_default()
    return list(cat.names("ground_stations")), lambda n: cat.entry("ground_stations", n)


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
    r_ecef, stations
        As in :func:`elevation` (n ECEF positions in m; k stations).
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
