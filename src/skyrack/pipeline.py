"""The one pipeline behind every design: sizing, schedule and feasibility, then economics.

:func:`evaluate` takes flat parameters (:func:`skyrack.params.resolve`; floats or
arrays that broadcast) and returns every output, keyed as in
:mod:`skyrack.outputs`. A single design and a batch of a million run the same code.
The steps: :func:`skyrack.sizing.size` sizes the satellites and the fleet;
:func:`skyrack.feasibility.assess` lays out the deployment schedule and adds its
verdict; :mod:`skyrack.economics` costs orbit and ground along their schedules.

The mission's dose counts: the sizing's ``radiation.tid_failure_rate_per_year``
adds to the orbital accelerators' permanent-loss rate (:func:`skyrack.economics.loss_rates`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from . import economics
from .errors import InputError
from .feasibility import NO_USEFUL_COMPUTE, ORBIT_BITS, assess
from .params import link, links
from .sizing import launch_price_per_flight, launch_prices, physical_size, size

Array = npt.NDArray[np.float64]


def check(params: Mapping[str, Any]) -> None:
    """Refuse, by name, the choices a design cannot be priced under (one scenario, before any work).

    Raises
    ------
    InputError
        At-cost launch pricing for a launcher without an at-cost breakdown; a launcher
        without a flight rate (``deployment.flights_per_vehicle``).
    """
    if params.get("kind") == "terrestrial":
        return
    p = link(params)
    vehicle = p["launch.vehicle"]
    if p["deployment.pricing"] == "at_cost" and not bool(np.all(np.isfinite(launch_price_per_flight(p)))):
        raise InputError(
            "deployment.pricing",
            "at_cost",
            f"launcher {vehicle} has no at-cost breakdown (propellant, refurbishment, vehicle and operations "
            "cost, reuses) in the catalog; use pricing: market or give launch.propellant_cost etc.",
        )
    rate = np.asarray(p["deployment.flights_per_vehicle"], dtype=float)
    if not bool(np.all(np.isfinite(rate))):
        allowed = f"launcher {vehicle} has no flights_per_year in the catalog; give one"
        raise InputError("deployment.flights_per_vehicle", None, allowed)


def evaluate(params: Mapping[str, Any]) -> dict[str, Array]:
    """Size and cost flat parameters (scalars or arrays): the one pipeline behind every design.

    Ground parameters that follow their orbital twin take its value first
    (:func:`skyrack.params.link`). Infeasible designs carry NaN in the quantities
    that do not exist (and a non-zero ``feasibility.code``), so numpy's warnings
    about them are silenced.
    """
    with np.errstate(all="ignore"):
        return _evaluate(link(params))


def size_reading(params: Mapping[str, Any]) -> tuple[dict[str, Array], frozenset[str]]:
    """Sizing of flat parameters, and the names of the parameters it read.

    The launch prices are applied after the reading (:func:`skyrack.sizing.launch_prices`), and
    :func:`evaluate_sized` applies them again. The rest of sizing is a function of the parameters it
    reads alone, so a parameter it did not read cannot change it: :func:`evaluate_sized` reuses it
    while that parameter moves (the parity scan of the economic and launch-price drivers does).
    """
    linked = link(params)
    reads = _Reading(linked)
    with np.errstate(all="ignore"):
        sized = physical_size(reads)
        sized.update(launch_prices(linked, sized))
    # a ground parameter that follows its orbital twin reads the twin
    return sized, frozenset(reads.read | {orbit for ground, orbit in links(params) if ground in reads.read})


def evaluate_sized(params: Mapping[str, Any], sized: Mapping[str, Array]) -> dict[str, Array]:
    """:func:`evaluate` with the sizing already done (``sized``, from parameters that differ from ``params``
    only in parameters sizing does not read; see :func:`size_reading`)."""
    linked, s = link(params), dict(sized)
    with np.errstate(all="ignore"):
        s.update(launch_prices(linked, s))
        return _costed(linked, s)


class _Reading(Mapping[str, Any]):
    """Flat parameters that remember which of them were read (a scan or a copy reads them all)."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self._params = params
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return self._params[key]

    def get(self, key: str, default: Any = None) -> Any:  # Mapping.get's answer and reading, without its try
        self.read.add(key)
        return self._params.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.read.add(key)  # type: ignore[arg-type]
        return key in self._params

    def __iter__(self) -> Iterator[str]:
        self.read.update(self._params)
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)


def _evaluate(params: Mapping[str, Any]) -> dict[str, Array]:
    return _costed(params, size(params))


def evaluate_cost_ratio(params: Mapping[str, Any], sized: Mapping[str, Array] | None = None) -> Array:
    """``economics.cost_ratio`` of :func:`evaluate` (of :func:`evaluate_sized` with ``sized``), the same
    numbers, costing only what the ratio needs: the measure of the parity scans."""
    linked = link(params)
    with np.errstate(all="ignore"):
        s = size(linked) if sized is None else {**sized, **launch_prices(linked, sized)}
        if linked.get("kind") == "terrestrial":
            return _costed(linked, s)["economics.cost_ratio"]
        shared, sched, job = _scheduled(linked, s)
        orb = economics.orbital(linked, s, sched, job, shared, cost_only=True)
        ground = economics.terrestrial(linked, orb["delivered_flops"], shared=shared, cost_only=True)
        return economics.levelised_cost(orb) / economics.levelised_cost(ground)


def _scheduled(params: Mapping[str, Any], s: Mapping[str, Array]) -> tuple[economics.Rates, dict[str, Array], Array]:
    """The rates costing shares, the schedule and verdict (:func:`assess`), and the job's accelerators."""
    shared = economics.rates(params, s["radiation.tid_failure_rate_per_year"])
    sched = assess(params, s, shared.losses["orbit"])
    job = np.minimum(np.asarray(params["economics.job_accelerators"], dtype=float), s["compute.accelerators"])
    return shared, sched, job


def _costed(params: Mapping[str, Any], s: dict[str, Array]) -> dict[str, Array]:
    shared, sched, job = _scheduled(params, s)
    orb = economics.orbital(params, s, sched, job, shared)
    ground_only = params.get("kind") == "terrestrial"
    if ground_only:
        site = economics.terrestrial_delivered(params, params["terrestrial.it_power"])
        ground = economics.terrestrial(params, site["delivered"], site["job"], shared)
    else:
        ground = economics.terrestrial(params, orb["delivered_flops"], shared=shared)
    lev_o, lev_g = economics.levelised(orb), economics.levelised(ground)
    out: dict[str, Array] = {**s, **sched}
    out.update({f"economics.{k}": v for k, v in (orb | lev_o).items()})
    out.update({f"terrestrial.{k}": v for k, v in (ground | lev_g).items()})
    out.update(economics.disposal(params, s, orb, shared))
    out["breakeven.launch_usd_per_kg"] = economics.breakeven_launch_usd_per_kg(
        orb, lev_g["usd_per_pflop_day"], s["mass.total_kg"]
    )
    out["economics.cost_ratio"] = lev_o["usd_per_pflop_day"] / lev_g["usd_per_pflop_day"]
    out["economics.cost_ratio_infrastructure"] = (
        lev_o["infrastructure_usd_per_pflop_day"] / lev_g["infrastructure_usd_per_pflop_day"]
    )
    for basis in ("top_down", "bottom_up"):
        swap = (orb[f"satellite_cost_{basis}_usd"] - orb["hardware_bus_usd"]) * orb["hardware_pv_per_usd"]
        out[f"economics.usd_per_pflop_day_{basis}"] = (orb["pv_cost_usd"] + swap) / orb["pv_pflop_days"]
    code = np.asarray(out["feasibility.code"], dtype=np.int64)
    if ground_only:
        _orbit_not_applicable(out)
        priced = np.isfinite(lev_g["usd_per_pflop_day"])
        code = code & ~ORBIT_BITS
    else:
        priced = np.isfinite(lev_o["usd_per_pflop_day"]) & np.isfinite(lev_g["usd_per_pflop_day"])
    out["feasibility.code"] = np.where((code == 0) & ~priced, NO_USEFUL_COMPUTE, code)
    return out


def _orbit_not_applicable(out: dict[str, Array]) -> None:
    """A terrestrial-only scenario has no orbit: every orbital output is NaN (not a number passed off)."""
    for key, value in out.items():
        if not key.startswith("terrestrial.") and key != "feasibility.code":
            out[key] = np.full(np.shape(value), math.nan)
