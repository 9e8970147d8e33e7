"""Tests for skyrack.physics.orbit (Vallado 2013; Wertz SMAD)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics import orbit
from skyrack.physics.constants import DAY_S, R_EARTH, TROPICAL_YEAR_DAYS

# J2 sun-synchronous inclinations computed by hand
# (Vallado 2013 sec. 11.4.1; Wertz SMAD): altitude km -> inclination deg
PUBLISHED_SSO = {550: 97.58, 650: 97.98, 800: 98.59, 1000: 99.47, 1200: 100.41}


def test_semi_major_axis():
    assert float(orbit.semi_major_axis(650e3)) == 7_028_137.0
    assert float(orbit.semi_major_axis(0.0)) == R_EARTH


def test_period_650km_published_case():
    # case dawn-dusk-sso-650km: 97.7 ± 0.2 min; by hand 2π √(7,028,137³ / 3.986004418e14) = 5,863.69 s
    period = float(orbit.orbital_period(650e3))
    assert period == pytest.approx(5863.69, abs=0.01)
    assert period / 60.0 == pytest.approx(97.7, abs=0.2)


@pytest.mark.parametrize(("altitude_km", "period_min"), [(550, 95.5), (800, 100.7), (1000, 105.0), (1200, 109.3)])
def test_period_published_table(altitude_km, period_min):
    assert float(orbit.orbital_period(altitude_km * 1e3)) / 60.0 == pytest.approx(period_min, abs=0.2)


def test_period_geostationary_is_a_sidereal_day():
    # a = 42,164 km gives one sidereal day, 86,164.1 s (Vallado 2013, sec. 2.5)
    assert float(orbit.orbital_period(35_786e3)) == pytest.approx(86_164.1, abs=1.0)


@pytest.mark.parametrize(("altitude_km", "inclination_deg"), sorted(PUBLISHED_SSO.items()))
def test_sun_synchronous_inclination_published(altitude_km, inclination_deg):
    got = math.degrees(float(orbit.sun_synchronous_inclination(altitude_km * 1e3)))
    assert got == pytest.approx(inclination_deg, abs=0.02)


def test_sso_nodal_rate_matches_the_mean_sun():
    h = np.array([300e3, 650e3, 2000e3, 5000e3])
    rate = orbit.nodal_precession_rate(h, orbit.sun_synchronous_inclination(h))
    np.testing.assert_allclose(rate, 2.0 * math.pi / (TROPICAL_YEAR_DAYS * DAY_S), rtol=1e-12)
    # 0.9856 °/day (360° per tropical year)
    assert math.degrees(float(rate[1])) * DAY_S == pytest.approx(0.9856, abs=1e-4)


def test_nodal_precession_iss_like():
    # 400 km, 51.6°: −(3/2) n J2 (R/a)² cos i ≈ −5.0 °/day, the ISS's well-known regression
    rate = float(orbit.nodal_precession_rate(400e3, math.radians(51.6)))
    assert math.degrees(rate) * DAY_S == pytest.approx(-5.00, abs=0.01)
    assert float(orbit.nodal_precession_rate(400e3, math.pi / 2)) == pytest.approx(0.0, abs=1e-20)


def test_no_sso_above_about_5970_km():
    assert math.isnan(float(orbit.sun_synchronous_inclination(6000e3)))
    assert math.degrees(float(orbit.sun_synchronous_inclination(5900e3))) == pytest.approx(168.3, abs=0.1)
    # the limit is where cos i = −1
    assert math.isnan(float(orbit.sun_synchronous_inclination(5975e3)))
    assert not math.isnan(float(orbit.sun_synchronous_inclination(5973e3)))


def test_earth_angular_radius_published():
    # critical beta asin(R/(R+h)) by hand: 67.0° at 550 km, 65.2° at 650 km
    assert math.degrees(float(orbit.earth_angular_radius(550e3))) == pytest.approx(67.0, abs=0.05)
    assert math.degrees(float(orbit.earth_angular_radius(650e3))) == pytest.approx(65.2, abs=0.05)
    # from GEO the Earth is 17.4° across (Wertz SMAD)
    assert math.degrees(float(orbit.earth_angular_radius(35_786e3))) == pytest.approx(8.70, abs=0.01)
    assert float(orbit.earth_angular_radius(0.0)) == pytest.approx(math.pi / 2)


def test_negative_altitudes_are_nan_huge_ones_formal():
    for f in (
        orbit.semi_major_axis,
        orbit.orbital_period,
        orbit.earth_angular_radius,
        orbit.sun_synchronous_inclination,
    ):
        assert math.isnan(float(f(-1.0)))
    assert math.isnan(float(orbit.nodal_precession_rate(-1.0, 1.0)))
    far = 1e12  # formal values far away: long period, tiny Earth, negligible drift
    assert float(orbit.orbital_period(far)) > 1e10
    assert float(orbit.earth_angular_radius(far)) < 1e-5
    assert abs(float(orbit.nodal_precession_rate(far, 0.0))) < 1e-20


def test_broadcasting():
    h = np.array([[500e3], [600e3], [700e3]])
    i = np.radians([30.0, 60.0, 90.0, 98.0])
    assert orbit.nodal_precession_rate(h, i).shape == (3, 4)
    assert orbit.sun_synchronous_inclination(h).shape == (3, 1)
    assert orbit.orbital_period([1e6, 2e6]).shape == (2,)
    assert orbit.earth_angular_radius(650e3).shape == ()


def test_frozen_orbit_radius_by_hand():
    # 650 km, i = 97.98°: a = 7,028.137 km; K1 = J2 R²/(2a) = 1.08263e-3 × 6,378.137² / 14,056.27 = 3.1333 km;
    # K2 = J2 (R/a)²/2 = 4.4582e-4; e_f = −(J3/2J2)(R/a) sin i = 1.16967e-3 × 0.907520 × 0.990274 = 1.05118e-3.
    # u = −90° (southernmost): r = a (1 + e_f)(1 + 1.5 K2 (1 − 3 cos² i)) − ½ K1 sin² i
    #   = 7,028.137 × 1.00105118 × 1.00063059 − 1.5365 = 7,039.962 − 1.537 = 7,038.425 km (10.3 km above a)
    i = math.radians(97.98)
    r = float(orbit.frozen_orbit_radius(650e3, i, -math.pi / 2))
    assert r / 1e3 == pytest.approx(7038.425, abs=0.01)
    # the equator (u = 0): no eccentricity term, + ½ K1 sin² i: 7,028.137 × 1.00063059 + 1.5365 = 7,034.105 km
    assert float(orbit.frozen_orbit_radius(650e3, i, 0.0)) / 1e3 == pytest.approx(7034.105, abs=0.01)


def test_frozen_orbit_radius_matches_the_simulation_propagator():
    # the same orbit as skyrack.simulate's osculating positions (J3 frozen eccentricity + short-period J2)
    from skyrack.physics.propagation import j2_positions
    from skyrack.simulate.propagate import train_layout

    inc = float(orbit.sun_synchronous_inclination(650e3))
    el = train_layout(1, 7028137.0, inc, 0.0, 2461000.5)
    pos = np.empty((1, 400, 3), np.float32)
    j2_positions(el, 0.0, 15.0, pos)
    r = np.linalg.norm(pos[0].astype(np.float64), axis=1)
    z = pos[0, :, 2].astype(np.float64)
    u = np.arcsin(np.clip(z / (r * math.sin(inc)), -1.0, 1.0))
    u = np.where(np.gradient(z) < 0.0, np.pi - u, u)  # descending half of the orbit
    np.testing.assert_allclose(orbit.frozen_orbit_radius(650e3, inc, u), r, atol=60.0)  # m (float32 positions)


def test_argument_of_latitude_rate_by_hand():
    # u' rate = n (1 + 1.5 K2 (8 cos² i − 2)) (1 + 2 e_f sin u − ½ K2 (7 cos² i − 1) cos 2u);
    # 650 km, 97.98°: 1.5 K2 (8 × 0.019303 − 2) = −1.2338e-3; at u = −90°: 1 − 2.1024e-3 − 1.9285e-4
    # → n × 0.998766 × 0.997705 = 0.996474 n
    i = math.radians(97.98)
    n = math.sqrt(3.986004418e14 / 7028137.0**3)
    assert float(orbit.argument_of_latitude_rate(650e3, i, -math.pi / 2)) / n == pytest.approx(0.996474, abs=2e-6)
