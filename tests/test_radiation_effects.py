"""Radiation effects on the accelerators: solar cycle, margins, error budgets, failure model.

Hand computations in the comments; sources in skyrack.physics.radiation_effects.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.physics import radiation as rad, radiation_effects as fx
from skyrack.physics.constants import YEAR_S
from skyrack.physics.radiation_effects import COMPILED_FROM, normal_cdf


def test_bendel_response_and_beam_fluence_by_hand():
    # Y = √(18/10) (67 − 10) = 76.474, √Y = 8.745, 1 − e^(−1.5741) = 0.79280, ^4 = 0.39505
    assert float(rad.bendel_response(67.0)) == pytest.approx(0.39505, abs=2e-5)
    assert float(rad.bendel_response([5.0, 10.0])[0]) == 0.0 and float(rad.bendel_response(10.0)) == 0.0
    # rises monotonically towards 1 over hundreds of MeV
    e = np.array([20.0, 67.0, 200.0, 1000.0])
    assert np.all(np.diff(rad.bendel_response(e)) > 0) and float(rad.bendel_response(1000.0)) < 1.0
    # 1 rad(Si) = 0.01 J/kg; 67 MeV protons deposit S/ρ = 7.89 MeV cm²/g (Bethe) → 0.01/(7.89 × 1.602e-10)
    s = float(rad.proton_stopping_power(67.0, "Si"))
    assert s == pytest.approx(7.89, abs=0.05)
    assert float(rad.proton_fluence_per_rad()) == pytest.approx(0.01 / (s * 1.602176634e-10), rel=1e-12)


def test_see_weights_behind_a_shield():
    # bare: a 67 MeV proton counts once; behind 10 mm Al (2.7 g/cm²) it arrives with E' from R(E') = R(67) − 2.7
    assert float(rad.transmitted_see_weights(67.0, 0.0)) == pytest.approx(1.0)
    x = 2.7
    r67 = float(rad.proton_range_al(67.0))  # ≈ 4.0 g/cm² (PSTAR 3.99)
    w = float(rad.transmitted_see_weights(67.0, x))
    e_out = float(rad._proton_energy_from_range_al(np.array(r67 - x)))
    by_hand = float(rad.bendel_response(e_out) / rad.bendel_response(67.0)) * math.exp(-x / 107.2)
    assert w == pytest.approx(by_hand, rel=1e-12) and 0.0 < w < 1.0
    # a proton that stops in the shield counts for nothing
    assert float(rad.transmitted_see_weights(20.0, x)) == 0.0


def test_solar_max_fraction_by_hand():
    # active years: from 2022.3 to 2029.3 (cycle 25 peaked 2024.8), then 2033.3–2040.3, 2044.3–2051.3
    assert float(fx.solar_max_fraction(2023.0, 5.0)) == 1.0  # 2023–2028
    assert float(fx.solar_max_fraction(2029.5, 3.0)) == pytest.approx(0.0)  # quiet 2029.3–2033.3
    assert float(fx.solar_max_fraction(2030.0, 5.0)) == pytest.approx(1.7 / 5.0)  # 2033.3–2035
    assert float(fx.solar_max_fraction(2035.0, 5.0)) == pytest.approx(1.0)  # 2035–2040
    # a whole cycle always has 7 active years of 11, wherever it starts
    starts = np.linspace(2026.0, 2040.0, 29)
    np.testing.assert_allclose(fx.solar_max_fraction(starts, 11.0), 7.0 / 11.0, atol=1e-12)
    assert fx.solar_max_fraction(starts[:, None], np.array([1.0, 5.0])).shape == (29, 2)


def test_mission_dose_rate_and_margins():
    assert float(fx.mission_dose_rate(1.0, 3.0, 0.25)) == pytest.approx(1.5)  # 0.25 × 3 + 0.75 × 1
    margin, headroom = fx.dose_margin(np.array([4.0, 0.0, 4.0]), np.array([2.0, 2.0, np.nan]))
    assert margin[0] == 0.5 and headroom[0] == -2.0  # past the threshold: margin below 1, headroom negative
    assert margin[1] == math.inf and headroom[1] == 2.0
    assert math.isnan(margin[2]) and math.isnan(headroom[2])  # untested part: unknown, not a number


def test_events_per_year_and_error_budget_by_hand():
    # σ(UECC) = 1/(44 rad × 7.91e6 cm⁻²/rad) = 2.873e-9 cm²; at 20 /cm²/s: × 20 × 3.15576e7 s = 1.814 per year
    fluence = float(rad.proton_fluence_per_rad())
    assert float(fx.events_per_year(20.0, 44.0)) == pytest.approx(20.0 * YEAR_S / (44.0 * fluence), rel=1e-12)
    assert float(fx.events_per_year(20.0, 44.0)) == pytest.approx(1.81, abs=0.01)
    b = fx.error_budget(np.array([10.0, 20.0]), accelerators_per_unit=np.array([1.0, 72.0]))
    assert b["sdc"][0] / b["uncorrectable"][0] == pytest.approx(44.0 / 17.0)
    # interrupts: the chip's own (1 per 5 krad) plus its host's (1 per 425 rad), the host shared by 72
    one = float(fx.events_per_year(10.0, 5000.0) + fx.events_per_year(10.0, 425.0))
    shared = float(fx.events_per_year(20.0, 5000.0) + fx.events_per_year(20.0, 425.0) / 72.0)
    np.testing.assert_allclose(b["interrupts"], [one, shared], rtol=1e-12)


def test_work_between_events():
    # Suncatcher's arithmetic: ~3.4 UECC per chip-year at one inference a second → 9.3 million inferences
    assert float(fx.work_between_events(3.4, 1.0)) == pytest.approx(YEAR_S / 3.4)
    assert float(fx.work_between_events(3.4, 1.0)) / 1e6 == pytest.approx(9.28, abs=0.01)
    assert float(fx.work_between_events(0.0, 1e15)) == math.inf


def test_tid_failure_model_by_hand():
    # Φ(0) = ½ at the median; Φ(ln(5/15)/0.5) = Φ(−2.1972) = 0.01400; Φ(ln 2/0.5) = Φ(1.3863) = 0.9172
    assert float(fx.tid_failure_probability(15.0, 15.0)) == pytest.approx(0.5)
    assert float(fx.tid_failure_probability(5.0, 15.0)) == pytest.approx(0.01400, abs=1e-5)
    assert float(fx.tid_failure_probability(30.0, 15.0)) == pytest.approx(0.9172, abs=1e-4)
    assert float(fx.tid_failure_probability(0.0, 15.0)) == 0.0
    assert math.isnan(float(fx.tid_failure_probability(5.0, np.nan)))
    # λ = −ln(1 − 0.01400)/5 = 0.002820 per year; twice the dose: Φ(ln(2/3)/0.5) = 0.2087, λ = 0.0468 (16.6×)
    assert float(fx.tid_failure_rate(1.0, 5.0, 15.0)) == pytest.approx(0.002820, abs=2e-6)
    assert float(fx.tid_failure_rate(2.0, 5.0, 15.0)) == pytest.approx(0.0468, abs=1e-4)
    assert fx.tid_failure_rate(np.ones((3, 1)), np.ones(4) * 5.0, 15.0).shape == (3, 4)


def test_ground_reference_rate():
    # Llama 3, table 5: 72 HBM3 interruptions, 16,384 GPUs, 54 days → 72 / (16,384 × 54/365.25) = 0.0297 per GPU-year
    assert pytest.approx(0.0297, abs=1e-4) == fx.GROUND_HBM_INTERRUPTS_PER_YEAR


def test_the_normal_distribution_equals_scipy_s_to_rounding() -> None:
    # Φ(z) = erfc(-z/√2)/2 (Abramowitz & Stegun 26.2.29) from math.erfc; scipy.special.ndtr is the oracle
    from scipy.special import ndtr

    z = np.linspace(-8.0, 8.0, 20_001)
    np.testing.assert_allclose(normal_cdf(z), ndtr(z), rtol=1e-14, atol=0.0)
    assert float(normal_cdf(0.0)) == 0.5
    assert float(normal_cdf(-np.inf)) == 0.0 and float(normal_cdf(np.inf)) == 1.0
    assert np.isnan(normal_cdf(np.nan)) and np.isnan(normal_cdf(np.array([np.nan]))[0])


def test_one_number_gives_the_bits_of_its_row_in_an_array() -> None:
    # a small array takes numpy's frompyfunc of math.erfc, a large one the compiled pass of the same erfc
    z = np.random.default_rng(5).normal(0.0, 3.0, COMPILED_FROM + 500)
    z[:4] = [0.0, np.inf, -np.inf, -40.0]
    alone = [float(normal_cdf(x)) for x in z]
    assert normal_cdf(z[:500]).tolist() == alone[:500]
    assert normal_cdf(z).tolist() == alone
    assert normal_cdf(z.reshape(-1, 4)).reshape(-1).tolist() == alone  # any shape
    assert np.isnan(normal_cdf(np.full(COMPILED_FROM, np.nan))).all()
