"""The economics' building blocks against numbers worked out by hand (present values, capital share,
loss rates, levelised cost, the break-even launch price, the ground site's schedule and compute)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.economics import (
    annuity,
    breakeven_launch_usd_per_kg,
    capital_share,
    discount,
    levelised,
    levelised_cost,
    loss_rates,
    terrestrial_delivered,
)
from skyrack.schedule import ground_schedule, ramp_discount_rho

# 8 % a year: rho = ln 1.08, and 1.08^-5 and 1.08^-10 by hand
RHO = 0.0769610411361284
V5, V10 = 0.6805831970, 0.4631934881


def test_annuity_is_the_integral_of_the_discounted_flow() -> None:
    # ∫0^10 exp(-rho t) dt = (1 - 1.08^-10) / ln 1.08
    assert float(annuity(0.08, 10.0)) == pytest.approx((1.0 - V10) / RHO, rel=1e-9)
    assert float(annuity(0.08, 10.0)) == pytest.approx(6.97504, rel=1e-6)
    # no discounting, decay 0.1 a year: (1 - e^-1) / 0.1
    assert float(annuity(0.0, 10.0, 0.1)) == pytest.approx(6.321206, rel=1e-6)
    # rate and decay cancel (rho + lambda = 0): the plain length
    assert float(annuity(0.0, 7.5)) == 7.5
    assert float(annuity(math.expm1(0.05), 4.0, -0.05)) == pytest.approx(4.0, rel=1e-12)


def test_discount_factor() -> None:
    assert float(discount(0.08, 5.0)) == pytest.approx(V5, rel=1e-9)
    assert float(discount(0.08, 0.0)) == 1.0


def test_capital_share_is_the_ratio_of_annuities() -> None:
    # five years of a ten-year asset: (1 - 1.08^-5) / (1 - 1.08^-10) = 0.31942 / 0.53681
    assert float(capital_share(0.08, 5.0, 10.0)) == pytest.approx((1.0 - V5) / (1.0 - V10), rel=1e-9)
    assert float(capital_share(0.08, 5.0, 10.0)) == pytest.approx(0.595032, rel=1e-6)
    assert float(capital_share(0.08, 12.0, 10.0)) == 1.0  # the horizon outlives the asset: all of it


def test_ramp_discount_averages_the_discount_over_the_ramp() -> None:
    # (1 - 1.08^-5) / (5 ln 1.08): the mean of 1.08^-t over five years
    assert float(ramp_discount_rho(RHO, 5.0)) == pytest.approx((1.0 - V5) / (5.0 * RHO), rel=1e-9)
    assert float(ramp_discount_rho(RHO, 0.0)) == 1.0  # everything at once


RATES = {
    "economics.satellite_failure_rate": 0.01,
    "economics.accelerator_failure_rate": 0.02,
    "economics.orbit_failure_multiplier": 2.0,
    "terrestrial.accelerator_failure_rate": 0.03,
}


def test_loss_rates_of_independent_causes_add() -> None:
    rates = loss_rates(RATES, 0.005)
    # orbital accelerators: 0.02 x 2 + 0.005 from the dose; the orbit: that plus whole satellites
    assert float(rates["accelerator"]) == pytest.approx(0.045, rel=1e-12)
    assert float(rates["orbit"]) == pytest.approx(0.055, rel=1e-12)
    assert float(rates["satellite"]) == 0.01 and float(rates["ground"]) == 0.03
    assert float(loss_rates(RATES, math.nan)["accelerator"]) == pytest.approx(0.04, rel=1e-12)  # no tolerance
    # a simulation's measured rate replaces the closed form in orbit
    assert float(loss_rates({**RATES, "simulation.loss_rate": 0.07}, 0.005)["orbit"]) == 0.07


def _present_values() -> dict[str, np.ndarray]:
    return {
        "pv_cost_usd": np.array(1.0e9),
        "pv_infrastructure_usd": np.array(4.0e8),
        "pv_launch_usd": np.array(3.0e8),
        "pv_pflop_days": np.array(2.0e5),
        "pv_accelerator_hours": np.array(5.0e7),
        "pv_energy_mwh": np.array(8.0e5),
        "pv_energy_system_usd": np.array(1.2e8),
        "launch_pv_per_usd": np.array(1.5),
    }


def test_levelised_costs_are_present_value_ratios() -> None:
    pv = _present_values()
    assert float(levelised_cost(pv)) == 5000.0  # 1e9 USD over 2e5 PFLOP-days
    got = {k: float(v) for k, v in levelised(pv).items()}
    assert got == {
        "usd_per_pflop_day": 5000.0,
        "infrastructure_usd_per_pflop_day": 2000.0,
        "usd_per_accelerator_hour": 20.0,
        "infrastructure_usd_per_mwh": 500.0,
        "energy_usd_per_mwh": 150.0,
    }


def test_breakeven_launch_price_equalises_the_two_costs() -> None:
    pv, mass = _present_values(), np.array(1.0e6)
    # without launch orbit costs 7e8; the ground's 4,000 $/PFLOP-day buys 8e8 over 2e5 PFLOP-days, which
    # leaves 1e8 for launch: 1e8 / (1.5 PV per USD x 1e6 kg) = 66.67 $/kg
    price = float(breakeven_launch_usd_per_kg(pv, np.array(4000.0), mass))
    assert price == pytest.approx(1.0e8 / 1.5e6, rel=1e-12)
    orbit_at_price = (pv["pv_cost_usd"] - pv["pv_launch_usd"] + pv["launch_pv_per_usd"] * mass * price) / pv[
        "pv_pflop_days"
    ]
    assert float(orbit_at_price) == pytest.approx(4000.0, rel=1e-12)
    # the ground at 3,000 $/PFLOP-day is cheaper than orbit with free launch: no price suffices
    assert math.isnan(float(breakeven_launch_usd_per_kg(pv, np.array(3000.0), mass)))


GROUND = {
    "terrestrial.generation_capex": 0.0,
    "deployment.generation_build_time": 1.0,
    "deployment.interconnection_wait": 4.0,
    "deployment.permitting_time": 2.0,
    "terrestrial.build_time": 1.5,
    "deployment.max_power_per_year": 50e6,
}


def test_ground_schedule_waits_for_the_grid_or_builds_its_plant() -> None:
    grid = {k: float(v) for k, v in ground_schedule(GROUND, 100e6).items()}
    # grid: max(2 + 1.5, 4) = 4 years to first power; 100 MW at 50 MW a year: 2 more to full power
    assert grid == {"first_power": 4.0, "full_power": 6.0, "ramp": 2.0}
    on_site = ground_schedule({**GROUND, "terrestrial.generation_capex": 1.0}, 100e6)
    # on-site generation: 2 + max(1.5, 1.0) = 3.5, no grid queue
    assert float(on_site["first_power"]) == 3.5 and float(on_site["full_power"]) == 5.5


def test_ground_site_delivers_its_whole_units() -> None:
    p = {
        "terrestrial.tdp": 1000.0,
        "terrestrial.server_overhead": 0.25,
        "terrestrial.accelerators_per_unit": 1.0,
        "economics.job_accelerators": 1.0e9,
        "terrestrial.interruption_rate": 0.0,
        "economics.checkpoint_time": 60.0,
        "economics.restart_time": 300.0,
        "terrestrial.availability": 0.99,
        "satellite.compute.utilisation": 0.8,
        "terrestrial.bf16_dense": 1.0e15,
        "terrestrial.sustained_fraction": 0.5,
    }
    site = terrestrial_delivered(p, 10.1e6)
    # 10.1 MW / 1.25 kW = 8,080 units; each 1e15 x 0.5 x 0.99 x 0.8 = 3.96e14 FLOP/s (no interruptions)
    assert float(site["job"]) == 8080.0
    assert float(site["delivered"]) == pytest.approx(8080 * 3.96e14, rel=1e-12)
