"""Compute online by year, orbit against ground, with deployment timing in the costs.

:func:`deploy` runs the launch campaign for a design, the ground's build-out
for its terrestrial baseline, and returns a :class:`Timeline` whose
:attr:`~Timeline.frame` (a pandas DataFrame, one row per year) holds launches,
satellites, propellant, CO2e, compute and IT power online, yearly and
cumulative cost, and the discounted cost per delivered PFLOP-day to date:
compute that arrives later is worth less at the scenario's discount rate.

References
----------
.. [1] Brealey, R., Myers, S. & Allen, F., *Principles of Corporate Finance*,
       ch. 2 (present value: a cash flow at year t is worth (1 + r)^-t today).
.. [2] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
.. [3] LBNL, *Queued Up: 2024 Edition*, 2024.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..physics.launch import wright_unit_price
from .campaign import Campaign, campaign_inputs, launch_cadence, schedule
from .ground import first_power_time, ground_power_yearly
from .pricing import LaunchPricing, launch_pricing, learning_multipliers
from .settings import Deployment, settings_for

if TYPE_CHECKING:
    from ..model import Result

__all__ = [
    "DAYS_PER_YEAR",
    "Timeline",
    "compare_pricing",
    "deploy",
    "discount_factors",
    "discounted_cost_per_output",
    "year_reached",
]

DAYS_PER_YEAR = 365.25


def discount_factors(years: int, rate: float) -> NDArray[np.float64]:
    """Mid-year discount factors ``(1 + r)^-(y + 0.5)`` for years 0..n-1.

    Parameters
    ----------
    years : int
        Number of years.
    rate : float
        Discount rate per year.

    Returns
    -------
    numpy.ndarray
        Dimensionless factors.

    References
    ----------
    .. [1] Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 2
           (mid-year convention for flows spread over a year).

    Examples
    --------
    >>> [round(float(x), 4) for x in discount_factors(2, 0.08)]
    [0.9623, 0.891]
    """
    return np.asarray((1.0 + rate) ** -(np.arange(years, dtype=float) + 0.5), dtype=float)


def discounted_cost_per_output(cost: ArrayLike, output: ArrayLike, rate: float) -> NDArray[np.float64]:
    """Cumulative present cost over cumulative present output, year by year.

    .. math:: c_Y = \\frac{\\sum_{y \\le Y} C_y (1+r)^{-(y+1/2)}}{\\sum_{y \\le Y} Q_y (1+r)^{-(y+1/2)}}

    Parameters
    ----------
    cost : array
        Spending per year, USD.
    output : array
        Output per year (e.g. PFLOP-days).
    rate : float
        Discount rate per year.

    Returns
    -------
    numpy.ndarray
        USD per unit of output to date; NaN while nothing has been delivered.

    References
    ----------
    .. [1] Levelised cost: NREL, *Annual Technology Baseline* (LCOE as present
           cost over present output).

    Examples
    --------
    Spending 100 in year 0 for 10 units in each of years 0 and 1, at r = 0:

    >>> discounted_cost_per_output([100, 0], [10, 10], 0.0).tolist()
    [10.0, 5.0]
    """
    c = np.asarray(cost, dtype=float)
    q = np.asarray(output, dtype=float)
    d = discount_factors(c.size, rate)
    num, den = np.cumsum(c * d), np.cumsum(q * d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan), dtype=float)


def year_reached(online: ArrayLike, target: float, tolerance: float = 0.0) -> float:
    """Years from the go decision until ``online`` first reaches ``target``.

    Parameters
    ----------
    online : array
        Capacity at the end of each year.
    target : float
        Capacity to reach.
    tolerance : float, default 0
        Relative shortfall still counted as reached (e.g. one year's failures
        not yet replaced).

    Returns
    -------
    float
        Whole years (end of the year it is reached); NaN if never.

    References
    ----------
    .. [1] Definition.

    Examples
    --------
    >>> year_reached([0, 5, 10], 10), year_reached([0, 5, 9.9], 10, 0.02)
    (3.0, 3.0)
    """
    x = np.asarray(online, dtype=float)
    hit = np.nonzero(x >= target * (1.0 - tolerance) - 1e-9 * abs(target))[0]
    return float(hit[0] + 1) if hit.size else math.nan


@dataclass
class Timeline:
    """Compute online by year for a design (orbit) and its terrestrial baseline (ground)."""

    frame: pd.DataFrame
    campaign: Campaign
    pricing: LaunchPricing
    settings: Deployment
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        """True when the orbital campaign reaches full capacity within the horizon."""
        return self.campaign.feasible

    @property
    def reasons(self) -> list[str]:
        """Why the campaign is infeasible (empty when feasible)."""
        return list(self.campaign.reasons)

    def write(self, path: str | Path) -> Path:
        """Write the frame to ``.csv`` or ``.parquet`` (by extension)."""
        out = Path(path)
        if out.suffix == ".csv":
            self.frame.to_csv(out, index=False)
        elif out.suffix == ".parquet":
            self.frame.to_parquet(out, index=False)
        else:
            raise InputError("--out", str(path), "a .csv or .parquet file")
        return out


def _result(source: Any, overrides: Sequence[str]) -> Result:
    from ..model import Result, design

    if isinstance(source, Result):
        return source
    return design(source, overrides, parity=False)


def deploy(
    source: Any,
    settings: Deployment | Mapping[str, Any] | None = None,
    overrides: Sequence[str] = (),
) -> Timeline:
    """Plan the launch campaign and the ground build-out of a design, year by year.

    Parameters
    ----------
    source : skyrack.model.Result, Scenario, preset name or path
        The design (sized with ``parity=False`` when not already a Result).
    settings : Deployment or mapping, optional
        Deployment settings; a mapping is laid over the scenario's (or its
        preset's) campaign. Default: the scenario's or preset's campaign.
    overrides : sequence of str
        ``path=value`` scenario overrides when ``source`` is not a Result.

    Returns
    -------
    Timeline
        The year-by-year frame, the campaign, the pricing and a summary.

    Raises
    ------
    InputError
        Bad settings, zero cadence, an infeasible design (e.g. a satellite
        that fits no fairing) or at-cost pricing without at-cost data.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
    .. [2] LBNL, *Queued Up: 2024 Edition*, 2024.
    .. [3] Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 2.
    """
    result = _result(source, overrides)
    cfg = settings if isinstance(settings, Deployment) else settings_for(result, settings)
    if not result.feasible:
        field_name = result.reasons[0].split(":", 1)[0] if result.reasons else "scenario"
        raise InputError(field_name, result.scenario.name, "the design is infeasible: " + "; ".join(result.reasons))

    from ..params import catalog_for

    v, p = result.values, result.params
    vehicle = catalog_for(result.scenario).entry("launchers", str(p["launch.vehicle"]), field="launch.vehicle")
    per_vehicle = cfg.flights_per_vehicle if cfg.flights_per_vehicle is not None else vehicle.get("flights_per_year")
    cadence = launch_cadence(cfg.vehicles, per_vehicle, cfg.turnaround)
    shape = campaign_inputs(v, p, cfg.packing_efficiency)
    years = cfg.years
    sats = float(v["constellation.satellites"])
    sat_mass = float(v["mass.per_satellite_kg"])
    lifetime = float(p["mission.lifetime"])
    failure = float(p["economics.satellite_failure_rate"])
    lead = float(p["mission.build_time"]) if cfg.lead_time is None else cfg.lead_time
    fuel = float(vehicle.get("propellant_fuel_mass", 0.0))
    co2 = float(p["launch.co2e_per_launch"])
    camp = schedule(
        sats,
        sat_mass,
        shape["satellites_per_launch"],
        shape["launches_per_satellite"],
        cadence,
        years,
        lifetime,
        lead_time_yr=lead,
        failure_rate=failure,
        manufacturing_rate=cfg.manufacturing_rate,
        manufacturing_learning_rate=cfg.manufacturing_learning_rate,
        replace=cfg.replace,
        fuel_per_launch_kg=fuel,
        co2e_per_launch_kg=co2,
    )

    # -- launch prices -------------------------------------------------------------
    price = launch_pricing(p, vehicle, float(v["launch.payload_kg"]), cfg.pricing, cfg.reuses)
    lr = float(p["launch.learning_rate"]) if cfg.launch_learning_rate is None else cfg.launch_learning_rate
    learn = learning_multipliers(camp.mass_launched_kg, float(p["launch.prior_cumulative_mass"]), lr)
    launch_usd = price.cost(camp.launches, camp.mass_launched_kg, learn)
    margin = (
        price.margin(camp.launches, camp.mass_launched_kg, learn)
        if math.isfinite(price.at_cost_per_flight)
        else np.full(years, np.nan)
    )

    # -- orbit: compute, power and cost -------------------------------------------------
    r = float(p["economics.discount_rate"])
    full_flops = float(v["economics.delivered_flops"])
    target_flops = full_flops if cfg.target_compute is None else cfg.target_compute
    share_end = camp.satellites_in_orbit / sats
    share_mean = camp.satellites_mean / sats
    orbit_flops = share_end * full_flops
    orbit_mw = share_end * float(v["compute.it_power_w"]) / 1e6
    ins = float(p["economics.launch_insurance"])
    hw_per_sat = (float(v["economics.hardware_bus_usd"]) + float(v["economics.hardware_accelerators_usd"])) / sats
    built_ref = cfg.manufacturing_rate or sats
    cum_up = np.cumsum(camp.satellites_launched) - 0.5 * camp.satellites_launched
    hw_learning = np.asarray(
        wright_unit_price(1.0, built_ref, np.maximum(cum_up, built_ref), cfg.manufacturing_learning_rate), dtype=float
    )
    hardware_usd = camp.satellites_launched * hw_per_sat * hw_learning
    fixed = np.zeros(years)
    fixed[0] = float(p["economics.nre"]) + float(p["economics.ground_segment"])
    orbit_cost = (
        (hardware_usd + launch_usd) * (1.0 + ins) + fixed + float(v["economics.opex_usd_per_year"]) * share_mean
    )
    orbit_pflop_days = share_mean * full_flops / 1e15 * DAYS_PER_YEAR

    # -- ground ---------------------------------------------------------------------------
    kind = str(p["terrestrial.kind"])
    on_site = not kind.startswith("grid")
    construction = float(p["terrestrial.build_time"]) if cfg.construction_time is None else cfg.construction_time
    queue = cfg.generation_build_time if on_site else cfg.interconnection_wait
    t0 = float(first_power_time(cfg.permitting_time, construction, queue, on_site))
    ground_w = float(v["terrestrial.it_power_w"])
    end_w, mean_w = ground_power_yearly(years, t0, ground_w, cfg.max_power_per_year)
    added_w = np.diff(np.concatenate([[0.0], end_w]))
    ground_capex_per_w = float(v["terrestrial.capex_usd"]) / ground_w
    ground_cost = added_w * ground_capex_per_w + float(v["terrestrial.opex_usd_per_year"]) * mean_w / ground_w
    ground_flops = end_w / ground_w * full_flops
    ground_pflop_days = mean_w / ground_w * full_flops / 1e15 * DAYS_PER_YEAR

    start_year = int(p["mission.start_year"])
    frame = pd.DataFrame(
        {
            "year": start_year + np.arange(years),
            "years_since_go": np.arange(1, years + 1),
            "orbit_launches": camp.launches,
            "orbit_satellites_launched": camp.satellites_launched,
            "orbit_satellites_in_orbit": camp.satellites_in_orbit,
            "orbit_failures": camp.failures,
            "orbit_retired": camp.retired,
            "orbit_mass_launched_kg": camp.mass_launched_kg,
            "orbit_fuel_kg": camp.fuel_kg,
            "orbit_co2e_kg": camp.co2e_kg,
            "orbit_launch_usd": launch_usd,
            "orbit_launch_margin_usd": margin,
            "orbit_it_mw": orbit_mw,
            "orbit_pflops": orbit_flops / 1e15,
            "orbit_cost_usd": orbit_cost,
            "orbit_cumulative_cost_usd": np.cumsum(orbit_cost),
            "orbit_pflop_days": orbit_pflop_days,
            "orbit_usd_per_pflop_day": discounted_cost_per_output(orbit_cost, orbit_pflop_days, r),
            "ground_it_mw": end_w / 1e6,
            "ground_pflops": ground_flops / 1e15,
            "ground_cost_usd": ground_cost,
            "ground_cumulative_cost_usd": np.cumsum(ground_cost),
            "ground_pflop_days": ground_pflop_days,
            "ground_usd_per_pflop_day": discounted_cost_per_output(ground_cost, ground_pflop_days, r),
        }
    )
    summary = {
        "scenario": result.scenario.name,
        "vehicle": str(p["launch.vehicle"]),
        "pricing": cfg.pricing,
        "vehicles": cfg.vehicles,
        "flights_per_year": cadence,
        "hours_between_flights": camp.hours_between_flights,
        "satellites": sats,
        "satellites_per_launch": camp.satellites_per_launch,
        "launches_per_satellite": camp.launches_per_satellite,
        "initial_launches": camp.initial_launches,
        "years_to_full_fleet": camp.years_to_full,
        "target_pflops": target_flops / 1e15,
        "orbit_years_to_target": year_reached(
            camp.satellites_after_launch / sats * full_flops, target_flops, tolerance=0.5 / sats
        ),
        "ground_first_power_years": t0,
        "ground_years_to_target": year_reached(ground_flops, target_flops),
        "market_usd_per_flight": price.market_flight_equivalent(),
        "at_cost_usd_per_flight": price.at_cost_per_flight,
        "margin_usd_per_flight": price.margin_per_flight,
        "at_cost_breakdown_usd": dict(price.at_cost_breakdown),
        "orbit_usd_per_pflop_day": float(frame["orbit_usd_per_pflop_day"].iloc[-1]),
        "ground_usd_per_pflop_day": float(frame["ground_usd_per_pflop_day"].iloc[-1]),
        "feasible": camp.feasible,
        "reasons": list(camp.reasons),
    }
    return Timeline(frame, camp, price, cfg, summary)


def compare_pricing(
    source: Any, settings: Mapping[str, Any] | None = None, overrides: Sequence[str] = ()
) -> pd.DataFrame:
    """One system under both launch pricing modes: what owning the rocket changes.

    Parameters
    ----------
    source : skyrack.model.Result, Scenario, preset name or path
        The design.
    settings : mapping, optional
        Deployment settings laid over the scenario's (``pricing`` is set here).
    overrides : sequence of str
        ``path=value`` scenario overrides when ``source`` is not a Result.

    Returns
    -------
    pandas.DataFrame
        One row per mode (``market``, ``at_cost``): USD per flight, launch bill
        and margin over the horizon, total and discounted cost per delivered
        PFLOP-day. Raises :class:`InputError` if the vehicle has no at-cost data.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468, 2025, §2.4 (launch price
           against reuse and margin).
    """
    result = _result(source, overrides)
    rows = []
    for mode in ("market", "at_cost"):
        t = deploy(result, {**dict(settings or {}), "pricing": mode})
        f = t.frame
        rows.append(
            {
                "pricing": mode,
                "usd_per_flight": t.pricing.market_flight_equivalent()
                if mode == "market"
                else t.pricing.at_cost_per_flight,
                "launches": float(f["orbit_launches"].sum()),
                "launch_usd": float(f["orbit_launch_usd"].sum()),
                "margin_not_paid_usd": 0.0 if mode == "market" else float(f["orbit_launch_margin_usd"].sum()),
                "cumulative_cost_usd": float(f["orbit_cumulative_cost_usd"].iloc[-1]),
                "orbit_usd_per_pflop_day": t.summary["orbit_usd_per_pflop_day"],
                "ground_usd_per_pflop_day": t.summary["ground_usd_per_pflop_day"],
            }
        )
    return pd.DataFrame(rows)
