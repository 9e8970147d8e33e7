"""Simulation into cost: ``design --from-simulation`` reads a real run's files and recomputes the economics."""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skyrack.cli import app
from skyrack.errors import InputError, SkyrackWarning
from skyrack.model import design
from skyrack.simulate import simulate
from skyrack.simulated import design_from_simulation, measured_factors, read_run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real simulation of starcloud-1 (100 min at 60 s, no dose table), written as skyrack simulate --out does."""
    out = tmp_path_factory.mktemp("run")
    simulate(design("starcloud-1"), duration=6000.0, step=60.0, dose=False).write(out)
    return out


def _edited(run_dir: Path, tmp: Path, **fleet: float) -> Path:
    copy = tmp / "edited"
    shutil.copytree(run_dir, copy)
    payload = json.loads((copy / "fleet.json").read_text())
    payload["fleet"].update(fleet)
    (copy / "fleet.json").write_text(json.dumps(payload))
    return copy


def test_the_measured_goodput_replaces_the_closed_form_factors(run_dir: Path) -> None:
    run = read_run(run_dir)
    both = design_from_simulation("starcloud-1", run_dir)
    # no failure in 100 minutes: the run's mean working capacity is 1, so the factor is the goodput itself
    assert both.measured["delivery_factor"] == pytest.approx(run["fleet"]["goodput"], rel=1e-12)
    sim, closed = both.simulated, both.closed_form
    factor = closed["factors.power"] * closed["factors.thermal"] * 0.99 * closed["economics.interruption_goodput"]
    expected = closed["economics.delivered_flops"] / factor * both.measured["delivery_factor"]
    assert sim["economics.delivered_flops"] == pytest.approx(expected, rel=1e-12)
    assert "simulated goodput" in sim.waterfall_factors()
    assert "compute_fraction_series_mean" in run  # the time series was read too


def test_a_run_with_lower_goodput_raises_the_cost(run_dir: Path, tmp_path: Path) -> None:
    base = design_from_simulation("starcloud-1", run_dir).simulated
    half = read_run(run_dir)["fleet"]["goodput"] / 2.0
    worse = design_from_simulation("starcloud-1", _edited(run_dir, tmp_path, goodput=half)).simulated
    # the orbit costs the same and delivers half: twice the cost per PFLOP-day; the ground is sized to match
    assert worse["economics.usd_per_pflop_day"] == pytest.approx(2.0 * base["economics.usd_per_pflop_day"], rel=1e-9)
    assert worse["economics.cost_ratio"] > base["economics.cost_ratio"]


def test_a_year_long_run_measures_the_permanent_loss_rate(run_dir: Path, tmp_path: Path) -> None:
    # two years with e^-0.2 of the capacity left: 0.1 permanent losses a year
    edited = _edited(run_dir, tmp_path, duration_s=2 * 365.25 * 86400.0, capacity_remaining=math.exp(-0.2))
    m = measured_factors(read_run(edited))
    assert m["loss_rate"] == pytest.approx(0.1, rel=1e-12) and m["loss_rate_used"]
    # goodput over failing hardware: divide by the run's mean capacity (1 - e^-0.2) / 0.2 = 0.906346
    assert m["delivery_factor"] == pytest.approx(m["goodput"] / 0.9063462346100909, rel=1e-12)
    sim = design_from_simulation("starcloud-1", edited).simulated
    assert sim["economics.failure_rate_per_year"] == pytest.approx(0.1, rel=1e-12)
    short = design_from_simulation("starcloud-1", run_dir)
    assert not short.measured["loss_rate_used"]  # 100 minutes cannot measure a yearly rate
    assert short.simulated["economics.failure_rate_per_year"] == short.closed_form["economics.failure_rate_per_year"]


def test_a_run_of_another_scenario_warns_and_a_non_run_is_refused(run_dir: Path, tmp_path: Path) -> None:
    with pytest.warns(SkyrackWarning, match="simulated a different scenario"):
        design_from_simulation("suncatcher", run_dir)
    with pytest.raises(InputError, match="skyrack simulate --out"):
        design_from_simulation("starcloud-1", tmp_path)
    broken = _edited(run_dir, tmp_path, goodput="lots")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="goodput"):
        design_from_simulation("starcloud-1", broken)


def test_design_from_simulation_on_the_command_line(run_dir: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["design", "starcloud-1", "--from-simulation", str(run_dir)])
    assert shown.exit_code == 0, shown.output
    assert "closed form" in shown.output and "simulated" in shown.output
    data = json.loads(runner.invoke(app, ["design", "starcloud-1", "--from-simulation", str(run_dir), "--json"]).stdout)
    assert set(data) == {"closed_form", "simulated", "measured"}
    bad = runner.invoke(app, ["design", "starcloud-1", "--from-simulation", "/no/such/run"])
    assert bad.exit_code == 2 and "--from-simulation" in bad.output
