"""The fleet simulation end to end: agreement with the closed-form design, bounded memory,
reproducibility, cross-checks of dose and contacts, inputs and outputs, and bad input."""

from __future__ import annotations

import json
import math
import os
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iss import ISS_TLE
from skyrack.errors import InputError
from skyrack.model import Result, design
from skyrack.physics.atmosphere import density, orbit_lifetime_s
from skyrack.physics.constants import R_EARTH, YEAR_S
from skyrack.physics.frames import ecef_to_geodetic, eci_to_ecef
from skyrack.physics.propagation import j2_positions
from skyrack.physics.stations import elevation, load_stations
from skyrack.physics.sun import julian_date, mean_sun_right_ascension
from skyrack.simulate import SimulationResult, SkyrackWarning, simulate
from skyrack.simulate.propagate import train_layout
from skyrack.simulate.radiation import build_dose_model

DAY = 86400.0


@pytest.fixture(scope="module")
def suncatcher():  # type: ignore[no-untyped-def]
    return design("suncatcher", parity=False)


def test_design_and_simulation_agree_over_a_year(suncatcher) -> None:  # type: ignore[no-untyped-def]
    """Sunlit fraction, longest eclipse and battery depth of discharge: closed form vs time domain.

    The design's eclipse is the umbra plus half the penumbra, sampled once a day; the simulation's is
    the time with less than half the solar disc visible, at every 60 s step. The design sizes the
    battery so the longest eclipse takes exactly the allowed depth of discharge.
    """
    run = simulate(suncatcher, duration=YEAR_S, step=60.0, satellites=1, dose=False)
    f = run.fleet
    assert f["sunlit_fraction"] == pytest.approx(f["design_sunlit_fraction"], abs=0.002)
    assert f["max_eclipse_s"] == pytest.approx(f["design_max_eclipse_s"], rel=0.03)
    assert f["max_depth_of_discharge"] == pytest.approx(f["design_depth_of_discharge"], abs=0.02)
    assert f["power_throttled_fraction"] < 1e-3  # the battery holds the eclipse load
    assert f["max_radiator_temperature_k"] == pytest.approx(f["design_radiator_temperature_k"], abs=0.5)
    assert run.satellites["eclipses"].iloc[0] > 500  # one per orbit through the eclipse season


def test_memory_does_not_grow_with_duration(suncatcher) -> None:  # type: ignore[no-untyped-def]
    def peak(days: float) -> int:
        tracemalloc.start()
        simulate(
            suncatcher, duration=days * DAY, step=30.0, satellites=8, dose=False, chunk_sat_steps=1 << 14, bins=200
        )
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    peak(1.0)  # warm caches (design tables, numba dispatch)
    short, long = peak(2.0), peak(40.0)
    assert long < 1.25 * short + 2_000_000  # 20x the duration, same peak (bytes)


def test_same_seed_same_numbers_and_another_seed_differs() -> None:
    result = design("suncatcher", ["economics.satellite_failure_rate=2.0 1/yr"], parity=False)
    a = simulate(result, duration=10 * DAY, step=60.0, satellites=20, seed=7, dose=False)
    b = simulate(result, duration=10 * DAY, step=60.0, satellites=20, seed=7, dose=False)
    c = simulate(result, duration=10 * DAY, step=60.0, satellites=20, seed=8, dose=False)
    pd.testing.assert_frame_equal(a.satellites, b.satellites)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries)
    assert a.fleet == b.fleet
    assert not a.satellites[["fleet_index", "failure_time_s"]].equals(c.satellites[["fleet_index", "failure_time_s"]])
    # 200 %/yr for 10 days: P(fail) = 1 - exp(-2 * 10/365.25) = 5.3 %; some of the sample should fail
    both = pd.concat([a.satellites, c.satellites])
    assert 0 < both["failed"].sum() < 10
    assert (both.loc[both["failed"], "availability"] < 1.0).all()


def _train_track_ecef(result: Result, satellite: int) -> np.ndarray:
    """ECEF track (m), one day at 30 s, of one satellite of the 81-satellite train as the simulation lays it out."""
    p = result.params
    jd0 = float(julian_date(2035, 1.0))
    raan = float(mean_sun_right_ascension(jd0)) + (p["orbit.ltan"] - 12.0) * np.pi / 12.0
    el = train_layout(81, R_EARTH + p["orbit.altitude"], result.values["orbit.inclination_rad"], raan, jd0)
    t = np.arange(0.0, DAY, 30.0)
    pos = np.empty((81, t.size, 3), np.float32)
    j2_positions(el, 0.0, 30.0, pos)
    return eci_to_ecef(pos[satellite].astype(np.float64), jd0 + t / DAY)


def test_dose_follows_the_dose_model_along_the_track(suncatcher) -> None:  # type: ignore[no-untyped-def]
    """The kernel's dose equals the dose model integrated along the same track, SAA passes included."""
    run = simulate(suncatcher, duration=DAY, step=30.0, layout="train", seed=0)
    p = suncatcher.params
    r_ecef = _train_track_ecef(suncatcher, 0)
    lat, lon, alt = ecef_to_geodetic(r_ecef)
    model = build_dose_model(
        p["orbit.altitude"] - 5e3,
        p["orbit.altitude"] + 27e3,
        p["satellite.shielding.thickness"],
        "max",
        epoch_year=2035,
    )
    rate = model.dose_rate(lat, lon, alt)
    assert run.satellites["dose_gy"].iloc[0] == pytest.approx(float(rate.sum() * 30.0), rel=0.03)
    # SAA passes: the peak dose rate is far above the mean, at southern latitudes over South America
    k = int(np.argmax(rate))
    assert rate.max() > 10 * rate.mean()
    assert -50 < np.degrees(lat[k]) < 0 and -90 < np.degrees(lon[k]) < 0
    assert (
        run.timeseries["dose_rate_gy_per_s_max_of_maxes"].max()
        > 5 * run.timeseries["dose_rate_gy_per_s_mean_of_means"].mean()
    )


def test_contacts_match_the_elevation_function(suncatcher) -> None:  # type: ignore[no-untyped-def]
    run = simulate(suncatcher, duration=DAY, step=30.0, layout="train", dose=False, seed=0)
    r_ecef = _train_track_ecef(suncatcher, 5)
    seen = (elevation(r_ecef, load_stations()) >= math.radians(10.0)).any(axis=-1)
    assert run.satellites["contact_minutes"].iloc[5] == pytest.approx(seen.sum() * 0.5, abs=1.0)
    assert run.satellites["downlink_tb"].iloc[5] == pytest.approx(seen.sum() * 30.0 * 10e9 / 8e12, rel=0.02)


def test_sgp4_propagator_and_tle_input(suncatcher, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    j2 = simulate(suncatcher, duration=2 * DAY, step=30.0, satellites=3, dose=False, seed=3)
    sgp4 = simulate(suncatcher, duration=2 * DAY, step=30.0, satellites=3, dose=False, seed=3, propagator="sgp4")
    assert sgp4.meta["propagator"] == "sgp4"
    assert sgp4.fleet["sunlit_fraction"] == pytest.approx(j2.fleet["sunlit_fraction"], abs=0.005)
    path = tmp_path / "iss.tle"
    path.write_text(ISS_TLE)
    iss = simulate(suncatcher, duration=DAY, step=30.0, tle=path, dose=False)
    assert list(iss.satellites["satellite"]) == ["ISS (ZARYA)"]
    assert iss.meta["start_utc"].startswith("2008-09-20T12:25")
    assert 0.55 < iss.fleet["sunlit_fraction"] < 0.75  # 51.6°, ~350 km: eclipsed every orbit
    assert iss.satellites["eclipses"].iloc[0] >= 14


def test_outputs_parquet_json_and_xarray(suncatcher, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = simulate(suncatcher, duration=DAY, step=60.0, satellites=4, dose=False, out_dir=tmp_path / "out", bins=48)
    assert isinstance(run, SimulationResult)
    ts = pd.read_parquet(tmp_path / "out" / "timeseries.parquet")
    assert len(ts) == 48 and "state_of_charge_min_of_mins" in ts.columns
    sats = pd.read_parquet(tmp_path / "out" / "satellites.parquet")
    assert len(sats) == 4 and {"delivered_compute_flop", "dose_gy", "contact_minutes"} <= set(sats.columns)
    payload = json.loads((tmp_path / "out" / "fleet.json").read_text())
    assert payload["fleet"]["satellites_simulated"] == 4.0
    assert payload["meta"]["satellites_in_fleet"] == 81
    ds = run.to_xarray()
    assert ds.sizes["time"] == 48 and ds.sizes["satellite"] == 4
    assert "availability" in ds and "illumination_mean_of_means" in ds
    assert ds.attrs["satellites_in_fleet"] == 81.0


def test_progress_callback_reaches_the_end(suncatcher) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[int, int]] = []
    simulate(
        suncatcher,
        duration=DAY,
        step=60.0,
        satellites=2,
        dose=False,
        chunk_sat_steps=500,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[-1] == (1440, 1440) and len(calls) > 3


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"step": 700.0}, "simulation.step", "tenth of the orbital period"),
        ({"duration": 6 * YEAR_S}, "simulation.duration", "mission lifetime"),
        ({"duration": -1.0}, "simulation.duration", "greater than 0 s"),
        ({"duration": "1 kg"}, "simulation.duration", "convertible to s"),
        ({"satellites": 82}, "simulation.satellites", "fleet size"),
        ({"satellites": 0}, "simulation.satellites", "in [1, 10,000,000]"),
        ({"propagator": "rk4"}, "simulation.propagator", "'j2' or 'sgp4'"),
        ({"elevation_mask": "95 deg"}, "simulation.elevation_mask", "in [0, 90) deg"),
        ({"stations": ["atlantis"]}, "simulation.stations", "unknown ground station"),
        ({"seed": -1}, "simulation.seed", "in [0, 4,294,967,295]"),
        ({"warp": 9}, "simulation.warp", "a setting of the simulation section"),
        ({"layout": "ring"}, "layout", "cluster"),
        ({"tle": "a.tle", "omm": "b.json"}, "tle", "not both"),
        ({"start": "yesterday"}, "simulation.start", "2035-01-01T00:00"),
        ({"start": 1e6}, "simulation.start", "Julian date"),
    ],
)
def test_bad_input_names_the_field(suncatcher, kwargs: dict, field: str, text: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    args = {"duration": DAY, "step": 60.0, "dose": False} | kwargs
    with pytest.raises(InputError) as info:
        simulate(suncatcher, **args)
    assert info.value.field == field
    assert text in str(info.value)


def test_bad_tle_file_names_line_and_column(suncatcher, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.tle"
    path.write_text(ISS_TLE.replace("0  2927", "0  2920"))
    with pytest.raises(InputError, match=r"bad\.tle line 2, column 69"):
        simulate(suncatcher, duration=DAY, tle=path, dose=False)


def test_decaying_orbit_warns_with_the_reason() -> None:
    low = design("suncatcher", ["orbit.altitude=220 km"], parity=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        simulate(low, duration=30 * DAY, step=60.0, satellites=1, dose=False)
    messages = [str(w.message) for w in caught if issubclass(w.category, SkyrackWarning)]
    assert messages and "decays in about" in messages[0] and "table 8-4" in messages[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", SkyrackWarning)
        simulate(design("suncatcher", parity=False), duration=DAY, step=60.0, satellites=1, dose=False)  # 650 km


def test_exponential_atmosphere_and_lifetime_by_hand() -> None:
    assert float(density(400e3)) == pytest.approx(3.725e-12)  # Vallado table 8-4 base value
    assert float(density(650e3)) == pytest.approx(1.454e-13 * math.exp(-50.0 / 71.835), rel=1e-12)
    # one layer, 450 -> 400 km, B = 0.022 m^2/kg: H (e^(50/H) - 1) / (rho0 B sqrt(mu a)) at a = R + 425 km
    h_scale, rho0, b = 58.515e3, 3.725e-12, 0.022
    by_hand = h_scale * math.expm1(50.0 / 58.515) / (rho0 * b * math.sqrt(3.986004418e14 * (R_EARTH + 425e3)))
    assert orbit_lifetime_s(450e3, 1.0, 0.01, 2.2, 400e3) == pytest.approx(by_hand, rel=2e-3)
    assert orbit_lifetime_s(100e3, 1.0, 1.0) == 0.0
    assert orbit_lifetime_s(500e3, 1.0, 0.0) == math.inf


def test_infeasible_design_is_refused_with_the_reason() -> None:
    cold = design("suncatcher", ["satellite.thermal.radiator_temperature=150 K"], parity=False)
    assert not cold.feasible
    with pytest.raises(InputError, match=r"infeasible.*sink temperature"):
        simulate(cold, duration=DAY, dose=False)


def test_geomagnetic_grids_are_cached_on_disk_between_processes(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "from skyrack import design\n"
        "from skyrack.simulate import simulate\n"
        "r = simulate(design('starcloud-1'), duration=3600.0, step=60.0)\n"
        "print(repr(r.fleet['dose_krad_per_year']))\n"
    )
    env = {**os.environ, "SKYRACK_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    files = sorted(p.name for p in tmp_path.glob("aep8_geomag_*.npz"))
    assert files, "no geomagnetic grid was cached"
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert again.stdout == first.stdout and float(first.stdout) > 0.0
    assert sorted(p.name for p in tmp_path.glob("aep8_geomag_*.npz")) == files
