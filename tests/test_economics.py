"""The economics of issue 12: money along the schedule, the cost basis, two ratios, the failure model,
energy against infrastructure cost, life-cycle CO2e, and parity drivers that move the answer."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest

from skyrack.economics import interruption_goodput
from skyrack.model import Result, design, evaluate, load_scenario, preset_names
from skyrack.params import catalog_for, resolve
from skyrack.summary import cost_basis

ORBITAL = [name for name in preset_names() if load_scenario(name).kind == "orbital"]


@cache
def _design(name: str, *overrides: str) -> Result:
    return design(name, list(overrides))


# -- money along the schedule --------------------------------------------------------------------


def test_a_slower_campaign_defers_money_and_output_alike() -> None:
    fast, slow = _design("suncatcher"), _design("suncatcher", "mission.build_time=6 yr")
    # everything starts 3.5 yr later: present values shrink by 1.08^-3.5 on both sides of the ratio...
    shrink = 1.08**-3.5
    assert slow["economics.pv_pflop_days"] == pytest.approx(fast["economics.pv_pflop_days"] * shrink, rel=1e-9)
    assert slow["economics.pv_launch_usd"] == pytest.approx(fast["economics.pv_launch_usd"] * shrink, rel=1e-9)
    # ...except the NRE and ground segment, paid at the go decision: orbit's cost per PFLOP-day rises
    assert slow["economics.usd_per_pflop_day"] > fast["economics.usd_per_pflop_day"]


def test_hardware_is_paid_the_lead_time_before_it_serves() -> None:
    r = _design("suncatcher")
    p = r.params
    # one generation of 81 satellites: 2 launches at 24 a year after a 2.5-yr lead, a ramp of 1/12 yr
    ramp = r["schedule.fleet_complete_yr"] - r["schedule.first_launch_yr"]
    assert ramp == pytest.approx(2 / 24)
    u = (1 - 1.08**-ramp) / (ramp * math.log(1.08))
    online = 1.08**-2.5 * u
    ops = p["economics.operations"] + p["economics.in_orbit_insurance"]
    annuity = (1 - 1.08**-5) / math.log(1.08)
    k_hw = u + online * p["economics.launch_insurance"] + online * annuity * ops
    assert r["economics.hardware_pv_per_usd"] == pytest.approx(k_hw, rel=1e-12)


def test_the_ground_waits_for_permits_construction_and_the_queue() -> None:
    r = _design("suncatcher")
    # grid site: max(3 yr permits + 2 yr construction, 4 yr queue) = 5 yr to first power
    assert r["terrestrial.first_power_yr"] == pytest.approx(5.0)
    full = 5.0 + r["terrestrial.it_power_w"] / 1e9  # 1 GW a year of build-out
    assert r["terrestrial.full_power_yr"] == pytest.approx(full)


# -- the cost basis --------------------------------------------------------------------------------


def test_top_down_bases_and_bottom_up_are_both_computed_and_named() -> None:
    r = _design("suncatcher")
    v, p = r.values, r.params
    sats = v["constellation.satellites"]
    assert v["economics.satellite_cost_top_down_usd"] == pytest.approx(sats * 22.0 * v["power.array_power_bol_w"])
    assert v["economics.hardware_bus_usd"] == v["economics.satellite_cost_top_down_usd"]
    assert cost_basis(p) == "top-down: 22 USD/W of array power at beginning of life"
    it = _design("suncatcher", "economics.satellite_cost_basis=it_power")
    assert it["economics.hardware_bus_usd"] == pytest.approx(sats * 22.0 * v["compute.it_power_per_satellite_w"])
    kg = _design("suncatcher", "economics.satellite_cost_basis=mass", "economics.satellite_cost_per_kg=1000 USD/kg")
    per_sat = v["mass.per_satellite_kg"] - v["compute.mass_kg"]
    assert kg["economics.hardware_bus_usd"] == pytest.approx(sats * 1000.0 * per_sat)
    # the other basis's cost per PFLOP-day, side by side
    bottom = _design("suncatcher", "economics.satellite_cost_basis=bottom_up")
    assert v["economics.usd_per_pflop_day_bottom_up"] == pytest.approx(bottom["economics.usd_per_pflop_day"], rel=1e-9)
    assert bottom["economics.usd_per_pflop_day_top_down"] != bottom["economics.usd_per_pflop_day"]


def test_leaving_the_watt_price_out_says_bottom_up_loudly() -> None:
    r = _design("starcloud-40mw")  # sets no satellite_cost_per_w
    basis = r.to_dict()["economics"]["cost_basis"]
    assert basis.startswith("BOTTOM-UP") and "economics.satellite_cost_per_w is not given" in basis
    assert "BOTTOM-UP" in r.to_dict()["verdict"]
    assert math.isnan(r["economics.satellite_cost_top_down_usd"])
    assert r["economics.hardware_bus_usd"] == r["economics.satellite_cost_bottom_up_usd"]


# -- two ratios ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORBITAL)
def test_two_ratios_each_named(name: str) -> None:
    v = _design(name).values
    infra = (v["economics.pv_infrastructure_usd"] / v["economics.pv_pflop_days"]) / (
        v["terrestrial.pv_infrastructure_usd"] / v["terrestrial.pv_pflop_days"]
    )
    assert v["economics.cost_ratio_infrastructure"] == pytest.approx(infra, rel=1e-12)
    ratios = _design(name).to_dict()["ratios"]
    assert "accelerators included" in ratios["all_in"]["meaning"]
    assert "without accelerators" in ratios["infrastructure_only"]["meaning"]


# -- failures: interruptions cost goodput, losses cost capacity ---------------------------------------


def test_llama3_interruptions_give_meta_s_90_percent_goodput() -> None:
    # 16,384 H100s at 0.106 GPU-attributed interruptions per GPU-year (Llama 3, Table 5): one every
    # 3.15576e7 / (16,384 x 0.106) = 18,171 s; Young/Daly with 60 s checkpoints and 300 s restarts loses
    # sqrt(120 / 18,171) + 300 / 18,171 = 0.0813 + 0.0165: 90.2 % goodput (Meta reports > 90 %).
    assert float(interruption_goodput(0.106, 16384, 60.0, 300.0)) == pytest.approx(0.9022, abs=5e-5)
    assert float(interruption_goodput(0.0, 16384, 60.0, 300.0)) == 1.0


def test_the_catalog_separates_interruptions_from_replacements() -> None:
    p = resolve(load_scenario("suncatcher"))
    assert p["economics.accelerator_failure_rate"] == pytest.approx(0.061)  # 148 faulty GPUs / 2,422 GPU-yr
    assert p["economics.interruption_rate"] == pytest.approx(0.106)  # 256 GPU-attributed interruptions
    r = _design("suncatcher")
    assert r["economics.failure_rate_per_year"] == pytest.approx(0.01 + 0.061)  # satellites + accelerators
    # the same interruption rate on both sides; each side's job spans its own accelerators
    assert r["economics.interruption_goodput"] == pytest.approx(
        float(interruption_goodput(0.106, r["compute.accelerators"], 60.0, 300.0)), rel=1e-12
    )


def test_the_binding_limit_is_the_smallest_factor_sustained_included() -> None:
    r = _design("suncatcher")
    factors = r.waterfall_factors()
    assert list(factors) == ["sustained", "power", "thermal", "service availability", "interruptions",
                             "hardware lost", "utilisation"]  # fmt: skip
    assert r.binding_limit() == min(factors, key=lambda k: factors[k]) == "sustained"  # TPU v6e at 0.60


def test_the_mission_dose_adds_to_the_orbital_loss_rate_only() -> None:
    scn = load_scenario("suncatcher")
    params = resolve(scn, catalog_for(scn))
    # a part that fails near 1 krad (log-normal median) behind suncatcher's shield, whose dose
    # is ~0.68 krad over its 5-yr mission: a large share of accelerators fail of dose
    base, hot = evaluate(params), evaluate({**params, "satellite.compute.tid_tolerance": 10.0})  # 10 Gy = 1 krad
    dose_rate = float(hot["radiation.tid_failure_rate_per_year"])
    assert dose_rate > 0.01
    assert float(hot["economics.failure_rate_per_year"]) == pytest.approx(0.01 + 0.061 + dose_rate)
    assert float(base["economics.failure_rate_per_year"]) == pytest.approx(
        0.01 + 0.061 + float(base["radiation.tid_failure_rate_per_year"])
    )
    assert float(hot["economics.usd_per_pflop_day"]) > float(base["economics.usd_per_pflop_day"])
    assert float(hot["terrestrial.opex_usd_per_year"]) == pytest.approx(
        float(base["terrestrial.opex_usd_per_year"]) * float(hot["terrestrial.units"] / base["terrestrial.units"])
    )  # the ground's repairs do not change per unit


# -- energy against infrastructure, and CO2e -----------------------------------------------------------


@pytest.mark.parametrize("name", ORBITAL)
def test_energy_only_cost_is_part_of_the_infrastructure_cost(name: str) -> None:
    v = _design(name).values
    for side in ("economics", "terrestrial"):
        assert 0 < v[f"{side}.energy_usd_per_mwh"] < v[f"{side}.infrastructure_usd_per_mwh"], (name, side)


def test_grid_energy_is_the_price_times_pue_per_mwh_to_the_chips() -> None:
    v = _design("suncatcher").values
    assert v["terrestrial.energy_usd_per_mwh"] == pytest.approx(80.6 * 1.2, rel=1e-9)  # 8.06 c/kWh at PUE 1.2


def test_life_cycle_co2e_adds_manufacturing_and_propellant_and_keeps_black_carbon_apart() -> None:
    r = _design("suncatcher")
    v, p = r.values, r.params
    flights = v["launch.launches"]  # 2 Starships, priced per kg but flown whole
    assert v["economics.co2e_launch_kg"] == pytest.approx(flights * 2_982_000 * v["launch.billed_mass_kg"]
                                                          / (flights * v["launch.payload_kg"]))  # fmt: skip
    built = v["constellation.satellites"] * (v["mass.per_satellite_kg"] - v["compute.mass_kg"])
    assert v["economics.co2e_manufacturing_kg"] == pytest.approx(100.0 * built)
    parts = v["economics.co2e_launch_kg"] + v["economics.co2e_propellant_kg"] + v["economics.co2e_manufacturing_kg"]
    assert v["economics.co2e_kg"] == pytest.approx(parts)
    share = v["launch.billed_mass_kg"] / v["launch.payload_kg"]
    assert v["economics.co2e_black_carbon_kg"] == pytest.approx(share * 5440 * p["economics.black_carbon_co2e"])
    assert "kept out of the life-cycle total" in r.to_dict()["environment"]["black_carbon_note"]


# -- parity drivers --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORBITAL)
def test_every_parity_value_moves_the_ratio_to_one(name: str) -> None:
    r = _design(name)
    levers = {k: d for k, d in r.parity.items() if not d["inert"]}
    assert levers, name
    for path, d in levers.items():
        if d["parity"] is None:
            continue
        out = evaluate({**r.params, path: d["parity"]})
        assert float(out["economics.cost_ratio"]) == pytest.approx(1.0, rel=0.01), (name, path)


@pytest.mark.parametrize("name", ORBITAL)
def test_no_inert_driver_is_listed_as_a_lever(name: str) -> None:
    r = _design(name)
    for path, d in r.parity.items():
        if not d["inert"]:
            continue
        assert d["parity"] is None
        low, high = (1e-3, 1e3) if d["current"] == 0 else (0.5 * d["current"], 2.0 * d["current"])
        ratios = [float(evaluate({**r.params, path: x})["economics.cost_ratio"]) for x in (low, high)]
        assert ratios[0] == pytest.approx(ratios[1], rel=1e-12), (name, path)
        assert d["label"] not in r.to_dict()["verdict"]
    # the levers the brief names appear for a top-down, per-kg-launched design
    drivers = set(_design("suncatcher").parity)
    assert {"economics.satellite_cost_per_w", "economics.satellite_failure_rate", "launch.price_per_kg",
            "mission.lifetime", "terrestrial.facility_capex", "terrestrial.electricity_price"} <= drivers  # fmt: skip


def test_a_terrestrial_scenario_has_no_parity_drivers() -> None:
    r = design("ground-campus-1gw")
    assert r.parity == {}
    assert np.isnan(r["economics.cost_ratio"])


def test_every_changed_default_names_its_source_in_provenance() -> None:
    import json

    from typer.testing import CliRunner

    from skyrack.cli import app

    rows = {r["item"]: r for r in json.loads(CliRunner().invoke(app, ["provenance", "--json"]).stdout)}
    expected = {
        "scenario.mission.build_time": "Starlink",
        "scenario.deployment.interconnection_wait": "JLL 2026",
        "scenario.deployment.production_small": "OneWeb",
        "scenario.deployment.production_medium": "Starlink",
        "scenario.deployment.production_large_mass": "Starlink line",
        "scenario.economics.job_accelerators": "Llama 3",
        "scenario.economics.checkpoint_time": "Llama 3",
        "scenario.economics.satellite_manufacturing_co2e": "estimate",
        "scenario.economics.black_carbon_co2e": "Ross & Sheaffer",
        "scenario.economics.satellite_cost_basis": "McCalip",
        "accelerators.h100-sxm.annual_failure_rate": "faulty GPU",
        "accelerators.h100-sxm.annual_interruption_rate": "Llama 3",
        "launchers.starship-v3.propellant_production_co2e": "methane",
        "launchers.starship-v3.black_carbon_per_launch": "black-carbon emission index",
        "launchers.falcon-9.flights_per_year": "Falcon 9",
    }
    for item, words in expected.items():
        assert words in rows[item]["source"], (item, rows[item]["source"])
