"""Reconciliation: bridges that telescope exactly, the stated order, inert swaps, the McCalip assumption file."""

from __future__ import annotations

import json
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
    "launch price",
    "discounting",
    "utilisation",
    "attrition and replacement",
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
    assert all(name in OUTPUTS for name in DEFAULT_OUTPUTS)


@pytest.mark.parametrize(("a", "b"), [("suncatcher", "spacex-xai"), ("terrestrial-1gw", "mccalip")])
def test_bridge_steps_sum_exactly_to_the_difference(a: str, b: str) -> None:
    r = reconcile(a, b, [*DEFAULT_OUTPUTS, "economics.lcoe_usd_per_mwh"])
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
    side_a = design(a, parity=False).values
    assert r.bridges[0].a == side_a[DEFAULT_OUTPUTS[0]] and r.bridges[1].a == side_a[DEFAULT_OUTPUTS[1]]
    if b in assumption_names():
        file = _assumption_file(b)
        assert file is not None
        side_b = design(load_scenario(file.based_on or a, file.values()), parity=False).values
    else:
        side_b = design(b, parity=False).values
    assert r.bridges[0].b == pytest.approx(side_b[DEFAULT_OUTPUTS[0]], rel=1e-12)
    assert r.bridges[1].b == pytest.approx(side_b[DEFAULT_OUTPUTS[1]], rel=1e-12)


def test_a_swap_that_does_not_move_the_figure_is_inert(tmp_path: Path) -> None:
    # B differs from A only in the ground's electricity price: orbit's $/PFLOP-day cannot move,
    # the cost ratio moves entirely in the "ground baseline" step.
    data = yaml.safe_load((Path(__file__).parents[1] / "src/skyrack/presets/suncatcher.yaml").read_text())
    data["terrestrial"]["electricity_price"] = "0.2 USD/kWh"
    path = tmp_path / "dearer-power.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    r = reconcile("suncatcher", str(path))
    orbit, ratio = r.bridges
    ground = ORDER.index("ground baseline")
    assert orbit.steps[ground].status == "inert" and orbit.steps[ground].delta == 0.0 and orbit.difference == 0.0
    assert [s.status for s in ratio.steps].count("same") == len(ORDER) - 1
    assert ratio.steps[ground].status == "moves" and ratio.steps[ground].share == pytest.approx(1.0)
    assert ratio.steps[ground].changes == [("terrestrial.electricity_price", pytest.approx(0.0806), 0.2)]


def test_mccalip_file_expresses_his_satellite() -> None:
    # In McCalip's model the whole satellite is 36.5 W/kg of array power and costs $22/W of it
    # (math.js defaults): with compute, radiator, battery, shielding and bus mass set to nothing,
    # skyrack's satellite must weigh array power / 36.5 W/kg and cost 22 USD/W x array power.
    file = _assumption_file("mccalip")
    assert file is not None and file.based_on == "terrestrial-1gw" and file.not_mapped
    v = design(load_scenario("terrestrial-1gw", file.values()), parity=False).values
    p_bol = v["power.array_power_bol_w"]
    assert v["mass.per_satellite_kg"] == pytest.approx(p_bol / 36.5, rel=1e-3)
    assert v["economics.hardware_bus_usd"] == pytest.approx(22.0 * p_bol * v["constellation.satellites"], rel=1e-12)
    assert v["economics.hardware_accelerators_usd"] == 0.0  # GPUs are outside his comparison
    # his terrestrial capex: 1.8 USD/W x PUE 1.2 + 12.5 USD/W = 14.66 USD/W of IT
    assert v["terrestrial.capex_usd"] == pytest.approx(14.66 * v["terrestrial.it_power_w"], rel=1e-9)


def test_reconcile_command_table_json_and_chart(tmp_path: Path) -> None:
    out = run("reconcile", "terrestrial-1gw", "mccalip", "--png", str(tmp_path / "bridge.png"))
    assert out.returncode == 0, out.stderr
    assert "order: mass per kW → cost base → launch price → discounting" in " ".join(out.stdout.split())
    assert "inert" in out.stdout and "line items side by side" in out.stdout and "no skyrack parameter" in out.stdout
    for k in (1, 2):
        assert (tmp_path / f"bridge-{k}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    body = json.loads(run("reconcile", "suncatcher", "spacex-xai", "--json", "-o", "lcoe").stdout)
    assert body["order"] == ORDER and body["bridges"][0]["output"] == "economics.lcoe_usd_per_mwh"
    steps = body["bridges"][0]["steps"]
    assert sum(s["delta"] for s in steps) == pytest.approx(body["bridges"][0]["difference"], rel=1e-12)
    assert {i["output"] for i in body["line_items"]} >= {"mass.total_kg", "launch.launches", "economics.launch_usd"}


@pytest.mark.parametrize("args", [("suncatcher", "nowhere"), ("suncatcher", "spacex-xai", "-o", "nonsense")])
def test_reconcile_bad_input_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    out = CliRunner().invoke(app, ["reconcile", *args])
    assert out.exit_code == 2 and out.stderr.startswith("error: ") and out.stderr.count("\n") == 1


def test_assumption_file_with_an_unknown_parameter_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("name: other\nsource: somewhere\nparameters:\n  launch.prise_per_kg: 5 USD/kg\n")
    out = CliRunner().invoke(app, ["reconcile", "suncatcher", str(path)])
    assert out.exit_code == 2 and "launch.prise_per_kg" in out.stderr and "unknown parameter" in out.stderr


def test_report_shows_published_claims_and_the_reconciliation() -> None:
    result = design("terrestrial-1gw")
    data = ReportData(title="t", description="", generated="now")
    _claims_section(result, data)
    _reconcile_section(result, data, "mccalip", None)
    text = render_html(data)
    assert "Published claims about this system" in text and "Andrew McCalip" in text
    assert len(data.published) == len(result.scenario.claims)
    assert "<h2>Reconciliation</h2>" in text and text.count("data:image/png;base64,") == 2
    assert "mass per kW → cost base" in text and "Line items side by side" in text
