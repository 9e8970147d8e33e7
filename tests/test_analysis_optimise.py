"""Optimisation: design variables only, constraints, choices, robust mode and Pareto fronts."""

from __future__ import annotations

import numpy as np
import pytest

from cli_app import invoke_json
from skyrack.analysis.distributions import as_distributions
from skyrack.analysis.montecarlo import chunk_rng, draw
from skyrack.analysis.optimise import non_dominated, optimise, pareto_front, parse_constraint
from skyrack.errors import InputError
from skyrack.model import design_batch, load_scenario

OBJ = "economics.usd_per_pflop_day"
ALT = "orbit.altitude=500..1200 km"
POWER = "satellite.compute.it_power=5..100 kW"
MASS_CAP = "mass.per_satellite_kg<=1200"


@pytest.mark.parametrize(
    "name",
    [
        "launch.price_per_kg",
        "economics.discount_rate",
        "economics.accelerator_failure_rate",
        "satellite.power.efficiency",
    ],
)
def test_assumptions_are_refused_by_name(name: str) -> None:
    with pytest.raises(InputError, match=rf"{name}.*assumption"):
        optimise("suncatcher", [ALT, f"{name}=1..2"])


def test_technology_is_a_choice_not_a_range() -> None:
    with pytest.raises(InputError, match=r"--choice satellite\.power\.cell"):
        optimise("suncatcher", ["satellite.power.cell=1..2"])
    with pytest.raises(InputError, match="not allowed; choose from"):
        optimise("suncatcher", [ALT], choices={"satellite.power.cell": ["unobtainium"]})
    with pytest.raises(InputError, match="design choices are"):
        optimise("suncatcher", [ALT], choices={"terrestrial.kind": ["grid-hyperscale"]})


def test_constrained_optimum_matches_a_dense_grid() -> None:
    scn = load_scenario("suncatcher")
    best = optimise(scn, [ALT, POWER], constraints=[MASS_CAP], n=1024)
    # brute force: 400 x 400 grid of the same box
    alt, power = np.meshgrid(np.linspace(500e3, 1200e3, 400), np.linspace(5e3, 100e3, 400), indexing="ij")
    grid = design_batch(
        scn,
        {"orbit.altitude": alt.ravel(), "satellite.compute.it_power": power.ravel()},
        outputs=[OBJ, "feasibility.code", "mass.per_satellite_kg"],
    )
    ok = (grid["feasibility.code"] == 0) & (grid["mass.per_satellite_kg"] <= 1200.0)
    grid_min = float(np.min(np.where(ok, grid[OBJ], np.inf)))
    assert best.value <= grid_min * (1 + 1e-4)
    assert best.outputs["mass.per_satellite_kg"] <= 1200.0 and best.outputs["feasibility.code"] == 0
    assert 500e3 <= best.variables["orbit.altitude"] <= 1200e3
    # the cap binds: without it the optimiser makes the satellites bigger and cheaper per PFLOP-day (up to
    # ~1.6 t, where the 81-satellite fleet's bigger jobs lose more goodput to interruptions than size saves)
    free = optimise(scn, [ALT, POWER], n=1024)
    assert free.value < best.value and free.outputs["mass.per_satellite_kg"] > 1200.0


def test_each_technology_choice_is_optimised_and_the_best_kept() -> None:
    cells = ["tj-gaas", "silicon-space"]
    cell = "satellite.power.cell"
    both = optimise("suncatcher", [ALT], choices={cell: cells}, n=256)
    alone = [optimise("suncatcher", [ALT], choices={cell: [c]}, n=256).value for c in cells]
    assert both.candidates[cell].tolist() == cells
    np.testing.assert_allclose(both.candidates[OBJ].to_numpy(), alone, rtol=1e-12)
    assert both.choices == {cell: cells[int(np.argmin(alone))]}
    assert both.value == min(alone)


def test_robust_mode_minimises_the_mean_over_shared_draws() -> None:
    scn = load_scenario("suncatcher")
    uncertain = {"launch.price_per_kg": "lognormal(median=300 USD/kg, sigma=0.8)"}
    rob = optimise(scn, [ALT], robust="mean", uncertain=uncertain, draws=64, n=128, seed=3)
    # recompute the mean at the optimum from the same draws
    prices = draw(as_distributions(uncertain), 64, chunk_rng(3, 0))["launch.price_per_kg"]
    at = design_batch(
        scn, {"orbit.altitude": np.full(64, rob.variables["orbit.altitude"]), "launch.price_per_kg": prices}
    )
    assert rob.value == pytest.approx(float(np.mean(at[OBJ])), rel=1e-12)
    p90 = optimise(scn, [ALT], robust="p90", uncertain=uncertain, draws=64, n=128, seed=3)
    assert p90.value > rob.value
    with pytest.raises(InputError, match="needs uncertain"):
        optimise(scn, [ALT], robust="mean")
    with pytest.raises(InputError, match="cannot also be uncertain"):
        optimise(scn, [ALT], robust="mean", uncertain={"orbit.altitude": "uniform(low=5e5 m, high=6e5 m)"})


def test_non_dominated_filter_by_hand_and_by_brute_force() -> None:
    f1 = np.array([1.0, 2.0, 3.0, 2.0, 4.0, np.nan, 0.5])
    f2 = np.array([5.0, 3.0, 1.0, 4.0, 0.5, 0.1, 6.0])
    assert non_dominated(f1, f2).tolist() == [True, True, True, False, True, False, True]
    rng = np.random.default_rng(0)
    a, b = rng.random(300), rng.random(300)
    dominated = np.array([np.any((a <= a[i]) & (b <= b[i]) & ((a < a[i]) | (b < b[i]))) for i in range(300)])
    np.testing.assert_array_equal(non_dominated(a, b), ~dominated)


def test_pareto_front_is_non_dominated_and_sorted() -> None:
    front = pareto_front("suncatcher", [ALT, POWER], (OBJ, "mass.total_kg"), n=4096)
    assert len(front) >= 3
    assert np.all(np.diff(front[OBJ].to_numpy()) > 0)
    assert np.all(np.diff(front["mass.total_kg"].to_numpy()) < 0)  # trading cost for mass along the front
    with pytest.raises(InputError, match="two different"):
        pareto_front("suncatcher", [ALT], (OBJ, OBJ))


def test_constraint_parsing() -> None:
    c = parse_constraint("mass.per_satellite_kg <= launch.payload_leo")
    assert (c.output, c.op, c.bound) == ("mass.per_satellite_kg", "<=", "launch.payload_leo")
    assert parse_constraint("mass.total_kg>=1e5").bound == 1e5
    with pytest.raises(InputError, match="--constraint"):
        parse_constraint("mass.total_kg < 5")


def test_optimise_cli() -> None:
    from typer.testing import CliRunner

    from skyrack.cli import app

    runner = CliRunner()
    args = ["optimise", "suncatcher", "-v", ALT, "--constraint", "mass.per_satellite_kg<=2500", "--population", "64"]
    data = invoke_json(app, [*args, "--json"], runner)
    assert data["objective"] == OBJ and data["outputs"]["feasibility.code"] == 0
    bad = runner.invoke(app, ["optimise", "suncatcher", "-v", ALT, "-v", "launch.price_per_kg=10..100 USD/kg"])
    assert bad.exit_code == 2 and "assumption" in bad.output
    front = runner.invoke(app, ["optimise", "suncatcher", "-v", ALT, "-v", POWER, "--pareto", f"{OBJ},mass.total_kg"])
    assert front.exit_code == 0 and "Pareto front" in front.output
