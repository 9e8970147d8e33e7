"""Tables of the environment the kernel looks up: the dose-rate grid and the ground stations.

The dose rate behind the design's shield is tabulated once per run on a
latitude × longitude × altitude grid spanning the fleet's altitudes (from
:func:`skyrack.simulate.radiation.build_dose_model`); the ground stations are
placed on the WGS-84 ellipsoid and listed per latitude-longitude cell with the
stations that may see a satellite above it.

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th
       ed., 2013, sec. 11.2 (ground-station visibility from an elevation mask:
       the largest Earth-central angle λ = acos(R cos ε / r) − ε).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from ..physics.constants import R_EARTH
from ..physics.stations import load_stations
from ..scenario.simulation import Simulation
from ..units import cache_dir
from . import kernels
from ._common import FloatArray
from .fleet import Fleet
from .radiation import build_dose_model

__all__ = ["STATION_CELLS_LAT", "STATION_CELLS_LON", "Environment", "cache_dir", "dose_table", "environment"]

STATION_CELLS_LAT, STATION_CELLS_LON = 36, 72
"""Latitude-longitude cells (5° × 5°) of the station lists."""
_NO_DOSE = (np.zeros((2, 2, 1), np.float32), np.array([-1.6, 3.2, -3.2, 6.4, 0, 1.0]))
_WGS72_RADIUS_M = 6378.135e3  # SGP4's Earth radius (WGS-72), in which satrec apogee radii are given


@dataclass
class Environment:
    """What the kernel looks up: the dose table and the stations (tuples as :func:`kernels.run_chunk` takes)."""

    dose: tuple[np.ndarray, FloatArray]
    """Dose-rate grid (Gy/s, float32) and its axes."""
    dose_source: str
    stations: tuple[Any, ...]
    """(positions, verticals, cell offsets, cell members, longitude cells, sine of the mask)."""
    n_stations: int


def dose_table(
    alt_min: float, alt_max: float, shield_m: float, solar: str, year: float
) -> tuple[np.ndarray, FloatArray, str]:
    """Dose-rate table (lat, lon, alt) in float32 (Gy/s), its axes and a description of the model."""
    lo, hi = alt_min - 5e3, alt_max + 5e3
    model = build_dose_model(max(lo, 0.0), hi, shield_m, solar, epoch_year=year, cache_dir=cache_dir())  # type: ignore[arg-type]
    lats = np.asarray(model.lats, dtype=np.float64)
    lons = np.asarray(model.lons, dtype=np.float64)
    # up to 6 levels over a design's band; a wide band (constellation shells) keeps every level of the model
    n_alt = 1 if hi - lo < 1.0 else max(2, min(len(model.alts), max(6, math.ceil((hi - lo) / 75e3) + 1)))
    alts = np.linspace(lo, hi, n_alt) if n_alt > 1 else np.array([0.5 * (lo + hi)])
    la, lo_, al = np.meshgrid(lats, lons, alts, indexing="ij")
    grid = np.asarray(model.dose_rate(la, lo_, al), dtype=np.float32)
    d_alt = float(alts[1] - alts[0]) if n_alt > 1 else 1.0
    axes = np.array([lats[0], lats[1] - lats[0], lons[0], lons[1] - lons[0], float(alts[0]), d_alt])
    return np.ascontiguousarray(grid), axes, f"AE8/AP8 solar {solar}, {shield_m * 1e3:.1f} mm Al"


def _altitudes(res: Any, fleet: Fleet) -> tuple[float, float, float]:
    """Lowest and highest altitude of the fleet (m) for the dose table, and the largest orbit radius (m)."""
    alt = float(res.params["orbit.altitude"])
    if fleet.layout == "file":
        assert fleet.sgp4 is not None
        r_e = fleet.sgp4.satrecs[0].radiusearthkm * 1e3
        lo = min(s.altp for s in fleet.sgp4.satrecs) * r_e - 10e3
        hi = max(s.alta for s in fleet.sgp4.satrecs) * r_e + 30e3
    elif fleet.layout == "shells":  # the shells' whole band (not the sample's): one table per scenario
        shells = res.scenario.constellation.shells
        lo = min(float(sh.altitude) - 0.5 * float(sh.thickness) for sh in shells)
        hi = max(float(sh.altitude) + 0.5 * float(sh.thickness) for sh in shells) + 22e3
    else:
        lo, hi = alt, alt + 22e3  # the ellipsoid is 21 km lower at the poles
    if fleet.sgp4 is None:
        r_max = R_EARTH + alt + 50e3
        if fleet.layout == "shells":
            r_max = max(r_max, R_EARTH + hi - 22e3 + 50e3)
    else:
        r_max = max(s.alta + 1.0 for s in fleet.sgp4.satrecs) * _WGS72_RADIUS_M
    return lo, hi, r_max


def _stations(cfg: Simulation, r_max: float) -> tuple[tuple[Any, ...], int]:
    """The station tuple of the kernel, and the number of stations."""
    try:
        st = load_stations(cfg.stations)
    except ValueError as error:
        raise InputError("simulation.stations", cfg.stations, str(error)) from None
    mask = cfg.elevation_mask
    lam = math.acos(min(1.0, R_EARTH * math.cos(mask) / r_max)) - mask
    lat, lon = np.asarray(st.lat_rad, np.float64), np.asarray(st.lon_rad, np.float64)
    band_off, band_idx = kernels.station_cells(lat, lon, lam, STATION_CELLS_LAT, STATION_CELLS_LON)
    pos = np.ascontiguousarray(st.ecef, dtype=np.float64)
    up = np.ascontiguousarray(st.up, dtype=np.float64)
    return (pos, up, band_off, band_idx, STATION_CELLS_LON, math.sin(mask)), len(st.names)


def environment(res: Any, cfg: Simulation, fleet: Fleet) -> Environment:
    """The dose table (or none, with ``dose: false``) and the stations of a run."""
    lo, hi, r_max = _altitudes(res, fleet)
    if cfg.dose:
        year = int(float(res.params["mission.start_year"]))
        grid, axes, source = dose_table(lo, hi, float(res.params["satellite.shielding.thickness"]), cfg.solar, year)
        dose = (grid, axes)
    else:
        dose, source = _NO_DOSE, "none"
    stations, n_stations = _stations(cfg, r_max)
    return Environment(dose, source, stations, n_stations)
