"""Tests for skyrack.physics.sun (Astronomical Almanac C5; Vallado 2013 Algorithm 29)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics import sun
from skyrack.physics.constants import AU, TROPICAL_YEAR_DAYS


def test_julian_date():
    assert float(sun.julian_date(2000, 1.5)) == 2451545.0  # J2000.0
    assert float(sun.julian_date(2006, 92.0)) == 2453827.5  # 2 April 2006 00:00 (Vallado Example 5-1)
    assert float(sun.julian_date(2028, 1.0)) - float(sun.julian_date(2027, 1.0)) == 365.0
    assert float(sun.julian_date(2029, 1.0)) - float(sun.julian_date(2028, 1.0)) == 366.0
    np.testing.assert_array_equal(sun.julian_date(2027, [1.0, 2.25]), [2461406.5, 2461407.75])


def test_julian_date_from_datetime64():
    assert float(sun.julian_date_from_datetime64(np.datetime64("2000-01-01T12:00"))) == 2451545.0
    times = np.array(["2006-04-02T00:00", "2027-06-21T12:00"], dtype="datetime64[s]")
    np.testing.assert_allclose(sun.julian_date_from_datetime64(times), [2453827.5, float(sun.julian_date(2027, 172.5))])


def test_vallado_example_5_1():
    # 2 April 2006 00:00 UT1: r☉ = (146,186,178; 28,789,122; 12,481,127) km, α = 11.1409°, δ = 4.7884°
    jd = 2453827.5
    ra, dec, dist = sun.sun_position(jd)
    assert math.degrees(float(ra)) == pytest.approx(11.1409, abs=0.001)
    assert math.degrees(float(dec)) == pytest.approx(4.7884, abs=0.001)
    expected = np.array([146186178.0, 28789122.0, 12481127.0]) * 1e3
    assert float(dist) == pytest.approx(float(np.linalg.norm(expected)), rel=1e-5)
    unit, dist2 = sun.sun_vector_eci(jd)
    np.testing.assert_allclose(unit, expected / np.linalg.norm(expected), atol=1e-5)
    assert float(dist2) == float(dist)


def test_meeus_example_25a():
    # 1992 October 13.0 (JD 2,448,908.5): accurate (VSOP87) α = 198.37818°, δ = −7.78387°,
    # R = 0.99766 AU (Meeus, Astronomical Algorithms, 2nd ed., Example 25.a); formula good to 0.01°
    ra, dec, dist = sun.sun_position(2448908.5)
    assert math.degrees(float(ra)) == pytest.approx(198.37818, abs=0.01)
    assert math.degrees(float(dec)) == pytest.approx(-7.78387, abs=0.01)
    assert float(dist) / AU == pytest.approx(0.99766, abs=1e-4)


def test_solstices_and_equinox():
    # obliquity 23.44°: the year's extreme declinations (hourly samples over 2027)
    _, dec, _ = sun.sun_position(sun.julian_date(2027, np.arange(1.0, 366.0, 1.0 / 24.0)))
    assert math.degrees(float(dec.max())) == pytest.approx(23.44, abs=0.01)
    assert math.degrees(float(dec.min())) == pytest.approx(-23.44, abs=0.01)
    # March equinox 2000-03-20 07:35 UT: declination 0 (moves 0.4°/day)
    _, dec0, _ = sun.sun_position(sun.julian_date_from_datetime64(np.datetime64("2000-03-20T07:35")))
    assert math.degrees(float(dec0)) == pytest.approx(0.0, abs=0.01)
    # June solstice 2000-06-21 01:48 UT
    _, dec1, _ = sun.sun_position(sun.julian_date_from_datetime64(np.datetime64("2000-06-21T01:48")))
    assert math.degrees(float(dec1)) == pytest.approx(23.44, abs=0.01)


def test_distance_perihelion_aphelion():
    # early January 0.9833 AU, early July 1.0167 AU
    _, _, dist = sun.sun_position(sun.julian_date(2027, np.arange(1.0, 366.0)))
    assert float(dist.min()) / AU == pytest.approx(0.9833, abs=2e-4)
    assert float(dist.max()) / AU == pytest.approx(1.0167, abs=2e-4)


def test_mean_sun():
    # λ_M = 280.460° at J2000.0 and one turn per tropical year (Vallado 2013, Algorithm 29)
    assert math.degrees(float(sun.mean_sun_right_ascension(2451545.0))) == pytest.approx(280.46, abs=1e-9)
    a = sun.mean_sun_right_ascension(2461400.0)
    b = sun.mean_sun_right_ascension(2461400.0 + TROPICAL_YEAR_DAYS)
    assert math.degrees(float(np.angle(np.exp(1j * (b - a))))) == pytest.approx(0.0, abs=1e-4)


def test_equation_of_time_extremes():
    # about +16.4 min in early November and −14.2 min in mid February
    days = np.arange(1.0, 366.0, 0.25)
    minutes = sun.equation_of_time(sun.julian_date(2027, days)) * 43200.0 / math.pi / 60.0
    assert float(minutes.max()) == pytest.approx(16.4, abs=0.2)
    assert float(minutes.min()) == pytest.approx(-14.2, abs=0.2)
    assert 300 < days[np.argmax(minutes)] < 312
    assert 38 < days[np.argmin(minutes)] < 48


def test_vectorised_shapes():
    jd = sun.julian_date(2027, np.arange(12.0).reshape(3, 4) + 1.0)
    ra, dec, dist = sun.sun_position(jd)
    assert ra.shape == dec.shape == dist.shape == (3, 4)
    assert np.all((ra >= 0.0) & (ra < 2.0 * math.pi))
    unit, dist = sun.sun_vector_eci(jd)
    assert unit.shape == (3, 4, 3) and dist.shape == (3, 4)
    np.testing.assert_allclose(np.linalg.norm(unit, axis=-1), 1.0)
    assert sun.mean_sun_right_ascension(jd).shape == (3, 4)
    assert sun.equation_of_time(jd).shape == (3, 4)


def test_unit_vector_agrees_with_ra_dec():
    jd = sun.julian_date(2027, np.linspace(1.0, 365.0, 50))
    ra, dec, _ = sun.sun_position(jd)
    unit, _ = sun.sun_vector_eci(jd)
    np.testing.assert_allclose(np.arctan2(unit[:, 1], unit[:, 0]) % (2 * math.pi), ra, atol=1e-12)
    np.testing.assert_allclose(np.arcsin(unit[:, 2]), dec, atol=1e-12)
