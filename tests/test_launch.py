"""Tests for skyrack.physics.launch."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from skyrack.physics import launch
from strategies import ordered_floats

# cases.yaml: suncatcher-launched-power-price (Agüera y Arcas et al. 2025, §2.4), L = 5 yr, tolerance 3 %
SUNCATCHER_ROWS = [
    # mass kg, power kW, USD/kg, published USD/kW/yr ; plain formula m·c/(P·L)
    (575.0, 28.0, 3600.0, 14_700.0),  # 575·3600/140 = 14,785.7
    (575.0, 28.0, 200.0, 810.0),  # 575·200/140 = 821.4
    (260.0, 7.0, 3600.0, 26_600.0),  # 260·3600/35 = 26,742.9
    (150.0, 0.8, 3600.0, 135_800.0),  # 150·3600/4 = 135,000.0
]


@pytest.mark.parametrize(("m", "p_kw", "c", "published"), SUNCATCHER_ROWS)
def test_suncatcher_launched_power_price(m, p_kw, c, published):
    value = launch.launched_power_price(m, c, p_kw * 1e3, 5.0)
    assert value == pytest.approx(m * c / (p_kw * 5.0), rel=1e-12)
    assert value == pytest.approx(published, rel=0.03)


def test_suncatcher_exact_values_and_vectorised():
    m = np.array([575.0, 575.0, 260.0, 150.0])
    p = np.array([28e3, 28e3, 7e3, 0.8e3])
    c = np.array([3600.0, 200.0, 3600.0, 3600.0])
    np.testing.assert_allclose(
        launch.launched_power_price(m, c, p, 5.0), [14_785.714, 821.429, 26_742.857, 135_000.0], rtol=1e-6
    )


def test_spacex_100gw_arithmetic():
    # 1e9 kg/yr · 100 W/kg = 1e11 W/yr; 1e9/2e5 = 5,000 flights; 8,766 h / 5,000 = 1.7532 h
    assert launch.launched_power_per_year(1e9, 100.0) == pytest.approx(100e9)
    f = launch.flights_per_year(1e9, 200_000.0)
    assert f == pytest.approx(5000.0)
    assert launch.hours_between_flights(f) == pytest.approx(1.7532, abs=1e-4)
    assert launch.hours_between_flights(f) == pytest.approx(1.75, rel=0.01)
    assert launch.launches_by_mass(1e9, 200_000.0) == 5000.0


def test_launches_by_mass_rounds_up_robustly():
    # angadh.com: 1,686.6 t on 100 t Starships → 17 launches
    assert launch.launches_by_mass(1_686_600.0, 100_000.0) == 17.0
    assert launch.launches_by_mass(100_001.0, 100_000.0) == 2.0
    assert launch.launches_by_mass(0.0, 100_000.0) == 0.0
    # 1.1/0.1 = 11.000000000000002 in floating point must still be 11 launches
    assert launch.launches_by_mass(1.1, 0.1) == 11.0
    assert launch.launches_by_mass(1.0, 0.0) == math.inf


def test_launches_by_volume():
    # 2,000 m³ stowed into 1,000 m³ fairings filled to 60 % → ⌈3.33⌉ = 4
    assert launch.launches_by_volume(2000.0, 1000.0, 0.6) == 4.0
    assert launch.launches_by_volume(600.0, 1000.0, 0.6) == 1.0


def test_payload_for_inclination():
    # Ariane 62: 10,350 kg LEO (28.5° reference here) and 7,200 kg SSO (98°)
    leo, sso = 10_350.0, 7_200.0
    assert launch.payload_for_inclination(leo, sso, math.radians(28.5)) == pytest.approx(leo)
    assert launch.payload_for_inclination(leo, sso, math.radians(98.0)) == pytest.approx(sso)
    # 53° is (53 − 28.5)/(98 − 28.5) = 0.35252 of the way: 10,350 − 3,150 · 0.35252 = 9,239.6 kg
    assert launch.payload_for_inclination(leo, sso, math.radians(53.0)) == pytest.approx(9239.6, abs=0.1)
    # clamped outside the reference span
    assert launch.payload_for_inclination(leo, sso, math.radians(0.0)) == pytest.approx(leo)
    assert launch.payload_for_inclination(leo, sso, math.radians(110.0)) == pytest.approx(sso)
    inc = np.radians(np.array([28.5, 53.0, 98.0]))
    assert launch.payload_for_inclination(np.array([[leo], [2 * leo]]), sso, inc).shape == (2, 3)


def test_wright_exponent():
    assert launch.wright_learning_exponent(0.0) == 0.0
    assert launch.wright_learning_exponent(0.2) == pytest.approx(math.log2(0.8))  # −0.321928
    assert launch.wright_learning_exponent(0.5) == pytest.approx(-1.0)
    # LR = 0.5: each doubling halves the price (1000 → 250 over two doublings); LR = 0.2 → 0.8×
    assert launch.wright_unit_price(1000.0, 1e6, 4e6, 0.5) == pytest.approx(250.0)
    assert launch.wright_unit_price(1000.0, 1e6, 2e6, 0.2) == pytest.approx(800.0)


def test_wright_average_price_limits():
    # LR = 0: constant price
    assert launch.wright_average_price(1000.0, 1e6, 5e6, 0.0) == pytest.approx(1000.0)
    # M = 0: the marginal price at x0
    assert launch.wright_average_price(1000.0, 1e6, 0.0, 0.3) == pytest.approx(1000.0)
    # LR = 0.2, r = 1: 1000 (2^0.678072 − 1)/0.678072 = 1000 · 0.6/0.678072 = 884.86
    assert launch.wright_average_price(1000.0, 1e6, 1e6, 0.2) == pytest.approx(884.86, abs=0.01)
    # LR = 0.5 (b = −1): p̄ = p0 ln(1 + r)/r = 1000 ln 2 = 693.147 for r = 1, and continuous around it
    assert launch.wright_average_price(1000.0, 1e6, 1e6, 0.5) == pytest.approx(693.147, abs=1e-3)
    near = launch.wright_average_price(1000.0, 1e6, 1e6, np.array([0.5 - 1e-9, 0.5 + 1e-9]))
    np.testing.assert_allclose(near, 693.147, atol=1e-3)
    # tiny programme: relative error stays small (log1p/expm1 form)
    assert launch.wright_average_price(1000.0, 1e6, 1e-6, 0.2) == pytest.approx(1000.0, rel=1e-9)


def test_wright_average_matches_numerical_integral():
    p0, x0, m, lr = 3600.0, 2e6, 3.7e8, 0.15
    x = np.linspace(x0, x0 + m, 200_001)
    p = launch.wright_unit_price(p0, x0, x, lr)
    numeric = float(np.sum((p[1:] + p[:-1]) / 2 * np.diff(x)) / m)
    assert launch.wright_average_price(p0, x0, m, lr) == pytest.approx(numeric, rel=1e-5)


@settings(max_examples=60, deadline=None)
@given(masses=ordered_floats(0.0, 1e10), lr=st.floats(min_value=0.0, max_value=0.6))
def test_wright_average_falls_with_programme_size(masses, lr):
    lo, hi = masses
    a_lo = launch.wright_average_price(1000.0, 1e6, lo, lr)
    a_hi = launch.wright_average_price(1000.0, 1e6, hi, lr)
    assert a_hi <= a_lo * (1 + 1e-9)
    assert a_lo <= 1000.0 * (1 + 1e-9)


def test_co2():
    # CH4: 44.009/16.043 = 2.7432 kg CO2/kg; RP-1 (CH1.95): 44.009/13.977 = 3.1487; H2: 0
    assert launch.launch_co2e_kg({"methane": 1.0}) == pytest.approx(2.7432, abs=1e-4)
    assert launch.launch_co2e_kg({"rp1": 1.0}) == pytest.approx(3.149, abs=1e-3)
    assert launch.launch_co2e_kg({"hydrogen": 1e6}) == 0.0
    # mixed, vectorised
    out = launch.launch_co2e_kg({"methane": np.array([1.0, 2.0]), "rp1": 1.0})
    np.testing.assert_allclose(out, [2.7432 + 3.1487, 2 * 2.7432 + 3.1487], atol=1e-3)
    assert launch.launch_co2e_kg({"methane": 1.0}, co2_kg_per_kg_fuel={"methane": 2.75}) == 2.75
    with pytest.raises(KeyError):
        launch.launch_co2e_kg({"unobtainium": 1.0})
    # methalox at O/F 3.6: 4.6e6 kg propellant holds 1e6 kg of methane
    assert launch.fuel_mass_from_propellant(4.6e6, 3.6) == pytest.approx(1e6)


@settings(max_examples=60, deadline=None)
@given(masses=ordered_floats(0.0, 1e9), payload=st.floats(min_value=100.0, max_value=3e5))
def test_launch_count_monotone(masses, payload):
    lo, hi = masses
    assert launch.launches_by_mass(lo, payload) <= launch.launches_by_mass(hi, payload)
    assert launch.launches_by_mass(hi, payload) >= hi / payload * (1 - 1e-9)
