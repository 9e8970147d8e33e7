"""Reconciliation: bridges that telescope exactly, the stated order, inert swaps, the McCalip assumption file."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from skyrack.cli import app
from skyrack.model import design, load_scenario
from skyrack.outputs import OUTPUTS
from skyrack.reconcile import DEFAULT_OUTPUTS, GROUPS, assumption_names, group_paths, reconcile
from skyrack.reconcile.bridge import EVERYTHING_ELSE, _assumption_file
from skyrack.report.build import ReportData, _claims_section, _reconcile_section, render_html
from skyrack.scenario.registry import parameters

ORDER = [
    "mass per kW",
    "cost base",
    "cost basis",
    "launch price",
    "discounting",
    "schedule",
    "utilisation",
    "attrition and replacement",
    "operations and insurance",
    "ground baseline",
    "lifetime",
    EVERYTHING_ELSE,
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "skyrack", *args], capture_output=True, text=True, timeout=300)


def test_groups_are_stated_in_order_and_partition_the_registry() -> None:
    paths = group_paths()
    assert list(paths) == ORDER == [g.name for g in GROUPS] + [EVERYTHING_ELSE]
    flat = [p for group in paths.values() for p in group]
    assert len(flat) == len(set(flat)), "a parameter is in two groups"
    assert set(flat) == set(parameters()), "every parameter is in exactly one group"
    assert "economics.discount_rate" in paths["discounting"] and "terrestrial.pue" in paths["ground baseline"]
    assert "terrestrial.unit_price" in paths["cost base"]  # the first group naming a path keeps it
    assert {"economics.satellite_cost_basis", "deployment.pricing", "launch.vehicle_cost"} <= set(paths["cost basis"])
    assert {"mission.build_time", "deployment.vehicles", "deployment.manufacturing_rate", "deployment.years"} <= set(
        paths["schedule"]
    )
    assert "terrestrial.build_time" in paths["schedule"] and "deployment.pricing" not in paths["schedule"]
    assert set(paths["operations and insurance"]) == {"economics.operations", "economics.in_orbit_insurance"}
    assert all(name in OUTPUTS for name in DEFAULT_OUTPUTS)


@pytest.mark.parametrize(("a", "b"), [("suncatcher", "spacex-xai"), ("mccalip-1gw", "mccalip")])
def test_bridge_steps_sum_exactly_to_the_difference(a: str, b: str) -> None:
    r = reconcile(a, b, [*DEFAULT_OUTPUTS, "economics.infrastructure_usd_per_mwh"])
    assert r.order == ORDER
    for bridge in r.bridges:
        assert [s.group for s in bridge.steps] == ORDER
        scale = max(abs(bridge.a), abs(bridge.b))
        assert abs(bridge.residual) <= 1e-12 * scale  # the steps telescope: B - A to floating-point rounding
        assert sum(s.share for s in bridge.steps) == pytest.approx(1.0, abs=1e-9)
        for s in bridge.steps:
            if s.status == "same":
                assert s.changes == [] and s.delta == 0.0
    # the ends are the two sides' own figures, computed independently
    first = design(a, parity=False)
    side_a = first.values
    assert [br.a for br in r.bridges[:3]] == [side_a[name] for name in DEFAULT_OUTPUTS]
    assert r.a.reasons == first.reasons  # each side's verdict, as `skyrack design` gives it
    if b in assumption_names():
        file = _assumption_file(b)
        assert file is not None
        side_b = design(load_scenario(file.based_on or a, file.values()), parity=False).values
    else:
        side_b = design(b, parity=False).values
    for bridge, name in zip(r.bridges, DEFAULT_OUTPUTS, strict=False):
        assert bridge.b == pytest.approx(side_b[name], rel=1e-12)


def test_a_swap_that_does_not_move_the_figure_is_inert(tmp_path: Path) -> None:
    # B differs from A only in the ground's electricity price: orbit's $/PFLOP-day cannot move,
    # the cost ratio moves entirely in the "ground baseline" step.
    data = yaml.safe_load((Path(__file__).parents[1] / "src/skyrack/presets/suncatcher.yaml").read_text())
    data["terrestrial"]["electricity_price"] = "0.2 USD/kWh"
    path = tmp_path / "dearer-power.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    r = reconcile("suncatcher", str(path))
    orbit, *ratios = r.bridges
    ground = ORDER.index("ground baseline")
    assert orbit.steps[ground].status == "inert" and orbit.steps[ground].delta == 0.0 and orbit.difference == 0.0
    for ratio in ratios:  # all-in and infrastructure only: both move in the ground step alone
        assert [s.status for s in ratio.steps].count("same") == len(ORDER) - 1
        assert ratio.steps[ground].status == "moves" and ratio.steps[ground].share == pytest.approx(1.0)
        assert ratio.steps[ground].changes == [("terrestrial.electricity_price", pytest.approx(0.0806), 0.2)]


def test_schedule_and_cost_basis_are_bridged_in_their_own_steps(tmp_path: Path) -> None:
    # B waits 2 years longer before the first launch and prices the satellite per watt of IT power instead
    # of array power. Money follows the schedule: hardware, launches and output all move 2 years later,
    # while NRE and the ground segment stay at the go decision, so at an 8 %/yr discount rate orbit's
    # $/PFLOP-day rises in the "schedule" step; the IT power is below the array's, so the per-watt price
    # is charged on fewer watts and the "cost basis" step lowers it. No other step moves.
    data = yaml.safe_load((Path(__file__).parents[1] / "src/skyrack/presets/suncatcher.yaml").read_text())
    data["mission"]["build_time"] = "4.5 yr"
    data.setdefault("economics", {})["satellite_cost_basis"] = "it_power"
    path = tmp_path / "later.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    orbit = reconcile("suncatcher", str(path)).bridges[0]
    steps = {s.group: s for s in orbit.steps}
    assert steps["schedule"].status == "moves" and steps["schedule"].delta > 0
    assert steps["schedule"].changes == [("mission.build_time", pytest.approx(2.5), pytest.approx(4.5))]
    assert steps["cost basis"].status == "moves" and steps["cost basis"].delta < 0
    assert {s.status for name, s in steps.items() if name not in ("schedule", "cost basis")} == {"same"}


def test_mccalip_file_expresses_his_satellite() -> None:
    # In McCalip's model the whole satellite is 36.5 W/kg of array power and costs $22/W of it
    # (math.js defaults): with compute, radiator, battery, shielding and bus mass set to nothing,
    # skyrack's satellite must weigh array power / 36.5 W/kg and cost 22 USD/W x array power.
    file = _assumption_file("mccalip")
    assert file is not None and file.based_on == "mccalip-1gw" and file.not_mapped
    v = design(load_scenario("mccalip-1gw", file.values()), parity=False).values
    p_bol = v["power.array_power_bol_w"]
    assert v["mass.per_satellite_kg"] == pytest.approx(p_bol / 36.5, rel=1e-3)
    assert v["economics.hardware_bus_usd"] == pytest.approx(22.0 * p_bol * v["constellation.satellites"], rel=1e-12)
    assert v["economics.hardware_accelerators_usd"] == 0.0  # GPUs are outside his comparison
    # his terrestrial capex: 1.8 USD/W x PUE 1.2 + 12.5 USD/W = 14.66 USD/W of IT
    assert v["terrestrial.capex_usd"] == pytest.approx(14.66 * v["terrestrial.it_power_w"], rel=1e-9)


def test_reconcile_command_table_json_and_chart(tmp_path: Path) -> None:
    out = run("reconcile", "mccalip-1gw", "mccalip", "--png", str(tmp_path / "bridge.png"))
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())
    assert "order: mass per kW → cost base → cost basis → launch price → discounting → schedule" in text
    assert "inert" in out.stdout and "line items side by side" in out.stdout and "no skyrack parameter" in out.stdout
    assert "mccalip-1gw is infeasible: deployment.manufacturing_rate" in text  # infeasible by design, and said so
    for k in (1, 2, 3):
        assert (tmp_path / f"bridge-{k}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    body = json.loads(run("reconcile", "suncatcher", "spacex-xai", "--json", "-q", "cost per mwh").stdout)
    assert body["order"] == ORDER and body["bridges"][0]["output"] == "economics.infrastructure_usd_per_mwh"
    assert body["a"]["feasible"] is True and body["a"]["reasons"] == []
    steps = body["bridges"][0]["steps"]
    assert sum(s["delta"] for s in steps) == pytest.approx(body["bridges"][0]["difference"], rel=1e-12)
    assert {i["output"] for i in body["line_items"]} >= {"mass.total_kg", "launch.launches", "economics.launch_usd"}


@pytest.mark.parametrize("args", [("suncatcher", "nowhere"), ("suncatcher", "spacex-xai", "-q", "nonsense")])
def test_reconcile_bad_input_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    out = CliRunner().invoke(app, ["reconcile", *args])
    assert out.exit_code == 2 and out.stderr.startswith("error: ") and out.stderr.count("\n") == 1


def test_report_reconcile_option_refuses_an_unknown_side_before_any_work(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["report", "suncatcher", "--reconcile", "nowhere", "-o", str(tmp_path / "r.html")])
    assert out.exit_code == 2 and out.stderr.startswith("error: ") and "nowhere" in out.stderr
    assert not (tmp_path / "r.html").exists()


def test_assumption_file_with_an_unknown_parameter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("name: other\nsource: somewhere\nparameters:\n  launch.prise_per_kg: 5 USD/kg\n")
    out = CliRunner().invoke(app, ["reconcile", "suncatcher", str(path)])
    assert out.exit_code == 2 and "launch.prise_per_kg" in out.stderr and "unknown parameter" in out.stderr


def test_report_shows_published_claims_and_the_reconciliation() -> None:
    result = design("mccalip-1gw")
    data = ReportData(title="t", description="", generated="now")
    _claims_section(result, data)
    _reconcile_section(result, data, "mccalip", None)
    text = render_html(data)
    assert "Published claims about this system" in text and "Andrew McCalip" in text
    assert len(data.published) == len(result.scenario.claims)
    assert "mccalip-1gw is infeasible: deployment.manufacturing_rate" in text
    assert "<h2>Reconciliation</h2>" in text and len(re.findall(r'id="figure-reconcile-\d"', text)) == 3
    assert "mass per kW → cost base → cost basis" in text and "Line items side by side" in text
