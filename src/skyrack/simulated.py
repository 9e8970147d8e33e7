"""Simulation into cost: the economics of a design recomputed with what a simulation measured.

``skyrack simulate --out RUN`` writes ``RUN/fleet.json`` (fleet KPIs and run metadata) and
``RUN/timeseries.parquet``. :func:`design_from_simulation` reads them, not the simulator's
internals, and costs the design twice: with the closed-form factors, and with the measured ones.

The closed form delivers sustained compute × power × thermal × service availability ×
interruption goodput × utilisation, faded by permanent losses over the life. A simulation
measures the first four together as its goodput (the share of the run the compute ran, times
the checkpoint/restart efficiency), over hardware that was also failing during the run; so the
measured goodput, divided by the run's mean working capacity, replaces them. Permanent losses
are measured as −ln(capacity remaining) / run length; a run shorter than a year cannot measure
a yearly rate, and the closed-form rate is kept (and said so).

References
----------
.. [1] Young, CACM 17(9) 530-531 (1974); Daly, FGCS 22(3) 303-312 (2006) (checkpoint goodput).
.. [2] Barlow & Proschan, *Mathematical Theory of Reliability* (1965), ch. 2 (constant-hazard survival).
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .economics import MEASURED_FACTOR, MEASURED_LOSS
from .errors import InputError, SkyrackWarning
from .model import Overrides, Result, Source, as_scenario, design

__all__ = ["MEASURED_FACTOR", "MEASURED_LOSS", "SimulatedDesign", "design_from_simulation", "read_run"]


YEAR_S = 365.25 * 86400.0
_NEEDED = ("goodput", "availability", "capacity_remaining", "duration_s")


@dataclass(frozen=True)
class SimulatedDesign:
    """A design costed with closed-form factors and with a simulation's measured ones."""

    closed_form: Result
    simulated: Result
    measured: dict[str, Any]

    def rows(self) -> list[tuple[str, str, str]]:
        """The side-by-side table: quantity, closed form, simulated."""
        c, s, m = self.closed_form, self.simulated, self.measured

        def money(r: Result, key: str) -> str:
            return f"{r[key]:,.2f}"

        factor_cf = (
            c["factors.power"]
            * c["factors.thermal"]
            * float(c.params["economics.service_availability"])
            * c["economics.interruption_goodput"]
        )
        loss_note = "" if m["loss_rate_used"] else " (run < 1 yr: closed-form rate kept)"
        return [
            ("run", "closed form",
             f"{m['run']} ({m['duration_days']:,.1f} days, {m['satellites_simulated']:,.0f} satellites)"),
            ("time power-throttled / thermally throttled", "—",
             f"{m['power_throttled_fraction']:.2%} / {m['thermal_throttled_fraction']:.2%}"),
            ("compute availability (simulated run)", "—", f"{m['availability']:.4f}"),
            ("power x thermal x service x interruptions", f"{factor_cf:.4f}", f"{m['delivery_factor']:.4f}"),
            ("permanent losses per year", f"{c['economics.failure_rate_per_year']:.2%}",
             f"{s['economics.failure_rate_per_year']:.2%}{loss_note}"),
            ("delivered compute, life average [PFLOP/s]", f"{c['economics.delivered_flops'] / 1e15:,.1f}",
             f"{s['economics.delivered_flops'] / 1e15:,.1f}"),
            ("orbit USD per PFLOP-day, all-in", money(c, "economics.usd_per_pflop_day"),
             money(s, "economics.usd_per_pflop_day")),
            ("ground USD per PFLOP-day, all-in", money(c, "terrestrial.usd_per_pflop_day"),
             money(s, "terrestrial.usd_per_pflop_day")),
            ("orbit / ground, all-in", f"{c['economics.cost_ratio']:.3f}", f"{s['economics.cost_ratio']:.3f}"),
            ("orbit / ground, infrastructure only", f"{c['economics.cost_ratio_infrastructure']:.3f}",
             f"{s['economics.cost_ratio_infrastructure']:.3f}"),
        ]  # fmt: skip


def read_run(run_dir: str | Path) -> dict[str, Any]:
    """The fleet KPIs and metadata of a simulation run directory (``skyrack simulate --out``).

    Raises
    ------
    InputError
        A directory without ``fleet.json`` or with a file missing the KPIs costing needs.
    """
    folder = Path(run_dir)
    path = folder / "fleet.json"
    if not path.is_file():
        raise InputError("--from-simulation", str(run_dir), "a directory written by skyrack simulate --out")
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError("--from-simulation", str(path), f"a readable fleet.json ({error})") from None
    fleet = payload.get("fleet") if isinstance(payload, Mapping) else None
    if not isinstance(fleet, Mapping) or any(not _finite(fleet.get(k)) for k in _NEEDED):
        raise InputError("--from-simulation", str(path), "fleet KPIs " + ", ".join(_NEEDED) + " as numbers")
    run: dict[str, Any] = {"fleet": dict(fleet), "meta": dict(payload.get("meta") or {})}
    series = folder / "timeseries.parquet"
    if series.is_file():
        import pandas as pd

        frame = pd.read_parquet(series)
        column = next((c for c in ("compute_fraction_mean_of_means", "compute_fraction_mean") if c in frame), None)
        if column is not None and len(frame):  # runs written before the series were renamed say "_mean"
            run["compute_fraction_series_mean"] = float(np.mean(frame[column]))
    return run


def _finite(x: Any) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def measured_factors(run: Mapping[str, Any]) -> dict[str, Any]:
    """The measured delivery factor and permanent-loss rate of a run (see the module docstring)."""
    fleet = run["fleet"]
    years = float(fleet["duration_s"]) / YEAR_S
    remaining = min(max(float(fleet["capacity_remaining"]), 1e-12), 1.0)
    loss = -math.log(remaining) / years if years > 0 else 0.0
    x = loss * years
    mean_capacity = 1.0 if x < 1e-12 else -math.expm1(-x) / x  # mean of exp(-λt) over the run
    return {
        "run": str(run.get("meta", {}).get("scenario", "run")),
        "duration_days": float(fleet["duration_s"]) / 86400.0,
        "satellites_simulated": float(fleet.get("satellites_simulated", math.nan)),
        "availability": float(fleet["availability"]),
        "goodput": float(fleet["goodput"]),
        "power_throttled_fraction": float(fleet.get("power_throttled_fraction", 0.0)),
        "thermal_throttled_fraction": float(fleet.get("thermal_throttled_fraction", 0.0)),
        "capacity_remaining": remaining,
        "delivery_factor": float(fleet["goodput"]) / mean_capacity,
        "loss_rate": loss,
        "loss_rate_used": years >= 1.0,
        "compute_fraction_series_mean": run.get("compute_fraction_series_mean"),
    }


def design_from_simulation(scenario: Source, run_dir: str | Path, overrides: Overrides = ()) -> SimulatedDesign:
    """Cost a design with the closed-form factors and with those a simulation run measured.

    Parameters
    ----------
    scenario : Scenario, preset name, file or mapping
        The design (normally the one the run simulated; a different one warns).
    run_dir : str or Path
        A directory written by ``skyrack simulate --out``.
    overrides : sequence or mapping
        Scenario overrides, as for :func:`skyrack.model.design`.

    Returns
    -------
    SimulatedDesign
        Both results and the measured quantities.

    References
    ----------
    .. [1] Young (1974); Daly (2006): goodput under checkpoint/restart.
    """
    scn = as_scenario(scenario, overrides)
    run = read_run(run_dir)
    closed = design(scn)
    closed.require_satellites("costing a simulation")
    digest = str(run["meta"].get("scenario_sha256", ""))
    if digest and digest != hashlib.sha256(scn.model_dump_json().encode()).hexdigest():
        warnings.warn(
            f"the run in {run_dir} simulated a different scenario ({run['meta'].get('scenario', '?')}) "
            f"from {scn.name}: its measured factors are applied as they are",
            SkyrackWarning,
            stacklevel=2,
        )
    measured = measured_factors(run)
    extra = {MEASURED_FACTOR: measured["delivery_factor"]}
    if measured["loss_rate_used"]:
        extra[MEASURED_LOSS] = measured["loss_rate"]
    simulated = design(scn, parity=True, extra=extra)
    return SimulatedDesign(closed, simulated, measured)
