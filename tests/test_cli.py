"""The command line, run for real in a subprocess: output, JSON, exit codes, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_compare_prints_every_preset() -> None:
    out = run("compare")
    assert out.returncode == 0, out.stderr
    for name in (
        "suncatcher",
        "spacex-xai",
        "blue-origin-sunrise",
        "openai-stoke",
        "starcloud-40mw",
        "starcloud-1",
        "terrestrial-1gw",
    ):
        assert name in out.stdout


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
    cases = json.loads(out.stdout)
    assert len(cases) == 5 and all(c["passed"] for c in cases)


def test_provenance_and_schema() -> None:
    prov = json.loads(run("provenance", "--json").stdout)
    assert len(prov) > 100
    assert all(row["source"] for row in prov)
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Scenario"


def test_presets_lists_descriptions() -> None:
    out = run("presets")
    assert out.returncode == 0
    assert "Suncatcher" in out.stdout
