"""The sweep, breakeven, montecarlo, sensitivity and runs commands through typer's test runner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from cli_app import group_app, invoke_json
from skyrack.analysis.cli import register
from skyrack.store_cli import register as register_runs


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return group_app(register, register_runs)  # the runs commands live in skyrack.store_cli


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("SKYRACK_HOME", str(tmp_path / "store"))
    return CliRunner()


U = "launch.price_per_kg=uniform(low=100 USD/kg, high=300 USD/kg)"
PUE = "terrestrial.pue=triangular(low=1.1, mode=1.2, high=1.5)"


def test_sweep_json_and_out_file(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "sweep.parquet"
    args = [
        "sweep",
        "suncatcher",
        "--vary",
        "launch.price_per_kg=20..3000 USD/kg:log:4",
        "--vary",
        "satellite.thermal.radiator_temperature=300..340K:3",
    ]
    data = invoke_json(app, [*args, "--json", "--out", str(out)], runner)
    assert data["n"] == 12 and len(data["points"]) == 12
    assert len(pd.read_parquet(out)) == 12
    table = runner.invoke(app, [*args, "--method", "sobol", "-n", "16"])
    assert table.exit_code == 0 and "16 points (sobol)" in table.stdout


def test_montecarlo_json_is_reproducible_and_saved(app: typer.Typer, runner: CliRunner) -> None:
    args = ["montecarlo", "suncatcher", "-u", U, "-n", "5000", "--seed", "3", "--json"]
    one = runner.invoke(app, [*args, "--save"])
    two = runner.invoke(app, args)
    assert one.exit_code == 0, one.output
    a, b = json.loads(one.stdout), json.loads(two.stdout)
    run_id = a.pop("run_id")
    assert a == b
    assert 0.0 <= a["p_orbit_wins"] <= 1.0
    listed = json.loads(runner.invoke(app, ["runs", "list", "--json"]).stdout)
    assert [r["id"] for r in listed] == [run_id]
    shown = json.loads(runner.invoke(app, ["runs", "show", run_id]).stdout)
    assert shown["summary"]["stats"] == a["stats"] and shown["seed"] == 3


def test_runs_export_and_rm(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    saved = runner.invoke(
        app, ["sweep", "suncatcher", "--vary", "launch.price_per_kg=100 USD/kg,200 USD/kg", "--save", "--json"]
    )
    run_id = json.loads(saved.stdout)["run_id"]
    target = tmp_path / "points.csv"
    exported = runner.invoke(app, ["runs", "export", run_id, str(target)])
    assert exported.exit_code == 0, exported.output
    assert len(pd.read_csv(target)) == 2
    assert runner.invoke(app, ["runs", "rm", run_id]).exit_code == 0
    missing = runner.invoke(app, ["runs", "show", run_id])
    assert missing.exit_code == 2 and "no such run" in missing.output


def test_sensitivity_and_breakeven(app: typer.Typer, runner: CliRunner) -> None:
    data = invoke_json(app, ["sensitivity", "suncatcher", "-u", U, "-u", PUE, "--sobol", "256", "--json"], runner)
    assert data["tornado"]["bars"][0]["name"] == "launch.price_per_kg"
    assert data["sobol"]["n_runs"] == 256 * 4
    table = runner.invoke(app, ["sensitivity", "suncatcher", "-u", U, "--sobol", "0"])
    assert table.exit_code == 0 and "tornado" in table.stdout
    be = invoke_json(app, ["breakeven", "suncatcher", "--x", "launch.price_per_kg=20..80 USD/kg:3", "--json"], runner)
    assert len(be["contour"]) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["montecarlo", "suncatcher", "-u", "launch.price_per_kg=lognormal(median=200 USD/kg)"], "missing sigma"),
        (["montecarlo", "suncatcher"], "--uncertain"),
        (["sweep", "suncatcher", "--vary", "launch.price_per_kg=1..2 K"], "wrong unit"),
        (["sweep", "suncatcher", "--vary", "launch.price_per_kg=1..2 USD/kg", "--method", "halton"], "--method"),
        (["sensitivity", "suncatcher", "-u", U, "--sobol", "1000"], "power of two"),
        (["sweep", "nowhere", "--vary", "launch.price_per_kg=1..2 USD/kg"], "not a preset"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(app: typer.Typer, runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_default_workers_pool_only_large_jobs() -> None:
    from skyrack.analysis import cli as analysis_cli
    from skyrack.analysis.executor import PoolExecutor, SerialExecutor

    small = analysis_cli._execution(None, None, None, None, False, serial_s=0.5)
    assert isinstance(small, SerialExecutor)
    large = analysis_cli._execution(None, None, None, None, False, serial_s=60.0)
    try:
        if (os.cpu_count() or 1) > 1:
            assert isinstance(large, PoolExecutor) and large.workers == os.cpu_count()
        else:
            assert isinstance(large, SerialExecutor)
    finally:
        large.close()
    assert isinstance(analysis_cli._execution(1, None, None, None, False, serial_s=60.0), SerialExecutor)
    assert (
        analysis_cli._points(["launch.price_per_kg=1..2 USD/kg:30", "mission.lifetime=1 yr,2 yr,3 yr"], "grid", None)
        == 90
    )
    assert analysis_cli._points(["launch.price_per_kg=1..2 USD/kg:30"], "sobol", 256) == 256
