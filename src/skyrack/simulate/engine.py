"""The fleet simulation: every satellite, every step, over the run — in bounded memory.

:func:`simulate` takes a scenario (or an already sized :class:`skyrack.model.Result`),
lays out the fleet (or reads it from a TLE/OMM file), and walks through the run
in chunks of a few thousand steps: for each chunk it computes the Sun and the
Earth's rotation once per step, the positions of every satellite (secular J2
or SGP4), and advances the compiled per-satellite state machine of
:mod:`skyrack.simulate.kernels`. Nothing of size satellites × all steps is ever
built: each chunk is reduced to per-satellite accumulators and a down-sampled
fleet time series before the next one starts, so memory does not grow with
the duration.

After the run, accumulated dose becomes expected single-event upsets and
functional interrupts (rates per Gy from the catalog), the interrupts and
hardware failures give a mean time between interrupts, and Young/Daly
checkpointing turns that into goodput.

References
----------
.. [1] J. W. Young, "A first order approximation to the optimum checkpoint
       interval", *Commun. ACM* 17(9), 530–531, 1974.
.. [2] J. T. Daly, "A higher order estimate of the optimum checkpoint interval
       for restart dumps", *Future Gener. Comput. Syst.* 22, 303–312, 2006.
.. [3] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th
       ed., 2013, sec. 11.2 (ground-station visibility from an elevation mask).
"""

from __future__ import annotations

import json
import math
import os
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd

from ..errors import InputError
from ..physics import thermal as thermal_physics
from ..physics.constants import AU, R_EARTH, SIGMA, YEAR_S
from ..physics.orbit import orbital_period
from ..physics.sun import julian_date, julian_date_from_datetime64, mean_sun_right_ascension, sun_vector_eci
from . import kernels
from ._common import FloatArray, SkyrackWarning
from .atmosphere import orbit_lifetime_s
from .contacts import gmst, load_stations
from .propagate import (
    MeanElements,
    Sgp4Fleet,
    cluster_layout,
    j2_element_table,
    read_fleet_file,
    satrecs_from_elements,
    train_layout,
    walker_layout,
)
from .radiation import build_dose_model, event_rates_per_gy
from .reliability import checkpoint_goodput, sample_failure_times, young_daly_interval

__all__ = ["SimulationResult", "simulate"]

SPECIFIC_HEAT_ALUMINIUM = 903.0
"""Specific heat of aluminium at 300 K, J/(kg K) (Incropera et al. 2007, table A.1); radiator panels."""
SPECIFIC_HEAT_COMPUTE = 700.0
"""Specific heat taken for the compute assembly (cold plates, boards, chips), J/(kg K): between copper
(385) and aluminium (903) and close to silicon (712) (Incropera et al. 2007, table A.1)."""
_CHUNK_SAT_STEPS = 1 << 20  # satellite-steps per chunk (positions: 12 MB in float32)


# --------------------------------------------------------------------------- helpers


def _stations(names: list[str] | None) -> tuple[list[str], FloatArray, FloatArray, FloatArray, FloatArray]:
    """Names, Earth-fixed positions (m), local verticals, latitudes and longitudes (rad) of ground stations."""
    try:
        st = load_stations(names)
    except ValueError as error:
        raise InputError("stations", names, str(error)) from None
    pos = np.ascontiguousarray(st.ecef, dtype=np.float64)
    up = np.ascontiguousarray(st.up, dtype=np.float64)
    return list(st.names), pos, up, np.asarray(st.lat_rad, np.float64), np.asarray(st.lon_rad, np.float64)


def _goodput(mtbf_s: FloatArray, checkpoint_s: float, restart_s: float) -> FloatArray:
    return np.asarray(checkpoint_goodput(mtbf_s, checkpoint_s, restart_s), dtype=np.float64)


def _checkpoint_interval(mtbf_s: FloatArray, checkpoint_s: float) -> FloatArray:
    return np.asarray(young_daly_interval(mtbf_s, checkpoint_s), dtype=np.float64)


# --------------------------------------------------------------------------- result


@dataclass
class SimulationResult:
    """What :func:`simulate` returns.

    Attributes
    ----------
    satellites : pandas.DataFrame
        One row per simulated satellite: KPIs over the run (units in the column names).
    fleet : dict
        Fleet KPIs (floats; fleet totals scale the sample up to the whole fleet).
    timeseries : pandas.DataFrame
        Down-sampled fleet statistics, indexed by time (UTC).
    meta : dict
        Run description: scenario, seed, step, duration, start, propagator, timing.
    """

    satellites: pd.DataFrame
    fleet: dict[str, float]
    timeseries: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    def to_xarray(self) -> Any:
        """An ``xarray.Dataset``: the time series on ``time``, the KPIs on ``satellite``, fleet KPIs as attrs."""
        import xarray as xr

        ts = self.timeseries.copy()
        ts.index.name = "time"
        ds = xr.Dataset.from_dataframe(ts)
        sats = self.satellites.set_index("satellite")
        for name in sats.columns:
            ds[name] = ("satellite", sats[name].to_numpy())
        ds = ds.assign_coords(satellite=sats.index.to_numpy())
        ds.attrs.update({k: v for k, v in self.fleet.items()})
        ds.attrs.update({f"meta_{k}": v for k, v in self.meta.items() if isinstance(v, (int, float, str))})
        return ds

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``timeseries.parquet``, ``satellites.parquet`` and ``fleet.json`` into ``out_dir``."""
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError("out", str(out_dir), f"cannot create the directory ({error.strerror})") from None
        paths = {
            "timeseries": out / "timeseries.parquet",
            "satellites": out / "satellites.parquet",
            "fleet": out / "fleet.json",
        }
        self.timeseries.to_parquet(paths["timeseries"])
        self.satellites.to_parquet(paths["satellites"], index=False)
        payload = {"fleet": self.fleet, "meta": self.meta}
        paths["fleet"].write_text(json.dumps(payload, indent=2, default=_json_default) + "\n")
        return paths


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return str(value)


# --------------------------------------------------------------------------- set-up


def _design(scenario: Any) -> Any:
    from ..model import Result, design

    if isinstance(scenario, Result):
        return scenario
    return design(scenario, parity=False)


def _start_jd(start: Any, default_jd: float) -> float:
    if start is None:
        return default_jd
    if isinstance(start, (int, float)):
        return float(start)
    try:
        stamp = np.datetime64(start.replace(tzinfo=None) if isinstance(start, datetime) else str(start), "us")
    except (ValueError, TypeError):
        raise InputError("start", start, "an ISO date/time such as 2035-01-01T00:00") from None
    return float(julian_date_from_datetime64(stamp))


def _design_fleet(
    res: Any, layout: str, epoch_jd: float, cluster_radius_m: float, planes: int | None
) -> tuple[MeanElements, str]:
    p, v = res.params, res.values
    n = int(v["constellation.satellites"])
    a = R_EARTH + float(p["orbit.altitude"])
    inc = float(v["orbit.inclination_rad"])
    raan = float(mean_sun_right_ascension(epoch_jd)) + (float(p["orbit.ltan"]) - 12.0) * np.pi / 12.0
    if layout == "auto":
        default = "train" if p["orbit.kind"] == "sun_synchronous" else "walker"
        explicit = str(p.get("constellation.layout", "auto"))
        layout = default if explicit == "auto" else explicit
    if layout == "cluster":
        return cluster_layout(n, a, inc, raan, epoch_jd, radius_m=cluster_radius_m), layout
    if layout == "train":
        return train_layout(n, a, inc, raan, epoch_jd), layout
    if layout == "walker":
        return walker_layout(n, a, inc, raan, epoch_jd, planes=planes), layout
    raise InputError("layout", layout, "one of auto, cluster, train, walker")


def _satellite_params(res: Any, n: int, fail_t: FloatArray, n_acc: float) -> FloatArray:
    p, v = res.params, res.values
    it_w = float(v["compute.it_power_per_satellite_w"])
    bus_w = it_w * float(p["satellite.power.bus_power_fraction"])
    hp_w = float(v.get("thermal.heat_pump_work_w", 0.0) or 0.0)
    cap_j = float(v["power.battery_wh"]) * 3600.0
    dod = float(p["satellite.power.depth_of_discharge"])
    rte = float(p["satellite.power.round_trip_efficiency"])
    area = float(v["thermal.radiator_area_m2"])
    eps, alpha = float(p["satellite.thermal.emissivity"]), float(p["satellite.thermal.solar_absorptivity"])
    sides = float(p["satellite.thermal.sides"])
    vf = float(v["thermal.earth_view_factor"])
    irr = float(p["satellite.power.irradiance"])
    t_earth = (float(p["satellite.thermal.earth_ir"]) / SIGMA) ** 0.25
    q_ir = float(thermal_physics.absorbed_earth_ir_flux(eps, t_earth, vf)) * area
    q_sun = (
        float(thermal_physics.absorbed_solar_flux(alpha, irr, p["satellite.thermal.solar_incidence"]))
        + float(thermal_physics.absorbed_albedo_flux(alpha, irr, p["satellite.thermal.albedo"], vf))
    ) * area
    heat_cap = (
        float(v["thermal.radiator_mass_kg"]) * SPECIFIC_HEAT_ALUMINIUM
        + float(v["compute.mass_kg"]) * SPECIFIC_HEAT_COMPUTE
    )
    ladder = max(
        float(p["satellite.thermal.delta_junction_to_coolant"])
        + float(p["satellite.thermal.delta_coolant_to_radiator"]),
        1.0,
    )
    par = np.zeros((n, len(kernels.PAR)))
    cols = {
        "p_bol": float(v["power.array_power_bol_w"]),
        "it": it_w,
        "bus": bus_w,
        "hp_per_it": hp_w / it_w if it_w > 0 else 0.0,
        "cap_j": cap_j,
        "floor_j": cap_j * (1.0 - dod),
        "eta_dist": float(p["satellite.power.distribution_efficiency"]),
        "eta_half": math.sqrt(rte),
        "shed": float(p["satellite.compute.eclipse_policy"] == "shed"),
        "heat_cap": max(heat_cap, 1.0),
        "emit": eps * SIGMA * sides * area,
        "q_ir": q_ir,
        "q_sun": q_sun,
        "t_design": float(v["thermal.radiator_temperature_k"]),
        "ladder": ladder,
        "n_acc": n_acc,
    }
    for name, value in cols.items():
        par[:, getattr(kernels.PAR, name)] = value
    par[:, kernels.PAR.fail_t] = fail_t
    return par


def _cache_dir() -> str | None:
    """Where the traced geomagnetic grids are kept between processes: ``$SKYRACK_CACHE_DIR``
    (``off`` for none) or the user cache directory. Saves each new worker ~3 s of field-line tracing."""
    env = os.environ.get("SKYRACK_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "none") else env
    import platformdirs

    return platformdirs.user_cache_dir("skyrack")


def _dose_table(
    alt_min: float, alt_max: float, shield_m: float, solar: str, year: float
) -> tuple[np.ndarray, FloatArray, str]:
    """Dose-rate table (lat, lon, alt) in float32 and its axes; falls back to zero without a model."""
    lo, hi = alt_min - 5e3, alt_max + 5e3
    model = build_dose_model(max(lo, 0.0), hi, shield_m, solar, epoch_year=year, cache_dir=_cache_dir())  # type: ignore[arg-type]
    lats = np.asarray(model.lats, dtype=np.float64)
    lons = np.asarray(model.lons, dtype=np.float64)
    n_alt = 1 if hi - lo < 1.0 else max(2, min(len(model.alts), 6))
    alts = np.linspace(lo, hi, n_alt) if n_alt > 1 else np.array([0.5 * (lo + hi)])
    la, lo_, al = np.meshgrid(lats, lons, alts, indexing="ij")
    grid = np.asarray(model.dose_rate(la, lo_, al), dtype=np.float32)
    d_alt = float(alts[1] - alts[0]) if n_alt > 1 else 1.0
    axes = np.array([lats[0], lats[1] - lats[0], lons[0], lons[1] - lons[0], float(alts[0]), d_alt])
    return np.ascontiguousarray(grid), axes, f"AE8/AP8 solar {solar}, {shield_m * 1e3:.1f} mm Al"


def _accelerator_failures(
    n_sat: int, n_acc: int, rate_per_s: float, duration_s: float, rng: np.random.Generator
) -> tuple[FloatArray, np.ndarray]:
    """Failure times within the run of ``n_acc`` accelerators on each satellite (exponential lifetimes).

    The number failing in the run is binomial with p = 1 − exp(−λT); their times are drawn from
    the exponential distribution truncated to [0, T] by inverse transform.
    """
    if rate_per_s <= 0.0 or n_acc <= 0:
        return np.zeros(0), np.zeros(n_sat + 1, dtype=np.int64)
    p_fail = -math.expm1(-rate_per_s * duration_s)
    counts = rng.binomial(n_acc, p_fail, size=n_sat)
    u = rng.random(int(counts.sum()))
    times = -np.log1p(-u * p_fail) / rate_per_s
    off = np.zeros(n_sat + 1, dtype=np.int64)
    off[1:] = np.cumsum(counts)
    for s in range(n_sat):
        times[off[s] : off[s + 1]].sort()
    return times, off


# --------------------------------------------------------------------------- main entry


def simulate(
    scenario: Any,
    duration_s: float | None = None,
    step_s: float = 30.0,
    satellites: int | None = None,
    seed: int = 0,
    progress: bool | Callable[[int, int], None] = False,
    out_dir: str | Path | None = None,
    tle: str | Path | None = None,
    omm: str | Path | None = None,
    *,
    start: Any = None,
    propagator: str = "j2",
    layout: str = "auto",
    cluster_radius_m: float = 1000.0,
    planes: int | None = None,
    elevation_mask_deg: float = 10.0,
    stations: list[str] | None = None,
    downlink_bps: float = 10e9,
    checkpoint_s: float = 60.0,
    restart_s: float = 300.0,
    solar: str = "max",
    dose: bool = True,
    bins: int = 2000,
    chunk_sat_steps: int = _CHUNK_SAT_STEPS,
) -> SimulationResult:
    """Simulate every satellite (or a sample) of a design, step by step, over a run.

    Parameters
    ----------
    scenario : Scenario, str, path, mapping or skyrack.model.Result
        What to simulate: a preset name, a scenario file, a :class:`Scenario`
        or an already computed design.
    duration_s : float, optional
        Length of the run, s (default one year, or the mission life if shorter).
        At most the mission lifetime.
    step_s : float, optional
        Time step, s (default 30). At most a tenth of the orbital period.
    satellites : int, optional
        Simulate a random sample of this many satellites (seeded); fleet
        totals are scaled up to the whole fleet.
    seed : int, optional
        Seed of every random draw (sample, failures, upset counts).
    progress : bool or callable, optional
        True for a rich progress bar; or a function ``f(steps_done, steps_total)``.
    out_dir : str or path, optional
        Write the results there (see :meth:`SimulationResult.write`).
    tle, omm : str or path, optional
        Take the fleet from a TLE or CCSDS OMM file (SGP4) instead of the
        design's layout; the design still sizes each satellite.
    start : datetime, str or float, optional
        Start of the run (UTC; float = Julian date). Default: 1 January of the
        mission's start year, or the latest element epoch of a TLE/OMM fleet.
    propagator : {"j2", "sgp4"}
        For design orbits: secular J2 (fast) or SGP4 through ``sgp4init``.
    layout : {"auto", "cluster", "train", "walker"}
        Placement of design satellites: a tight cluster (Suncatcher-like), a
        train in one plane (sun-synchronous default) or a Walker pattern
        (default for other circular orbits). "auto" takes the scenario's
        ``constellation.layout`` (the suncatcher preset sets "cluster").
    cluster_radius_m : float, optional
        Radius of a cluster layout, m (default 1 km).
    planes : int, optional
        Planes of a Walker layout.
    elevation_mask_deg : float, optional
        Minimum elevation for a ground contact, degrees (default 10).
    stations : list of str, optional
        Ground stations (catalog keys); default every station in the catalog.
    downlink_bps : float, optional
        Downlink rate during contacts, bit/s (default 10 Gbit/s, Ka band).
    checkpoint_s, restart_s : float, optional
        Time to write a checkpoint and to restart from one, s (skyrack
        assumptions: 60 s and 300 s).
    solar : {"max", "min", "worst"}
        AE8/AP8 solar phase of the dose model.
    dose : bool, optional
        False skips the dose model (dose and upsets zero).
    bins : int, optional
        Approximate number of points of the down-sampled time series.
    chunk_sat_steps : int, optional
        Satellite-steps per chunk (memory bound; default 2**20).

    Returns
    -------
    SimulationResult

    Raises
    ------
    skyrack.errors.InputError
        For a step longer than a tenth of an orbit, a duration beyond the
        mission life, a bad TLE/OMM file or option.

    Warns
    -----
    SkyrackWarning
        When drag would bring the orbit down within the run.
    """
    t_wall = time.perf_counter()
    res = _design(scenario)
    p, v = res.params, res.values
    res.require_satellites("simulating")
    life_s = float(p["mission.lifetime"]) * YEAR_S
    if duration_s is None:
        duration_s = min(YEAR_S, life_s)
    duration_s = float(duration_s)
    step_s = float(step_s)
    if not math.isfinite(duration_s) or duration_s <= 0:
        raise InputError("duration", duration_s, "a positive duration, e.g. '1 yr' or '30 day'")
    if duration_s > life_s * (1 + 1e-9):
        raise InputError(
            "duration", f"{duration_s / YEAR_S:.3g} yr", f"at most the mission lifetime ({life_s / YEAR_S:.3g} yr)"
        )
    period = float(orbital_period(float(p["orbit.altitude"])))
    if not math.isfinite(step_s) or step_s <= 0:
        raise InputError("step", step_s, "a positive step, e.g. '30 s'")
    if step_s > period / 10.0:
        raise InputError(
            "step",
            f"{step_s:g} s",
            f"at most a tenth of the orbital period ({period / 10.0:.0f} s) so eclipses are resolved",
        )
    if duration_s < step_s:
        raise InputError("duration", f"{duration_s:g} s", f"at least one step ({step_s:g} s)")
    if propagator not in ("j2", "sgp4"):
        raise InputError("propagator", propagator, "one of j2, sgp4")
    if solar not in ("max", "min", "worst"):
        raise InputError("solar", solar, "one of max, min, worst")
    if tle is not None and omm is not None:
        raise InputError("tle", str(tle), "give --tle or --omm, not both")
    if not 0.0 <= elevation_mask_deg < 90.0:
        raise InputError("elevation_mask", elevation_mask_deg, "between 0 and 90 degrees")
    rng = np.random.default_rng(seed)

    # ---- the fleet
    year = int(float(p["mission.start_year"]))
    default_jd = float(julian_date(year, 1.0))
    sgp4_fleet: Sgp4Fleet | None = None
    elements: MeanElements | None = None
    layout_used = "file"
    if tle is not None or omm is not None:
        sgp4_fleet = read_fleet_file(tle if tle is not None else omm, "tle" if tle is not None else "omm")  # type: ignore[arg-type]
        jd0 = _start_jd(start, float(np.max(sgp4_fleet.epoch_jd)))
        n_fleet = len(sgp4_fleet)
        names = list(sgp4_fleet.names)
    else:
        jd0 = _start_jd(start, default_jd)
        elements, layout_used = _design_fleet(res, layout, jd0, cluster_radius_m, planes)
        n_fleet = len(elements)
        names = [f"sat-{k:05d}" for k in range(n_fleet)]
    if satellites is not None:
        if int(satellites) < 1 or int(satellites) > n_fleet:
            raise InputError("satellites", satellites, f"between 1 and the fleet size ({n_fleet})")
        index = np.sort(rng.choice(n_fleet, size=int(satellites), replace=False))
    else:
        index = np.arange(n_fleet)
    n = int(index.size)
    names = [names[i] for i in index]
    if sgp4_fleet is not None:
        sgp4_fleet = sgp4_fleet.take(index)
    else:
        assert elements is not None
        elements = elements.take(index)
        if propagator == "sgp4":
            sgp4_fleet = Sgp4Fleet(satrecs_from_elements(elements), names)

    # ---- decay warning
    mass = float(v["mass.per_satellite_kg"])
    drag_area = 0.5 * (float(v["power.array_area_m2"]) + float(np.nan_to_num(v["thermal.radiator_area_m2"])))
    alt = float(p["orbit.altitude"])
    life = orbit_lifetime_s(alt, mass, drag_area)
    if life < duration_s:
        warnings.warn(
            f"orbit at {alt / 1e3:.0f} km decays in about {life / 86400:.0f} days (exponential atmosphere, "
            f"Vallado table 8-4; {mass:,.0f} kg, {drag_area:,.0f} m2 mean drag area, CD 2.2), "
            f"before the end of the {duration_s / 86400:.0f}-day run; the simulation keeps the altitude constant",
            SkyrackWarning,
            stacklevel=2,
        )

    # ---- failures
    n_acc = round(float(v["compute.units_per_satellite"]) * float(p["satellite.compute.accelerators_per_unit"]))
    multiplier = float(p.get("economics.orbit_failure_multiplier", 1.0))
    sat_rate = float(p["economics.satellite_failure_rate"]) / YEAR_S
    acc_rate = float(p["economics.accelerator_failure_rate"]) * multiplier / YEAR_S
    sat_fail = np.asarray(sample_failure_times(n, sat_rate, rng), dtype=np.float64).reshape(n)
    sat_fail = np.where(sat_fail < duration_s, sat_fail, np.inf)
    acc_times, acc_off = _accelerator_failures(n, n_acc, acc_rate, duration_s, rng)
    par = _satellite_params(res, n, sat_fail, float(n_acc))

    # ---- environment tables
    if dose:
        if tle is not None or omm is not None:
            assert sgp4_fleet is not None
            r_e = sgp4_fleet.satrecs[0].radiusearthkm * 1e3
            alt_lo = min(s.altp for s in sgp4_fleet.satrecs) * r_e - 10e3
            alt_hi = max(s.alta for s in sgp4_fleet.satrecs) * r_e + 30e3
        else:
            alt_lo, alt_hi = alt, alt + 22e3  # the ellipsoid is 21 km lower at the poles
        grid, axes, dose_source = _dose_table(alt_lo, alt_hi, float(p["satellite.shielding.thickness"]), solar, year)
    else:
        grid, axes, dose_source = np.zeros((2, 2, 1), np.float32), np.array([-1.6, 3.2, -3.2, 6.4, 0, 1.0]), "none"
    st_names, st_pos, st_up, st_lat, st_lon = _stations(stations)
    sin_mask = math.sin(math.radians(elevation_mask_deg))
    mask = math.radians(elevation_mask_deg)
    r_max = R_EARTH + alt + 50e3 if sgp4_fleet is None else max(s.alta + 1.0 for s in sgp4_fleet.satrecs) * 6378.135e3
    lam = math.acos(min(1.0, R_EARTH * math.cos(mask) / r_max)) - mask
    band_off, band_idx = kernels.station_cells(st_lat, st_lon, lam, 36, 72)

    # ---- time grid and chunks
    n_steps = math.ceil(duration_s / step_s - 1e-9)
    bin_len = max(1, math.ceil(n_steps / max(int(bins), 1)))
    chunk = max(bin_len, (max(chunk_sat_steps // n, 1) // bin_len) * bin_len)
    if sgp4_fleet is None:
        assert elements is not None
        elem = j2_element_table(elements)  # positions are computed inside the kernel
        pos = np.zeros((n, 1, 3), np.float32)
    else:
        elem = np.zeros((0, 10))
        pos = np.empty((n, min(chunk, n_steps), 3), np.float32)
    elem_t0 = 0.0
    state = kernels.initial_state(par, par[:, kernels.PAR.t_design])
    acc = kernels.new_accumulators(n)
    degradation = float(p["satellite.power.degradation"])
    jd_whole = math.floor(jd0 - 0.5) + 0.5
    offset_s = (jd0 - jd_whole) * 86400.0
    series: list[np.ndarray] = []
    times: list[FloatArray] = []
    report = _progress_reporter(progress, n_steps)
    done = 0
    t_loop = time.perf_counter()
    for k0 in range(0, n_steps, chunk):
        m = min(chunk, n_steps - k0)
        t: FloatArray = (k0 + np.arange(m, dtype=np.float64)) * step_s
        jd = jd0 + t / 86400.0
        sun, dist = sun_vector_eci(jd)
        g = np.asarray(gmst(jd), dtype=np.float64)
        scale = (1.0 - degradation) ** (t / YEAR_S) * (AU / dist) ** 2
        block = pos
        if sgp4_fleet is None:
            assert elements is not None
            elem_t0 = (jd0 - elements.epoch_jd) * 86400.0 + k0 * step_s
        else:
            block = pos if m == pos.shape[1] else np.empty((n, m, 3), np.float32)
            block, err = sgp4_fleet.positions(jd_whole, offset_s + t, block)
            bad = err != 0
            if bad.any():
                first = np.where(bad.any(axis=1), np.argmax(bad, axis=1), m)
                lost = first < m
                par[lost, kernels.PAR.fail_t] = np.minimum(par[lost, kernels.PAR.fail_t], t[first[lost]])
                block[bad] = np.array([R_EARTH + alt, 0.0, 0.0], np.float32)
        block = np.ascontiguousarray(block)
        n_bins = math.ceil(m / bin_len)
        ts = np.zeros((n, n_bins, len(kernels.TS)), np.float32)
        # small work units, so a thread slowed by other jobs on the machine does not hold up the chunk
        with numba.parallel_chunksize(max(1, n // 32)):
            kernels.run_chunk(
                block,
                elem,
                elem_t0,
                np.ascontiguousarray(sun),
                dist,
                np.cos(g),
                np.sin(g),
                t,
                scale,
                step_s,
                par,
                acc_times,
                acc_off,
                grid,
                axes,
                st_pos,
                st_up,
                band_off,
                band_idx,
                72,
                sin_mask,
                state,
                acc,
                bin_len,
                ts,
            )
        series.append(_reduce_bins(ts))
        times.append(t[::bin_len] + 0.5 * step_s * np.minimum(bin_len, m - np.arange(0, m, bin_len)))
        done += m
        report(done)
    report(n_steps, final=True)
    stepping = time.perf_counter() - t_loop
    elapsed = time.perf_counter() - t_wall

    return _assemble(
        res,
        names,
        index,
        n_fleet,
        acc,
        par,
        n_acc,
        acc_off,
        rng,
        duration_s,
        step_s,
        n_steps,
        jd0,
        np.concatenate(series, axis=0),
        np.concatenate(times),
        out_dir,
        {
            "scenario": str(getattr(res.scenario, "name", "scenario")),
            "scenario_sha256": _scenario_hash(res),
            "skyrack_version": _version(),
            "seed": int(seed),
            "step_s": step_s,
            "duration_s": duration_s,
            "steps": n_steps,
            "start_utc": _jd_to_iso(jd0),
            "propagator": "sgp4" if sgp4_fleet is not None else "j2",
            "layout": layout_used,
            "satellites_in_fleet": n_fleet,
            "satellites_simulated": n,
            "dose_model": dose_source,
            "stations": len(st_names),
            "elevation_mask_deg": elevation_mask_deg,
            "downlink_bps": downlink_bps,
            "checkpoint_s": checkpoint_s,
            "restart_s": restart_s,
            "chunk_steps": chunk,
            "wall_time_s": elapsed,
            "setup_s": elapsed - stepping,
            "stepping_s": stepping,
            "satellite_steps_per_s": n * n_steps / max(elapsed, 1e-9),
            "stepping_satellite_steps_per_s": n * n_steps / max(stepping, 1e-9),
        },
        downlink_bps,
        checkpoint_s,
        restart_s,
    )


def _scenario_hash(res: Any) -> str:
    """SHA-256 of the scenario as canonical JSON (what was simulated), or "" if it cannot be dumped."""
    import hashlib

    try:
        text = res.scenario.model_dump_json()
    except AttributeError:
        return ""
    return hashlib.sha256(text.encode()).hexdigest()


def _version() -> str:
    from .. import __version__

    return str(__version__)


def _jd_to_iso(jd: float) -> str:
    us = round((jd - 2440587.5) * 86400e6)
    return str(np.datetime64(us, "us"))


_TS_STATS = (
    ("nu", ("mean", "min")),
    ("soc", ("mean", "min")),
    ("temp", ("mean", "max")),
    ("compute", ("mean", "min")),
    ("array_w", ("mean",)),
    ("dose_rate", ("mean", "max")),
    ("contact", ("mean",)),
)


def _reduce_bins(ts: np.ndarray) -> np.ndarray:
    """Fleet statistics of per-satellite bin means: (n_bins, n_columns) float64."""
    cols = []
    for name, stats in _TS_STATS:
        x = ts[:, :, getattr(kernels.TS, name)].astype(np.float64)
        for stat in stats:
            cols.append(getattr(np, stat)(x, axis=0))
    return np.stack(cols, axis=1)


def _ts_columns() -> list[str]:
    units = {
        "nu": "sunlit_fraction",
        "soc": "state_of_charge",
        "temp": "radiator_temperature_k",
        "compute": "compute_fraction",
        "array_w": "array_power_w",
        "dose_rate": "dose_rate_gy_per_s",
        "contact": "contact_fraction",
    }
    return [f"{units[name]}_{stat}" for name, stats in _TS_STATS for stat in stats]


def _progress_reporter(progress: bool | Callable[[int, int], None], total: int) -> Callable[..., None]:
    if callable(progress):
        fn = progress

        def call(done: int, final: bool = False) -> None:
            fn(done, total)

        return call
    if not progress:
        return lambda done, final=False: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("simulating"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
    )
    bar.start()
    task = bar.add_task("sim", total=total)

    def update(done: int, final: bool = False) -> None:
        bar.update(task, completed=done)
        if final:
            bar.stop()

    return update


def _assemble(
    res: Any,
    names: list[str],
    index: np.ndarray,
    n_fleet: int,
    acc: FloatArray,
    par: FloatArray,
    n_acc: int,
    acc_off: np.ndarray,
    rng: np.random.Generator,
    duration_s: float,
    step_s: float,
    n_steps: int,
    jd0: float,
    series: np.ndarray,
    times: FloatArray,
    out_dir: str | Path | None,
    meta: dict[str, Any],
    downlink_bps: float,
    checkpoint_s: float,
    restart_s: float,
) -> SimulationResult:
    p, v = res.params, res.values
    A = kernels.ACC
    run_s = n_steps * step_s
    col = {name: acc[:, getattr(A, name)] for name in A.names}
    units = float(v["compute.units_per_satellite"])
    rates = event_rates_per_gy()
    dose_gy = col["dose_gy"]
    expected = {
        "sdc": dose_gy * rates.get("sdc", 0.0) * n_acc,
        "hbm_uecc": dose_gy * rates.get("hbm_uecc", 0.0) * n_acc,
        "accelerator_sefi": dose_gy * rates.get("accelerator_sefi", 0.0) * n_acc,
        "host_sefi": dose_gy * rates.get("host_sefi", 0.0) * units,
    }
    counts = {k: rng.poisson(np.maximum(x, 0.0)) for k, x in expected.items()}
    acc_failed = np.diff(acc_off) if acc_off.size == len(names) + 1 else np.zeros(len(names), np.int64)
    fail_t = par[:, kernels.PAR.fail_t]
    failed = np.isfinite(fail_t) & (fail_t < run_s)
    alive_s = col["alive_s"]
    # interrupts that stop a job: uncorrectable memory errors, functional interrupts, hardware failures
    interrupts_expected = expected["hbm_uecc"] + expected["accelerator_sefi"] + expected["host_sefi"] + acc_failed
    with np.errstate(divide="ignore"):
        mtbf = np.where(interrupts_expected > 0, np.maximum(alive_s, step_s) / interrupts_expected, np.inf)
    goodput_factor = np.where(
        np.isfinite(mtbf), _goodput(np.where(np.isfinite(mtbf), mtbf, 1.0), checkpoint_s, restart_s), 1.0
    )
    interval = np.where(
        np.isfinite(mtbf), _checkpoint_interval(np.where(np.isfinite(mtbf), mtbf, 1.0), checkpoint_s), np.inf
    )
    availability = col["compute_s"] / run_s
    flops_per_sat = float(v["compute.peak_bf16_flops"]) / max(float(v["constellation.satellites"]), 1.0)
    sustained = float(p["satellite.compute.sustained_fraction"])
    delivered = col["compute_s"] * flops_per_sat * sustained * goodput_factor
    capacity_end = np.where(failed, 0.0, 1.0 - acc_failed / max(n_acc, 1))
    contact_s = col["contact_s"]
    sats = pd.DataFrame(
        {
            "satellite": names,
            "fleet_index": index.astype(np.int64),
            "sunlit_fraction": col["sunlit_s"] / run_s,
            "max_eclipse_s": col["eclipse_max_s"],
            "eclipses": col["eclipses"].astype(np.int64),
            "min_state_of_charge": np.minimum(col["min_soc"], 1.0),
            "max_depth_of_discharge": 1.0 - np.minimum(col["min_soc"], 1.0),
            "max_radiator_temperature_k": col["max_temp"],
            "min_radiator_temperature_k": col["min_temp"],
            "power_throttled_s": col["power_throttle_s"],
            "thermal_throttled_s": col["thermal_throttle_s"],
            "bus_outage_s": col["bus_outage_s"],
            "array_energy_kwh": col["array_j"] / 3.6e6,
            "load_energy_kwh": col["used_j"] / 3.6e6,
            "it_energy_kwh": col["it_j"] / 3.6e6,
            "availability": availability,
            "goodput_factor": goodput_factor,
            "goodput": availability * goodput_factor,
            "checkpoint_interval_s": interval,
            "mean_time_between_interrupts_s": mtbf,
            "delivered_compute_flop": delivered,
            "dose_gy": dose_gy,
            "dose_krad_per_year": dose_gy * 100.0 / 1e3 * YEAR_S / run_s,
            "silent_data_corruptions": counts["sdc"].astype(np.int64),
            "uncorrectable_memory_errors": counts["hbm_uecc"].astype(np.int64),
            "functional_interrupts": (counts["host_sefi"] + counts["accelerator_sefi"]).astype(np.int64),
            "failed": failed,
            "failure_time_s": np.where(failed, fail_t, np.nan),
            "accelerators_failed": acc_failed.astype(np.int64),
            "capacity_remaining": capacity_end,
            "contact_minutes": contact_s / 60.0,
            "passes": col["passes"].astype(np.int64),
            "downlink_tb": contact_s * downlink_bps / 8e12,
        }
    )
    scale = n_fleet / len(names)
    days = run_s / 86400.0
    fleet = {
        "satellites_in_fleet": float(n_fleet),
        "satellites_simulated": float(len(names)),
        "duration_s": float(run_s),
        "step_s": float(step_s),
        "satellite_steps": float(len(names) * n_steps),
        "sunlit_fraction": float(sats["sunlit_fraction"].mean()),
        "design_sunlit_fraction": float(v["orbit.sunlit_fraction"]),
        "max_eclipse_s": float(sats["max_eclipse_s"].max()),
        "design_max_eclipse_s": float(v["orbit.max_eclipse_s"]),
        "max_depth_of_discharge": float(sats["max_depth_of_discharge"].max()),
        "design_depth_of_discharge": float(v["power.battery_depth_of_discharge"]),
        "min_state_of_charge": float(sats["min_state_of_charge"].min()),
        "max_radiator_temperature_k": float(sats["max_radiator_temperature_k"].max()),
        "design_radiator_temperature_k": float(v["thermal.radiator_temperature_k"]),
        "power_throttled_fraction": float(sats["power_throttled_s"].mean() / run_s),
        "thermal_throttled_fraction": float(sats["thermal_throttled_s"].mean() / run_s),
        "bus_outage_s": float(sats["bus_outage_s"].sum() * scale),
        "availability": float(sats["availability"].mean()),
        "goodput": float(sats["goodput"].mean()),
        "delivered_compute_flop": float(sats["delivered_compute_flop"].sum() * scale),
        "delivered_pflop_days": float(sats["delivered_compute_flop"].sum() * scale / 1e15 / 86400.0),
        "array_energy_mwh": float(sats["array_energy_kwh"].sum() * scale / 1e3),
        "load_energy_mwh": float(sats["load_energy_kwh"].sum() * scale / 1e3),
        "it_energy_mwh": float(sats["it_energy_kwh"].sum() * scale / 1e3),
        "dose_gy_mean": float(sats["dose_gy"].mean()),
        "dose_gy_max": float(sats["dose_gy"].max()),
        "dose_krad_per_year": float(sats["dose_krad_per_year"].mean()),
        "silent_data_corruptions": float(sats["silent_data_corruptions"].sum() * scale),
        "uncorrectable_memory_errors": float(sats["uncorrectable_memory_errors"].sum() * scale),
        "functional_interrupts": float(sats["functional_interrupts"].sum() * scale),
        "satellites_failed": float(sats["failed"].sum() * scale),
        "accelerators_failed": float(sats["accelerators_failed"].sum() * scale),
        "capacity_remaining": float(sats["capacity_remaining"].mean()),
        "contact_minutes_per_day": float(sats["contact_minutes"].mean() / days),
        "passes_per_day": float(sats["passes"].mean() / days),
        "downlink_tb": float(sats["downlink_tb"].sum() * scale),
    }
    epoch = np.datetime64(_jd_to_iso(jd0), "us")
    index_t = pd.DatetimeIndex(epoch + (times * 1e6).astype("timedelta64[us]"), name="time")
    ts = pd.DataFrame(series, index=index_t, columns=_ts_columns())
    ts.insert(0, "elapsed_s", times)
    result = SimulationResult(sats, fleet, ts, meta)
    if out_dir is not None:
        result.write(out_dir)
    return result
