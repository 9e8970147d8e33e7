"""Tests for skyrack.physics.power (SMAD §11.4 array and battery sizing)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from skyrack.physics import power


def test_array_areal_power_triple_junction():
    # by hand: 1361 · 0.30 · 0.88 packing · 0.92 thermal = 330.56 W/m² (≈ 330)
    assert power.array_areal_power(1361.0, 0.30, 0.88, 0.92, 1.0) == pytest.approx(330.56, abs=0.01)
    # off-pointing by 30° multiplies by cos 30° = 0.8660
    assert power.array_areal_power(1361.0, 0.30, 0.88, 0.92, math.cos(math.radians(30))) == pytest.approx(
        286.27, abs=0.01
    )


def test_degradation_factor():
    # (1 − 0.0075)^10 = exp(10 · ln 0.9925) = exp(−0.0752826) = 0.927481
    assert power.degradation_factor(0.0075, 10.0) == pytest.approx(0.927481, rel=1e-6)
    assert power.degradation_factor(0.02, 0.0) == 1.0
    # SMAD-style GEO silicon rule of thumb, 25 % in 10 yr → (1 − 0.0284)^10 ≈ 0.75
    assert power.degradation_factor(0.0284, 10.0) == pytest.approx(0.75, abs=0.002)


def test_array_power_sunlit_smad_eq_11_5():
    # (1000·2100/0.6 + 1000·3600/0.8)/3600 = (3.5e6 + 4.5e6)/3600 = 2222.22 W
    assert power.array_power_sunlit(1e3, 1e3, 3600.0, 2100.0, 0.8, 0.6) == pytest.approx(2222.222, rel=1e-6)
    # no eclipse: just the direct path, 1000/0.85 = 1176.47 W
    assert power.array_power_sunlit(1e3, 1e3, 5862.0, 0.0, 0.85, 0.65) == pytest.approx(1176.4706, rel=1e-6)
    # never lit: impossible → inf
    assert power.array_power_sunlit(1e3, 1e3, 0.0, 5862.0, 0.85, 0.65) == math.inf


def test_battery_capacity_dawn_dusk_worst_eclipse():
    # by hand: 1 MW through a 20-min eclipse = 0.333 MWh; at 30 % DoD → 1.111 MWh nameplate
    cap = power.battery_capacity_wh(1e6, 1200.0, 0.3, 1.0)
    assert cap == pytest.approx(1e6 * 1200 / 0.3 / 3600, rel=1e-12)
    assert cap == pytest.approx(1.1111e6, rel=1e-4)
    # with 0.9 discharge efficiency: 1.2346e6 Wh; at 120 Wh/kg → 10,288 kg (7–10 t/MW at 120–150 Wh/kg packs)
    cap = power.battery_capacity_wh(1e6, 1200.0, 0.3, 0.9)
    assert cap == pytest.approx(1_234_567.9, rel=1e-7)
    assert power.battery_mass_kg(cap, 120.0) == pytest.approx(10_288.07, rel=1e-6)
    assert power.battery_capacity_wh(1e6, 1200.0, 0.0, 0.9) == math.inf


def test_mass_helpers():
    # 1 MW at 100 W/kg = 10 t; 10,000 m² at 2.62 kg/m² (ISS SAW) = 26.2 t
    assert power.mass_from_specific_power(1e6, 100.0) == pytest.approx(10_000.0)
    assert power.mass_from_areal_density(10_000.0, 2.62) == pytest.approx(26_200.0)
    # 1 MW at 330.56 W/m² → 3,025 m² (≈ 3,000 m²/MW)
    assert power.array_area(1e6, 330.56) == pytest.approx(3025.2, abs=0.1)


def test_broadcasting_and_scalar_types():
    loads = np.linspace(1e5, 1e6, 4)
    eclipse = np.array([[0.0], [1200.0], [2100.0]])
    p = power.array_power_sunlit(loads, loads, 5000.0, eclipse, 0.85, 0.65)
    assert p.shape == (3, 4)
    c = power.battery_capacity_wh(loads, eclipse, np.array([0.2, 0.3, 0.4, 0.5]), 0.9)
    assert c.shape == (3, 4)
    assert isinstance(power.degradation_factor(0.01, 5.0), np.floating)
    assert power.degradation_factor(np.array([0.01, 0.02]), np.array([[1.0], [5.0]])).shape == (2, 2)


_load = st.floats(min_value=1.0, max_value=1e9)


@settings(max_examples=60, deadline=None)
@given(l1=_load, l2=_load, eclipse=st.floats(min_value=0.0, max_value=2200.0))
def test_more_load_needs_bigger_array_and_battery(l1, l2, eclipse):
    lo, hi = sorted((l1, l2))
    sunlit = 5862.0 - eclipse
    assert power.array_power_sunlit(lo, lo, sunlit, eclipse, 0.85, 0.65) <= power.array_power_sunlit(
        hi, hi, sunlit, eclipse, 0.85, 0.65
    )
    assert power.battery_capacity_wh(lo, eclipse, 0.3, 0.9) <= power.battery_capacity_wh(hi, eclipse, 0.3, 0.9)


@settings(max_examples=60, deadline=None)
@given(e1=st.floats(min_value=0.0, max_value=2200.0), e2=st.floats(min_value=0.0, max_value=2200.0))
def test_longer_eclipse_needs_bigger_array(e1, e2):
    # Same orbit period: moving time from sun to shadow always increases P_sa (X_e < X_d).
    lo, hi = sorted((e1, e2))
    p_lo = power.array_power_sunlit(1e6, 1e6, 5862.0 - lo, lo, 0.85, 0.65)
    p_hi = power.array_power_sunlit(1e6, 1e6, 5862.0 - hi, hi, 0.85, 0.65)
    assert p_lo <= p_hi * (1 + 1e-12)
