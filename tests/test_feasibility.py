"""Feasibility is one thing: the deployment schedule in closed form, its verdict, and every view showing it."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import cache

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from skyrack.cli import app
from skyrack.deploy import deploy
from skyrack.feasibility import LAUNCH_CADENCE, PRODUCTION_RATE
from skyrack.model import Result, design, design_batch, load_scenario, preset_names
from skyrack.schedule import fleet_cadence, orbit_schedule, production_rate, ramp_discount
from webserver import wait_ready

ORBITAL = [name for name in preset_names() if load_scenario(name).kind == "orbital"]


@cache
def _design(name: str) -> Result:
    return design(name)


# -- the schedule, by hand ---------------------------------------------------------------------


def test_cadence_production_and_completion_by_hand() -> None:
    assert float(fleet_cadence(12, 8)) == 96.0  # twelve New Glenns at eight flights a year
    assert float(fleet_cadence(4, 24, 1 / 12)) == 48.0  # a 30-day turnaround caps 24 flights at 12
    # classes by dry mass: OneWeb-like, Starlink-like, and 8 t satellites from a 1,600 t/yr line
    assert production_rate([150.0, 800.0, 8000.0], 730.0, 2000.0, 1.6e6).tolist() == [730.0, 2000.0, 200.0]
    assert float(production_rate(800.0, 730.0, 2000.0, 1.6e6, 50.0)) == 50.0  # a scenario's own rate wins
    # 1,518 launches at 96 a year after 2.5 yr: 18.31 yr; 51,600 satellites at 2,000 a year: 25.8 yr
    first, done = orbit_schedule(51600, 1518, 96, 2000, 2.5)
    assert float(first) == 2.5 and float(done) == pytest.approx(25.8)
    first, done = orbit_schedule(81, 2, 24, 2000, 2.5)
    assert float(done) == pytest.approx(2.5 + 2 / 24)  # launches bind: 81/2000 yr of building is quicker


def test_ramp_discount_by_hand() -> None:
    # (1 - 1.08^-2) / (2 ln 1.08) = 0.142661 / 0.153922 = 0.926839... checked against the integral
    rho = math.log(1.08)
    t = np.linspace(0.0, 2.0, 200_001)
    integral = np.trapezoid(np.exp(-rho * t), t) / 2.0
    assert float(ramp_discount(0.08, 2.0)) == pytest.approx(integral, rel=1e-9)
    assert float(ramp_discount(0.08, 0.0)) == 1.0 and float(ramp_discount(0.0, 3.0)) == 1.0


# -- the verdict and its numbers ----------------------------------------------------------------


def test_blue_origin_needs_295_launches_a_year_against_96() -> None:
    r = _design("blue-origin-sunrise")
    assert not r.feasible and int(r["feasibility.code"]) & LAUNCH_CADENCE
    # 51,600 satellites of 5-yr life: 10,320 a year; 36,000 kg per New Glenn / 1,005 kg (with the propellant
    # the drag model asks for) = 35 per launch (1,475 launches); 51,600 / 5 / (51,600 / 1,475) = 295 flights a year
    assert r["launch.satellites_per_launch"] == 35.0
    assert r["schedule.hold_launches_per_year"] == pytest.approx(51600 / 5 / (51600 / 1475))
    cadence = next(x for x in r.reasons if x.startswith("deployment.vehicles"))
    assert "needs 295 launches/yr against 96" in cadence
    production = next(x for x in r.reasons if x.startswith("deployment.manufacturing_rate"))
    assert "51,600 satellites of 1,005 kg at 2,000/yr (Starlink-class rate) takes 25.8 yr" in production


def test_a_bigger_launch_fleet_and_factory_make_it_feasible() -> None:
    more = design(
        "blue-origin-sunrise", ["deployment.vehicles=40", "deployment.manufacturing_rate=11000 /yr"], parity=False
    )
    assert more.feasible, more.reasons
    assert more["schedule.fleet_complete_yr"] <= 15.0


def test_production_binds_for_the_mccalip_gigawatt() -> None:
    r = _design("mccalip-1gw")
    code = int(r["feasibility.code"])
    assert code & PRODUCTION_RATE and not code & LAUNCH_CADENCE
    assert r["schedule.fleet_complete_yr"] == pytest.approx(r["constellation.satellites"] / 2000.0)


def test_the_verdict_is_vectorised_like_every_other_output() -> None:
    vehicles = np.array([1.0, 12.0, 100.0])
    out = design_batch("blue-origin-sunrise", {"deployment.vehicles": vehicles}, outputs=["feasibility.code"])
    cadence_bit = (out["feasibility.code"] & LAUNCH_CADENCE) > 0
    assert cadence_bit.tolist() == [True, True, False]


# -- one verdict everywhere ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    from skyrack.web.app import create_app

    with TestClient(create_app()) as served:
        wait_ready(served)
        yield served


@pytest.mark.parametrize("name", ORBITAL)
def test_design_compare_deploy_report_and_page_agree(name: str, client: TestClient) -> None:
    r = _design(name)
    runner = CliRunner()
    shown = runner.invoke(app, ["design", name, "--json"])
    assert shown.exit_code == (0 if r.feasible else 2)
    assert json.loads(shown.stdout)["feasibility"]["reasons"] == r.reasons
    compared = runner.invoke(app, ["compare", name, "--json"])
    assert compared.exit_code == (0 if r.feasible else 2)
    assert json.loads(compared.stdout)[0]["feasibility"]["reasons"] == r.reasons
    planned = deploy(name)
    assert planned.feasible == r.feasible and planned.reasons == r.reasons
    page = client.post("/api/design", json={"preset": name}).json()["summary"]
    assert page["feasibility"]["reasons"] == r.reasons
    assert page["verdict"] == r.to_dict()["verdict"]


def test_design_prints_the_verdict_first_and_names_the_cost_basis() -> None:
    out = CliRunner().invoke(app, ["design", "suncatcher"])
    assert out.exit_code == 0
    first = out.stdout.strip().splitlines()[0]
    assert first.startswith("Ground is cheaper per delivered PFLOP-day")
    assert "satellite cost basis (active)" in out.stdout and "infrastructure only" in out.stdout


def test_owner_pricing_is_a_choice_of_every_command() -> None:
    runner = CliRunner()
    market = json.loads(runner.invoke(app, ["design", "spacex-xai", "--json"]).stdout)
    owner = json.loads(runner.invoke(app, ["design", "spacex-xai", "--json", "--pricing", "at_cost"]).stdout)
    # Starship at cost: 0.9 + 0.5 + 45/10 + 0.5 = 6.4 M USD a flight against the 20 M USD market price
    assert owner["launch"]["cost_usd"] == pytest.approx(market["launch"]["cost_usd"] * 6.4 / 20.0)
    assert owner["economics"]["usd_per_pflop_day"] < market["economics"]["usd_per_pflop_day"]
    bad = runner.invoke(app, ["design", "starcloud-1", "--pricing", "at_cost"])
    assert bad.exit_code == 2 and "no at-cost breakdown" in bad.output
    compared = json.loads(runner.invoke(app, ["compare", "spacex-xai", "--json", "--pricing", "at_cost"]).stdout)
    assert compared[0]["launch"]["pricing"] == "at_cost"


def test_a_terrestrial_scenario_is_designed_and_compared() -> None:
    r = design("ground-campus-1gw")
    assert r.feasible and math.isnan(r["economics.usd_per_pflop_day"])
    assert r["terrestrial.it_power_w"] == pytest.approx(1e9, rel=1e-3)
    assert r.to_dict()["verdict"].startswith("Terrestrial site only (grid-hyperscale)")
    out = CliRunner().invoke(app, ["design", "ground-campus-1gw"])
    assert out.exit_code == 0 and "terrestrial" in out.stdout
    # on-site generation skips the grid queue: 3 yr of permits + max(build, plant) against max(3 + 2, 4) = 5 yr
    gas = design("ground-campus-1gw", ["terrestrial.kind=gas-turbine-onsite"], parity=False)
    solar = design("ground-campus-1gw", ["terrestrial.kind=solar-plus-storage"], parity=False)
    assert r["terrestrial.first_power_yr"] == pytest.approx(5.0)
    assert gas["terrestrial.first_power_yr"] == pytest.approx(4.5) and solar["terrestrial.first_power_yr"] == 5.0
    assert gas.feasible and solar.feasible


@pytest.mark.parametrize(
    ("given", "needed"),
    [(3.0, 2.0), (1.0, 3.0), (np.nan, 2.0), (2.0, np.nan), (2.0, 0.0), (2.0, -1.0), (np.inf, np.inf), (1e308, 1e-10)],
)
def test_one_design_s_margin_is_the_batch_s(given: float, needed: float) -> None:
    # one design takes a path without masks; a batch of the same numbers gives the same bits
    from skyrack.feasibility import given_margin

    one = given_margin(given, needed)
    with np.errstate(all="ignore"):
        batch = given_margin(np.array([given, 1.0]), np.array([needed, 1.0]))
    assert np.asarray(one).tobytes() == batch[:1].reshape(()).tobytes()


def test_a_figure_not_given_has_no_margin_for_any_design() -> None:
    # one NaN figure against a batch of needs is one NaN, as each design alone gives (not an array of NaN)
    from skyrack.feasibility import given_margin

    needs = np.array([0.5, 2.0, 0.0, np.nan])
    margin = given_margin(np.nan, needs)
    assert np.ndim(margin) == 0 and np.isnan(margin)
    assert all(np.isnan(given_margin(np.nan, need)) for need in needs)


def test_a_batch_without_published_figures_has_one_nan_for_each() -> None:
    # Suncatcher publishes none of these figures: every design's capacity and margin is NaN, stored once
    from skyrack.model import design, design_batch

    altitudes = np.array([550e3, 650e3, 800e3])
    out = design_batch("suncatcher", {"orbit.altitude": altitudes})
    figures = ["radiator_heat_capacity_w", "radiator_margin", "array_power_eol_w", "array_margin", "launch_capacity_kg"]
    figures += ["launch_margin", "battery_margin", "mass_margin", "dose_margin"]
    for name in figures:
        column = out[f"published.{name}"]
        assert column.shape == (3,) and np.isnan(column).all() and column.strides == (0,), name
    one = design("suncatcher", ["orbit.altitude=650 km"], parity=False)
    assert all(np.isnan(one[f"published.{name}"]) for name in figures)
    assert out["published.radiator_area_needed_m2"].strides == (8,)  # what physics needs still varies
