"""Deployment over time: launch campaigns, pricing modes and compute online by year."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from skyrack.catalog import load_default
from skyrack.deploy import (
    Deployment,
    at_cost_per_flight,
    deploy,
    discount_factors,
    discounted_cost_per_output,
    first_power_time,
    ground_power_online,
    ground_power_yearly,
    launch_cadence,
    learning_multipliers,
    parse_deployment,
    retirement_delay,
    schedule,
    year_reached,
)
from skyrack.deploy.timeline import Timeline
from skyrack.errors import InputError
from skyrack.model import Result, design, load_scenario, preset_names
from skyrack.physics.launch import flights_per_year, hours_between_flights


@cache
def _design(name: str) -> Result:
    return design(name, parity=False)


@cache
def _timeline(name: str, pricing: str = "market") -> Timeline:
    return deploy(_design(name), {"pricing": pricing})


# -- the SpaceX arithmetic --------------------------------------------------------------


def test_spacex_million_tonnes_a_year_is_5000_flights_one_every_1_75_hours() -> None:
    # Musk (Feb 2026): 1 Mt/yr of satellites at 200 t per Starship flight.
    assert float(flights_per_year(1e9, 200e3)) == pytest.approx(5000.0)
    cadence = launch_cadence(1, None, turnaround_yr=1.0 / 5000.0)
    assert cadence == pytest.approx(5000.0)
    # 500,000 two-tonne satellites, 100 per 200 t flight, through the campaign planner.
    c = schedule(500_000, 2_000.0, 100, 1, cadence, 2, 5.0)
    assert c.launches[0] == 5000
    assert c.mass_launched_kg[0] == pytest.approx(1e9)
    assert c.years_to_full == 1.0
    assert c.hours_between_flights == pytest.approx(8766.0 / 5000.0)  # 1.7532 h
    assert float(hours_between_flights(5000.0)) == pytest.approx(1.75, abs=0.01)


# -- the Starcloud 40 MW module on Starship ----------------------------------------------


def test_starcloud_40mw_module_takes_max_of_mass_and_volume_flights() -> None:
    r = _design("starcloud-40mw")
    v = r.values
    by_mass = math.ceil(v["mass.total_kg"] / v["launch.payload_kg"])
    usable = r.params["launch.fairing_volume"] * r.params["launch.packing_efficiency"]
    by_volume = math.ceil(v["mass.stowed_volume_m3"] / usable)
    assert (by_mass, by_volume) == (v["launch.launches_by_mass"], v["launch.launches_by_volume"])
    assert by_mass > 1 and by_volume > 1  # hardware built up from real parts: not one Starship
    t = _timeline("starcloud-40mw")
    needed = max(by_mass, by_volume)
    assert t.campaign.initial_launches == needed
    full = int(t.campaign.years_to_full)
    assert t.frame["orbit_launches"].iloc[:full].sum() == needed
    assert t.frame["orbit_satellites_launched"].iloc[:full].sum() == 1


ORBITAL = [name for name in preset_names() if load_scenario(name).kind == "orbital"]


@pytest.mark.parametrize("name", ORBITAL)
def test_every_preset_deploys_for_15_years(name: str) -> None:
    t = _timeline(name)
    r = _design(name)
    assert len(t.frame) == 15
    assert t.campaign.initial_launches == r.values["launch.launches"]
    # never more than the design delivers: the orbit's new hardware before losses, the ground's steady output
    for side, key in (("orbit", "economics.delivered_flops_initial"), ("ground", "economics.delivered_flops")):
        online = t.frame[f"{side}_pflops"].to_numpy()
        assert np.all(online >= 0)
        assert np.all(online <= r.values[key] / 1e15 * (1 + 1e-9))
    assert np.all(t.frame["orbit_it_mw"] <= r.values["compute.it_power_w"] / 1e6 * (1 + 1e-9))
    assert t.feasible == (not t.reasons)
    assert t.frame["orbit_co2e_kg"].sum() == pytest.approx(
        t.frame["orbit_launches"].sum() * r.params["launch.co2e_per_launch"]
    )


def test_infeasible_campaign_says_why_with_the_designs_words() -> None:
    t = _timeline("blue-origin-sunrise")
    assert not t.feasible
    assert t.reasons == _design("blue-origin-sunrise").reasons  # one verdict, computed in one place
    # 51,600 satellites of 5-yr life need 10,320 a year, 295 New Glenn flights (35 each) against 12 x 8 = 96
    assert any("needs 295 launches/yr against 96" in reason for reason in t.reasons)
    assert math.isnan(t.summary["orbit_years_to_target"])


@pytest.mark.parametrize("name", ORBITAL)
def test_deploy_prices_compute_as_the_design_does(name: str) -> None:
    # The year-by-year cohorts (discrete launches, residual value at the horizon) against the closed
    # form's linear ramp: orbit within 1.5 % (the ramp and the whole years differ most for fleets the
    # horizon cuts short, e.g. mccalip-1gw at +1.1 %), the ground within 0.1 %.
    s = _timeline(name).summary
    assert s["orbit_usd_per_pflop_day"] == pytest.approx(s["design_orbit_usd_per_pflop_day"], rel=0.015)
    assert s["ground_usd_per_pflop_day"] == pytest.approx(s["design_ground_usd_per_pflop_day"], rel=1e-3)


def test_every_deploy_assumption_is_listed_with_its_source() -> None:
    rows = {row["parameter"]: row for row in _timeline("blue-origin-sunrise").summary["assumptions"]}
    assert rows["deployment.vehicles"]["source"] == "scenario blue-origin-sunrise"
    assert "Blue Origin publishes no turnaround" in rows["deployment.flights_per_vehicle"]["source"]
    assert "JLL" in rows["deployment.interconnection_wait"]["source"]  # a data-center load, not generation
    assert "Starlink" in rows["mission.build_time"]["source"]
    assert all(row["source"] for row in rows.values())


# -- pricing ------------------------------------------------------------------------------


def test_at_cost_per_flight_hand_value() -> None:
    # Starship: 0.9 propellant + 0.5 refurbishment + 45/10 vehicle + 0.5 operations = 6.4 M USD.
    assert at_cost_per_flight(0.9e6, 0.5e6, 45e6, 10, 0.5e6) == pytest.approx(6.4e6)
    v3 = load_default().entry("launchers", "starship-v3")
    assert at_cost_per_flight(
        v3["propellant_cost"], v3["refurbishment_cost"], v3["vehicle_cost"], v3["reuses"], v3["operations_cost"]
    ) == pytest.approx(6.4e6)


def test_at_cost_is_below_market_and_the_margin_is_their_difference() -> None:
    market, owner = _timeline("spacex-xai", "market"), _timeline("spacex-xai", "at_cost")
    price = market.pricing
    assert price.at_cost_per_flight < price.market_per_flight
    assert price.margin_per_flight == pytest.approx(price.market_per_flight - price.at_cost_per_flight)
    launch_market = market.frame["orbit_launch_usd"].sum()
    launch_owner = owner.frame["orbit_launch_usd"].sum()
    assert launch_owner < launch_market
    assert owner.frame["orbit_launch_margin_usd"].sum() == pytest.approx(launch_market - launch_owner)
    assert owner.summary["orbit_usd_per_pflop_day"] < market.summary["orbit_usd_per_pflop_day"]
    # The same flights either way: pricing changes the bill, not the schedule.
    np.testing.assert_array_equal(owner.frame["orbit_launches"], market.frame["orbit_launches"])


def test_white_paper_price_is_below_our_at_cost_estimate() -> None:
    # Starcloud's $5 M per Starship is under the 6.4 M USD at-cost estimate: a negative margin, shown.
    price = _timeline("starcloud-40mw", "at_cost").pricing
    assert price.market_per_flight == pytest.approx(5e6)
    assert price.margin_per_flight == pytest.approx(5e6 - 6.4e6)


def test_learning_lowers_later_prices() -> None:
    k = learning_multipliers([1e6, 1e6, 1e6, 0.0], 1e6, 0.2)
    assert k[0] == pytest.approx(0.8849, abs=1e-4)  # wright_average_price(1, 1e6, 1e6, 0.2)
    assert np.all(np.diff(k) < 0)
    assert k[3] == pytest.approx(0.8**2)  # marginal price after two doublings (x = 4e6)
    np.testing.assert_allclose(learning_multipliers([1e6, 2e6], 1e6, 0.0), 1.0)
    base = _timeline("spacex-xai")
    learned = deploy("spacex-xai", overrides=["launch.learning_rate=0.2"])
    assert learned.frame["orbit_launch_usd"].sum() < base.frame["orbit_launch_usd"].sum()
    per_flight = learned.frame["orbit_launch_usd"] / learned.frame["orbit_launches"]
    flown = per_flight[learned.frame["orbit_launches"] > 0].to_numpy()
    assert np.all(np.diff(flown) < 0)


def test_at_cost_without_data_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no at-cost breakdown"):
        deploy(_design("starcloud-1"), {"pricing": "at_cost"})


# -- the campaign ---------------------------------------------------------------------------


def test_retirement_and_replacement() -> None:
    assert retirement_delay(5.0) == 5 and retirement_delay(0.92) == 1 and retirement_delay(10.0) == 10
    c = schedule(10, 100.0, 10, 1, 12.0, 7, 2.0)
    np.testing.assert_array_equal(c.launches, [1, 0, 1, 0, 1, 0, 1])
    np.testing.assert_array_equal(c.retired, [0, 0, 10, 0, 10, 0, 10])
    np.testing.assert_array_equal(c.satellites_in_orbit, 10)
    once = schedule(10, 100.0, 10, 1, 12.0, 7, 2.0, replace=False)
    assert once.launches.sum() == 1


def test_cadence_and_lead_time_limit_launches() -> None:
    c = schedule(100, 1.0, 1, 1, 30.0, 5, 10.0, lead_time_yr=1.5)
    np.testing.assert_array_equal(c.launches, [0, 15, 30, 30, 25])
    assert c.years_to_full == 5.0 and c.feasible


def test_manufacturing_rate_and_its_learning_curve() -> None:
    slow = schedule(100, 1.0, 10, 1, 1000.0, 4, 10.0, manufacturing_rate=20.0)
    np.testing.assert_array_equal(slow.satellites_launched, [20, 20, 20, 20])
    assert not slow.feasible
    # 20 % learning: the yearly rate grows by 1/0.8 once cumulative output doubles.
    fast = schedule(100, 1.0, 10, 1, 1000.0, 4, 10.0, manufacturing_rate=20.0, manufacturing_learning_rate=0.2)
    assert fast.satellites_launched[1] == 20  # after 20 built: rate still 20
    assert fast.satellites_launched.sum() > slow.satellites_launched.sum()


def test_failures_are_replaced() -> None:
    c = schedule(1000, 1.0, 100, 1, 100.0, 4, 20.0, failure_rate=0.05)
    assert c.failures[0] == pytest.approx(50.0)
    assert c.satellites_launched[1] == 50
    assert c.satellites_after_launch[1] == pytest.approx(1000.0)


def test_assembled_module_enters_service_after_its_last_part() -> None:
    c = schedule(1, 2e6, 0, 30, 12.0, 4, 10.0)
    np.testing.assert_array_equal(c.launches, [12, 12, 6, 0])
    np.testing.assert_array_equal(c.satellites_launched, [0, 0, 1, 0])
    assert c.mass_launched_kg.sum() == pytest.approx(2e6)


# -- the ground -------------------------------------------------------------------------------


def test_first_power_hand_values() -> None:
    assert first_power_time(3, 2, 5) == 5.0  # grid: a 5-yr queue binds
    assert first_power_time(1, 1, 5) == 5.0
    assert first_power_time(3, 4, 5) == 7.0  # permits + construction bind
    assert first_power_time(3, 1.5, 0.33, True) == 4.5  # on-site gas: build binds


def test_ground_respects_the_queue_and_the_yearly_cap() -> None:
    p = ground_power_online(np.linspace(0, 20, 401), 5.0, 750e6, 100e6)
    assert np.all(p[np.linspace(0, 20, 401) <= 5.0] == 0)
    assert p.max() == pytest.approx(750e6)
    end, mean = ground_power_yearly(15, 5.0, 750e6, 100e6)
    assert np.all(np.diff(np.concatenate([[0.0], end])) <= 100e6 + 1e-6)
    assert end[4] == 0 and end[5] == pytest.approx(100e6) and mean[5] == pytest.approx(50e6)
    t = deploy(_design("spacex-xai"), {"max_power_per_year": "100 MW/yr", "generation_build_time": "2 yr"})
    added = np.diff(np.concatenate([[0.0], t.frame["ground_it_mw"].to_numpy()]))
    assert np.all(added <= 100.0 + 1e-9)
    assert t.summary["ground_first_power_years"] == pytest.approx(3.0 + 2.0)  # permits + turbines
    assert np.all(t.frame["ground_it_mw"].iloc[:5] == 0)


# -- timing in the costs ---------------------------------------------------------------------


def test_discounting_values_later_compute_less() -> None:
    assert discount_factors(1, 0.08)[0] == pytest.approx(1.08**-0.5)
    early = discounted_cost_per_output([100.0, 0.0, 0.0], [10.0, 10.0, 0.0], 0.08)[-1]
    late = discounted_cost_per_output([100.0, 0.0, 0.0], [0.0, 10.0, 10.0], 0.08)[-1]
    assert late > early
    assert discounted_cost_per_output([100.0, 0.0], [10.0, 10.0], 0.0).tolist() == [10.0, 5.0]
    assert year_reached([0.0, 5.0, 10.0], 10.0) == 3.0 and math.isnan(year_reached([0.0, 1.0], 10.0))


def test_summary_years_to_target() -> None:
    t = _timeline("spacex-xai")
    # first launch 2.5 yr after the go decision (Starlink's FCC filing to first production launch);
    # ~660 Starship flights at 20 x 24 a year: 240 in the third year, the rest in the fourth
    assert t.summary["orbit_years_to_target"] == 4.0
    # on-site gas: 3 yr of permits + 1.5 yr of construction, then 1 GW a year
    assert t.summary["ground_first_power_years"] == pytest.approx(4.5)
    assert t.summary["ground_years_to_target"] == 6.0
    assert t.frame["year"].iloc[0] == _design("spacex-xai").params["mission.start_year"]


def test_write_csv_and_parquet(tmp_path) -> None:  # type: ignore[no-untyped-def]
    t = _timeline("suncatcher")
    import pandas as pd

    csv = t.write(tmp_path / "d.csv")
    assert pd.read_csv(csv)["orbit_launches"].sum() == t.frame["orbit_launches"].sum()
    pq = t.write(tmp_path / "d.parquet")
    assert len(pd.read_parquet(pq)) == 15
    with pytest.raises(InputError):
        t.write(tmp_path / "d.xlsx")


# -- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "settings",
    [
        {"vehicles": 0},
        {"flights_per_vehicle": "0 /yr"},
        {"flights_per_vehicle": "-3 /yr"},
        {"turnaround": "0 day"},
        {"years": 0},
        {"years": 51},
        {"pricing": "free"},
        {"lead_time": "1 yr"},
        {"manufacturing_rate": "0 /yr"},
        {"permitting_time": "-1 yr"},
        {"interconnection_wait": "5"},
        {"bogus": 1},
    ],
)
def test_bad_settings_raise_input_error(settings: dict[str, object]) -> None:
    with pytest.raises(InputError, match="deployment"):
        parse_deployment(settings)
    with pytest.raises(InputError):
        deploy(_design("suncatcher"), settings)


def test_zero_cadence_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cadence"):
        schedule(10, 1.0, 1, 1, 0.0, 5, 5.0)
    with pytest.raises(InputError):
        launch_cadence(1, 0.0)
    with pytest.raises(InputError, match="flights_per_year"):
        launch_cadence(1, None)


def test_satellite_that_fits_no_fairing_is_an_input_error() -> None:
    # 12 t SpaceX/xAI satellites on a 3 t Nova, not assembled in orbit: the design flags it.
    with pytest.raises(InputError, match=r"launch\.vehicle"):
        deploy("spacex-xai", overrides=["launch.vehicle=stoke-nova"])
    # A dispenser so loose that one satellite no longer fits.
    with pytest.raises(InputError, match="exceeds"):
        deploy("spacex-xai", overrides=["launch.packing_efficiency=0.01"])


def test_launcher_without_a_rate_needs_one(tmp_path: Path) -> None:
    rocket = tmp_path / "rocket.yaml"
    record = 'source: "test", date: "2026", confidence: low, basis: estimate'
    rocket.write_text(
        "kind: launchers\nentries:\n  slowpoke:\n    name: A rocket without a flight rate\n"
        "    reusable: false\n    fuel: rp1\n"
        f"    payload_leo: {{value: 50000, unit: kg, {record}}}\n"
        f"    payload_sso: {{value: 45000, unit: kg, {record}}}\n"
        f"    fairing_diameter: {{value: 9, unit: m, {record}}}\n"
        f"    fairing_volume: {{value: 1000, unit: m**3, {record}}}\n"
        f"    price: {{value: 50, unit: MUSD, {record}}}\n"
        f"    propellant_fuel_mass: {{value: 100000, unit: kg, {record}}}\n"
        f"    co2e_per_launch: {{value: 300000, unit: kg, {record}}}\n"
    )
    base = ["launch.vehicle=slowpoke", f"catalog_files={json.dumps([str(rocket)])}"]
    with pytest.raises(InputError, match="flights_per_year"):
        deploy("suncatcher", overrides=base)
    t = deploy("suncatcher", {"flights_per_vehicle": "6 /yr"}, overrides=base)
    assert t.summary["flights_per_year"] == 6.0


def test_defaults_carry_sources() -> None:
    d = Deployment()
    assert d.interconnection_wait == pytest.approx(4.0)  # a data-center load's wait, not a generator's
    assert d.max_power_per_year == pytest.approx(1e9)
    extra = Deployment.model_fields["interconnection_wait"].json_schema_extra
    assert isinstance(extra, dict) and "JLL 2026 Global Data Center Outlook" in str(extra["source"])
    assert "Queued Up" not in str(extra["source"])


@pytest.mark.parametrize("module", ["campaign", "ground", "pricing", "timeline"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    outcome = doctest.testmod(importlib.import_module(f"skyrack.deploy.{module}"))
    assert outcome.attempted > 0 and outcome.failed == 0


def test_settings_layers_scenario_section_over_preset_campaign() -> None:
    from types import SimpleNamespace

    from skyrack.deploy import settings_for

    # As the lead will wire it: Scenario.deployment is a Deployment (fields the file set win).
    scenario = SimpleNamespace(name="spacex-xai", deployment=parse_deployment({"years": 10, "turnaround": "30 day"}))
    cfg = settings_for(SimpleNamespace(scenario=scenario), {"pricing": "at_cost"})  # type: ignore[arg-type]
    assert cfg.years == 10 and cfg.pricing == "at_cost"
    assert cfg.turnaround == pytest.approx(30 / 365.25)
    assert cfg.vehicles == 1  # the default: no campaign layer keyed by name
    assert settings_for(design("spacex-xai", parity=False)).vehicles == 20  # the preset file's own section
    own = SimpleNamespace(name="spacex-xai", deployment=Deployment(vehicles=3))
    assert settings_for(SimpleNamespace(scenario=own)).vehicles == 3  # type: ignore[arg-type]


def test_compare_pricing_shows_one_system_both_ways() -> None:
    from skyrack.deploy import compare_pricing

    table = compare_pricing(_design("spacex-xai")).set_index("pricing")
    assert table.loc["at_cost", "launch_usd"] < table.loc["market", "launch_usd"]
    assert table.loc["at_cost", "margin_not_paid_usd"] == pytest.approx(
        table.loc["market", "launch_usd"] - table.loc["at_cost", "launch_usd"]
    )
    assert table.loc["at_cost", "launches"] == table.loc["market", "launches"]


def test_published_40mw_mass_is_17_starship_flights() -> None:
    # Nanjangud's critique of the Starcloud white paper: 1,686.6 t of hardware = 17 Starships by mass.
    from skyrack.deploy import campaign_inputs

    shape = campaign_inputs(
        {"mass.per_satellite_kg": 1_686_600.0, "mass.stowed_volume_m3": 1.0, "launch.payload_kg": 100_000.0},
        {"launch.fairing_volume": 1000.0, "launch.packing_efficiency": 0.6, "launch.in_orbit_assembly": 1.0},
        None,
    )
    assert shape == {"satellites_per_launch": 0.0, "launches_per_satellite": 17.0}
    c = schedule(1, 1_686_600.0, 0, 17, 24.0, 2, 10.0)
    assert c.launches.sum() == 17 and c.satellites_launched.sum() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        ["deployment.years=30"],  # the ground's hall outlives its 15-yr life: rebuilt, as the design charges it
        ["economics.replacement=true"],  # failed satellites replaced: paid as running costs on both views
        ["deployment.replace=false"],  # one generation only
    ],
)
def test_deploy_and_design_agree_under_other_settings(overrides: list[str]) -> None:
    s = deploy("suncatcher", overrides=overrides).summary
    assert s["orbit_usd_per_pflop_day"] == pytest.approx(s["design_orbit_usd_per_pflop_day"], rel=0.015)
    assert s["ground_usd_per_pflop_day"] == pytest.approx(s["design_ground_usd_per_pflop_day"], rel=1e-3)
