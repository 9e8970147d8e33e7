"""Compact point descriptions: every range a task expands equals the same rows of the whole design."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.stats import qmc

from skyrack.analysis.plans import SaltelliPlan, SweepPlan, chunks, latin_strata, split_rows, unit_points
from skyrack.analysis.sweep import Vary, design_points, parse_vary
from skyrack.errors import InputError

VARIES = (
    parse_vary("launch.price_per_kg=20..3000 USD/kg:log:7"),
    parse_vary("satellite.thermal.radiator_temperature=280..360 K:5"),
    parse_vary("orbit.altitude=500 km,650 km,800 km"),
)


def test_grid_ranges_unravel_flat_indices_in_c_order() -> None:
    plan = SweepPlan(VARIES, "grid")
    assert plan.shape == (7, 5, 3) and plan.size == 105
    axes = np.meshgrid(*(v.grid() for v in VARIES), indexing="ij")
    whole = plan.points()
    for v, axis in zip(VARIES, axes, strict=True):
        np.testing.assert_array_equal(whole[v.name], axis.reshape(-1))
    # flat index 22 = (1, 2, 1) in a 7 x 5 x 3 grid: 1*15 + 2*3 + 1
    part = plan.points(22, 23)
    assert part["orbit.altitude"][0] == 650e3
    assert part["satellite.thermal.radiator_temperature"][0] == VARIES[1].grid()[2]
    assert part["launch.price_per_kg"][0] == VARIES[0].grid()[1]
    for start, stop in ((0, 1), (13, 77), (100, 105), (50, 50)):
        for name, values in plan.points(start, stop).items():
            np.testing.assert_array_equal(values, whole[name][start:stop])


@pytest.mark.parametrize("method", ["random", "sobol"])
def test_random_and_sobol_ranges_equal_the_generators_own_sequence(method: str) -> None:
    n, d = 1000, 3
    if method == "random":
        whole = np.random.Generator(np.random.PCG64(5)).random((n, d))
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            whole = qmc.Sobol(d, scramble=True, seed=5).random(n)
    np.testing.assert_array_equal(unit_points(method, n, d, 5, 0, n), whole)
    for start, stop in ((0, 17), (333, 777), (999, 1000)):
        np.testing.assert_array_equal(unit_points(method, n, d, 5, start, stop), whole[start:stop])


@pytest.mark.parametrize("n", [1, 2, 3, 5, 64, 1000, 12_345])
def test_latin_hypercube_strata_are_permutations_and_chunk_exactly(n: int) -> None:
    strata = latin_strata(n, seed=3, dims=2, start=0, stop=n)
    for j in range(2):
        np.testing.assert_array_equal(np.sort(strata[:, j]), np.arange(n))
    u = unit_points("lhs", n, 2, 3, 0, n)
    assert u.min() >= 0.0 and u.max() < 1.0
    for j in range(2):  # one point in each stratum [i/n, (i+1)/n) of each axis
        np.testing.assert_array_equal(np.sort(np.floor(u[:, j] * n).astype(np.int64)), np.arange(n))
    for start, stop in ((0, n // 2), (n // 3, n), (n - 1, n)):
        np.testing.assert_array_equal(unit_points("lhs", n, 2, 3, start, stop), u[start:stop])


def test_latin_hypercube_is_seeded_and_its_dimensions_are_unrelated() -> None:
    n = 4096
    one, again, other = (unit_points("lhs", n, 3, s, 0, n) for s in (7, 7, 8))
    np.testing.assert_array_equal(one, again)
    assert not np.array_equal(one[:, 0], other[:, 0])
    assert not np.array_equal(one[:, 0], one[:, 1])  # each dimension has its own permutation
    # independent uniform columns: correlation ~ N(0, 1/n), sd 0.016; 0.06 is almost 4 sd
    corr = np.corrcoef(one.T)
    assert np.all(np.abs(corr[np.triu_indices(3, 1)]) < 0.06)
    # the permutation is not the identity or a shift: strata of consecutive points are scattered
    strata = latin_strata(n, 7, 1, 0, n)[:, 0]
    assert np.mean(np.abs(np.diff(strata))) > n / 5  # a random permutation gives about n / 3


def test_design_points_are_the_plans_whole_range() -> None:
    varies = [Vary("a", 2.0, 4.0, 2), Vary("b", 10.0, 1000.0, 2, log=True)]
    for method in ("random", "lhs", "sobol"):
        pts = design_points(varies, method, n=300, seed=2)  # type: ignore[arg-type]
        plan = SweepPlan(tuple(varies), method, 300, 2)
        for name in ("a", "b"):
            np.testing.assert_array_equal(pts[name], plan.points()[name])
            np.testing.assert_array_equal(plan.points(100, 200)[name], pts[name][100:200])


@pytest.mark.parametrize(("d", "n"), [(1, 8), (2, 64), (5, 256)])
def test_saltelli_plan_is_salibs_design_row_for_row(d: int, n: int) -> None:
    from SALib.sample import sobol as salib_sobol

    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    reference = salib_sobol.sample(problem, n, calc_second_order=False, seed=4)
    plan = SaltelliPlan(d, n, 4)
    np.testing.assert_array_equal(plan.rows(0, n), reference)
    start, stop = n // 4, n // 2
    np.testing.assert_array_equal(plan.rows(start, stop), reference[start * (d + 2) : stop * (d + 2)])


def test_chunk_ranges_cover_every_index_once() -> None:
    assert chunks(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert chunks(0, 4) == []
    assert split_rows(256, 5, 300) == chunks(256, 60)  # 60 base rows of 5 runs: 300 runs a task
    assert split_rows(8, 5, 3) == chunks(8, 1)  # never less than one row
    with pytest.raises(InputError, match="task_size"):
        chunks(10, 0)


def test_bad_plans_name_the_field() -> None:
    with pytest.raises(InputError, match="--vary"):
        SweepPlan((), "grid")
    with pytest.raises(InputError, match="--vary"):
        SweepPlan((VARIES[0], VARIES[0]), "grid")
    with pytest.raises(InputError, match="--method"):
        SweepPlan(VARIES, "halton")
    with pytest.raises(InputError, match="-n"):
        SweepPlan(VARIES, "sobol", n=0)
    with pytest.raises(InputError, match="points"):
        SweepPlan(VARIES, "grid").points(100, 106)
