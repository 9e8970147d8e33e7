"""Tests for skyrack.physics.thermosphere: NRLMSIS density and the shipped solar-cycle forecast."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from skyrack.physics import thermosphere as th


def _rows() -> list[list[str]]:
    text = resources.files("skyrack.physics").joinpath("data/solar_cycle.csv").read_text(encoding="utf-8")
    return list(csv.reader(line for line in text.splitlines() if line and not line.startswith("#")))


def test_forecast_file_is_the_documented_model():
    # the shipped table is exactly the documented cycle fit + proxy, month by month
    rows = _rows()
    assert rows[0] == ["year", "f107", "ap", "basis"]
    year = np.array([float(r[0]) for r in rows[1:]])
    f107 = np.array([float(r[1]) for r in rows[1:]])
    assert year[0] == 2020.0 and year[-1] == 2100.0 and len(year) == 80 * 12 + 1
    expected = th.f107_from_sunspot_number(th.smoothed_sunspot_number(year))
    np.testing.assert_allclose(f107, expected, atol=0.051)
    assert {r[3] for r in rows[1:]} == {"cycle25", "repeat"}
    assert all(float(r[2]) == th.AP_MEAN for r in rows[1:])


def test_cycle25_fit_matches_silso_minimum_and_maximum():
    # SILSO: cycle 25 starts 2019.96 and peaks in Oct 2024 at a smoothed SN of 160.9
    ssn = th.smoothed_sunspot_number(np.arange(2019.96, 2031.0, 1 / 120))
    peak_at = 2019.96 + np.argmax(ssn) / 120
    assert peak_at == pytest.approx(2024.79, abs=0.02)
    assert float(np.max(ssn)) == pytest.approx(160.9, abs=0.05)
    assert np.isnan(th.smoothed_sunspot_number(2019.0))
    # the next cycle repeats 11 years later
    assert th.smoothed_sunspot_number(2035.79) == pytest.approx(160.9, rel=0.01)


def test_f107_proxy_by_hand():
    # S = 0 (spotless): the quiet-Sun floor of the proxy, 67.0 sfu
    assert th.f107_from_sunspot_number(0.0) == pytest.approx(67.0)
    # S = 160.9: R = 96.54; 67 + 55.221 + 30.815 − 8.210 = 144.83 sfu
    assert th.f107_from_sunspot_number(160.9) == pytest.approx(144.83, abs=0.02)


def test_solar_activity_interpolates_and_repeats_after_2100():
    f, ap = th.solar_activity(np.array([2024.79, 2030.0]))
    assert f[0] == pytest.approx(144.8, abs=0.2)  # maximum
    assert f[1] < 80.0  # near the 2030 minimum
    assert np.all(ap == th.AP_MEAN)
    # beyond the table the 11-year cycle goes on: 2111.5 maps to 2100.5 − 11 = 2089.5... i.e. same phase
    late, _ = th.solar_activity(2100.0 + 11.0 * 3 + 0.5)
    same, _ = th.solar_activity(2100.5 - 11.0)
    assert late == pytest.approx(same, rel=1e-9)
    before, _ = th.solar_activity(2019.0)
    assert np.isnan(before)


def test_nrlmsise00_reference_case():
    # NRLMSISE-00 distribution test case 1 (Picone et al. 2002 code, test output):
    # day 172, 29,000 s UT, 400 km, 60° N, LST 16 h, F10.7 = F10.7A = 150, Ap = 4:
    # total mass density 4.0747e-15 g/cm³ = 4.0747e-12 kg/m³. Here local time sets the
    # longitude (119° E instead of 70° W, whose longitude terms differ slightly): within 5 %.
    # skyrack's date convention: 2001 + (171 + 29000/86400)/365.25 is day 172 at 08:03:20 UT.
    year = 2001.0 + (171.0 + 29000.0 / 86400.0) / 365.25
    rho = th.atmosphere_density(400e3, np.radians(60.0), 16.0, year, 150.0, 4.0)
    assert float(rho) == pytest.approx(4.0747e-12, rel=0.05)


def test_orbit_average_against_cira72_table():
    # Vallado (2013) table 8-4 (exponential fit of CIRA-72, moderate activity): 6.967e-13 kg/m³ at 500 km,
    # 1.454e-13 at 600 km. The orbit-averaged NRLMSISE-00 at F10.7 = 150, Ap = 15 is within a factor 1.5.
    rho = th.orbit_averaged_density(np.array([500e3, 600e3]), 2030.2, np.radians(53.0), f107=150.0, ap=15.0)
    assert rho[0] == pytest.approx(6.967e-13, rel=0.5)
    assert rho[1] == pytest.approx(1.454e-13, rel=0.7)


def test_density_follows_the_solar_cycle_and_altitude():
    h = np.array([400e3, 550e3, 800e3, 1200e3, 2000e3])
    low = th.orbit_averaged_density(h, 2030.0, np.radians(53.0), f107=70.0, ap=10.0)
    high = th.orbit_averaged_density(h, 2030.0, np.radians(53.0), f107=250.0, ap=10.0)
    assert np.all(np.diff(low) < 0) and np.all(np.diff(high) < 0)
    # at 550 km solar maximum raises density by roughly an order of magnitude
    assert 10.0 < high[1] / low[1] < 60.0
    # the shipped forecast: 2025 (near maximum) is denser than 2030 (near minimum) at 550 km
    near_max, near_min = th.orbit_averaged_density(550e3, np.array([2025.0, 2030.0]), np.radians(53.0))
    assert near_max > 3.0 * near_min


def test_diurnal_bulge_and_sun_synchronous_local_time():
    # the dayside bulge (~14 h local time) is 2-4x denser than the pre-dawn trough at 550 km
    day, night = th.atmosphere_density(550e3, 0.0, np.array([14.0, 4.0]), 2030.2, 150.0, 10.0)
    assert 1.5 < day / night < 5.0
    # a sun-synchronous plane keeps its local time: a noon/midnight plane differs from a dawn-dusk one
    inc = np.radians(97.6)
    noon = th.orbit_averaged_density(550e3, 2030.2, inc, ltan_h=12.0, f107=150.0, ap=10.0)
    dawn_dusk = th.orbit_averaged_density(550e3, 2030.2, inc, ltan_h=18.0, f107=150.0, ap=10.0)
    assert abs(noon / dawn_dusk - 1.0) > 0.02


def test_vectorised_shapes():
    rho = th.orbit_averaged_density(np.full((2, 3), 600e3), 2030.0, np.radians(53.0))
    assert rho.shape == (2, 3)
    assert (
        np.isscalar(th.orbit_averaged_density(600e3, 2030.0, 0.9))
        or np.ndim(th.orbit_averaged_density(600e3, 2030.0, 0.9)) == 0
    )


def test_msis_needs_no_network():
    # F10.7 and Ap are always passed, so pymsis never fetches its index file: run with sockets disabled
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n    raise OSError('network used')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "from skyrack.physics import thermosphere as th\n"
        "print(float(th.orbit_averaged_density(550e3, 2031.0, 0.93)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert 1e-15 < float(out.stdout.strip()) < 1e-11
