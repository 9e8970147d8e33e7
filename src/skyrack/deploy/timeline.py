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
.. [3] JLL 2026 Global Data Center Outlook (time to utility power of data-center loads).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..feasibility import LAUNCH_CADENCE, PRODUCTION_RATE
from ..physics.launch import wright_unit_price
from .campaign import Campaign, campaign_inputs, launch_cadence, schedule
from .money import Cohorts, levelised_over_horizon, yearly_flow, yearly_payments
from .pricing import LaunchPricing, launch_pricing, learning_multipliers
from .settings import Deployment, parse_deployment, settings_for

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
        """The design's verdict (:mod:`skyrack.feasibility`): the same as ``skyrack design`` gives."""
        return not self.summary.get("reasons")

    @property
    def reasons(self) -> list[str]:
        """Why the design is infeasible (empty when feasible), as ``skyrack design`` says it."""
        return list(self.summary.get("reasons", []))

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

    The design is re-evaluated with the campaign's settings, so ``deploy`` and ``design`` reach the
    same verdict (:mod:`skyrack.feasibility`). Money follows cohorts (:mod:`skyrack.deploy.money`):
    the summary's levelised cost over the horizon credits the residual value of hardware that
    outlives it, and agrees with the closed-form design's for a steady programme.

    Parameters
    ----------
    source : skyrack.model.Result, Scenario, preset name or path
        The design (sized with ``parity=False`` when not already a Result).
    settings : Deployment or mapping, optional
        Deployment settings; a mapping is laid over the scenario's section.
    overrides : sequence of str
        ``path=value`` scenario overrides when ``source`` is not a Result.

    Returns
    -------
    Timeline
        The year-by-year frame, the campaign, the pricing and a summary (with every
        deployment assumption and its source).

    Raises
    ------
    InputError
        Bad settings, zero cadence, a physically infeasible design (e.g. a satellite
        that fits no fairing), a terrestrial-only scenario, or at-cost pricing without
        at-cost data.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
    .. [2] JLL 2026 Global Data Center Outlook (time to grid power).
    .. [3] Brealey, Myers & Allen, *Principles of Corporate Finance*, ch. 2.
    """
    from ..model import Result

    if isinstance(settings, Mapping) and not isinstance(source, Result):
        parse_deployment(settings)  # named errors before any design work
        overrides = [*overrides, *(f"deployment.{key}={json.dumps(value)}" for key, value in settings.items())]
        settings = None
    result = _result(source, overrides)
    cfg = settings if isinstance(settings, Deployment) else settings_for(result, settings)
    if cfg != result.scenario.deployment:  # the design must see the same deployment as the campaign
        result = _result(result.scenario.model_copy(update={"deployment": cfg}), ())
    if result.scenario.kind == "terrestrial":
        raise InputError("scenario", result.scenario.name, "a terrestrial scenario has no launch campaign to plan")
    if int(result["feasibility.code"]) & ~(LAUNCH_CADENCE | PRODUCTION_RATE):
        field_name = result.reasons[0].split(":", 1)[0] if result.reasons else "scenario"
        raise InputError(field_name, result.scenario.name, "the design is infeasible: " + "; ".join(result.reasons))

    from ..params import catalog_for

    p = result.params
    catalog = catalog_for(result.scenario)
    vehicle = catalog.entry("launchers", str(p["launch.vehicle"]), field="launch.vehicle")
    camp = _campaign(result, cfg, vehicle)
    price = launch_pricing(p, vehicle, float(result["launch.payload_kg"]), cfg.pricing)
    learn = learning_multipliers(
        camp.mass_launched_kg, float(p["launch.prior_cumulative_mass"]), float(p["launch.learning_rate"])
    )
    launch_usd = price.cost(camp.launches, camp.mass_launched_kg, learn)
    margin = (
        price.margin(camp.launches, camp.mass_launched_kg, learn)
        if math.isfinite(price.at_cost_per_flight)
        else np.full(cfg.years, np.nan)
    )
    orbit = _orbit_money(result, cfg, camp, launch_usd)
    ground = _ground_money(result, cfg)
    frame = _frame(result, cfg, camp, launch_usd, margin, orbit, ground)
    summary = _summary(result, cfg, camp, price, frame, orbit, ground)
    summary["assumptions"] = assumptions(result, catalog)
    return Timeline(frame, camp, price, cfg, summary)


def _campaign(result: Result, cfg: Deployment, vehicle: Any) -> Campaign:
    v, p = result.values, result.params
    shape = campaign_inputs(v, p, None)
    replace_failed = float(p["economics.replacement"]) > 0.5
    return schedule(
        float(v["constellation.satellites"]),
        float(v["mass.per_satellite_kg"]),
        shape["satellites_per_launch"],
        shape["launches_per_satellite"],
        launch_cadence(cfg.vehicles, float(p["deployment.flights_per_vehicle"]), cfg.turnaround),
        cfg.years,
        float(p["mission.lifetime"]),
        lead_time_yr=float(p["mission.build_time"]),
        failure_rate=float(p["economics.satellite_failure_rate"]),
        manufacturing_rate=float(v["schedule.production_per_year"]),
        manufacturing_learning_rate=cfg.manufacturing_learning_rate,
        replace=cfg.replace,
        replace_failed=replace_failed,
        fuel_per_launch_kg=float(vehicle.get("propellant_fuel_mass", 0.0)),
        co2e_per_launch_kg=float(p["launch.co2e_per_launch"]),
    )


def _launch_times(result: Result, camp: Campaign) -> NDArray[np.float64]:
    """Mean time of each year's launches [yr after the go decision].

    Launches run from the lead time at the fleet's cadence; a year that launches less than its
    capacity because satellites are still being built spreads them over its part of the year.
    """
    years = camp.launches.size
    lead = float(result.params["mission.build_time"])
    start = np.maximum(np.arange(years, dtype=float), lead)
    window = np.clip(np.arange(years, dtype=float) + 1.0 - start, 0.0, 1.0)
    fill = np.clip(camp.launches / np.maximum(camp.cadence_per_year * window, 1e-12), 0.0, 1.0)
    built = np.nan_to_num(camp.satellites_built, nan=np.inf)
    stock_bound = np.cumsum(camp.satellites_launched) >= np.floor(built + 1e-9) - 0.5
    return start + 0.5 * window * np.where(stock_bound, 1.0, fill)


def _service_times(result: Result, camp: Campaign, launched_at: NDArray[np.float64]) -> NDArray[np.float64]:
    """When each year's satellites enter service: at launch, or with their last part when assembled in orbit.

    A module of n parts is complete at the n-th, 2n-th, ... launch; parts fly at the cadence from the
    year's first launch, so the year's mean completion time follows from the launch count.
    """
    if camp.satellites_per_launch >= 1:
        return launched_at
    years = np.arange(camp.launches.size, dtype=float)
    start = np.maximum(years, float(result.params["mission.build_time"]))
    before = np.cumsum(camp.launches) - camp.launches
    modules_before = np.cumsum(camp.satellites_launched) - camp.satellites_launched
    mean_module = modules_before + 0.5 * (camp.satellites_launched + 1.0)
    done = start + (camp.launches_per_satellite * mean_module - before) / camp.cadence_per_year
    return np.where(camp.satellites_launched > 0, np.clip(done, start, years + 1.0), launched_at)


def _next_cohort(cohort: NDArray[np.float64]) -> NDArray[np.intp]:
    """For each year, the first year at or after it that completes satellites (the last one if none)."""
    years = np.arange(cohort.size)
    filled = np.nonzero(cohort > 0)[0]
    if filled.size == 0:
        return years
    idx = np.searchsorted(filled, years)
    return filled[np.minimum(idx, filled.size - 1)]


def _orbit_money(result: Result, cfg: Deployment, camp: Campaign, launch_usd: NDArray[np.float64]) -> dict[str, Any]:
    """The orbit's cohorts (a year's satellites), their cost and output, and the levelised figure."""
    v, p = result.values, result.params
    sats = float(v["constellation.satellites"])
    replacement = float(p["economics.replacement"]) > 0.5
    cohort = camp.satellites_launched - (camp.failures_replaced if replacement else 0.0)
    launched_at = _launch_times(result, camp)
    born = _service_times(result, camp, launched_at)
    lead, life = float(p["mission.build_time"]), float(p["mission.lifetime"])
    loss = float(v["economics.failure_rate_per_year"])
    decay = np.full(cohort.size, 0.0 if replacement else loss)
    hw_per_sat = (float(v["economics.hardware_bus_usd"]) + float(v["economics.hardware_accelerators_usd"])) / sats
    cum_up = np.cumsum(cohort) - 0.5 * cohort
    ref = float(v["schedule.production_per_year"])
    learning = np.asarray(
        wright_unit_price(1.0, ref, np.maximum(cum_up, ref), cfg.manufacturing_learning_rate), dtype=float
    )
    hardware = cohort * hw_per_sat * learning
    # Each year's launch bill belongs to the satellites it completes (the next cohort, for parts of a
    # satellite assembled in orbit); replacements of failed satellites are paid as running costs.
    owner = _next_cohort(cohort)
    replaced = np.divide(camp.failures_replaced, camp.satellites_launched, out=np.zeros(cohort.size),
                         where=camp.satellites_launched > 0) if replacement else np.zeros(cohort.size)  # fmt: skip
    launch = np.zeros(cohort.size)
    np.add.at(launch, owner, launch_usd * (1.0 - replaced))
    ins = float(p["economics.launch_insurance"])
    running_rate = hardware * (float(p["economics.operations"]) + float(p["economics.in_orbit_insurance"]))
    if replacement:
        running_rate = running_rate + loss * (hardware + launch)
    level = cohort / sats * float(v["economics.delivered_flops_initial"]) / 1e15 * DAYS_PER_YEAR  # PFLOP-days/yr
    lives = np.full(cohort.size, life)
    out = Cohorts(born, level, lives, decay, hardware, np.maximum(born - lead, 0.0))
    paid = Cohorts(born[owner], level[owner], lives[owner], decay[owner], launch_usd * (1.0 - replaced), launched_at)
    insured = Cohorts(born, level, lives, decay, ins * (hardware + launch), born)
    run = Cohorts(born, running_rate, lives, np.zeros(cohort.size), np.zeros(cohort.size), born)
    fixed = float(p["economics.nre"]) + float(p["economics.ground_segment"])
    rho = math.log1p(float(p["economics.discount_rate"]))
    cost, delivered, per = levelised_over_horizon(out, [paid, insured], [run], fixed, rho, float(cfg.years))
    years = cfg.years
    spend = (
        yearly_payments(hardware, out.paid, years)
        + yearly_payments(paid.capital, launched_at, years)
        + yearly_payments(insured.capital, born, years)
        + yearly_flow(run, years)
    )
    spend[0] += fixed
    return {"cohorts": out, "spend": spend, "pflop_days": yearly_flow(out, years), "usd_per_pflop_day": per,
            "pv_cost": cost, "pv_pflop_days": delivered}  # fmt: skip


def _ground_money(result: Result, cfg: Deployment) -> dict[str, Any]:
    """The ground's tranches (IT power added each year), their accelerators refreshed on the orbit's life."""
    v, p = result.values, result.params
    years, life = cfg.years, float(p["mission.lifetime"])
    target_w = float(v["terrestrial.it_power_w"])
    first = float(v["terrestrial.first_power_yr"])
    rate = float(p["deployment.max_power_per_year"])
    full = first + target_w / rate
    edges = np.arange(years + 1, dtype=float)
    added = np.diff(np.clip((edges - first) * rate, 0.0, target_w))
    on = np.clip(edges[:-1], first, full), np.clip(edges[1:], first, full)
    born = 0.5 * (on[0] + on[1])
    keep = added > 0
    born, added = born[keep], added[keep]
    refresh = cfg.replace
    generations = math.ceil(years / life) + 1 if refresh else 1
    acc_born = (born[None, :] + life * np.arange(generations)[:, None]).reshape(-1)
    acc_level = np.tile(added, generations)
    alive = acc_born < years
    acc_born, acc_level = acc_born[alive], acc_level[alive]
    per_w = float(v["economics.delivered_flops"]) / target_w / 1e15 * DAYS_PER_YEAR  # PFLOP-days/yr per W
    acc_per_w = float(v["terrestrial.accelerators_usd"]) / target_w
    fac_per_w = float(v["terrestrial.facility_usd"]) / target_w
    opex_per_w = float(v["terrestrial.opex_usd_per_year"]) / target_w
    n = acc_born.size
    out = Cohorts(acc_born, acc_level * per_w, np.full(n, life), np.zeros(n), acc_level * acc_per_w, acc_born)
    facility_life = float(p["terrestrial.facility_life"])
    used = (years - born) if refresh else np.full(born.size, life)
    construction = float(p["terrestrial.build_time"])
    zero = np.zeros(born.size)
    # the hall and plant are rebuilt when they reach their own life, as long as the site is used
    rebuilds = math.ceil(years / facility_life) + 1 if refresh else 1
    hall_born = (born[None, :] + facility_life * np.arange(rebuilds)[:, None]).reshape(-1)
    hall_used = np.tile(used, rebuilds) - (hall_born - np.tile(born, rebuilds))
    keep = (hall_born < years) & (hall_used > 0)
    hall_born, hall_used, hall_added = hall_born[keep], hall_used[keep], np.tile(added, rebuilds)[keep]
    hall = Cohorts(hall_born, hall_added, np.full(hall_born.size, facility_life), np.zeros(hall_born.size),
                   hall_added * fac_per_w, np.maximum(hall_born - construction, 0.0), serve=hall_used)  # fmt: skip
    run = Cohorts(born, added * opex_per_w, used, zero, zero, born)
    rho = math.log1p(float(p["economics.discount_rate"]))
    cost, delivered, per = levelised_over_horizon(out, [hall], [run], 0.0, rho, float(years))
    spend = (
        yearly_payments(out.capital, acc_born, years)
        + yearly_payments(hall.capital, hall.paid, years)
        + yearly_flow(run, years)
    )
    end_w = np.clip((edges[1:] - first) * rate, 0.0, target_w)
    return {"spend": spend, "pflop_days": yearly_flow(out, years), "end_w": end_w, "usd_per_pflop_day": per,
            "first_power": first, "pv_cost": cost, "pv_pflop_days": delivered}  # fmt: skip


def _frame(
    result: Result,
    cfg: Deployment,
    camp: Campaign,
    launch_usd: NDArray[np.float64],
    margin: NDArray[np.float64],
    orbit: Mapping[str, Any],
    ground: Mapping[str, Any],
) -> pd.DataFrame:
    """One row per year: launches, satellites, compute online and spending on both sides."""
    v, p = result.values, result.params
    years = cfg.years
    r = float(p["economics.discount_rate"])
    out: Cohorts = orbit["cohorts"]
    t_end = np.arange(1, years + 1, dtype=float)
    age = t_end[:, None] - out.born[None, :]
    alive = (age >= 0) & (age < out.life[None, :])
    online = np.where(alive, np.exp(-out.decay[None, :] * np.maximum(age, 0.0)), 0.0) * out.level[None, :]
    sats = float(v["constellation.satellites"])
    full = float(v["economics.delivered_flops_initial"]) / 1e15 * DAYS_PER_YEAR
    share = online.sum(axis=1) / full if full > 0 else np.zeros(years)
    full_flops = float(v["economics.delivered_flops"])
    ground_w = float(v["terrestrial.it_power_w"])
    return pd.DataFrame(
        {
            "year": int(p["mission.start_year"]) + np.arange(years),
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
            "orbit_it_mw": share * float(v["compute.it_power_w"]) / 1e6,
            "orbit_pflops": share * float(v["economics.delivered_flops_initial"]) / 1e15,
            "orbit_cost_usd": orbit["spend"],
            "orbit_cumulative_cost_usd": np.cumsum(orbit["spend"]),
            "orbit_pflop_days": orbit["pflop_days"],
            "orbit_usd_per_pflop_day": discounted_cost_per_output(orbit["spend"], orbit["pflop_days"], r),
            "ground_it_mw": ground["end_w"] / 1e6,
            "ground_pflops": ground["end_w"] / ground_w * full_flops / 1e15 if ground_w > 0 else 0.0 * t_end,
            "ground_cost_usd": ground["spend"],
            "ground_cumulative_cost_usd": np.cumsum(ground["spend"]),
            "ground_pflop_days": ground["pflop_days"],
            "ground_usd_per_pflop_day": discounted_cost_per_output(ground["spend"], ground["pflop_days"], r),
        }
    ).assign(orbit_satellites_in_orbit=np.minimum(camp.satellites_in_orbit, sats))


def _summary(
    result: Result,
    cfg: Deployment,
    camp: Campaign,
    price: LaunchPricing,
    frame: pd.DataFrame,
    orbit: Mapping[str, Any],
    ground: Mapping[str, Any],
) -> dict[str, Any]:
    v, p = result.values, result.params
    sats = float(v["constellation.satellites"])
    full_flops = float(v["economics.delivered_flops"])
    target = full_flops if cfg.target_compute is None else cfg.target_compute
    return {
        "scenario": result.scenario.name,
        "vehicle": str(p["launch.vehicle"]),
        "pricing": cfg.pricing,
        "vehicles": cfg.vehicles,
        "flights_per_year": camp.cadence_per_year,
        "hours_between_flights": camp.hours_between_flights,
        "satellites": sats,
        "satellites_per_launch": camp.satellites_per_launch,
        "launches_per_satellite": camp.launches_per_satellite,
        "initial_launches": camp.initial_launches,
        "years_to_full_fleet": camp.years_to_full,
        "target_pflops": target / 1e15,
        "orbit_years_to_target": year_reached(frame["orbit_pflops"].to_numpy() * 1e15, target),
        "ground_first_power_years": ground["first_power"],
        "ground_years_to_target": year_reached(frame["ground_pflops"].to_numpy() * 1e15, target),
        "market_usd_per_flight": price.market_flight_equivalent(),
        "at_cost_usd_per_flight": price.at_cost_per_flight,
        "margin_usd_per_flight": price.margin_per_flight,
        "at_cost_breakdown_usd": dict(price.at_cost_breakdown),
        "orbit_usd_per_pflop_day": orbit["usd_per_pflop_day"],
        "ground_usd_per_pflop_day": ground["usd_per_pflop_day"],
        "design_orbit_usd_per_pflop_day": float(v["economics.usd_per_pflop_day"]),
        "design_ground_usd_per_pflop_day": float(v["terrestrial.usd_per_pflop_day"]),
        "feasible": result.feasible,
        "reasons": list(result.reasons),
    }


ASSUMPTIONS: tuple[str, ...] = (
    "mission.build_time",
    "mission.lifetime",
    "launch.vehicle",
    "deployment.pricing",
    "deployment.years",
    "deployment.vehicles",
    "deployment.flights_per_vehicle",
    "deployment.turnaround",
    "deployment.manufacturing_rate",
    "deployment.production_small",
    "deployment.production_medium",
    "deployment.production_large_mass",
    "deployment.manufacturing_learning_rate",
    "launch.learning_rate",
    "deployment.replace",
    "economics.replacement",
    "economics.satellite_failure_rate",
    "deployment.permitting_time",
    "terrestrial.build_time",
    "deployment.interconnection_wait",
    "deployment.generation_build_time",
    "deployment.max_power_per_year",
    "terrestrial.facility_life",
    "economics.discount_rate",
)
"""The numbers and choices a campaign rests on; :func:`assumptions` lists each with its value and source."""


def assumptions(result: Result, catalog: Any = None) -> list[dict[str, str]]:
    """Every deployment assumption of a design: parameter, value and where the value comes from.

    Returns
    -------
    list of dict
        ``parameter``, ``value`` (in the parameter's usual unit) and ``source`` (the scenario, the
        catalog record it falls back to, or the schema default's source).
    """
    from ..params import source_of
    from ..scenario.registry import parameter

    rows = []
    for path in ASSUMPTIONS:
        param, value = parameter(path), result.params[path]
        if param.kind == "choice":
            shown = str(value)
        elif param.kind == "flag":
            shown = "true" if float(value) > 0.5 else "false"
        elif not math.isfinite(float(value)):
            shown = "not set" if math.isnan(float(value)) else "no limit"
        else:
            shown = param.display(float(value))
        rows.append({"parameter": path, "value": shown, "source": source_of(result.scenario, path, catalog)})
    production = float(result.values["schedule.production_per_year"])
    rows.append(
        {
            "parameter": "schedule.production_per_year",
            "value": f"{production:,.4g} /yr",
            "source": "deployment.manufacturing_rate if set, else the class rate of the satellite's dry mass "
            f"({float(result.values['mass.per_satellite_kg']):,.0f} kg)",
        }
    )
    return rows


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
