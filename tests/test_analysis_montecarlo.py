"""Distributions and Monte Carlo: analytic moments, reproducibility, probability of winning."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.analysis.distributions import (
    Distribution,
    as_distributions,
    catalog_distributions,
    parse_distribution,
    parse_uncertain,
)
from skyrack.analysis.montecarlo import monte_carlo
from skyrack.errors import InputError
from skyrack.model import design_batch, load_scenario

CHEAP = ["economics.satellite_cost_per_w=1.5 USD/W", "terrestrial.facility_capex=25 USD/W"]


def test_parse_converts_units_to_canonical() -> None:
    name, dist = parse_uncertain("launch.price_per_kg=lognormal(median=0.5 kUSD/kg, sigma=0.8)")
    assert name == "launch.price_per_kg"
    c = dist.canonical(name, "USD/kg")
    assert c.median == pytest.approx(500.0) and c.sigma == 0.8
    t = parse_distribution("normal(mean=27 degC, sd=5 K)").canonical("thermal.radiator_temperature", "K")
    assert t.mean == pytest.approx(300.15) and t.sd == pytest.approx(5.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lognormal(median=200)", "missing sigma"),
        ("gamma(k=2)", "unknown distribution"),
        ("uniform(low=5 USD/kg, high=1 USD/kg)", "low < high"),
        ("uniform(low=1, high=5)", "give a unit"),
        ("uniform(low=-5 USD/kg, high=1 USD/kg)", "at least 0"),
        ("normal(mean=inf USD/kg, sd=1 USD/kg)", "finite"),
        ("triangular(low=0 USD/kg, mode=2 USD/kg, high=1 USD/kg)", "low <= mode <= high"),
        ("uniform(low=5 K, high=10 K)", "wrong unit"),
        ("uniform(5, 10)", "name=value"),
    ],
)
def test_bad_distributions_are_input_errors(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        as_distributions({"launch.price_per_kg": text})


def test_quantile_functions_match_hand_values() -> None:
    u = Distribution(kind="uniform", low=2.0, high=12.0)
    np.testing.assert_allclose(u.ppf([0.1, 0.9]), [3.0, 11.0])
    t = Distribution(kind="triangular", low=0.0, mode=1.0, high=2.0)
    # symmetric triangle: F(x) = x^2/2 on [0, 1]  ->  x = sqrt(2q)
    np.testing.assert_allclose(t.ppf([0.08, 0.5]), [0.4, 1.0])
    n = Distribution(kind="normal", mean=10.0, sd=2.0)
    np.testing.assert_allclose(n.ppf(0.8413447460685429), 12.0, rtol=1e-9)
    ln = Distribution(kind="lognormal", median=100.0, sigma=0.5)
    np.testing.assert_allclose(ln.ppf(0.5), 100.0)
    # PERT with mode at the middle is Beta(3, 3) scaled: symmetric about the mode
    p = Distribution(kind="pert", low=0.0, mode=5.0, high=10.0)
    np.testing.assert_allclose(p.ppf(0.5), 5.0)


@pytest.mark.parametrize(
    ("dist", "mean", "sd"),
    [
        (Distribution(kind="uniform", low=2.0, high=12.0), 7.0, 10.0 / math.sqrt(12.0)),
        (Distribution(kind="triangular", low=0.0, mode=3.0, high=6.0), 3.0, math.sqrt(36.0 / 24.0)),
        (Distribution(kind="normal", mean=-1.0, sd=0.5), -1.0, 0.5),
        (Distribution(kind="lognormal", median=1.0, sigma=0.25), math.exp(0.25**2 / 2), None),
        # PERT (Vose): mean (low + 4 mode + high)/6; Beta(2, 4) on [0, 6]: sd = 6 sqrt(8/(36*7))
        (Distribution(kind="pert", low=0.0, mode=1.5, high=6.0), 2.0, 6.0 * math.sqrt(8.0 / (36.0 * 7.0))),
    ],
)
def test_sample_moments(dist: Distribution, mean: float, sd: float | None) -> None:
    x = dist.sample(np.random.Generator(np.random.PCG64(0)), 400_000)
    assert dist.mean_value() == pytest.approx(mean, rel=1e-12)
    spread = sd if sd is not None else float(np.std(x))
    assert abs(x.mean() - mean) < 5 * spread / math.sqrt(x.size)
    if sd is not None:
        assert np.std(x) == pytest.approx(sd, rel=0.01)


def test_monte_carlo_is_bit_for_bit_reproducible() -> None:
    u = {
        "launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)",
        "satellite.power.specific_power": "pert(low=60 W/kg, mode=100 W/kg, high=150 W/kg)",
    }
    one = monte_carlo("suncatcher", u, n=20_000, seed=42, chunk=4096)
    two = monte_carlo("suncatcher", u, n=20_000, seed=42, chunk=4096)
    other = monte_carlo("suncatcher", u, n=20_000, seed=43, chunk=4096)
    assert one.samples is not None and two.samples is not None
    assert one.samples.equals(two.samples)
    assert one.stats == two.stats
    assert one.stats != other.stats


def test_probability_of_winning_matches_the_analytic_breakeven() -> None:
    scn = load_scenario("suncatcher", CHEAP)
    # the cost ratio is affine in launch $/kg: r(p) = a + b p; orbit wins below p* = (1 - a) / b
    r = design_batch(scn, {"launch.price_per_kg": [0.0, 100.0]}, outputs=["economics.cost_ratio"])
    a, b = float(r["economics.cost_ratio"][0]), float(r["economics.cost_ratio"][1] - r["economics.cost_ratio"][0]) / 100
    p_star = (1.0 - a) / b
    low, high = 10.0, 200.0
    assert low < p_star < high
    n = 200_000
    mc = monte_carlo(
        scn, {"launch.price_per_kg": {"kind": "uniform", "low": f"{low} USD/kg", "high": f"{high} USD/kg"}}, n=n, seed=1
    )
    expected = (p_star - low) / (high - low)
    assert abs(mc.p_orbit_wins - expected) < 4 * math.sqrt(expected * (1 - expected) / n)
    assert mc.p_infeasible == 0.0
    mean_ratio = mc.stats["economics.cost_ratio"]["mean"]
    assert mean_ratio == pytest.approx(a + b * (low + high) / 2, rel=2e-3)
    assert mc.stats["economics.cost_ratio"]["p50"] == pytest.approx(a + b * (low + high) / 2, rel=3e-3)


def test_infeasible_draws_are_losses_and_reported() -> None:
    # a radiator near or below its sink temperature cannot reject the heat: infeasible below a threshold
    # (the range stays under the chip-to-radiator ladder's 328 K, above which the chips run too hot)
    grid = np.linspace(150.0, 320.0, 170_001)
    code = np.asarray(design_batch("suncatcher", {"satellite.thermal.radiator_temperature": grid})["feasibility.code"])
    threshold = grid[np.argmax(code == 0)]
    assert np.all(code[grid < threshold] != 0) and np.all(code[grid >= threshold] == 0)
    sink = float(design_batch("suncatcher", {}, outputs=["thermal.sink_temperature_k"])["thermal.sink_temperature_k"])
    assert threshold > sink
    n = 100_000
    mc = monte_carlo(
        "suncatcher",
        {"satellite.thermal.radiator_temperature": "uniform(low=150 K, high=320 K)"},
        n=n,
        seed=5,
        keep_samples=False,
    )
    expected = (threshold - 150.0) / 170.0
    assert abs(mc.p_infeasible - expected) < 4 * math.sqrt(expected * (1 - expected) / n)
    assert mc.samples is None
    assert mc.stats["economics.cost_ratio"]["valid"] == pytest.approx(n * (1 - mc.p_infeasible))
    assert mc.p_orbit_wins + mc.p_infeasible <= 1.0


def test_catalog_distributions_follow_the_provenance_records() -> None:
    from skyrack.catalog import load_default

    scn = load_scenario("suncatcher")
    dists = catalog_distributions(scn)
    acc = scn.satellite.compute.accelerator
    rec = next(r for r in load_default().records() if (r.kind, r.entry, r.field) == ("accelerators", acc, "unit_price"))
    assert rec.distribution is not None
    got = dists["satellite.compute.unit_price"]
    assert got.kind == rec.distribution["kind"]
    assert (got.low, got.high) == (rec.distribution["low"], rec.distribution["high"])
    # the same catalog number is drawn once (orbit and ground accelerators are the same part): the ground follows
    assert "terrestrial.unit_price" not in dists
    moved = design_batch(scn, {"satellite.compute.unit_price": [rec.distribution["low"], rec.distribution["high"]]})
    assert np.ptp(moved["terrestrial.capex_usd"]) > 0


def test_monte_carlo_rejects_bad_input() -> None:
    with pytest.raises(InputError, match="at least 1"):
        monte_carlo("suncatcher", {"launch.price_per_kg": "uniform(low=1 USD/kg, high=2 USD/kg)"}, n=0)
    with pytest.raises(InputError, match="unknown parameter"):
        monte_carlo("suncatcher", {"launch.nonsense": "uniform(low=1, high=2)"}, n=10)


def test_one_partition_quantiles_match_numpy() -> None:
    from skyrack.analysis.montecarlo import _quantiles

    x = np.random.Generator(np.random.PCG64(9)).lognormal(0.0, 1.0, 10_001)
    x[::7] = np.nan
    expected = np.quantile(x[np.isfinite(x)], [0.1, 0.5, 0.9])
    np.testing.assert_allclose(_quantiles(x.copy()), expected, rtol=1e-15)
    np.testing.assert_allclose(_quantiles(np.array([1.0, 2.0, 3.0, 4.0])), [1.3, 2.5, 3.7])
    assert all(math.isnan(v) for v in _quantiles(np.array([np.nan])))


def test_scenario_uncertainty_section_and_scenario_paths() -> None:
    from types import SimpleNamespace

    from skyrack.analysis.distributions import scenario_distributions

    scn = SimpleNamespace(
        uncertainty={
            "launch.price_per_kg": {"kind": "lognormal", "median": "200 USD/kg", "sigma": 0.8},
            "satellite.thermal.radiator_temperature": "uniform(low=300 K, high=340 K)",
            "mission.lifetime": Distribution(kind="pert", low="3 yr", mode="5 yr", high="8 yr"),
        }
    )
    dists = scenario_distributions(scn)
    assert set(dists) == {"launch.price_per_kg", "satellite.thermal.radiator_temperature", "mission.lifetime"}
    assert dists["launch.price_per_kg"].median == 200.0
    assert (dists["satellite.thermal.radiator_temperature"].low, dists["mission.lifetime"].mode) == (300.0, 5.0)
    assert scenario_distributions(SimpleNamespace()) == {}
    assert parse_uncertain("satellite.power.specific_power=uniform(low=50 W/kg, high=90 W/kg)")[0] == (
        "satellite.power.specific_power"
    )
