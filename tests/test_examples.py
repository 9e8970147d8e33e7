"""Everything under examples/ runs: scenarios, the custom part, the fleet files and commands.sh."""

from __future__ import annotations

import math
import shlex
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import skyrack
from cli_lines import argv, command_lines, parse, reduced
from skyrack.cli import app
from skyrack.simulate.propagate import _tle_checksum, parse_omm, parse_tle

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCENARIOS = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def test_the_examples_are_there() -> None:
    assert set(SCENARIOS) >= {
        "orbital-top-down.yaml",
        "orbital-bottom-up.yaml",
        "terrestrial-only.yaml",
        "shells-megaconstellation.yaml",
        "custom-part.yaml",
        "montecarlo.yaml",
    }


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_example_scenario_is_a_feasible_design(name: str) -> None:
    result = skyrack.design(EXAMPLES / name)
    summary = result.to_dict()
    assert summary["feasibility"]["feasible"], summary["feasibility"]["reasons"]
    assert summary["verdict"]  # one sentence, first in every output
    assert math.isfinite(result["terrestrial.usd_per_pflop_day"])
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert "# Run: skyrack" in text  # each file says how to run it


def test_each_example_shows_its_style() -> None:
    top = skyrack.design(EXAMPLES / "orbital-top-down.yaml").to_dict()
    bottom = skyrack.design(EXAMPLES / "orbital-bottom-up.yaml").to_dict()
    ground = skyrack.design(EXAMPLES / "terrestrial-only.yaml")
    shells = skyrack.design(EXAMPLES / "shells-megaconstellation.yaml")
    assert top["economics"]["cost_basis"].startswith("top-down: 22 USD/W")
    assert bottom["economics"]["cost_basis"].startswith("BOTTOM-UP")
    assert ground.scenario.kind == "terrestrial" and ground["terrestrial.it_power_w"] == pytest.approx(
        300e6, rel=1e-5
    )  # whole servers
    # two shells of 72 planes x 22 satellites
    assert shells.scenario.constellation.shells is not None and len(shells.scenario.constellation.shells) == 2
    assert shells["constellation.satellites"] == 2 * 72 * 22


def test_the_custom_part_inherits_from_the_shipped_h100() -> None:
    result = skyrack.design(EXAMPLES / "custom-part.yaml")
    assert result.scenario.satellite.compute.accelerator == "h100-flight"
    h100 = skyrack.design("suncatcher", ["satellite.compute.accelerator=h100-sxm"])
    # inherited: the datasheet's dense BF16 and TDP; replaced: the chassis mass and price
    assert result.params["satellite.compute.bf16_dense"] == h100.params["satellite.compute.bf16_dense"] == 989e12
    assert result.params["satellite.compute.tdp"] == 700.0
    assert result.params["satellite.compute.unit_price"] == 45000.0
    assert result.params["satellite.compute.mass_per_unit"] == 30.0  # catalog server_mass


def _elements(kind: str) -> tuple[list[object], list[str]]:
    path = EXAMPLES / "fleet" / ("synthetic.tle" if kind == "tle" else "synthetic.omm.kvn")
    text = path.read_text(encoding="utf-8")
    return parse_tle(text, path.name) if kind == "tle" else parse_omm(text, path.name)  # type: ignore[return-value]


def test_the_fleet_files_are_labelled_synthetic_with_valid_checksums() -> None:
    tle = (EXAMPLES / "fleet" / "synthetic.tle").read_text(encoding="utf-8").splitlines()
    names = tle[0::3]
    assert len(names) == 7 and all(n.startswith("SYNTHETIC ") for n in names)
    for line in tle[1::3] + tle[2::3]:
        assert int(line[68]) == _tle_checksum(line), line  # column 69: digits plus one per minus sign, mod 10
    omm = (EXAMPLES / "fleet" / "synthetic.omm.kvn").read_text(encoding="utf-8")
    assert omm.startswith("COMMENT Synthetic element sets") and "NOT real satellites" in omm
    assert "CelesTrak" not in omm and "CelesTrak" not in "\n".join(tle)  # not passed off as real data


def test_the_tle_and_omm_files_hold_the_same_satellites() -> None:
    tle_sats, tle_names = _elements("tle")
    omm_sats, omm_names = _elements("omm")
    assert tle_names == omm_names
    for a, b in zip(tle_sats, omm_sats, strict=True):
        # the same element sets: positions one orbit after the epoch agree to well under 1 km
        _, ra, _ = a.sgp4(a.jdsatepoch, a.jdsatepochF + 0.07)  # type: ignore[attr-defined]
        _, rb, _ = b.sgp4(b.jdsatepoch, b.jdsatepochF + 0.07)  # type: ignore[attr-defined]
        assert np.linalg.norm(np.subtract(ra, rb)) < 1.0
    # Starlink-like at ~550 km and 53.05 deg, ISS-like at ~420 km and 51.64 deg (mean motion in rad/min)
    altitude_km = [(398600.4418 / (s.no_kozai / 60.0) ** 2) ** (1 / 3) - 6378.137 for s in tle_sats]  # type: ignore[attr-defined]
    assert altitude_km[:6] == pytest.approx([550.0] * 6, abs=5.0)
    assert altitude_km[6] == pytest.approx(420.0, abs=5.0)


COMMANDS = command_lines((EXAMPLES / "commands.sh").read_text(encoding="utf-8"), fenced=False)


def test_commands_sh_is_a_shell_script_of_skyrack_lines() -> None:
    text = (EXAMPLES / "commands.sh").read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n") and "set -e" in text
    body = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith(("#", "set "))]
    assert body == COMMANDS  # every command line is a skyrack line, and each is tested below
    kinds = {shlex.split(line)[1] for line in COMMANDS}
    assert {"sweep", "montecarlo", "sensitivity", "breakeven", "simulate", "design"} <= kinds


@pytest.fixture
def in_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with examples/ in it, as the repository root is; outputs land here."""
    (tmp_path / "examples").symlink_to(EXAMPLES)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SKYRACK_HOME", str(tmp_path / "home"))
    return tmp_path


def test_every_line_of_commands_sh_runs(in_copy: Path) -> None:
    # in order, as `sh examples/commands.sh` runs them (the design reads the run the simulation wrote);
    # draws, Sobol samples and durations cut to the suite's sizes (tests/cli_lines.py REDUCE)
    runner = CliRunner()
    for line in COMMANDS:
        words, _ = reduced(argv(line))
        parse(words)
        result = runner.invoke(app, words, catch_exceptions=False)
        assert result.exit_code == 0, (line, result.output[-2000:])
    for made in ("sweep-grid.csv", "sweep-lhs.parquet", "draws.parquet", "breakeven.csv", "run/fleet.json"):
        assert (in_copy / made).is_file(), made
