"""Checkpoint/restart goodput and failure sampling against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics.reliability import (
    checkpoint_goodput,
    sample_failure_times,
    surviving_fraction,
    young_daly_interval,
)

DAY = 86400.0


def test_young_interval_hand_value() -> None:
    # sqrt(2 * 60 s * 86,400 s) = sqrt(10,368,000) = 3,219.94 s
    tau = young_daly_interval(DAY, 60.0)
    assert tau == pytest.approx(3219.9378875, rel=1e-9)
    assert round(float(tau)) == 3220


def test_daly_higher_order_hand_value() -> None:
    # Daly 2006: sqrt(2dM) [1 + (1/3) sqrt(d/2M) + d/(18M)] - d
    # sqrt(60/172800) = 0.0186339; /3 = 0.0062113; 60/(18*86400) = 3.858e-5
    # 3219.9379 * 1.0062499 - 60 = 3180.06 s
    tau = young_daly_interval(DAY, 60.0, higher_order=True)
    assert tau == pytest.approx(3180.06, abs=0.05)
    # checkpoint longer than 2M: interval is M
    assert young_daly_interval(100.0, 500.0, higher_order=True) == pytest.approx(100.0)


def test_goodput_hand_value() -> None:
    # W = sqrt(2*60/86400) + 300/86400 = 0.0372678 + 0.0034722 = 0.0407400
    g = checkpoint_goodput(DAY, 60.0, 300.0)
    assert g == pytest.approx(1.0 - 0.0407400, abs=1e-6)
    # same value through the explicit interval
    tau = young_daly_interval(DAY, 60.0)
    assert checkpoint_goodput(DAY, 60.0, 300.0, interval_s=tau) == pytest.approx(g, rel=1e-12)
    # any other interval is worse
    for t in (0.5 * tau, 2.0 * tau):
        assert checkpoint_goodput(DAY, 60.0, 300.0, interval_s=t) < g


def test_goodput_limits_and_broadcast() -> None:
    assert checkpoint_goodput(math.inf, 60.0, 300.0) == 1.0
    assert checkpoint_goodput(10.0, 60.0, 300.0) == 0.0  # faults faster than checkpoints: clipped
    g = checkpoint_goodput(np.array([3600.0, DAY, 30 * DAY]), 60.0, 300.0)
    assert g.shape == (3,)
    assert np.all(np.diff(g) > 0)


def test_sampling_reproducible_and_mean() -> None:
    rate = 1.0 / (3.0 * 365.25 * DAY)
    a = sample_failure_times((200_000,), rate, np.random.default_rng(7))
    b = sample_failure_times((200_000,), rate, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    assert a.mean() == pytest.approx(1.0 / rate, rel=0.01)  # sd of the mean = 0.22 %


def test_sampling_zero_rate_and_broadcast() -> None:
    rates = np.array([0.0, 1e-6])[:, None]
    t = sample_failure_times((2, 50_000), rates, np.random.default_rng(1))
    assert np.all(np.isinf(t[0]))
    assert t[1].mean() == pytest.approx(1e6, rel=0.03)
    with pytest.raises(ValueError, match="rate_per_s"):
        sample_failure_times(3, -1.0, np.random.default_rng(0))


def test_surviving_fraction() -> None:
    year = 365.25 * DAY
    assert surviving_fraction(year, 1e-8) == pytest.approx(math.exp(-0.315576), rel=1e-12)
    # matches the empirical survival of sampled times
    t = sample_failure_times(100_000, 1e-8, np.random.default_rng(3))
    assert np.mean(t > year) == pytest.approx(float(surviving_fraction(year, 1e-8)), abs=0.005)
