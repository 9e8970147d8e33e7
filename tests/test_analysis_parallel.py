"""Sensitivity (Sobol) and breakeven through the executors: the same numbers as in process."""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest
from typer.testing import CliRunner

from skyrack.analysis.executor import PoolExecutor, SerialExecutor
from skyrack.analysis.sensitivity import sobol
from skyrack.analysis.sweep import breakeven_surface
from skyrack.cli import app
from skyrack.model import load_scenario

UNCERTAIN = {
    "launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)",
    "satellite.thermal.radiator_temperature": "normal(mean=330 K, sd=8 K)",
    "economics.satellite_cost_per_w": "uniform(low=5 USD/W, high=60 USD/W)",
}
X = "launch.price_per_kg=20..3000 USD/kg:log:15"
Y = "economics.satellite_cost_per_w=0.5..200 USD/W:log:40"


@pytest.fixture(scope="module")
def pool() -> Iterator[PoolExecutor]:
    with PoolExecutor(2) as executor:
        yield executor


def test_sobol_on_a_pool_in_small_tasks_equals_the_serial_indices(pool: PoolExecutor) -> None:
    scn = load_scenario("suncatcher")
    serial = sobol(scn, UNCERTAIN, n=256, seed=4)
    seen: list[tuple[int, int]] = []
    pooled = sobol(
        scn, UNCERTAIN, n=256, seed=4, task_size=300, executor=pool, progress=lambda d, t: seen.append((d, t))
    )
    assert pooled.to_dict() == serial.to_dict()
    assert seen[-1] == (5, 5)  # 256 x (3 + 2) = 1280 runs in tasks of 300


def test_breakeven_on_a_pool_in_row_tasks_equals_the_serial_surface(pool: PoolExecutor) -> None:
    scn = load_scenario("suncatcher")
    serial = breakeven_surface(scn, X, Y)
    pooled = breakeven_surface(scn, X, Y, task_size=100, executor=pool)  # 2 rows of 40 per task
    for got, want in ((pooled.ratio, serial.ratio), (pooled.contour, serial.contour), (pooled.x, serial.x)):
        np.testing.assert_array_equal(got, want)
    in_process = breakeven_surface(scn, X, Y, task_size=41, executor=SerialExecutor())
    np.testing.assert_array_equal(in_process.ratio, serial.ratio)


def test_breakeven_and_sensitivity_commands_take_the_executor_options() -> None:
    runner = CliRunner()
    base = ["breakeven", "suncatcher", "--x", X, "--y", Y, "--json"]
    serial = runner.invoke(app, base)
    pooled = runner.invoke(app, [*base, "--workers", "2", "--task-size", "120"])
    assert serial.exit_code == 0 and pooled.exit_code == 0, pooled.output
    assert json.loads(pooled.output) == json.loads(serial.output)
    uncertain = [a for k, v in UNCERTAIN.items() for a in ("-u", f"{k}={v}")]
    base = ["sensitivity", "suncatcher", *uncertain, "--sobol", "128", "--json"]
    serial = runner.invoke(app, base)
    pooled = runner.invoke(app, [*base, "--workers", "2", "--task-size", "200"])
    assert serial.exit_code == 0 and pooled.exit_code == 0, pooled.output
    assert json.loads(pooled.output) == json.loads(serial.output)
