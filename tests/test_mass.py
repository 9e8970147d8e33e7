"""Tests for skyrack.physics.mass."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from skyrack.physics import mass
from skyrack.physics.constants import G0
from strategies import ordered_floats


def test_dry_mass_structure_and_margin():
    # 800 kg / (1 − 0.2) = 1000 kg; × 1.2 margin = 1200 kg; structure is then 20 % of the 1000 kg
    assert mass.dry_mass(800.0, 0.2, 0.2) == pytest.approx(1200.0)
    assert mass.dry_mass(800.0, 0.0, 0.0) == pytest.approx(800.0)
    assert mass.dry_mass(800.0, 1.0, 0.2) == math.inf


def test_propellant_mass_tsiolkovsky():
    # 1000 kg · (exp(100/(1500·9.80665)) − 1) = 1000 · (exp(0.0067981) − 1) = 6.8213 kg
    assert mass.propellant_mass(1000.0, 100.0, 1500.0) == pytest.approx(6.8213, abs=1e-4)
    # hydrazine 220 s, 300 m/s on 500 kg: 500 · (e^(300/2157.463) − 1) = 500 · 0.149183 = 74.59 kg
    assert mass.propellant_mass(500.0, 300.0, 220.0) == pytest.approx(74.59, abs=0.01)
    assert mass.propellant_mass(1000.0, 0.0, 300.0) == 0.0
    # round trip with the rocket equation: Δv = Isp g0 ln(m0/mf)
    mp = mass.propellant_mass(1000.0, 2500.0, 320.0)
    assert 320.0 * G0 * math.log((1000.0 + mp) / 1000.0) == pytest.approx(2500.0)


def test_drag_delta_v_per_year():
    # 650 km: v² = μ/(R+h) = 3.986004418e14/7,028,137 = 5.67150e7 m²/s² (v = 7,530.9 m/s)
    # a = 0.5 · 1e-13 · 5.67150e7 / 50 = 5.6715e-8 m/s²; × 31,557,600 s = 1.7898 m/s/yr
    assert mass.drag_delta_v_per_year(1e-13, 50.0, 650e3) == pytest.approx(1.7898, abs=1e-4)
    # linear in density, inverse in B
    assert mass.drag_delta_v_per_year(2e-13, 100.0, 650e3) == pytest.approx(1.7898, abs=1e-4)


def test_broadcasting():
    assert mass.dry_mass(np.array([1e3, 2e3]), np.array([[0.1], [0.2], [0.3]]), 0.2).shape == (3, 2)
    assert mass.propellant_mass(1e3, np.array([10.0, 100.0]), np.array([[300.0], [1500.0]])).shape == (2, 2)
    assert isinstance(mass.dry_mass(1.0, 0.2, 0.1), np.floating)


@settings(max_examples=60, deadline=None)
@given(delta_v=ordered_floats(0.0, 5000.0), isp=st.floats(min_value=100.0, max_value=5000.0))
def test_more_delta_v_needs_more_propellant(delta_v, isp):
    lo, hi = delta_v
    assert mass.propellant_mass(1e3, lo, isp) <= mass.propellant_mass(1e3, hi, isp)
