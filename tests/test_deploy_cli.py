"""``skyrack deploy`` through typer's test runner (the command is registered by ``register(app)``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from cli_app import group_app
from skyrack.deploy.cli import register


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return group_app(register)


def test_deploy_prints_orbit_next_to_ground(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["deploy", "starcloud-40mw", "--duration", "6 yr"])
    assert result.exit_code == 0, result.output
    assert "Launches" in result.output and "37.6 MW" in result.output  # labels from the registry, units in cells
    assert "30 launches" in result.output
    assert "2035" in result.output


def test_deploy_pricing_changes_the_answer(app: typer.Typer) -> None:
    runner = CliRunner()
    market = runner.invoke(app, ["deploy", "spacex-xai", "--json"])
    owner = runner.invoke(app, ["deploy", "spacex-xai", "--json", "--pricing", "at_cost"])
    assert market.exit_code == 0 and owner.exit_code == 0
    m, o = json.loads(market.output), json.loads(owner.output)
    assert o["summary"]["orbit_usd_per_pflop_day"] < m["summary"]["orbit_usd_per_pflop_day"]
    assert len(m["years"]) == 15


def test_deploy_writes_csv_and_parquet(app: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("d.csv", "d.parquet"):
        out = tmp_path / name
        result = runner.invoke(app, ["deploy", "suncatcher", "--duration", "8 yr", "--out", str(out)])
        assert result.exit_code == 0, result.output
        frame = pd.read_csv(out) if name.endswith(".csv") else pd.read_parquet(out)
        assert len(frame) == 8 and "ground_pflops" in frame.columns


def test_deploy_of_an_infeasible_design_exits_2_with_the_designs_reasons(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["deploy", "blue-origin-sunrise"])
    assert result.exit_code == 2
    assert "error: infeasible design: deployment.vehicles: launch cadence" in result.output
    assert "deployment assumptions and their sources" in result.output  # the timeline is still shown


def test_deploy_set_override(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["deploy", "suncatcher", "--json", "--set", "mission.start_year=2040"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["years"][0]["year"] == 2040


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["deploy", "suncatcher", "--pricing", "free"], "--pricing"),
        (["deploy", "suncatcher", "--duration", "0 yr"], "--duration"),
        (["deploy", "suncatcher", "--duration", "60 yr"], "deployment.years"),
        (["deploy", "suncatcher", "--duration", "18 months"], "--duration"),
        (["deploy", "nope"], "scenario"),
        (["deploy", "suncatcher", "--out", "x.xlsx"], "--out"),
        (["deploy", "starcloud-1", "--pricing", "at_cost"], "deployment.pricing"),
        (["deploy", "spacex-xai", "--set", "launch.vehicle=stoke-nova"], "launch.vehicle"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(app: typer.Typer, args: list[str], field: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[0].startswith(f"error: {field}"), result.output
    assert "Traceback" not in result.output
