"""``skyrack simulate`` through typer's test runner (the command is registered by ``register(app)``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cli_app import group_app
from skyrack.simulate.cli import register


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return group_app(register)


def test_simulate_writes_results_and_prints_the_table(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        [
            "simulate",
            "suncatcher",
            "--duration",
            "1 day",
            "--step",
            "60s",
            "--satellites",
            "3",
            "--seed",
            "2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "sunlit fraction" in result.output and "satellite-steps" in result.output
    assert {p.name for p in out.iterdir()} == {"timeseries.parquet", "satellites.parquet", "fleet.json"}


def test_simulate_json(app: typer.Typer) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "suncatcher", "--duration", "6h", "--step", "60 s", "--satellites", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["fleet"]["satellites_simulated"] == 1.0
    assert payload["meta"]["steps"] == 360


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--step", "20 min"], "error: simulation.step: got '1200 s'"),
        (["--duration", "10 yr"], "error: simulation.duration"),
        (["--duration", "ten days"], "error: --duration"),
        (["--step", "-5 s"], "error: --step"),
        (["--step", "1e-6 s"], "error: --step"),
        (["--seed", "-1"], "error: --seed"),
        (["--satellites", "500"], "error: simulation.satellites"),
        (["--propagator", "rk4"], "error: simulation.propagator"),
        (["--set", "simulation.step=-1 s"], "error: suncatcher: simulation.step: must be greater than 0 s"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(app: typer.Typer, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["simulate", "suncatcher", "--duration", "1 day", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_tle_exit_code_2(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "x.tle"
    path.write_text("1 25544U 98067A\n2 25544\n")
    result = CliRunner().invoke(app, ["simulate", "suncatcher", "--duration", "1 day", "--tle", str(path)])
    assert result.exit_code == 2
    assert "x.tle line 1, column" in result.output


def test_big_fleets_are_sampled_by_default_and_say_so() -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "skyrack", "simulate", "blue-origin-sunrise", "--duration", "6 hour", "--step", "60s",
         "--json"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "sample of 1,000 of the 51,600 satellites" in out.stderr
    payload = json.loads(out.stdout)
    assert payload["fleet"]["satellites_simulated"] == 1000
    assert payload["fleet"]["satellites_in_fleet"] == 51600
