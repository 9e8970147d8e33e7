"""Costs of the orbital design and of a terrestrial data center delivering the same compute.

Money is discounted continuously at ρ = ln(1 + r) [1]_: capital is spent at
t = 0, and compute, energy and running costs flow from the end of the build
time for the mission's life. Levelised figures divide the present value of
cost by the present value of what is delivered [2]_, so compute that arrives
later, or fades as hardware fails, is worth less.

References
----------
.. [1] Brealey, Myers & Allen, Principles of Corporate Finance, 13th ed., ch. 2
       (continuous compounding, growing/declining annuities).
.. [2] NREL, "Simple Levelized Cost of Energy (LCOE) Calculator Documentation"
       (LCOE = PV of costs / PV of energy).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

HOURS_PER_YEAR = 8766.0
"""Hours in a Julian year (365.25 d)."""
DAYS_PER_YEAR = 365.25
GJ_PER_KWH = 3.6e-3


def _a(x: Any) -> Array:
    return np.asarray(x, dtype=np.float64)


def continuous_rate(rate: Any) -> Array:
    """ρ = ln(1 + rate), the continuous discount rate of an annual ``rate`` [1]_."""
    return np.log1p(_a(rate))


def annuity(rate: Any, years: Any, decay: Any = 0.0, *, rho: Any = None) -> Array:
    """Present value of a flow of 1 per year for ``years`` that decays at ``decay`` per year.

    ∫₀ᴸ exp(−(ρ + λ) t) dt with ρ = ln(1 + rate) [1]_; equals L when ρ + λ = 0.
    ``rho`` is :func:`continuous_rate` of ``rate`` if already computed.
    """
    k = (continuous_rate(rate) if rho is None else rho) + _a(decay)
    years = _a(years)
    positive = k > 1e-12
    safe = np.where(positive, k, 1.0)
    return np.where(positive, -np.expm1(-safe * years) / safe, years)


def discount(rate: Any, years: Any, *, rho: Any = None) -> Array:
    """Present-value factor (1 + rate)^−years [1]_ (``rho`` as in :func:`annuity`)."""
    return np.exp(-(continuous_rate(rate) if rho is None else rho) * _a(years))


def capital_share(rate: Any, horizon_years: Any, asset_life_years: Any, *, rho: Any = None) -> Array:
    """Share of an asset's capital cost owed for ``horizon_years`` of its ``asset_life_years`` life.

    The ratio of annuity factors (capital recovery over the horizon) [1]_;
    1 when the horizon reaches the asset's life.
    """
    return np.minimum(1.0, annuity(rate, horizon_years, rho=rho) / annuity(rate, asset_life_years, rho=rho))


def orbital(p: Mapping[str, Any], s: Mapping[str, Array]) -> dict[str, Array]:
    """Capex, opex, present values and delivered output of the orbital design."""
    r, life, build = _a(p["economics.discount_rate"]), _a(p["mission.lifetime"]), _a(p["mission.build_time"])
    sats = s["constellation.satellites"]
    bottom_up = (
        _a(p["economics.bus_cost_per_kg"])
        * (s["mass.bus_kg"] + s["shielding.mass_kg"] + s["thermal.heat_pump_mass_kg"])
        + _a(p["satellite.power.array_cost"]) * s["power.array_power_bol_w"]
        + _a(p["satellite.power.battery_cost"]) * s["power.battery_wh"]
        + _a(p["satellite.thermal.radiator_cost"]) * s["thermal.radiator_area_m2"]
    )
    per_w = _a(p["economics.satellite_cost_per_w"])
    bus_hw = sats * np.where(np.isnan(per_w), bottom_up, per_w * s["power.array_power_bol_w"])
    acc_hw = (
        sats
        * s["compute.units_per_satellite"]
        * _a(p["satellite.compute.unit_price"])
        * _a(p["economics.space_hardware_premium"])
    )
    launch = s["launch.cost_usd"]
    fail = _a(p["economics.satellite_failure_rate"]) + _a(p["economics.accelerator_failure_rate"]) * _a(
        p["economics.orbit_failure_multiplier"]
    )
    replace = _a(p["economics.replacement"]) > 0.5
    decay = np.where(replace, 0.0, fail)
    rho = continuous_rate(r)  # computed once: each discount factor below reuses it
    start = discount(r, build, rho=rho)
    running = start * annuity(r, life, rho=rho)
    ins, ops, yearly_ins = (
        _a(p["economics.launch_insurance"]),
        _a(p["economics.operations"]),
        _a(p["economics.in_orbit_insurance"]),
    )
    repl = np.where(replace, fail, 0.0)
    # Present value of one dollar of each kind of spending, all its follow-on costs included.
    k_hw = 1.0 + ins + running * (ops + yearly_ins + repl)
    k_launch = 1.0 + ins + running * repl
    fixed = _a(p["economics.nre"]) + _a(p["economics.ground_segment"])
    pv_acc, pv_bus, pv_launch = acc_hw * k_hw, bus_hw * k_hw, launch * k_launch
    capex = (bus_hw + acc_hw + launch) * (1.0 + ins) + fixed
    opex = (bus_hw + acc_hw) * (ops + yearly_ins) + repl * (bus_hw + acc_hw + launch)
    capacity_years = annuity(0.0, life, decay)  # years of full capacity over the life
    mean_capacity = capacity_years / life
    avail = _a(p["economics.service_availability"])
    util = _a(p["satellite.compute.utilisation"])
    f_pt = s["factors.power"] * s["factors.thermal"]
    sustained = s["compute.peak_bf16_flops"] * _a(p["satellite.compute.sustained_fraction"])
    delivered0 = sustained * f_pt * avail * util
    out_years = start * annuity(r, life, decay, rho=rho)
    draw = s["compute.it_power_w"] * f_pt * avail * (util + (1.0 - util) * _a(p["satellite.compute.idle_fraction"]))
    return {
        "hardware_bus_usd": bus_hw,
        "hardware_accelerators_usd": acc_hw,
        "launch_usd": launch,
        "capex_usd": capex,
        "opex_usd_per_year": opex,
        "pv_cost_usd": pv_acc + pv_bus + pv_launch + fixed,
        "pv_infrastructure_usd": pv_bus + pv_launch + fixed,
        "pv_launch_usd": pv_launch,
        "launch_pv_per_usd": k_launch,
        "tco_undiscounted_usd": capex + opex * life,
        "delivered_flops": delivered0 * mean_capacity,
        "delivered_flops_initial": delivered0,
        "sustained_flops": sustained,
        "availability": avail * mean_capacity,
        "mean_capacity": mean_capacity,
        "pv_pflop_days": delivered0 / 1e15 * DAYS_PER_YEAR * out_years,
        "pv_accelerator_hours": s["compute.accelerators"] * f_pt * avail * util * HOURS_PER_YEAR * out_years,
        "pv_energy_mwh": draw / 1e6 * HOURS_PER_YEAR * out_years,
        "energy_mwh": draw / 1e6 * HOURS_PER_YEAR * capacity_years,
        "failure_rate_per_year": fail,
        # A rideshare (billed by mass) carries its mass share of the launch's emissions.
        "co2e_kg": s["launch.billed_mass_kg"]
        / s["launch.payload_kg"]
        * (1.0 + repl * life)
        * _a(p["launch.co2e_per_launch"]),
    }


def terrestrial(p: Mapping[str, Any], delivered_flops: Array) -> dict[str, Array]:
    """A terrestrial data center sized to deliver ``delivered_flops`` (life-average) of the same work."""
    r, life = _a(p["economics.discount_rate"]), _a(p["mission.lifetime"])
    build = _a(p["terrestrial.build_time"])
    util, avail = _a(p["satellite.compute.utilisation"]), _a(p["terrestrial.availability"])
    per_unit = _a(p["terrestrial.bf16_dense"]) * _a(p["terrestrial.sustained_fraction"]) * avail * util
    units = delivered_flops / per_unit
    it_w = units * _a(p["terrestrial.tdp"]) * (1.0 + _a(p["terrestrial.server_overhead"]))
    pue = _a(p["terrestrial.pue"])
    acc_hw = units * _a(p["terrestrial.unit_price"])
    generation_w = it_w * pue / _a(p["terrestrial.capacity_factor"])
    built = it_w * _a(p["terrestrial.facility_capex"]) + generation_w * _a(p["terrestrial.generation_capex"])
    # The building and power plant outlive the compute: charge the horizon its capital-recovery share.
    rho = continuous_rate(r)
    horizon = annuity(r, life, rho=rho)
    # capital_share(r, life, facility_life), the horizon's annuity computed once for it and for `running`
    facility = built * np.minimum(1.0, horizon / annuity(r, p["terrestrial.facility_life"], rho=rho))
    draw_w = it_w * avail * (util + (1.0 - util) * _a(p["satellite.compute.idle_fraction"]))
    it_kwh = draw_w / 1e3 * HOURS_PER_YEAR
    site_kwh = it_kwh * pue
    energy_usd = site_kwh * (
        _a(p["terrestrial.electricity_price"])
        + _a(p["terrestrial.heat_rate"]) * GJ_PER_KWH * _a(p["terrestrial.fuel_price"])
    )
    om = it_w * _a(p["terrestrial.fixed_om"]) + generation_w * _a(p["terrestrial.generation_fixed_om"])
    repairs = _a(p["terrestrial.accelerator_failure_rate"]) * acc_hw
    running = discount(r, build, rho=rho) * horizon
    pv_infra = facility + running * (energy_usd + om)
    return {
        "units": units,
        "accelerators": units * _a(p["terrestrial.accelerators_per_unit"]),
        "it_power_w": it_w,
        "capex_usd": built + acc_hw,
        "capex_charged_usd": facility + acc_hw,
        "opex_usd_per_year": energy_usd + om + repairs,
        "tco_undiscounted_usd": facility + acc_hw + (energy_usd + om + repairs) * life,
        "pv_cost_usd": pv_infra + acc_hw + running * repairs,
        "pv_infrastructure_usd": pv_infra,
        "pv_pflop_days": delivered_flops / 1e15 * DAYS_PER_YEAR * running,
        "pv_accelerator_hours": units
        * _a(p["terrestrial.accelerators_per_unit"])
        * avail
        * util
        * HOURS_PER_YEAR
        * running,
        "pv_energy_mwh": it_kwh / 1e3 * running,
        "energy_mwh": site_kwh / 1e3 * life,
        "water_m3": it_kwh * _a(p["terrestrial.wue"]) / 1e3 * life,
        "co2e_kg": site_kwh * _a(p["terrestrial.co2_per_kwh"]) * life,
    }


def levelised(o: Mapping[str, Array]) -> dict[str, Array]:
    """$/PFLOP-day, $/accelerator-hour and LCOE ($/MWh to the chips) from present values."""
    return {
        "usd_per_pflop_day": o["pv_cost_usd"] / o["pv_pflop_days"],
        "usd_per_accelerator_hour": o["pv_cost_usd"] / o["pv_accelerator_hours"],
        "lcoe_usd_per_mwh": o["pv_infrastructure_usd"] / o["pv_energy_mwh"],
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
    return np.where(price >= 0, price, np.nan)
