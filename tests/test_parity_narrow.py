"""The parity solver's bracket narrowing (:func:`skyrack.parity._narrow`) on functions with known roots."""

from __future__ import annotations

import numpy as np
import pytest

from skyrack.parity import MOST_PASSES, _narrow

Array = np.ndarray


def solve(fn, a: list[float], b: list[float], hit: float = 1e-13) -> tuple[list[float], int]:
    """Roots of ``fn(x, k)`` (bracket ``k`` at points ``x``) in the brackets, and the passes it took."""
    passes = [0]

    def gap(at: Array, x: Array) -> Array:  # x: a row of probes per bracket of ``at``
        passes[0] += 1
        return fn(x, np.broadcast_to(at[:, None], x.shape))

    a_, b_ = np.array(a, dtype=float), np.array(b, dtype=float)
    k = np.arange(a_.size)
    return _narrow(gap, a_, b_, fn(a_, k), fn(b_, k), hit), passes[0]


def test_a_smooth_ratio_is_solved_to_1e_9_in_three_passes() -> None:
    # (2 + 3x) / (5 + x) = 1  <=>  2 + 3x = 5 + x  <=>  x = 1.5 (a cost ratio: affine over affine), from a
    # bracket as wide as a cell of the scan's geometric grid (1.24x)
    roots, passes = solve(lambda x, k: (2 + 3 * x) / (5 + x) - 1, [1.4], [1.4 * 1.24])
    assert roots[0] == pytest.approx(1.5, rel=1e-9)
    assert passes <= 3  # regula falsi, then inverse quadratic interpolation near the root


def test_an_end_that_is_not_finite_counts_as_above() -> None:
    # x - 0.3 below 0.5, NaN (an infeasible design) from 0.5: the root is 0.3
    roots, _ = solve(lambda x, k: np.where(x < 0.5, x - 0.3, np.nan), [0.0], [0.8])
    assert roots[0] == pytest.approx(0.3, abs=1e-9)


def test_a_jump_across_the_target_ends_at_the_jump() -> None:
    # -1 below 0.7, +1 from it: no root, the bracket closes on the jump to within the tolerance (1e-9)
    roots, passes = solve(lambda x, k: np.where(x < 0.7, -1.0, 1.0), [0.0], [1.0])
    assert roots[0] == pytest.approx(0.7, abs=1e-9)
    assert passes < MOST_PASSES


def test_a_probe_at_the_target_is_the_root() -> None:
    # x - 0.5 on [0, 1]: regula falsi lands on 0.5 exactly, a gap of 0
    roots, passes = solve(lambda x, k: x - 0.5, [0.0], [1.0])
    assert roots == [0.5] and passes == 1


def test_of_several_roots_in_a_bracket_one_is_found() -> None:
    # (x - 0.2)(x - 0.25)(x - 0.9) changes sign between 0 (negative) and 1 (positive) three times
    roots, _ = solve(lambda x, k: (x - 0.2) * (x - 0.25) * (x - 0.9), [0.0], [1.0])
    assert min(abs(roots[0] - r) for r in (0.2, 0.25, 0.9)) <= 1e-9


def test_large_values_are_solved_to_1e_9_relative() -> None:
    # launch.price-like magnitudes: 1e9 + 2e8 = x  at x = 1.2e9; tolerance 1e-9 of the magnitude (1.2 USD)
    roots, _ = solve(lambda x, k: (x - 1.2e9) / 1e9, [1.0e9], [1.5e9])
    assert roots[0] == pytest.approx(1.2e9, rel=1e-9)


def test_each_bracket_is_narrowed_as_if_alone() -> None:
    # a design's parity must not depend on the designs solved with it (the service batches them)
    rng = np.random.default_rng(3)
    p, q = rng.uniform(1, 4, 6), rng.uniform(1, 9, 6)

    def ratio(x: Array, k: Array) -> Array:
        return (p[k] + q[k] * x) / (3.0 + x) - 1  # root where p + q x = 3 + x: x = (3 - p) / (q - 1)

    a, b = [0.0] * 6, [50.0] * 6
    together, _ = solve(ratio, a, b)
    for k in range(6):
        alone, _ = solve(lambda x, _k, k=k: ratio(x, np.full(np.shape(x), k)), [a[k]], [b[k]])
        assert alone[0] == together[k]
        if 0.0 < (3 - p[k]) / (q[k] - 1) < 50.0:
            assert together[k] == pytest.approx((3 - p[k]) / (q[k] - 1), rel=1e-9, abs=1e-9)
