"""Tests for skyrack.physics.drag: projected area, Δv, decay, disposal, propulsion mass."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics import drag
from skyrack.physics.constants import G0, MU_EARTH, R_EARTH, YEAR_S


def _expo(rho0: float = 1e-12, h0: float = 400e3, scale: float = 60e3):
    return lambda h, t: rho0 * np.exp(-(np.asarray(h) - h0) / scale) + 0.0 * np.asarray(t)


def _vector_average(beta: np.ndarray, kind: str) -> float:
    """Mean |n̂·v̂| from explicit vectors (orbit frame: r̂ = (cos u, sin u, 0), Sun ŝ = (cos β, 0, sin β))."""
    u = np.linspace(0.0, 2 * np.pi, 2001)[:-1] + 1e-4
    b = beta[:, None]
    r = np.stack([np.cos(u) + 0 * b, np.sin(u) + 0 * b, 0 * u + 0 * b], axis=-1)
    v = np.stack([-np.sin(u) + 0 * b, np.cos(u) + 0 * b, 0 * u + 0 * b], axis=-1)
    s = np.stack([np.cos(b) + 0 * u, 0 * u + 0 * b, np.sin(b) + 0 * u], axis=-1)
    if kind == "sun":
        n = s
    elif kind == "edge":
        n = np.cross(s, r)
    else:
        n = r - np.sum(r * s, axis=-1, keepdims=True) * s
    n = n / np.linalg.norm(n, axis=-1, keepdims=True)
    return float(np.mean(np.abs(np.sum(n * v, axis=-1))))


def test_projected_area_against_explicit_vectors():
    # equatorial drifting plane (i = 0): sin β = sin δ, so β follows the Sun's declination over the year
    dec = np.arcsin(np.sin(np.radians(23.44)) * np.sin(np.linspace(0, 2 * np.pi, 24, endpoint=False)))
    assert drag.projected_area(100.0, 0.0, 0.0, 0.0) == pytest.approx(100.0 * _vector_average(dec, "sun"), rel=1e-3)
    # … which for the array is (2/π) cos β by hand
    assert _vector_average(np.array([0.3]), "sun") == pytest.approx(2 / np.pi * np.cos(0.3), rel=1e-3)
    for kind in ("edge", "nadir"):
        got = drag.projected_area(0.0, 100.0, 0.0, 0.0, radiator=kind)  # type: ignore[arg-type]
        assert got == pytest.approx(100.0 * _vector_average(dec, kind), rel=5e-3)
    # the bus adds its frontal area unchanged
    assert drag.projected_area(0.0, 0.0, 7.5, 0.9) == pytest.approx(7.5)


def test_dawn_dusk_plane_rams_edge_on_radiators():
    # Dawn-dusk SSO: the Sun is near the orbit normal (β ≈ 60-90°), so Sun-tracking arrays are nearly
    # edge-on to the flow, while a radiator edge-on to Sun and Earth faces the ram almost fully.
    inc = np.radians(97.6)
    array = drag.projected_area(100.0, 0.0, 0.0, inc, ltan_h=18.0)
    edge = drag.projected_area(0.0, 100.0, 0.0, inc, ltan_h=18.0)
    nadir = drag.projected_area(0.0, 100.0, 0.0, inc, ltan_h=18.0, radiator="nadir")
    assert array < 25.0 and edge > 90.0 and nadir < 5.0
    with pytest.raises(ValueError):
        drag.projected_area(1.0, 1.0, 1.0, inc, radiator="sideways")  # type: ignore[arg-type]


def test_ballistic_coefficient():
    assert drag.ballistic_coefficient(2200.0, 100.0) == pytest.approx(10.0)  # 2200 / (2.2 · 100)
    assert drag.ballistic_coefficient(100.0, 1.0, 2.0) == pytest.approx(50.0)


def test_drag_delta_v_constant_density_by_hand():
    # 550 km: v² = μ/6,928,137 = 5.75336e7; a = ½ · 2e-13 · 5.75336e7 / 20 = 2.87668e-7 m/s²
    # × 31,557,600 s = 9.078 m/s per year
    flat = lambda h, t: np.full(np.broadcast(h, t).shape, 2e-13)  # noqa: E731
    dv = drag.drag_delta_v_per_year(550e3, 20.0, 2030.0, 0.93, density=flat)
    assert dv == pytest.approx(0.5 * 2e-13 * MU_EARTH / (R_EARTH + 550e3) / 20.0 * YEAR_S, rel=1e-12)
    assert dv == pytest.approx(9.078, abs=1e-3)


def test_drag_delta_v_across_the_cycle():
    # with the shipped forecast, the year after the 2024 maximum costs far more than the 2030 minimum
    inc = np.radians(53.0)
    near_max, near_min = drag.drag_delta_v_per_year(550e3, 20.0, np.array([2025.0, 2029.5]), inc)
    assert near_max > 3.0 * near_min
    # engineering cross-check (Vallado 2013 exponential atmosphere, moderate activity, by hand):
    # 550 km, B = 20 kg/m²: ~11 m/s/yr. The 11-year mean from MSIS lies within a factor 3.
    mean = drag.drag_delta_v_per_year(550e3, 20.0, 2031.0, inc, years=11)
    assert 11.0 / 3 < mean < 11.0 * 3
    # and it falls steeply with altitude
    dv = drag.drag_delta_v_per_year(np.array([500e3, 700e3, 1000e3]), 20.0, 2031.0, inc, years=11)
    assert dv[0] > 10 * dv[1] > 100 * dv[2]


def test_decay_exponential_atmosphere_closed_form():
    # ρ = ρ0 e^{-(h-h0)/H}: t = ∫ B dh / (ρ √(μ a)). With √(μ a) taken at each step's altitude the
    # exact integral is computed with 2,000 substeps here and compared with the 100-step result.
    b, h0 = 50.0, 400e3
    grid = np.linspace(drag.REENTRY_ALTITUDE_M, h0, 20001)
    rho = 1e-12 * np.exp(-(grid - h0) / 60e3)
    integrand = b / (rho * np.sqrt(MU_EARTH * (R_EARTH + grid)))
    exact = float(np.sum(0.5 * (integrand[1:] + integrand[:-1]) * np.diff(grid))) / YEAR_S
    got = drag.decay_time(h0, b, 2030.0, 0.9, density=_expo())
    assert got == pytest.approx(exact, rel=2e-3)
    # closed form with a fixed at 400 km: H B (1 − e^{-220/60}) / (ρ0 √(μ a)) = 1.782 yr
    closed = 60e3 * b * (1 - math.exp(-220 / 60)) / (1e-12 * math.sqrt(MU_EARTH * (R_EARTH + 400e3))) / YEAR_S
    assert closed == pytest.approx(1.782, abs=1e-3)
    assert got == pytest.approx(closed, rel=0.01)
    assert drag.decay_time(150e3, b, 2030.0, 0.9, density=_expo()) == 0.0


def test_decay_time_msis_trends_and_starlink_anchor():
    inc = np.radians(53.0)
    t = drag.decay_time(np.array([450e3, 550e3, 650e3]), 20.0, 2030.0, inc)
    assert np.all(np.diff(t) > 0)
    # SpaceX (semi-annual FCC reports): a failed Starlink at ~550 km re-enters within ~5 years.
    # A Starlink-class dead satellite tumbles with B ≈ 10-30 kg/m² (260-300 kg over ~5-6 m² × 2.2):
    # our decay from 550 km is 2-10 years.
    assert 2.0 < drag.decay_time(550e3, 20.0, 2030.0, inc) < 10.0
    # dying at solar maximum shortens the decay
    at_max, at_min = drag.decay_time(500e3, 20.0, np.array([2024.5, 2029.0]), inc)
    assert at_max < at_min
    # centuries from 1,000 km, the cycle mean governs
    assert drag.decay_time(1000e3, 50.0, 2030.0, inc) > 300.0


def test_disposal_altitude_inverts_decay():
    inc = np.radians(53.0)
    h5 = drag.disposal_altitude(np.array([10.0, 50.0]), inc)
    assert h5[0] > h5[1]  # a lighter (lower-B) satellite may be left higher
    # integrating the same cycle-mean atmosphere back from that altitude gives five years
    mean = lambda h: drag.mean_cycle_density(h, float(inc))  # noqa: E731
    flat_in_time = lambda h, t: mean(h) + 0.0 * np.asarray(t)  # noqa: E731
    t = drag.decay_time(h5, np.array([10.0, 50.0]), 2030.0, inc, density=flat_in_time, cycle_density=mean)
    np.testing.assert_allclose(t, 5.0, rtol=0.03)


def test_spiral_delta_v_by_hand():
    # 550 → 300 km: √(μ/6,678,137) − √(μ/6,928,137) = 7,725.7 − 7,585.1 = 140.7 m/s
    assert drag.spiral_delta_v(550e3, 300e3) == pytest.approx(140.7, abs=0.1)
    assert drag.spiral_delta_v(300e3, 550e3) == pytest.approx(140.7, abs=0.1)


def test_propulsion_mass():
    # 1,000 kg, 300 m/s, hydrazine 220 s: 1000 (e^{300/2157.46} − 1) = 149.18 kg; +10 % tanks, +5 kg
    mp = 1000.0 * (math.exp(300.0 / (220.0 * G0)) - 1.0)
    assert mp == pytest.approx(149.18, abs=0.01)
    assert drag.propulsion_mass(1000.0, 300.0, drag.ISP_S["hydrazine"], thruster_mass_kg=5.0) == pytest.approx(
        mp * 1.1 + 5.0
    )
    # electric propulsion needs ~10x less propellant than chemical for the same budget
    ep = drag.propulsion_mass(1000.0, 300.0, drag.ISP_S["hall-argon"])
    assert ep < 0.12 * mp * 1.1
    out = drag.propulsion_mass(np.array([1000.0, 2000.0]), np.array([[100.0], [200.0]]), 1500.0)
    assert out.shape == (2, 2)
