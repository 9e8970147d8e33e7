"""Conical shadow with penumbra (Montenbruck & Gill 2000, sec. 3.4.2): hand-computed geometry."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics.constants import AU, R_EARTH, R_SUN
from skyrack.physics.shadow import illumination_fraction

R_ORBIT = R_EARTH + 650e3


def _on_circle(theta: np.ndarray, radius: float = R_ORBIT) -> np.ndarray:
    """Positions in the x-y plane at angle theta from the anti-Sun direction (Sun along +x)."""
    return np.stack([-radius * np.cos(theta), radius * np.sin(theta), np.zeros_like(theta)], axis=-1)


def _angles(r: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Apparent radii of Sun (a) and Earth (b) and their separation c, computed directly."""
    sun = np.array([AU, 0.0, 0.0])
    d = sun - r
    rn = np.linalg.norm(r, axis=-1)
    dn = np.linalg.norm(d, axis=-1)
    a = np.arcsin(R_SUN / dn)
    b = np.arcsin(R_EARTH / rn)
    c = np.arccos(np.sum(-r * d, axis=-1) / (rn * dn))
    return a, b, c


def test_umbra_full_sun_and_day_side() -> None:
    r = np.array([[-R_ORBIT, 0, 0], [0, R_ORBIT, 0], [R_ORBIT, 0, 0], [0, 0, R_ORBIT]])
    nu = illumination_fraction(r, [1.0, 0.0, 0.0], AU)
    np.testing.assert_array_equal(nu, [0.0, 1.0, 1.0, 1.0])


def test_half_the_disc_at_the_geometric_shadow_edge() -> None:
    # Sun's centre on the Earth's limb (c = b): half the disc hidden, up to the limb curvature, O(a/b)
    theta = np.linspace(1.0, 1.3, 300001)
    _a, b, c = _angles(_on_circle(theta))
    k = int(np.argmin(np.abs(c - b)))
    nu = float(illumination_fraction(_on_circle(theta[k]), [1.0, 0.0, 0.0], AU))
    assert nu == pytest.approx(0.5, abs=0.005)


def test_penumbra_matches_the_straight_limb_segment() -> None:
    # Far from grazing geometry the Earth's limb is straight across the 0.27° solar disc: with the limb
    # at distance h = c - b from the Sun's centre, the hidden share is the circular segment
    # (acos(h/a) - (h/a) sqrt(1 - (h/a)^2)) / pi (hand formula, independent of the lens formula).
    theta = np.linspace(1.0, 1.3, 200001)
    r = _on_circle(theta)
    a, b, c = _angles(r)
    inside = (c > b - a) & (c < b + a)
    assert inside.sum() > 100
    x = (c[inside] - b[inside]) / a[inside]
    lit_segment = 1.0 - (np.arccos(x) - x * np.sqrt(1 - x * x)) / np.pi
    nu = illumination_fraction(r[inside], [1.0, 0.0, 0.0], AU)
    np.testing.assert_allclose(nu, lit_segment, atol=4e-3)


def test_penumbra_edges_are_b_minus_a_and_b_plus_a() -> None:
    theta = np.linspace(1.0, 1.3, 200001)
    r = _on_circle(theta)
    a, b, c = _angles(r)
    nu = illumination_fraction(r, [1.0, 0.0, 0.0], AU)
    assert np.all(nu[c < b - a - 1e-7] == 0.0)
    assert np.all(nu[c > b + a + 1e-7] == 1.0)
    partial = (nu > 0) & (nu < 1)
    assert np.all((c[partial] >= b[partial] - a[partial] - 1e-7) & (c[partial] <= b[partial] + a[partial] + 1e-7))


def test_annular_shadow_beyond_the_umbra_apex() -> None:
    # 3 million km behind the Earth the Earth's disc (b) is smaller than the Sun's (a): nu = 1 - b^2/a^2
    dist = 3.0e9
    nu = float(illumination_fraction([-dist, 0.0, 0.0], [1.0, 0.0, 0.0], AU))
    a = math.asin(R_SUN / (AU + dist))
    b = math.asin(R_EARTH / dist)
    assert b < a
    assert nu == pytest.approx(1.0 - b * b / (a * a), rel=1e-9)


def test_broadcasting_shapes() -> None:
    r = np.broadcast_to(np.array([0.0, R_ORBIT, 0.0]), (4, 5, 3))
    assert illumination_fraction(r, [1.0, 0.0, 0.0], AU).shape == (4, 5)
