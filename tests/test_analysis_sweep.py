"""Sweeps: --vary parsing, sampling designs, evaluation and breakeven surfaces."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.analysis.sweep import (
    Vary,
    breakeven_surface,
    design_points,
    parity_root,
    parse_vary,
    sweep,
)
from skyrack.errors import InputError
from skyrack.model import design_batch, load_scenario

CHEAP = ["economics.satellite_cost_per_w=1.5 USD/W"]


def test_log_range_is_geometric() -> None:
    v = parse_vary("launch.price_per_kg=20..3000 USD/kg:log:3")
    np.testing.assert_allclose(v.grid(), [20.0, math.sqrt(20.0 * 3000.0), 3000.0])


def test_unit_after_upper_bound_applies_to_both_ends() -> None:
    v = parse_vary("satellite.thermal.radiator_temperature=280..360K:9")
    np.testing.assert_allclose(v.grid(), np.arange(280.0, 361.0, 10.0))


def test_units_are_converted_to_canonical() -> None:
    np.testing.assert_allclose(
        parse_vary("satellite.thermal.radiator_temperature=7 degC..87 degC:2").grid(), [280.15, 360.15]
    )
    v = parse_vary("orbit.altitude=500 km,650 km,800 km")
    np.testing.assert_allclose(v.grid(), [500e3, 650e3, 800e3])
    np.testing.assert_allclose(parse_vary("terrestrial.electricity_price=5..10 USD/MWh:2").grid(), [0.005, 0.01])


@pytest.mark.parametrize(
    "spec",
    [
        "launch.price_per_kg=20..30 K",  # wrong dimension
        "launch.price_per_kg=300..20 USD/kg",  # low >= high
        "launch.price_per_kg=0..20 USD/kg:log",  # log of zero
        "launch.price_per_kg=1..20 USD/kg:cubic",  # unknown option
        "launch.price_per_kg=1..20",  # no unit
        "orbit.altitude=100..600 km",  # below the allowed range
        "launch.vehicle=1..2",  # a choice, not a number
        "orbit.altitud=1..2 km",  # unknown name
        "launch.price_per_kg",  # no '='
    ],
)
def test_bad_specs_name_the_field(spec: str) -> None:
    with pytest.raises(InputError, match="--vary"):
        parse_vary(spec)


def test_grid_is_full_factorial() -> None:
    a, b = "satellite.bus.margin", "mission.lifetime"
    pts = design_points([parse_vary(f"{a}=0.1..0.3:3"), parse_vary(f"{b}=10 yr,20 yr")], "grid")
    got = np.array(sorted(zip(pts[a], pts[b], strict=True)))
    np.testing.assert_allclose(got, [(x, y) for x in (0.1, 0.2, 0.3) for y in (10.0, 20.0)])


def test_latin_hypercube_has_one_point_per_stratum() -> None:
    n = 64
    pts = design_points([Vary("a", 0.0, 1.0, 2), Vary("b", 0.0, 1.0, 2)], "lhs", n=n, seed=3)
    for x in pts.values():
        assert sorted(np.floor(x * n).astype(int)) == list(range(n))


def test_sobol_and_random_are_seeded_and_in_range() -> None:
    varies = [Vary("a", 2.0, 4.0, 2), Vary("b", 10.0, 1000.0, 2, log=True)]
    for method in ("sobol", "random"):
        one = design_points(varies, method, n=128, seed=7)  # type: ignore[arg-type]
        two = design_points(varies, method, n=128, seed=7)  # type: ignore[arg-type]
        other = design_points(varies, method, n=128, seed=8)  # type: ignore[arg-type]
        np.testing.assert_array_equal(one["a"], two["a"])
        assert not np.array_equal(one["a"], other["a"])
        assert one["a"].min() >= 2.0 and one["a"].max() <= 4.0
        assert one["b"].min() >= 10.0 and one["b"].max() <= 1000.0
    # a scrambled Sobol design of 2^k points has exactly one point in each 1/2^k interval of each axis
    u = (design_points(varies, "sobol", n=128, seed=1)["a"] - 2.0) / 2.0
    assert sorted(np.floor(u * 128).astype(int)) == list(range(128))


def test_sweep_matches_single_designs_and_is_affine_in_launch_price() -> None:
    frame = sweep("suncatcher", ["launch.price_per_kg=100..500 USD/kg:5"], overrides=CHEAP)
    assert frame.columns[0] == "launch.price_per_kg"
    one = design_batch("suncatcher", {"launch.price_per_kg": [300.0]}, overrides=CHEAP)
    assert frame["economics.cost_ratio"][2] == pytest.approx(float(one["economics.cost_ratio"][0]), rel=1e-12)
    # launch is billed per kg: the cost ratio is affine in the price, so its second differences vanish
    np.testing.assert_allclose(np.diff(frame["economics.cost_ratio"], 2), 0.0, atol=1e-12)


def test_parity_root_interpolates_linearly() -> None:
    assert parity_root(np.array([0.0, 1.0, 2.0]), np.array([0.5, 1.5, 2.0])) == pytest.approx(0.5)
    assert parity_root(np.array([0.0, 1.0, 2.0]), np.array([3.0, 2.0, 0.0])) == pytest.approx(1.5)
    assert math.isnan(parity_root(np.array([0.0, 1.0]), np.array([2.0, 3.0])))
    assert math.isnan(parity_root(np.array([0.0, 1.0]), np.array([np.nan, 0.5])))


def test_breakeven_contour_is_where_the_ratio_is_one() -> None:
    scn = load_scenario("suncatcher", ["terrestrial.facility_capex=25 USD/W"])  # a dear ground site: parity in range
    surface = breakeven_surface(
        scn, "launch.price_per_kg=20..100 USD/kg:5", "economics.satellite_cost_per_w=0.5..5 USD/W:10"
    )
    assert surface.ratio.shape == (5, 10)
    found = np.isfinite(surface.contour)
    assert found.sum() >= 2
    # the ratio is affine in satellite $/W, so linear interpolation finds the exact root
    check = design_batch(
        scn,
        {"launch.price_per_kg": surface.x[found], "economics.satellite_cost_per_w": surface.contour[found]},
        outputs=["economics.cost_ratio"],
    )
    np.testing.assert_allclose(check["economics.cost_ratio"], 1.0, rtol=1e-9)
    # parity $/W falls as launch gets dearer
    assert np.all(np.diff(surface.contour[found]) < 0)
    assert len(surface.frame()) == 50
