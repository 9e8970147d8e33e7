"""What a fleet simulation returns, and how the run's accumulators become it.

After the stepping, accumulated dose becomes expected single-event upsets and
functional interrupts (rates per Gy from the catalog), the interrupts and
hardware failures give a mean time between interrupts, and Young/Daly
checkpointing turns that into goodput.

References
----------
.. [1] J. W. Young, "A first order approximation to the optimum checkpoint
       interval", *Commun. ACM* 17(9), 530–531, 1974.
.. [2] J. T. Daly, "A higher order estimate of the optimum checkpoint interval
       for restart dumps", *Future Gener. Comput. Syst.* 22, 303–312, 2006.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..outputs import OUTPUTS
from ..physics.constants import YEAR_S
from ..physics.reliability import checkpoint_goodput, young_daly_interval
from ..scenario.simulation import Simulation
from . import kernels
from ._common import FloatArray
from .radiation import event_rates_per_gy
from .streams import keyed_poisson

__all__ = [
    "PER_SATELLITE_COLUMNS",
    "SimulationResult",
    "Stepped",
    "assemble",
    "cf_units",
    "jd_to_iso",
    "reduce_bins",
    "season_note",
    "ts_columns",
]


@dataclass
class Stepped:
    """What the stepping leaves behind: the sample, its accumulators and the fleet time series."""

    names: list[str]
    """Names of the simulated satellites."""
    index: np.ndarray
    """Their indices in the fleet."""
    fleet_size: int
    """Satellites in the whole fleet."""
    acc: FloatArray
    """Accumulators, columns as :class:`skyrack.simulate.kernels.ACC`."""
    par: FloatArray
    """Parameters, columns as :class:`skyrack.simulate.kernels.PAR` (failure times as found in the run)."""
    acc_off: np.ndarray
    """Accelerator failures of satellite s: ``acc_off[s]:acc_off[s + 1]``."""
    n_acc: int
    """Accelerators per satellite."""
    step_s: float
    n_steps: int
    start_jd: float
    series: np.ndarray
    """Fleet statistics per time bin, columns as :func:`ts_columns`."""
    times: FloatArray
    """Mid-times of the bins since the start, s."""
    period_s: FloatArray
    """Nodal period of each simulated satellite, s (one eclipse per orbit in the season)."""
    per_satellite: np.ndarray | None = None
    """Per-satellite bins (n_sat, n_bins, len(TS)), columns as :class:`skyrack.simulate.kernels.TS`, on request."""

    @property
    def run_s(self) -> float:
        """Length of the run, s."""
        return self.n_steps * self.step_s


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
        Run description: scenario, seed, step, duration, start, propagator, timing; ``notes``
        lists what a reader should know (e.g. a window that misses the eclipse season).
    per_satellite : pandas.DataFrame or None
        On request, every satellite's binned series: one row per satellite and bin, columns
        :data:`PER_SATELLITE_COLUMNS` (bin means and bin extremes).
    """

    satellites: pd.DataFrame
    fleet: dict[str, float]
    timeseries: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)
    per_satellite: pd.DataFrame | None = None

    def to_xarray(self) -> Any:
        """An ``xarray.Dataset``: the time series on ``time``, the KPIs on ``satellite``, fleet KPIs as attrs.

        Every variable carries CF-style ``units``, ``long_name`` and a ``description`` from the
        output registry (:mod:`skyrack.outputs`), so ``to_netcdf`` writes a self-describing file.
        The per-satellite series, when kept, are variables on (``time``, ``satellite``).
        """
        import xarray as xr

        ts = self.timeseries.copy()
        ts.index.name = "time"
        ds = xr.Dataset.from_dataframe(ts)
        sats = self.satellites.set_index("satellite")
        for name in sats.columns:
            ds[name] = ("satellite", sats[name].to_numpy())
        ds = ds.assign_coords(satellite=sats.index.to_numpy())
        if self.per_satellite is not None:
            frame = self.per_satellite.set_index(["time", "satellite"]).drop(columns="elapsed_s")
            for name, values in xr.Dataset.from_dataframe(frame).data_vars.items():
                ds[name] = values.transpose("time", "satellite")
        _cf_attrs(ds)
        ds.attrs.update({k: v for k, v in self.fleet.items()})
        ds.attrs.update({f"meta_{k}": v for k, v in self.meta.items() if isinstance(v, (int, float, str))})
        if self.meta.get("notes"):
            ds.attrs["comment"] = " ".join(self.meta["notes"])
        return ds

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``timeseries.parquet``, ``satellites.parquet``, ``fleet.json`` (and ``per_satellite.parquet``)."""
        out = _make_dir(out_dir)
        paths = {
            "timeseries": out / "timeseries.parquet",
            "satellites": out / "satellites.parquet",
            "fleet": out / "fleet.json",
        }
        self.timeseries.to_parquet(paths["timeseries"])
        self.satellites.to_parquet(paths["satellites"], index=False)
        if self.per_satellite is not None:
            paths["per_satellite"] = out / "per_satellite.parquet"
            self.per_satellite.to_parquet(paths["per_satellite"], index=False)
        payload = {"fleet": self.fleet, "meta": self.meta}
        paths["fleet"].write_text(json.dumps(payload, indent=2, default=_json_default) + "\n")
        return paths


def _make_dir(out_dir: str | Path) -> Path:
    """The run directory, created if need be."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError("out", str(out_dir), f"cannot create the directory ({error.strerror})") from None
    return out


_REGISTRY_GROUPS = ("simulate.series", "simulate.satellite", "simulate.per_satellite")


def cf_units(unit: str) -> str:
    """A registry unit (pint syntax) as a UDUNITS/CF string: ``m**2`` → ``m2``, ``W*h`` → ``W h``.

    References
    ----------
    .. [1] CF Conventions 1.11, sec. 3.1 (the ``units`` attribute, UDUNITS-2 syntax).
    """
    return re.sub(r"\*\*(-?\d+)", r"\1", unit).replace("*", " ")


def _cf_attrs(ds: Any) -> None:
    """Set ``units``, ``long_name`` and ``description`` of every variable declared in the registry."""
    for name in list(ds.data_vars):
        for group in _REGISTRY_GROUPS:
            item = OUTPUTS.get(f"{group}.{name}")
            if item is not None:
                ds[name].attrs.update(
                    {"units": cf_units(item.unit or "1"), "long_name": item.label, "description": item.meaning}
                )
                break
    ds["time"].attrs.update({"long_name": "Time (UTC), middle of the bin", "standard_name": "time"})
    ds["satellite"].attrs.update({"long_name": "Satellite", "cf_role": "timeseries_id"})


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return str(value)


# --------------------------------------------------------------------------- set-up


def jd_to_iso(jd: float) -> str:
    """ISO 8601 UTC text of a Julian date, to the microsecond."""
    us = round((jd - 2440587.5) * 86400e6)
    return str(np.datetime64(us, "us"))


_SERIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # quantity, statistic over the bin's steps, kernels.TS column, statistics over the satellites
    ("illumination", "mean", "nu", ("mean", "min")),
    ("state_of_charge", "mean", "soc", ("mean",)),
    ("state_of_charge", "min", "soc_min", ("min",)),
    ("radiator_temperature_k", "mean", "temp", ("mean",)),
    ("radiator_temperature_k", "max", "temp_max", ("max",)),
    ("compute_fraction", "mean", "compute", ("mean",)),
    ("compute_fraction", "min", "compute_min", ("min",)),
    ("array_power_w", "mean", "array_w", ("mean",)),
    ("dose_rate_gy_per_s", "mean", "dose_rate", ("mean",)),
    ("dose_rate_gy_per_s", "max", "dose_rate_max", ("max",)),
    ("contact_fraction", "mean", "contact", ("mean",)),
)
"""The binned series: every per-satellite series and the fleet series made of it."""
_PLURAL = {"mean": "means", "min": "mins", "max": "maxes"}

PER_SATELLITE_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (f"{quantity}_{stat}", column) for quantity, stat, column, _ in _SERIES
)
"""Columns of the per-satellite series, with their kernels.TS column: each satellite's mean or extreme
over the bin's steps (``illumination_mean``, ``state_of_charge_min``)."""

_TS_STATS: tuple[tuple[str, str, str], ...] = tuple(
    (f"{quantity}_{fleet}_of_{_PLURAL[stat]}", column, fleet)
    for quantity, stat, column, fleet_stats in _SERIES
    for fleet in fleet_stats
)
"""The fleet time series (fleet column, kernels.TS column, statistic over the satellites), each column
named for what it is: a mean of the satellites' bin means (the fleet mean over the bin, every satellite
having the same steps), the lowest satellite's bin mean (``min_of_means``), or an extreme over the
satellites of their extremes over the bin's steps (``min_of_mins``, ``max_of_maxes``: the true extreme,
as in ``fleet.json``)."""


def reduce_bins(ts: np.ndarray) -> np.ndarray:
    """Fleet statistics of the per-satellite bins: (n_bins, n_columns) float64, columns as :func:`ts_columns`."""
    cols = []
    for _, column, stat in _TS_STATS:
        x = ts[:, :, getattr(kernels.TS, column)].astype(np.float64)
        cols.append(getattr(np, stat)(x, axis=0))
    return np.stack(cols, axis=1)


def ts_columns() -> list[str]:
    """Names of the fleet time-series columns (a statistic of a per-satellite quantity, with its unit)."""
    return [name for name, _, _ in _TS_STATS]


def _goodput(mtbf_s: FloatArray, checkpoint_s: float, restart_s: float) -> tuple[FloatArray, FloatArray]:
    """Young/Daly goodput factor and checkpoint interval (s) of each satellite; 1 and inf without interrupts."""
    finite = np.isfinite(mtbf_s)
    m = np.where(finite, mtbf_s, 1.0)
    factor = np.where(finite, np.asarray(checkpoint_goodput(m, checkpoint_s, restart_s), dtype=np.float64), 1.0)
    interval = np.where(finite, np.asarray(young_daly_interval(m, checkpoint_s), dtype=np.float64), np.inf)
    return factor, interval


def _upsets(dose_gy: FloatArray, n_acc: int, hosts: float) -> dict[str, FloatArray]:
    """Expected upsets from the dose (rates per Gy from the catalog, per accelerator or per host)."""
    rates = event_rates_per_gy()
    return {
        "sdc": dose_gy * rates.get("sdc", 0.0) * n_acc,
        "hbm_uecc": dose_gy * rates.get("hbm_uecc", 0.0) * n_acc,
        "accelerator_sefi": dose_gy * rates.get("accelerator_sefi", 0.0) * n_acc,
        "host_sefi": dose_gy * rates.get("host_sefi", 0.0) * hosts,
    }


def _satellite_table(res: Any, run: Stepped, cfg: Simulation) -> pd.DataFrame:
    """One row of KPIs per simulated satellite (upset counts from each satellite's stream: see ``streams``)."""
    p, v = res.params, res.values
    run_s = run.run_s
    col = {column.name: run.acc[:, column] for column in kernels.ACC}
    dose_gy = col["dose_gy"]
    expected = _upsets(dose_gy, run.n_acc, float(v["compute.units_per_satellite"]))
    counts = keyed_poisson(int(cfg.seed), run.index, expected)
    n = len(run.names)
    acc_failed = np.diff(run.acc_off) if run.acc_off.size == n + 1 else np.zeros(n, np.int64)
    fail_t = run.par[:, kernels.PAR.fail_t]
    failed = np.isfinite(fail_t) & (fail_t < run_s)
    # interrupts that stop a job: uncorrectable memory errors, functional interrupts, hardware failures
    interrupts = expected["hbm_uecc"] + expected["accelerator_sefi"] + expected["host_sefi"] + acc_failed
    with np.errstate(divide="ignore"):
        mtbf = np.where(interrupts > 0, np.maximum(col["alive_s"], run.step_s) / interrupts, np.inf)
    goodput_factor, interval = _goodput(mtbf, cfg.checkpoint_time, cfg.restart_time)
    availability = col["compute_s"] / run_s
    flops_per_sat = float(v["compute.peak_bf16_flops"]) / max(float(v["constellation.satellites"]), 1.0)
    delivered = col["compute_s"] * flops_per_sat * float(p["satellite.compute.sustained_fraction"]) * goodput_factor
    min_soc = np.minimum(col["min_soc"], 1.0)
    return pd.DataFrame(
        {
            "satellite": run.names,
            "fleet_index": run.index.astype(np.int64),
            "sunlit_fraction": col["lit_s"] / run_s,
            "mean_illumination": col["sunlit_s"] / run_s,
            "max_eclipse_s": col["eclipse_max_s"],
            "eclipses": col["eclipses"].astype(np.int64),
            # one eclipse per orbit through the season: complete eclipses × period is its length
            "eclipse_days": col["eclipses"] * run.period_s / 86400.0,
            "min_state_of_charge": min_soc,
            "max_depth_of_discharge": 1.0 - min_soc,
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
            "capacity_remaining": np.where(failed, 0.0, 1.0 - acc_failed / max(run.n_acc, 1)),
            "contact_minutes": col["contact_s"] / 60.0,
            "passes": col["passes"].astype(np.int64),
            "downlink_tb": col["contact_s"] * cfg.downlink_rate / 8e12,
        }
    )


def _fleet_kpis(res: Any, sats: pd.DataFrame, run: Stepped) -> dict[str, float]:
    """Fleet KPIs: means over the sample, and totals scaled up to the whole fleet."""
    v = res.values
    run_s = run.run_s
    scale = run.fleet_size / len(run.names)
    days = run_s / 86400.0

    def total(name: str) -> float:
        return float(sats[name].sum() * scale)

    return {
        "satellites_in_fleet": float(run.fleet_size),
        "satellites_simulated": float(len(run.names)),
        "duration_s": float(run_s),
        "step_s": float(run.step_s),
        "satellite_steps": float(len(run.names) * run.n_steps),
        "sunlit_fraction": float(sats["sunlit_fraction"].mean()),
        "design_sunlit_fraction": float(v["orbit.sunlit_fraction"]),
        "mean_illumination": float(sats["mean_illumination"].mean()),
        "design_mean_illumination": float(v["orbit.mean_illumination"]),
        "max_eclipse_s": float(sats["max_eclipse_s"].max()),
        "design_max_eclipse_s": float(v["orbit.max_eclipse_s"]),
        "eclipse_days": float(sats["eclipse_days"].mean()),
        "design_eclipse_days_per_year": float(v["orbit.eclipse_days_per_year"]),
        "max_depth_of_discharge": float(sats["max_depth_of_discharge"].max()),
        "design_depth_of_discharge": float(v["power.battery_depth_of_discharge"]),
        "min_state_of_charge": float(sats["min_state_of_charge"].min()),
        "max_radiator_temperature_k": float(sats["max_radiator_temperature_k"].max()),
        "design_radiator_temperature_k": float(v["thermal.radiator_temperature_k"]),
        "power_throttled_fraction": float(sats["power_throttled_s"].mean() / run_s),
        "thermal_throttled_fraction": float(sats["thermal_throttled_s"].mean() / run_s),
        "bus_outage_s": total("bus_outage_s"),
        "availability": float(sats["availability"].mean()),
        "goodput": float(sats["goodput"].mean()),
        "delivered_compute_flop": total("delivered_compute_flop"),
        "delivered_pflop_days": float(sats["delivered_compute_flop"].sum() * scale / 1e15 / 86400.0),
        "array_energy_mwh": float(sats["array_energy_kwh"].sum() * scale / 1e3),
        "load_energy_mwh": float(sats["load_energy_kwh"].sum() * scale / 1e3),
        "it_energy_mwh": float(sats["it_energy_kwh"].sum() * scale / 1e3),
        "dose_gy_mean": float(sats["dose_gy"].mean()),
        "dose_gy_max": float(sats["dose_gy"].max()),
        "dose_krad_per_year": float(sats["dose_krad_per_year"].mean()),
        "silent_data_corruptions": total("silent_data_corruptions"),
        "uncorrectable_memory_errors": total("uncorrectable_memory_errors"),
        "functional_interrupts": total("functional_interrupts"),
        "satellites_failed": total("failed"),
        "accelerators_failed": total("accelerators_failed"),
        "capacity_remaining": float(sats["capacity_remaining"].mean()),
        "contact_minutes_per_day": float(sats["contact_minutes"].mean() / days),
        "passes_per_day": float(sats["passes"].mean() / days),
        "downlink_tb": total("downlink_tb"),
    }


def _per_satellite_frame(run: Stepped, index_t: pd.DatetimeIndex) -> pd.DataFrame | None:
    """The kept per-satellite bins as a long table: one row per satellite and bin."""
    if run.per_satellite is None:
        return None
    bins = run.per_satellite
    n_sat, n_bins = bins.shape[0], bins.shape[1]
    frame = pd.DataFrame(
        {
            "time": np.tile(index_t.to_numpy(), n_sat),
            "elapsed_s": np.tile(run.times, n_sat),
            "satellite": np.repeat(np.asarray(run.names, dtype=object), n_bins),
        }
    )
    for name, column in PER_SATELLITE_COLUMNS:
        frame[name] = bins[:, :, getattr(kernels.TS, column)].reshape(-1).astype(np.float64)
    return frame


def season_note(fleet: dict[str, float], meta: dict[str, Any]) -> str | None:
    """A note when the run saw no eclipse while the design's orbit has an eclipse season.

    A dawn-dusk sun-synchronous orbit, for one, is in eclipse only for weeks around the June
    solstice; a short run from 1 January sees none, and its sunlit fraction, longest eclipse and
    battery depth of discharge are then not the year's worst.
    """
    season = fleet.get("design_eclipse_days_per_year", 0.0)
    if not (np.isfinite(season) and season > 0.0) or fleet.get("eclipse_days", 0.0) > 0.0:
        return None
    days = fleet["duration_s"] / 86400.0
    return (
        f"the run ({days:.1f} days from {str(meta.get('start_utc', 'its start'))[:16]} UTC) saw no eclipse, while the "
        f"design's orbit has about {season:.0f} eclipse days a year: the window misses the eclipse season, so "
        "the sunlit fraction, longest eclipse and depth of discharge are not the year's worst; run a year "
        "(--duration '1 yr') or start the run in the season (simulation.start)"
    )


def assemble(res: Any, run: Stepped, cfg: Simulation, meta: dict[str, Any]) -> SimulationResult:
    """The :class:`SimulationResult` of a run: per-satellite KPIs, fleet KPIs and the time series.

    The upset counts are Poisson draws from the expected numbers, on each satellite's upset stream.
    """
    sats = _satellite_table(res, run, cfg)
    fleet = _fleet_kpis(res, sats, run)
    epoch = np.datetime64(jd_to_iso(run.start_jd), "us")
    index_t = pd.DatetimeIndex(epoch + (run.times * 1e6).astype("timedelta64[us]"), name="time")
    ts = pd.DataFrame(run.series, index=index_t, columns=ts_columns())
    ts.insert(0, "elapsed_s", run.times)
    note = season_note(fleet, meta)
    meta = {**meta, "notes": [*meta.get("notes", []), *([note] if note else [])]}
    return SimulationResult(sats, fleet, ts, meta, _per_satellite_frame(run, index_t))
