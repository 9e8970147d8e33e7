"""Tests for skyrack.physics.compute."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from skyrack.physics import compute


def test_accelerator_count_b200_40mw():
    # 40 MW / (1000 W · 1.45) = 27,586.2 B200s
    assert compute.accelerator_count(40e6, 1000.0, 0.45) == pytest.approx(27_586.2, abs=0.05)
    assert compute.accelerator_count(1e6, 0.0, 0.45) == math.inf


def test_dgx_h100_overhead():
    # DGX H100: 10.2 kW max for 8 × 700 W → overhead 10200/5600 − 1 = 0.8214
    overhead = 10_200 / 5_600 - 1
    assert overhead == pytest.approx(0.8214, abs=1e-4)
    assert compute.it_power(8, 700.0, overhead) == pytest.approx(10_200.0)


def test_peak_and_mass():
    # 72 GB200 GPUs: 72 · 2.5e15 = 1.8e17 FLOP/s BF16 dense (≈180 PF); 72 · 18.9 kg = 1,360.8 kg
    assert compute.peak_flops(72, 2.5e15) == pytest.approx(1.8e17)
    assert compute.compute_mass(72, 18.9) == pytest.approx(1360.8)


def test_delivered_flops():
    assert compute.delivered_flops(1e18) == 1e18
    # 1 EF · 0.9 utilisation · 0.4 MFU · 0.95 availability = 3.42e17
    assert compute.delivered_flops(1e18, 0.9, 0.4, 0.95) == pytest.approx(3.42e17)
    out = compute.delivered_flops(np.array([1e18, 2e18]), np.array([[0.5], [1.0]]), 0.5)
    np.testing.assert_allclose(out, [[2.5e17, 5e17], [5e17, 1e18]])


def test_broadcasting():
    p = np.array([700.0, 1000.0, 1200.0])
    o = np.array([[0.3], [0.45]])
    assert compute.accelerator_count(40e6, p, o).shape == (2, 3)
    assert isinstance(compute.it_power(8, 700.0, 0.5), np.floating)


@settings(max_examples=60, deadline=None)
@given(
    it=st.floats(min_value=1.0, max_value=1e10),
    p=st.floats(min_value=1.0, max_value=5e3),
    o=st.floats(min_value=0.0, max_value=2.0),
)
def test_count_and_power_are_inverse(it, p, o):
    n = compute.accelerator_count(it, p, o)
    assert compute.it_power(n, p, o) == pytest.approx(it, rel=1e-12)
