"""The command line, run for real in a subprocess: output, JSON, exit codes, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from skyrack.model import preset_names

SKYRACK = [sys.executable, "-m", "skyrack"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SKYRACK, *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def test_help_lists_commands() -> None:
    out = run("--help")
    assert out.returncode == 0
    for command in ("design", "compare", "presets", "schema", "provenance", "validate"):
        assert command in out.stdout


def test_design_json_has_required_keys() -> None:
    out = run("design", "suncatcher", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["orbit"]["inclination_deg"] == pytest.approx(97.98, abs=0.02)
    assert data["feasibility"]["feasible"] is True
    assert "launch_usd_per_kg" in data["breakeven"]


def test_compare_prints_every_preset_and_exits_2_on_the_infeasible_ones() -> None:
    out = run("compare")
    for name in preset_names():
        assert name in out.stdout
    # the fleets no launch fleet or factory can complete in 15 years: named on stderr, exit 2
    assert out.returncode == 2, out.stderr
    assert "blue-origin-sunrise (deployment.vehicles: launch cadence" in out.stderr
    assert "suncatcher (" not in out.stderr
    assert run("compare", "suncatcher", "starcloud-40mw").returncode == 0


def test_set_override_changes_the_design() -> None:
    a = json.loads(run("design", "suncatcher", "--json").stdout)
    b = json.loads(
        run("design", "suncatcher", "--json", "--set", "satellite.thermal.radiator_temperature=350 K").stdout
    )
    assert b["thermal"]["radiator_area_m2"] < a["thermal"]["radiator_area_m2"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("design", "no-such-preset"), "not a preset or file"),
        (("design", "suncatcher", "--set", "orbit.altitude=100 km"), "orbit.altitude"),
        (("design", "suncatcher", "--set", "orbit.altitude=650"), "give a unit"),
        (("design", "suncatcher", "--set", "satellite.compute.accelerator=h1000"), "h100-sxm"),
        (("design", "suncatcher", "--set", "satellite.power.efficiency=1.5"), "efficiency"),
        (("design", "suncatcher", "--set", "launch.vehicle=saturn-v"), "starship-v3"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: tuple[str, ...], fragment: str) -> None:
    out = run(*args)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert fragment in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_malformed_yaml_reports_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("orbit:\n  altitude: 650 km\n  ltan: [18:00\n")
    out = run("design", str(bad))
    assert out.returncode == 2
    assert "line" in out.stderr and "column" in out.stderr
    assert "Traceback" not in out.stderr


def test_infeasible_design_exits_2_with_reason() -> None:
    out = run("design", "suncatcher", "--set", "satellite.thermal.radiator_temperature=150 K")
    assert out.returncode == 2
    assert "sink temperature" in out.stdout
    assert out.stderr.startswith("error: infeasible design: satellite.thermal.radiator_temperature: radiator at 150")
    assert len(out.stderr.strip().splitlines()) == 1
    data = json.loads(
        run("design", "suncatcher", "--json", "--set", "satellite.thermal.radiator_temperature=150 K").stdout
    )
    assert data["feasibility"]["feasible"] is False
    assert data["thermal"]["radiator_area_m2"] is None


def test_validate_passes_all_cases() -> None:
    out = run("validate", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    body = json.loads(out.stdout)
    cases = body["cases"]
    assert len(cases) == 6 and all(c["passed"] for c in cases) and body["passed"] is True
    # the presets' published claims follow, each with a verdict and its reasoning (not pass/fail)
    assert {c["preset"] for c in body["claims"]} >= {"suncatcher", "starcloud-40mw", "spacex-xai", "mccalip-1gw"}
    assert all(c["verdict"] in ("holds", "does not hold", "holds only if") and c["reasoning"] for c in body["claims"])


def test_provenance_and_schema() -> None:
    prov = json.loads(run("provenance", "--json").stdout)
    assert len(prov) > 100
    assert all(row["source"] for row in prov)
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Scenario"


def test_provenance_filters_by_scenario_and_prefix() -> None:
    out = run("provenance", "suncatcher", "--prefix", "satellite.thermal", "--json")
    assert out.returncode == 0, out.stderr
    rows = {row["item"]: row for row in json.loads(out.stdout)}
    assert rows and all(item.startswith("satellite.thermal") for item in rows)
    # the preset names its radiator; the emissivity is the schema default with its source
    assert rows["satellite.thermal.radiator"] == {
        "item": "satellite.thermal.radiator", "value": "heat-pipe-tube-fin", "source": "scenario suncatcher"
    }  # fmt: skip
    assert rows["satellite.thermal.emissivity"]["value"] == "0.9"
    assert "white-paint" in rows["satellite.thermal.emissivity"]["source"]
    overridden = json.loads(
        run("provenance", "suncatcher", "--prefix", "satellite.thermal.emissivity", "-s",
            "satellite.thermal.emissivity=0.8", "--json").stdout
    )  # fmt: skip
    assert overridden == [{"item": "satellite.thermal.emissivity", "value": "0.8", "source": "scenario suncatcher"}]
    defaults = json.loads(run("provenance", "--prefix", "launchers.starship", "--json").stdout)
    assert defaults and all(row["item"].startswith("launchers.starship") and row["source"] for row in defaults)
    schema_only = json.loads(run("provenance", "--prefix", "satellite.thermal", "--json").stdout)
    assert schema_only and all(row["item"].startswith("scenario.satellite.thermal") for row in schema_only)
    missing = run("provenance", "suncatcher", "--prefix", "no.such.thing")
    assert missing.returncode == 2 and missing.stderr.startswith("error: --prefix")


def test_presets_lists_descriptions() -> None:
    out = run("presets")
    assert out.returncode == 0
    assert "Suncatcher" in out.stdout


USER_CATALOG = """
kind: accelerators
description: a user's own part
entries:
  my-chip:
    name: My chip
    tdp: {value: 500, unit: W, source: "my datasheet", date: 2026, confidence: medium, basis: datasheet}
    bf16_dense: {value: 1000, unit: TFLOP/s, source: "my datasheet", date: 2026, confidence: medium, basis: datasheet}
    fp8_dense: {value: 2000, unit: TFLOP/s, source: "my datasheet", date: 2026, confidence: medium, basis: datasheet}
    accelerators_per_unit: {value: 1, unit: "1", source: "definition", date: 2026, confidence: high, basis: derived}
    server_overhead: {value: 0.3, unit: "1", source: "estimate", date: 2026, confidence: low, basis: estimate}
    server_mass: {value: 10, unit: kg, source: "estimate", date: 2026, confidence: low, basis: estimate}
    unit_price: {value: 20000, unit: USD, source: "quote", date: 2026, confidence: low, basis: estimate}
    sustained_fraction: {value: 0.7, unit: "1", source: "estimate", date: 2026, confidence: low, basis: estimate}
    annual_failure_rate: {value: 0.05, unit: 1/yr, source: "estimate", date: 2026, confidence: low, basis: estimate}
"""


def test_user_catalog_file_extends_the_catalog(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(USER_CATALOG)
    out = run(
        "design", "suncatcher", "--json", "--catalog", str(path), "--set", "satellite.compute.accelerator=my-chip"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["compute"]["accelerator"] == "my-chip"
    per_sat = data["compute"]["accelerators_per_satellite"]
    assert data["compute"]["peak_bf16_flops"] == pytest.approx(81 * per_sat * 1e15, rel=1e-9)
    # the same file named inside a scenario, relative to the scenario file
    scenario = tmp_path / "s.yaml"
    scenario.write_text("catalog_files: [mine.yaml]\nsatellite:\n  compute: {accelerator: my-chip, it_power: 20 kW}\n")
    assert run("design", str(scenario), "--json").returncode == 0


def test_compare_shows_owner_pricing() -> None:
    out = run("compare", "spacex-xai", "starcloud-1", "--owner-pricing")
    assert out.returncode == 0, out.stderr
    assert "owning the rocket" in out.stdout
    assert "no at-cost data" in out.stdout  # the rideshare has no owner's cost breakdown
