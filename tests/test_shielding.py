"""Tests for skyrack.physics.shielding."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics import shielding


def test_areal_density_aluminium():
    # 4 mm · 2700 kg/m³ = 10.8 kg/m² = 1.08 g/cm²; 1 g/cm² = 10 kg/m² ↔ 3.704 mm
    assert shielding.areal_density_aluminium(4e-3) == pytest.approx(10.8)
    assert shielding.areal_density_aluminium(10.0 / 2700.0) == pytest.approx(10.0)
    assert shielding.areal_density_aluminium(1e-3, 1740.0) == pytest.approx(1.74)  # magnesium


def test_enclosure_area_cube():
    # cube of 8 m³ has 2 m edges and 6 · 4 = 24 m²; 1 m³ → 6 m²
    assert shielding.enclosure_area(8.0) == pytest.approx(24.0)
    assert shielding.enclosure_area(1.0) == pytest.approx(6.0)
    # always above the sphere bound (36π)^(1/3) V^(2/3) = 4.836 V^(2/3)
    v = np.array([0.1, 1.0, 100.0])
    assert np.all(shielding.enclosure_area(v) > (36 * math.pi) ** (1 / 3) * v ** (2 / 3))


def test_shield_mass_and_volume_chain():
    # 27.6 t of compute at 1000 kg/m³ → 27.6 m³ → cube area 6 · 3.0221² = 54.80 m²
    # behind 4 mm Al (10.8 kg/m²) → 591.8 kg
    vol = shielding.compute_volume(27_600.0, 1000.0)
    assert vol == pytest.approx(27.6)
    area = shielding.enclosure_area(vol)
    assert area == pytest.approx(54.80, abs=0.01)
    assert shielding.shield_mass(10.8, area) == pytest.approx(591.8, abs=0.1)
    assert shielding.compute_volume(1.0, 0.0) == math.inf


def test_dose_rate_log_interpolation_and_clamping():
    depth = np.array([1.0, 10.0])
    dose = np.array([1000.0, 10.0])
    # midpoint in depth is the geometric mean in dose: √(1000 · 10) = 100
    assert shielding.dose_rate_behind_shield(5.5, depth, dose) == pytest.approx(100.0)
    assert shielding.dose_rate_behind_shield(0.1, depth, dose) == pytest.approx(1000.0)
    assert shielding.dose_rate_behind_shield(50.0, depth, dose) == pytest.approx(10.0)
    assert shielding.dose_rate_behind_shield(np.array([[1.0], [10.0]]), depth, dose).shape == (2, 1)


def test_broadcasting():
    t = np.array([1e-3, 2e-3, 4e-3])
    assert shielding.shield_mass(shielding.areal_density_aluminium(t), np.array([[10.0], [20.0]])).shape == (
        2,
        3,
    )
    assert isinstance(shielding.enclosure_area(2.0), np.floating)
