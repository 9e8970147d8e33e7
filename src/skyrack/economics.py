"""Costs of the orbital design and of a terrestrial data center delivering the same compute.

Money is discounted continuously at ρ = ln(1 + r) [1]_ and follows the deployment schedule
(:mod:`skyrack.schedule`): a satellite's hardware is paid as it is built, its launch as it
flies, and its output and running costs flow for its life from the day it enters service;
the fleet goes up as a linear ramp at the binding rate (launch cadence or production). The
ground does the same from its first power (permits, construction, grid queue or on-site
plant), ramping at its build-out cap. Levelised figures divide the present value of cost by
the present value of what is delivered [2]_, so compute that arrives later, or fades as
hardware fails, is worth less.

Failures come in two kinds: recoverable interruptions stop a job until it restarts from its
last checkpoint (they cost goodput, Young/Daly [3]_); permanent losses retire hardware (they
cost capacity in orbit, where nothing is repaired, and repairs on the ground).

References
----------
.. [1] Brealey, Myers & Allen, Principles of Corporate Finance, 13th ed., ch. 2
       (continuous compounding, growing/declining annuities).
.. [2] NREL, "Simple Levelized Cost of Energy (LCOE) Calculator Documentation"
       (levelised cost = PV of costs / PV of output).
.. [3] Young, CACM 17(9) 530-531 (1974); Daly, FGCS 22(3) 303-312 (2006).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .physics import debris
from .physics._arrays import _f as _a, _nan_to, _where
from .physics.constants import YEAR_S
from .physics.reliability import checkpoint_goodput
from .schedule import ground_schedule, ramp_discount_rho

Array = npt.NDArray[np.float64]

HOURS_PER_YEAR = 8766.0
"""Hours in a Julian year (365.25 d)."""
DAYS_PER_YEAR = 365.25
GJ_PER_KWH = 3.6e-3
MEASURED_FACTOR = "simulation.delivery_factor"
"""Flat key: a simulation's measured share of sustained compute delivered by working hardware; replaces
power x thermal x service availability x interruption goodput (:mod:`skyrack.simulated`)."""
MEASURED_LOSS = "simulation.loss_rate"
"""Flat key: a simulation's measured permanent losses per year in orbit; replaces the closed-form rate."""


def annuity(rate: Any, years: Any, decay: Any = 0.0) -> Array:
    """Present value of a flow of 1 per year for ``years`` that decays at ``decay`` per year.

    ∫₀ᴸ exp(−(ρ + λ) t) dt with ρ = ln(1 + rate) [1]_; equals L when ρ + λ = 0.
    """
    return _annuity(np.log1p(_a(rate)), years, decay)


def _annuity(rho: Array, years: Any, decay: Any = 0.0) -> Array:
    k = rho + _a(decay) if np.ndim(decay) or decay else rho
    years = _a(years)
    positive = k > 1e-12
    if positive.all():  # the usual case, without the masked arithmetic
        return -np.expm1(-k * years) / k
    safe = _where(positive, k, 1.0)
    return _where(positive, -np.expm1(-safe * years) / safe, years)


def discount(rate: Any, years: Any) -> Array:
    """Present-value factor (1 + rate)^−years [1]_."""
    return np.exp(-np.log1p(_a(rate)) * _a(years))


@dataclass(frozen=True)
class Rates:
    """Numbers every costing of one evaluation shares: ρ = ln(1 + r), the life, its annuity, the loss rates."""

    rho: Array
    life: Array
    a_life: Array
    losses: Mapping[str, Array]


def rates(p: Mapping[str, Any], dose_failure_rate: Any = 0.0) -> Rates:
    """The shared numbers of :class:`Rates`, computed once per evaluation.

    ``dose_failure_rate`` is the sizing's ``radiation.tid_failure_rate_per_year`` [1/yr].
    """
    rho, life = np.log1p(_a(p["economics.discount_rate"])), _a(p["mission.lifetime"])
    return Rates(rho, life, _annuity(rho, life), loss_rates(p, dose_failure_rate))


def capital_share(rate: Any, horizon_years: Any, asset_life_years: Any) -> Array:
    """Share of an asset's capital cost owed for ``horizon_years`` of its ``asset_life_years`` life.

    The ratio of annuity factors (capital recovery over the horizon) [1]_;
    1 when the horizon reaches the asset's life.
    """
    return np.minimum(1.0, annuity(rate, horizon_years) / annuity(rate, asset_life_years))


def loss_rates(p: Mapping[str, Any], dose_failure_rate: Any = 0.0) -> dict[str, Array]:
    """Permanent hardware losses per year: whole satellites, accelerators in orbit and on the ground.

    The orbital accelerator rate is the ground's (the same part) times
    ``economics.orbit_failure_multiplier``, plus the failures the mission's total
    ionising dose causes (``dose_failure_rate``, from
    :func:`skyrack.physics.radiation_effects.tid_failure_rate`; 0 where the
    accelerator has no published tolerance). The rates add: independent
    failure causes of one part [1]_.

    Returns
    -------
    dict
        ``satellite``, ``accelerator`` (orbit), ``orbit`` (their sum) and ``ground`` [1/yr].

    References
    ----------
    .. [1] MIL-HDBK-217F, *Reliability Prediction of Electronic Equipment*, US DoD, 1991,
       sec. 3 (constant failure rates of independent causes add).
    """
    sat = _a(p["economics.satellite_failure_rate"])
    acc = _a(p["economics.accelerator_failure_rate"]) * _a(p["economics.orbit_failure_multiplier"]) + _nan_to(
        _a(dose_failure_rate), nan=0.0
    )
    return {
        "satellite": sat,
        "accelerator": acc,
        "orbit": _a(p[MEASURED_LOSS]) + 0.0 * acc if MEASURED_LOSS in p else sat + acc,
        "ground": _a(p["terrestrial.accelerator_failure_rate"]),
    }


def interruption_goodput(rate_per_yr: Any, job_accelerators: Any, checkpoint_s: Any, restart_s: Any) -> Array:
    """Share of running time a job does useful work when any of its accelerators may interrupt it.

    A job of N accelerators, each interrupted λ times a year, stops every
    M = 1 / (N λ); checkpointing every √(2δM) it loses √(2δ/M) + R/M of its time [1]_ [2]_.

    Parameters
    ----------
    rate_per_yr : float or array
        Interruptions per accelerator-year λ [1/yr].
    job_accelerators : float or array
        Accelerators the job spans N.
    checkpoint_s, restart_s : float or array
        Checkpoint write time δ and restart time R [s].

    Returns
    -------
    numpy.ndarray
        Goodput in [0, 1] (1 without interruptions).

    References
    ----------
    .. [1] Young, CACM 17(9) 530-531 (1974).
    .. [2] Daly, FGCS 22(3) 303-312 (2006).

    Examples
    --------
    Llama 3: 16,384 H100s at 0.106 interruptions per GPU-year, 60 s checkpoints, 300 s restarts:
    M = 3.15576e7 / 1736.7 = 18,171 s; W = √(120/18,171) + 300/18,171 = 0.0978.

    >>> round(float(interruption_goodput(0.106, 16384, 60.0, 300.0)), 4)
    0.9022
    """
    jobs = _a(rate_per_yr) * _a(job_accelerators) / YEAR_S
    mtbf = _where(jobs > 0, 1.0 / _where(jobs > 0, jobs, 1.0), np.inf)
    return _a(checkpoint_goodput(mtbf, checkpoint_s, restart_s))


def satellite_costs(p: Mapping[str, Any], s: Mapping[str, Array]) -> dict[str, Array]:
    """Hardware cost of one satellite without accelerators, top-down and bottom-up [USD].

    Top-down is ``economics.satellite_cost_per_w`` times the power the basis names (array
    at beginning or end of life, or IT power), or ``satellite_cost_per_kg`` times the dry
    mass without compute; NaN when the number is not given or the basis is ``bottom_up``.
    Bottom-up adds the bus, shielding and heat pump at ``bus_cost_per_kg`` and the catalog
    prices of the array ($/W at beginning of life), battery ($/Wh) and radiator ($/m²).

    Returns
    -------
    dict
        ``top_down``, ``bottom_up`` and ``active`` (top-down where given, else bottom-up) [USD].

    References
    ----------
    .. [1] A. McCalip, Economics of orbital vs terrestrial data centers (2025): $/W of satellite power.
    .. [2] Wertz & Larson, SMAD 3rd ed. ch. 20 (cost by subsystem).
    """
    bottom_up = (
        _a(p["economics.bus_cost_per_kg"])
        * (s["mass.bus_kg"] + s["shielding.mass_kg"] + s["thermal.heat_pump_mass_kg"])
        + _a(p["satellite.power.array_cost"]) * s["power.array_power_bol_w"]
        + _a(p["satellite.power.battery_cost"]) * s["power.battery_wh"]
        + _a(p["satellite.thermal.radiator_cost"]) * s["thermal.radiator_area_m2"]
    )
    basis = p["economics.satellite_cost_basis"]
    bases = {
        "array_bol": s["power.array_power_bol_w"],
        "array_eol": s["power.array_power_eol_w"],
        "it_power": s["compute.it_power_per_satellite_w"],
    }
    if basis == "mass":
        # a published mass below its parts (flagged infeasible) leaves no non-compute mass, not a negative one
        top_down = _a(p["economics.satellite_cost_per_kg"]) * np.maximum(
            s["mass.per_satellite_kg"] - s["compute.mass_kg"], 0.0
        )
    elif basis in bases:
        top_down = _a(p["economics.satellite_cost_per_w"]) * bases[basis]
    else:
        top_down = np.full(np.shape(bottom_up), np.nan)
    top_down = _a(top_down) + 0.0 * bottom_up
    return {"top_down": top_down, "bottom_up": bottom_up, "active": _where(np.isnan(top_down), bottom_up, top_down)}


def _timing(p: Mapping[str, Any], sched: Mapping[str, Array], m: Rates) -> dict[str, Array]:
    """Present value of 1 USD of each kind of orbital flow along the schedule (per generation)."""
    first, complete = sched["schedule.first_launch_yr"], sched["schedule.fleet_complete_yr"]
    service = sched["schedule.first_service_yr"]
    ramp = ramp_discount_rho(m.rho, complete - service)  # satellites enter service evenly over [service, complete]
    online = np.exp(-m.rho * service) * ramp
    flights = np.exp(-m.rho * first) * ramp_discount_rho(m.rho, complete - first)
    horizon = np.maximum(_a(p["deployment.years"]), m.life)
    # NRE and ground segment serve every generation launched within the planning horizon.
    fixed = _where(_a(p["deployment.replace"]) > 0.5, np.minimum(1.0, m.a_life / _annuity(m.rho, horizon)), 1.0)
    return {
        "hardware": np.exp(-m.rho * (service - first)) * ramp,  # built the lead time before it serves
        "launch": flights,
        "insurance": online,
        "running": online * m.a_life,
        "online": online,
        "fixed": fixed,
    }


def orbital(
    p: Mapping[str, Any],
    s: Mapping[str, Array],
    sched: Mapping[str, Array],
    job_accelerators: Array,
    shared: Rates | None = None,
    cost_only: bool = False,
) -> dict[str, Array]:
    """Capex, opex, present values, delivered output, energy cost and emissions of the orbital design.

    ``cost_only`` returns only what its $/PFLOP-day and the ground's need (``pv_cost_usd``,
    ``pv_pflop_days``, ``delivered_flops``), the same numbers: the parity scans' costing.
    """
    m = shared or rates(p)
    life = m.life
    sats = s["constellation.satellites"]
    sat_cost = satellite_costs(p, s)
    bus_hw = sats * sat_cost["active"]
    acc_hw = (
        sats
        * s["compute.units_per_satellite"]
        * _a(p["satellite.compute.unit_price"])
        * _a(p["economics.space_hardware_premium"])
    )
    launch = s["launch.cost_usd"]
    fail = m.losses["orbit"]
    replace = _a(p["economics.replacement"]) > 0.5
    decay, repl = _where(replace, 0.0, fail), _where(replace, fail, 0.0)
    t = _timing(p, sched, m)
    ins, ops, yearly_ins = (_a(p[f"economics.{k}"]) for k in ("launch_insurance", "operations", "in_orbit_insurance"))
    # Present value of one dollar of each kind of spending, all its follow-on costs included.
    k_hw = t["hardware"] + t["insurance"] * ins + t["running"] * (ops + yearly_ins + repl)
    k_launch = t["launch"] + t["insurance"] * ins + t["running"] * repl
    fixed = _a(p["economics.nre"]) + _a(p["economics.ground_segment"])
    pv_acc, pv_bus, pv_launch, pv_fixed = acc_hw * k_hw, bus_hw * k_hw, launch * k_launch, fixed * t["fixed"]
    life_capacity = _annuity(np.zeros_like(m.rho), life, decay)  # undiscounted working years
    mean_capacity = life_capacity / life
    avail = _a(p["economics.service_availability"])
    goodput = interruption_goodput(
        p["economics.interruption_rate"],
        job_accelerators,
        p["economics.checkpoint_time"],
        p["economics.restart_time"],
    )
    util = _a(p["satellite.compute.utilisation"])
    f_pt = s["factors.power"] * s["factors.thermal"]
    sustained = s["compute.peak_bf16_flops"] * _a(p["satellite.compute.sustained_fraction"])
    delivery = f_pt * avail * goodput
    if MEASURED_FACTOR in p:
        delivery = _a(p[MEASURED_FACTOR]) + 0.0 * delivery
    delivered0 = sustained * delivery * util
    out_years = t["online"] * _annuity(m.rho, life, decay)
    pv_cost = pv_acc + pv_bus + pv_launch + pv_fixed
    pv_pflop_days = delivered0 / 1e15 * DAYS_PER_YEAR * out_years
    if cost_only:
        return {"pv_cost_usd": pv_cost, "pv_pflop_days": pv_pflop_days, "delivered_flops": delivered0 * mean_capacity}
    draw = s["compute.it_power_w"] * f_pt * avail * (util + (1.0 - util) * _a(p["satellite.compute.idle_fraction"]))
    capex = (bus_hw + acc_hw + launch) * (1.0 + ins) + fixed
    opex = (bus_hw + acc_hw) * (ops + yearly_ins) + repl * (bus_hw + acc_hw + launch)
    out = {
        "hardware_bus_usd": bus_hw,
        "hardware_accelerators_usd": acc_hw,
        "satellite_cost_top_down_usd": sats * sat_cost["top_down"],
        "satellite_cost_bottom_up_usd": sats * sat_cost["bottom_up"],
        "launch_usd": launch,
        "capex_usd": capex,
        "opex_usd_per_year": opex,
        "pv_cost_usd": pv_cost,
        "pv_infrastructure_usd": pv_bus + pv_launch + pv_fixed,
        "pv_launch_usd": pv_launch,
        "pv_fixed_usd": pv_fixed,
        "launch_pv_per_usd": k_launch,
        "hardware_pv_per_usd": k_hw,
        "tco_undiscounted_usd": capex + opex * life,
        "delivered_flops": delivered0 * mean_capacity,
        "delivered_flops_initial": delivered0,
        "sustained_flops": sustained,
        "availability": avail * mean_capacity,
        "interruption_goodput": goodput,
        "mean_capacity": mean_capacity,
        "pv_pflop_days": pv_pflop_days,
        "pv_accelerator_hours": s["compute.accelerators"] * delivery * util * HOURS_PER_YEAR * out_years,
        "pv_energy_mwh": draw / 1e6 * HOURS_PER_YEAR * out_years,
        "energy_mwh": draw / 1e6 * HOURS_PER_YEAR * life_capacity,
        "failure_rate_per_year": fail,
    }
    out["pv_energy_system_usd"] = _energy_system(p, s, sat_cost, k_hw, k_launch)
    out.update(_orbit_co2e(p, s, 1.0 + repl * life))
    return out


FCC_DISPOSAL_YEARS = 5.0
"""FCC post-mission disposal rule for LEO: re-entry within five years of the end of the mission [4]_."""
DISPOSAL_RELIABILITY_MIN = 0.9
"""Disposal success probability a plan must reach (NASA-STD-8719.14C req. 4.6-4) [5]_."""


def disposal(p: Mapping[str, Any], s: Mapping[str, Array], orb: Mapping[str, Array], shared: Rates) -> dict[str, Array]:
    """Disposal and its rules: the propellant reserved, the FCC five-year rule, dead satellites, their cost.

    - **Rule**: a satellite complies when a dead one re-enters naturally within five years
      (``disposal.natural_decay_years``), or when it is lowered actively to an orbit that does
      (``sustainability.disposal_decay`` ≤ 5 yr) with a planned success probability of at least
      0.9 and the propellant for it on board [4]_ [5]_.
    - **Dead satellites left in orbit**: satellites stop working at N (λ + 1/L) a year (random
      failures at the economics' satellite loss rate, and retirements); the share 1 − R_d whose
      disposal fails stays and decays naturally, and by Little's law N (λ + 1/L)(1 − R_d) × the
      decay time stay dead in orbit (:func:`skyrack.physics.debris.dead_satellites`).
    - **Cost**: the disposal propellant and its tanks are launched with every satellite;
      ``economics.disposal_usd`` is that mass at the fleet's launch price per kg and its present
      value follows launches and replacements (``economics.pv_disposal_usd``). Both are *shares of*
      ``economics.launch_usd`` and ``economics.pv_launch_usd`` (named, not added again);
      ``economics.propulsion_usd`` likewise names all propellant and tanks. Dead satellites cost
      their replacement, which the failure rate already charges.

    Returns
    -------
    dict
        ``disposal.*`` (rule, dead satellites) and ``economics.*`` (disposal and propulsion line items).

    References
    ----------
    .. [4] FCC, Second Report and Order FCC 22-74, "Space Innovation; Mitigation of Orbital Debris in
           the New Space Age", 29 Sep 2022 (five-year post-mission disposal rule).
    .. [5] NASA-STD-8719.14C, *Process for Limiting Orbital Debris*, 2021, req. 4.6-4.
    """
    sats = s["constellation.satellites"]
    decay = s["disposal.natural_decay_years"]
    reliability = _a(p["sustainability.disposal_reliability"])
    planned = (
        (_a(p["sustainability.disposal_decay"]) <= FCC_DISPOSAL_YEARS)
        & (reliability >= DISPOSAL_RELIABILITY_MIN)
        & np.isfinite(s["disposal.deorbit_propellant_kg"])
    )
    passive = decay <= FCC_DISPOSAL_YEARS
    per_year, standing = debris.dead_satellites(sats, shared.losses["satellite"], shared.life, reliability, decay)
    tanks = 1.0 + _a(p["sustainability.tank_fraction"]) * (1.0 + _a(p["satellite.bus.margin"])) / (
        1.0 - _a(p["satellite.bus.structure_fraction"])
    )
    per_kg = s["launch.cost_usd"] / s["mass.total_kg"]
    disposal_usd = sats * s["disposal.deorbit_propellant_kg"] * tanks * per_kg * s["propulsion.modelled"]
    propulsion_usd = sats * s["mass.propellant_kg"] * tanks * per_kg
    return {
        "disposal.passive_compliant": passive.astype(np.float64),
        "disposal.fcc_5yr_compliant": (passive | planned).astype(np.float64),
        "disposal.dead_satellites_per_year": _a(per_year),
        "disposal.dead_satellites_in_orbit": _a(standing),
        "economics.disposal_usd": disposal_usd,
        "economics.pv_disposal_usd": disposal_usd * orb["launch_pv_per_usd"],
        "economics.propulsion_usd": propulsion_usd,
    }


def _energy_system(
    p: Mapping[str, Any], s: Mapping[str, Array], costs: Mapping[str, Array], k_hw: Array, k_launch: Array
) -> Array:
    """Present value of the power system: array, battery, their share of the structure, and its launch [USD].

    The structure (bus) is shared in proportion to mass and launched at the fleet's mean launch
    price per kg. The parts are priced bottom-up; on a top-down basis the power system keeps its
    bottom-up share of the satellite's cost, applied to the top-down total.
    """
    share = (s["power.array_mass_kg"] + s["power.battery_mass_kg"]) / s["mass.payload_kg"]
    structure_kg = s["mass.bus_kg"] * share
    hardware = (
        _a(p["satellite.power.array_cost"]) * s["power.array_power_bol_w"]
        + _a(p["satellite.power.battery_cost"]) * s["power.battery_wh"]
        + _a(p["economics.bus_cost_per_kg"]) * structure_kg
    )
    hardware = hardware * costs["active"] / costs["bottom_up"]
    mass = s["power.array_mass_kg"] + s["power.battery_mass_kg"] + structure_kg
    launch = s["launch.cost_usd"] * mass / s["mass.per_satellite_kg"]
    return s["constellation.satellites"] * hardware * k_hw + launch * k_launch


def _orbit_co2e(p: Mapping[str, Any], s: Mapping[str, Array], generations: Array) -> dict[str, Array]:
    """Life-cycle CO2e of the orbital fleet (replacements included) by source [kg].

    A rideshare (billed by mass) carries its mass share of each launch. Black carbon is kept apart:
    its warming per kg is known only to within an order of magnitude.
    """
    flights = s["launch.billed_mass_kg"] / s["launch.payload_kg"] * generations
    non_compute = np.maximum(s["mass.per_satellite_kg"] - s["compute.mass_kg"], 0.0)  # >= 0 under a published mass
    built_kg = s["constellation.satellites"] * non_compute * generations
    launch = flights * _a(p["launch.co2e_per_launch"])
    propellant = flights * _a(p["launch.propellant_production_co2e"])
    manufacturing = built_kg * _a(p["economics.satellite_manufacturing_co2e"])
    return {
        "co2e_launch_kg": launch,
        "co2e_propellant_kg": propellant,
        "co2e_manufacturing_kg": manufacturing,
        "co2e_kg": launch + propellant + manufacturing,
        "co2e_black_carbon_kg": flights
        * _a(p["launch.black_carbon_per_launch"])
        * _a(p["economics.black_carbon_co2e"]),
    }


def terrestrial_delivered(p: Mapping[str, Any], it_power_w: Any) -> dict[str, Array]:
    """Accelerators and delivered compute of a ground site of ``it_power_w`` (terrestrial-only scenarios).

    One job spans at most the site's accelerators (``economics.job_accelerators`` caps it).
    """
    units = np.floor(_a(it_power_w) / (_a(p["terrestrial.tdp"]) * (1.0 + _a(p["terrestrial.server_overhead"]))))
    job = np.minimum(_a(p["economics.job_accelerators"]), units * _a(p["terrestrial.accelerators_per_unit"]))
    per_unit, _ = _ground_unit(p, job)
    return {"delivered": units * per_unit, "job": job}


def _ground_unit(p: Mapping[str, Any], job_accelerators: Any) -> tuple[Array, Array]:
    """Delivered compute of one ground unit [FLOP/s] and the interruption goodput behind it."""
    goodput = interruption_goodput(
        p["terrestrial.interruption_rate"],
        job_accelerators,
        p["economics.checkpoint_time"],
        p["economics.restart_time"],
    )
    avail, util = _a(p["terrestrial.availability"]), _a(p["satellite.compute.utilisation"])
    return _a(p["terrestrial.bf16_dense"]) * _a(p["terrestrial.sustained_fraction"]) * avail * goodput * util, goodput


def terrestrial(
    p: Mapping[str, Any],
    delivered_flops: Array,
    job_accelerators: Array | None = None,
    shared: Rates | None = None,
    cost_only: bool = False,
) -> dict[str, Array]:
    """A terrestrial data center sized to deliver ``delivered_flops`` (life-average) of the same work.

    A job spans ``economics.job_accelerators`` at most, and at most the site's accelerators
    (counted before interruption losses), unless ``job_accelerators`` is given. ``cost_only``
    returns only ``pv_cost_usd`` and ``pv_pflop_days`` (its $/PFLOP-day), the same numbers.
    """
    m = shared or rates(p)
    life = m.life
    util, avail = _a(p["satellite.compute.utilisation"]), _a(p["terrestrial.availability"])
    if job_accelerators is None:
        whole = _a(p["terrestrial.bf16_dense"]) * _a(p["terrestrial.sustained_fraction"]) * avail * util
        site = delivered_flops / whole * _a(p["terrestrial.accelerators_per_unit"])
        job_accelerators = np.minimum(_a(p["economics.job_accelerators"]), site)
    per_unit, goodput = _ground_unit(p, job_accelerators)
    units = delivered_flops / per_unit
    it_w = units * _a(p["terrestrial.tdp"]) * (1.0 + _a(p["terrestrial.server_overhead"]))
    pue = _a(p["terrestrial.pue"])
    acc_hw = units * _a(p["terrestrial.unit_price"])
    generation_w = it_w * pue / _a(p["terrestrial.capacity_factor"])
    gen_capex = generation_w * _a(p["terrestrial.generation_capex"])
    built = it_w * _a(p["terrestrial.facility_capex"]) + gen_capex
    sched = ground_schedule(p, it_w)
    ramp = ramp_discount_rho(m.rho, sched["ramp"])
    online = np.exp(-m.rho * sched["first_power"]) * ramp
    building = np.exp(-m.rho * np.maximum(sched["first_power"] - _a(p["terrestrial.build_time"]), 0.0)) * ramp
    # The building and power plant outlive the compute: charge the horizon its capital-recovery share.
    share = np.minimum(1.0, m.a_life / _annuity(m.rho, p["terrestrial.facility_life"]))
    draw_w = it_w * avail * (util + (1.0 - util) * _a(p["satellite.compute.idle_fraction"]))
    it_kwh = draw_w / 1e3 * HOURS_PER_YEAR
    site_kwh = it_kwh * pue
    energy_usd = site_kwh * (
        _a(p["terrestrial.electricity_price"])
        + _a(p["terrestrial.heat_rate"]) * GJ_PER_KWH * _a(p["terrestrial.fuel_price"])
    )
    generation_om = generation_w * _a(p["terrestrial.generation_fixed_om"])
    om = it_w * _a(p["terrestrial.fixed_om"]) + generation_om
    repairs = m.losses["ground"] * acc_hw
    running = online * m.a_life
    pv_infra = built * share * building + running * (energy_usd + om)
    pv_cost = pv_infra + acc_hw * online + running * repairs
    pv_pflop_days = delivered_flops / 1e15 * DAYS_PER_YEAR * running
    if cost_only:
        return {"pv_cost_usd": pv_cost, "pv_pflop_days": pv_pflop_days}
    return {
        "units": units,
        "accelerators": units * _a(p["terrestrial.accelerators_per_unit"]),
        "it_power_w": it_w,
        "capex_usd": built + acc_hw,
        "facility_usd": built,
        "accelerators_usd": acc_hw,
        "capex_charged_usd": built * share + acc_hw,
        "opex_usd_per_year": energy_usd + om + repairs,
        "tco_undiscounted_usd": built * share + acc_hw + (energy_usd + om + repairs) * life,
        "pv_cost_usd": pv_cost,
        "pv_infrastructure_usd": pv_infra,
        "pv_energy_system_usd": gen_capex * share * building + running * (energy_usd + generation_om),
        "pv_pflop_days": pv_pflop_days,
        "pv_accelerator_hours": units
        * _a(p["terrestrial.accelerators_per_unit"])
        * avail
        * goodput
        * util
        * HOURS_PER_YEAR
        * running,
        "pv_energy_mwh": it_kwh / 1e3 * running,
        "energy_mwh": site_kwh / 1e3 * life,
        "water_m3": it_kwh * _a(p["terrestrial.wue"]) / 1e3 * life,
        "co2e_kg": site_kwh * _a(p["terrestrial.co2_per_kwh"]) * life,
        "interruption_goodput": goodput,
        "first_power_yr": sched["first_power"],
        "full_power_yr": sched["full_power"],
    }


def levelised_cost(o: Mapping[str, Array]) -> Array:
    """$/PFLOP-day: the present value of every cost over the present value of the PFLOP-days delivered."""
    return o["pv_cost_usd"] / o["pv_pflop_days"]


def levelised(o: Mapping[str, Array]) -> dict[str, Array]:
    """$/PFLOP-day (all-in and infrastructure only), $/accelerator-hour and $/MWh from present values.

    ``infrastructure_usd_per_mwh`` is every cost but the accelerators per MWh the chips draw; it is not
    a cost of energy. ``energy_usd_per_mwh`` counts only the power supply (orbit: array, battery, their
    share of the structure and its launch; ground: generation, fuel or electricity and its O&M).
    """
    return {
        "usd_per_pflop_day": levelised_cost(o),
        "infrastructure_usd_per_pflop_day": o["pv_infrastructure_usd"] / o["pv_pflop_days"],
        "usd_per_accelerator_hour": o["pv_cost_usd"] / o["pv_accelerator_hours"],
        "infrastructure_usd_per_mwh": o["pv_infrastructure_usd"] / o["pv_energy_mwh"],
        "energy_usd_per_mwh": o["pv_energy_system_usd"] / o["pv_energy_mwh"],
    }


def breakeven_launch_usd_per_kg(
    orb: Mapping[str, Array], ground_usd_per_pflop_day: Array, launched_mass_kg: Array
) -> Array:
    """Launch price per kg of satellite at which orbit's $/PFLOP-day equals the ground's.

    Orbital cost is affine in the launch price (launch, its insurance and its
    replacements scale with it), so the root is exact. NaN means no launch
    price suffices: orbit loses even when launch is free.
    """
    base = orb["pv_cost_usd"] - orb["pv_launch_usd"]
    target = ground_usd_per_pflop_day * orb["pv_pflop_days"]
    slope = orb["launch_pv_per_usd"] * launched_mass_kg
    price = (target - base) / slope
    return _where(price >= 0, price, np.nan)
