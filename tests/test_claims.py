"""Claim checks: parsing 'quantity op value unit', verdicts with numbers, the CLI, the API and the presets' claims."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from skyrack.claims import FAILS, HOLDS, HOLDS_ONLY_IF, check, check_claims, parse_test, resolve_quantity
from skyrack.claims.parse import ALIASES, DEFAULT_TOLERANCE, parse_value
from skyrack.cli import app
from skyrack.errors import InputError, ScenarioError
from skyrack.model import design, load_scenario, preset_names
from skyrack.outputs import OUTPUTS
from skyrack.report.build import collect, render_html
from skyrack.scenario.claims import split_test
from skyrack.web.app import create_app
from skyrack.web.limits import Limits
from webserver import wait_ready


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "skyrack", *args], capture_output=True, text=True, timeout=300)


# --------------------------------------------------------------------------- parsing


def test_split_test_reads_the_parts_of_a_claim() -> None:
    parts = split_test("lcoe <= 0.05 USD/kWh if launch.price_per_kg = 500 USD/kg, mission.lifetime = 7 yr")
    assert (parts.quantity, parts.op, parts.value, parts.tolerance) == ("lcoe", "<=", "0.05 USD/kWh", None)
    assert parts.conditions == {"launch.price_per_kg": "500 USD/kg", "mission.lifetime": "7 yr"}
    assert split_test("a.b ≥ 3").op == ">=" and split_test("a.b ≈ 3").op == "==" and split_test("a.b < 3").op == "<"
    assert split_test("x == 100 W/kg ± 10 %").tolerance == "10 %"


@pytest.mark.parametrize(
    "text", ["", "lcoe is cheap", "<= 5 USD/MWh", "lcoe <=", "lcoe < 5 ± 1", "lcoe <= 5 if launch.price_per_kg"]
)
def test_split_test_refuses_what_is_not_a_claim(text: str) -> None:
    with pytest.raises(InputError) as error:
        split_test(text)
    assert "quantity op value unit" in str(error.value) or "path = value" in str(error.value)


def test_threshold_is_converted_to_the_registry_unit() -> None:
    # 0.05 USD/kWh x 1,000 kWh/MWh = 50 USD/MWh (the output's canonical unit)
    t = parse_test("energy cost <= 0.05 USD/kWh")
    assert t.quantity.text == "economics.energy_usd_per_mwh" and t.threshold == pytest.approx(50.0)
    assert t.unit == "USD/kWh" and t.in_unit(2517.0) == pytest.approx(2.517)
    assert parse_test("economics.infrastructure_usd_per_mwh >= $50/MWh").threshold == pytest.approx(50.0)
    assert parse_test("mass.total_kg < 1,000 t").threshold == pytest.approx(1.0e6)  # 1,000 t = 10^6 kg
    assert parse_test("economics.usd_per_pflop_day < 2 USD/PFLOP-day").threshold == pytest.approx(2.0)
    assert parse_test("orbit.sunlit_fraction > 95 %").threshold == pytest.approx(0.95)


def test_quantities_by_name_alias_label_and_ratio() -> None:
    assert resolve_quantity("economics.cost_ratio").unit == "1"
    assert resolve_quantity("cost per PFLOP-day").text == "economics.usd_per_pflop_day"  # the alias: all-in, orbit
    label = resolve_quantity("cost per PFLOP-day, infrastructure only")  # the label, "(orbit)" implied
    assert label.text == "economics.infrastructure_usd_per_pflop_day"
    assert resolve_quantity("launch.price_per_kg").unit == "USD/kg"  # a parameter
    ratio = resolve_quantity("compute.it_power_per_satellite_w / mass.per_satellite_kg")
    assert ratio.terms == ("compute.it_power_per_satellite_w", "mass.per_satellite_kg") and ratio.unit == "(W)/(kg)"
    assert resolve_quantity("compute per tonne").text == ratio.text
    assert resolve_quantity("cost per MWh").text == "economics.infrastructure_usd_per_mwh"
    assert resolve_quantity("all-in ratio").text == "economics.cost_ratio"
    assert resolve_quantity("infrastructure ratio").text == "economics.cost_ratio_infrastructure"
    dimensionless = resolve_quantity("economics.pv_infrastructure_usd / terrestrial.pv_infrastructure_usd")
    assert dimensionless.unit == "1"
    for alias in ALIASES:  # every alias resolves to registry names
        assert all(t in OUTPUTS or "." in t for t in resolve_quantity(alias).terms)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("energy costt <= 50 USD/MWh", "did you mean energy cost"),
        ("energy cost <= 50 kg", "convertible to USD/MWh"),
        ("energy cost <= 50", "give a unit"),
        ("energy cost <= fifty USD/MWh", "a number with a unit"),
        ("lcoe <= 50 USD/MWh", "skyrack names no LCOE"),  # the two costs per MWh are named for what they count
        ("economics.lcoe_usd_per_mwh <= 50 USD/MWh", "renamed: economics.energy_usd_per_mwh"),
        ("terrestrial.lcoe_usd_per_mwh <= 50 USD/MWh", "terrestrial.infrastructure_usd_per_mwh"),
        ("economics.cost_ratio < 1 if launch.prise_per_kg = 5 USD/kg", "unknown parameter"),
        ("economics.cost_ratio < 1 if launch.price_per_kg = -5 USD/kg", "at least 0"),
        ("orbit.kind == 2", "this parameter is a choice"),
        ("links.layout == 1", "this output is text"),
        ("simulate.availability > 0.9", "not computed by a claim check"),
    ],
)
def test_bad_claims_name_what_is_allowed(text: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        parse_test(text)
    assert words in str(error.value)


def test_gap_and_holds_follow_the_operator() -> None:
    le, lt, ge = (
        parse_test("mass.total_kg <= 10 kg"),
        parse_test("mass.total_kg < 10 kg"),
        parse_test("mass.total_kg >= 10 kg"),
    )
    assert le.holds(10.0) and not lt.holds(10.0) and ge.holds(10.0) and not ge.holds(9.99)
    assert float(le.gap(12.0)) == 2.0 and float(ge.gap(12.0)) == -2.0
    assert not le.holds(math.nan)  # an infeasible design never passes
    default = parse_test("mass.total_kg == 100 kg")  # ± 10 % unless stated
    assert (
        default.tolerance == pytest.approx(100 * DEFAULT_TOLERANCE)
        and default.holds(109.0)
        and not default.holds(111.0)
    )
    absolute = parse_test("thermal.radiator_net_flux_w_per_m2 == 633 W/m^2 ± 5 W/m^2")
    assert absolute.tolerance == pytest.approx(5.0) and absolute.holds(629.0) and not absolute.holds(627.0)
    assert parse_value("3 t", "kg") == (3000.0, "t")


# --------------------------------------------------------------------------- verdicts


def test_verdict_numbers_are_the_design_numbers() -> None:
    r = design("suncatcher", parity=False)
    ratio = r.values["economics.cost_ratio"]
    v = check("suncatcher", f"economics.cost_ratio < {ratio * 1.01!r}")
    assert v.verdict == HOLDS and v.value == ratio
    assert v.margin == pytest.approx(0.01 * ratio)
    assert check("suncatcher", f"economics.cost_ratio >= {ratio * 1.01!r}").verdict == FAILS
    per_kg = check("suncatcher", "compute per tonne >= 100 W/kg")
    assert per_kg.value == r.values["compute.it_power_per_satellite_w"] / r.values["mass.per_satellite_kg"]


def test_driver_value_that_makes_a_claim_hold_is_solved_like_parity() -> None:
    # Launch cost = price per kg x fleet mass (suncatcher: no learning curve), so a claim at 75 % of the
    # cost at 200 USD/kg holds at a price of 0.75 x 200 = 150 USD/kg and below.
    r = design("suncatcher", parity=False)
    cost = r.values["launch.cost_usd"]
    assert cost == pytest.approx(200.0 * r.values["mass.total_kg"])
    v = check("suncatcher", f"launch.cost_usd <= {0.75 * cost!r} USD")
    assert v.verdict == FAILS
    launch = next(d for d in v.drivers if d["path"] == "launch.price_per_kg")
    assert launch["flip"] == pytest.approx(150.0, rel=1e-8) and launch["side"] == "<="
    assert any("it would hold at launch.price_per_kg <= 150 USD/kg (now 200 USD/kg)" in line for line in v.reasoning)
    assert next(d for d in v.drivers if d["path"] == "terrestrial.electricity_price")["inert"]


def test_holds_only_if_its_conditions_are_met() -> None:
    cost = design("suncatcher", parity=False).values["launch.cost_usd"]
    v = check("suncatcher", f"launch.cost_usd <= {0.75 * cost!r} USD if launch.price_per_kg = 100 USD/kg")
    assert v.verdict == HOLDS_ONLY_IF
    assert v.value == pytest.approx(0.5 * cost) and v.value_without_conditions == pytest.approx(cost)
    assert "only if launch.price_per_kg = 100 USD/kg" in v.summary
    assert any("scenario's own assumptions (launch.price_per_kg = 200 USD/kg)" in line for line in v.reasoning)


def test_an_infeasible_design_does_not_hold_with_its_reason() -> None:
    v = check("suncatcher", "economics.cost_ratio < 1 if satellite.thermal.radiator_temperature = 150 K")
    assert v.verdict == FAILS and math.isnan(v.value)
    assert any("infeasible" in line and "sink" in line for line in v.reasoning)


def test_a_design_infeasible_only_in_its_schedule_keeps_its_numbers() -> None:
    # mccalip-1gw sizes, but its fleet cannot be built within the planning horizon (production):
    # the claim is judged on the design's own number, and the verdict says the design is infeasible.
    r = design("mccalip-1gw", parity=False)
    assert not r.feasible and math.isfinite(r.values["mass.total_kg"])
    v = check("mccalip-1gw", "mass.total_kg > 0 kg")
    assert v.verdict == HOLDS and v.value == r.values["mass.total_kg"]
    assert "the design itself is infeasible" in v.summary
    assert any(line.startswith("the design is infeasible: deployment.") for line in v.reasoning)
    assert any(line.startswith("margin: ") for line in v.reasoning)


def test_a_terrestrial_scenario_answers_for_the_ground_and_says_it_has_no_orbit() -> None:
    ground = design("ground-campus-1gw", parity=False).values["terrestrial.infrastructure_usd_per_mwh"]
    v = check("ground-campus-1gw", "terrestrial.infrastructure_usd_per_mwh < 1000 USD/MWh")
    assert v.value == ground and v.verdict == (HOLDS if ground < 1000 else FAILS)
    orbit = check("ground-campus-1gw", "cost ratio < 1")
    assert (
        orbit.verdict == FAILS
        and "has no value for this scenario (a terrestrial scenario has no orbit)" in orbit.summary
    )


def test_a_parameter_claim_needs_no_driver() -> None:
    v = check("suncatcher", "launch price == 200 USD/kg")
    assert v.verdict == HOLDS and v.drivers == [] and v.value == 200.0


def test_published_radiator_figure_is_flagged_by_physics() -> None:
    # Starcloud's 633 W/m2 absorbs Earth IR at alpha = 0.09; with the IR absorptivity = emissivity 0.92
    # (Kirchhoff) the net is 584.8 W/m2 (the reference case starcloud-radiator-40mw).
    v = next(v for v in check_claims("starcloud-40mw") if v.test.quantity.text == "thermal.radiator_net_flux_w_per_m2")
    assert v.verdict == FAILS and v.value == pytest.approx(584.8, abs=0.5)


# --------------------------------------------------------------------------- scenario claims and presets


ORBITAL = [name for name in preset_names() if load_scenario(name).kind == "orbital"]


@pytest.mark.parametrize("preset", ORBITAL)
def test_every_orbital_preset_ships_sourced_claims_that_parse(preset: str) -> None:
    scn = load_scenario(preset)
    assert scn.claims, f"{preset} has no published claims"
    for c in scn.claims:
        assert c.statement and c.by and c.source and c.date
        parse_test(c.test, c.conditions)  # the quantity, unit and conditions are all known
    verdicts = check_claims(scn)
    assert [v.claim for v in verdicts] == list(scn.claims)
    assert all(v.reasoning and v.verdict in (HOLDS, FAILS, HOLDS_ONLY_IF) for v in verdicts)


def test_a_malformed_claim_in_a_scenario_names_the_field() -> None:
    data = {
        "satellite": {"compute": {"it_power": "10 kW"}},
        "claims": [{"statement": "s", "by": "b", "source": "x", "date": "2025", "test": "lcoe is cheap"}],
    }
    with pytest.raises(ScenarioError, match=r"claims\.0\.test"):
        load_scenario(data)
    data["claims"][0].update(test="lcoe < 1 USD/MWh", date="last year")
    with pytest.raises(ScenarioError, match=r"claims\.0\.date"):
        load_scenario(data)


# --------------------------------------------------------------------------- CLI and API


def test_check_command_prints_verdicts_and_exits_by_them() -> None:
    out = run("check", "suncatcher", "energy cost <= 50 USD/MWh", "cost ratio < 3", "--json")
    assert out.returncode == 1, out.stderr  # one of the claims does not hold
    verdicts = json.loads(out.stdout)
    assert [v["verdict"] for v in verdicts] == [FAILS, HOLDS]
    assert verdicts[0]["quantity"] == "economics.energy_usd_per_mwh" and verdicts[0]["unit"] == "USD/MWh"
    assert verdicts[0]["value"] > 50 and verdicts[0]["margin"] < 0
    table = run("check", "openai-stoke")  # the scenario's own claims
    assert table.returncode == 0 and "Stoke Space" in table.stdout and "holds" in table.stdout


@pytest.mark.parametrize("claim", ["energy cost <= 50 kg", "nonsense", "lcoee < 5 USD/MWh", "lcoe < 5 USD/MWh"])
def test_check_command_bad_claim_is_one_line_and_exit_2(claim: str) -> None:
    out = CliRunner().invoke(app, ["check", "suncatcher", claim])
    assert out.exit_code == 2
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_check_api() -> None:
    with TestClient(create_app(Limits(workers=1))) as client:  # the check runs in the service's worker pool
        wait_ready(client)
        _check_api(client)


def _check_api(client: TestClient) -> None:
    body = {"preset": "suncatcher", "claims": ["energy cost <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg"]}
    ok = client.post("/api/check", json=body)
    assert ok.status_code == 200
    (verdict,) = ok.json()["verdicts"]
    assert verdict["verdict"] == FAILS and verdict["conditions"] == {"launch.price_per_kg": "200 USD/kg"}
    own = client.post("/api/check", json={"preset": "starcloud-40mw"}).json()["verdicts"]
    assert len(own) == len(load_scenario("starcloud-40mw").claims) and own[0]["claim"]["by"].startswith("Starcloud")
    bad = client.post("/api/check", json={"preset": "suncatcher", "claims": ["energy cost <= 50 kg"]})
    assert bad.status_code == 422 and "convertible to USD/MWh" in bad.json()["detail"]
    many = client.post("/api/check", json={"preset": "suncatcher", "claims": ["cost ratio < 1"] * 21})
    assert many.status_code == 413


def test_report_of_a_terrestrial_scenario_shows_its_published_claims() -> None:
    data = yaml.safe_load((Path(__file__).parents[1] / "src/skyrack/presets/ground-campus-1gw.yaml").read_text())
    data["claims"] = [
        {
            "statement": "A gigawatt campus costs under $1,000 per MWh its chips draw, all infrastructure counted.",
            "by": "a test",
            "source": "this test",
            "date": "2026",
            "test": "terrestrial.infrastructure_usd_per_mwh < 1000 USD/MWh",
        }
    ]
    page = render_html(collect(design(load_scenario(data), parity=False)))
    assert "Published claims about this system" in page and "A gigawatt campus costs under" in page
