"""Earth rotation, geodesy and station geometry against Vallado and skyfield."""

from __future__ import annotations

import math

import numpy as np
import pytest
import skyfield.api as skyfield_api

from skyrack.physics.constants import R_EARTH, WGS84_FLATTENING
from skyrack.physics.frames import ecef_to_geodetic, eci_to_ecef, geodetic_to_ecef, gmst, ground_track
from skyrack.physics.stations import Stations, contact_mask, elevation, load_stations


def test_gmst_vallado_example_3_5() -> None:
    # Vallado (2013) Example 3-5: 1992 Aug 20, 12:14:00 UT1 -> GMST 152.578787886 deg
    jd = 2448854.5 + (12 + 14 / 60) / 24
    assert math.degrees(float(gmst(jd))) == pytest.approx(152.578787886, abs=1e-4)
    # two-part date gives the same
    assert float(gmst(2448854.5, (12 + 14 / 60) / 24)) == pytest.approx(float(gmst(jd)), abs=1e-8)


def test_eci_to_ecef_rotation() -> None:
    jd = 2451545.0
    th = float(gmst(jd))
    r = eci_to_ecef(np.array([7000e3, 0.0, 1000e3]), jd)
    np.testing.assert_allclose(r, [7000e3 * math.cos(th), -7000e3 * math.sin(th), 1000e3], atol=1e-6)
    # broadcasting over times
    rr = eci_to_ecef(np.tile([7000e3, 0.0, 0.0], (5, 1)), jd + np.arange(5) / 24)
    assert rr.shape == (5, 3)
    np.testing.assert_allclose(np.linalg.norm(rr, axis=1), 7000e3)


def test_geodetic_vallado_example_3_3() -> None:
    # Vallado (2013) Example 3-3: r = (6524.834, 6862.875, 6448.296) km
    # -> phi_gd = 34.352496 deg, lambda = 46.4464 deg, h = 5085.22 km
    lat, lon, h = ecef_to_geodetic(np.array([6524.834e3, 6862.875e3, 6448.296e3]))
    assert math.degrees(float(lat)) == pytest.approx(34.352496, abs=1e-5)
    assert math.degrees(float(lon)) == pytest.approx(46.4464, abs=1e-4)
    assert float(h) == pytest.approx(5085.22e3, abs=20.0)


def test_geodetic_round_trip_and_axes() -> None:
    np.testing.assert_allclose(geodetic_to_ecef(0.0, 0.0, 0.0), [R_EARTH, 0, 0], atol=1e-6)
    np.testing.assert_allclose(
        geodetic_to_ecef(math.pi / 2, 0.0, 0.0), [0, 0, R_EARTH * (1 - WGS84_FLATTENING)], atol=1e-6
    )
    rng = np.random.default_rng(0)
    lat = rng.uniform(-1.5, 1.5, 200)
    lon = rng.uniform(-3.1, 3.1, 200)
    alt = rng.uniform(0, 36_000e3, 200)
    la, lo, h = ecef_to_geodetic(geodetic_to_ecef(lat, lon, alt))
    np.testing.assert_allclose(la, lat, atol=1e-10)
    np.testing.assert_allclose(lo, lon, atol=1e-12)
    np.testing.assert_allclose(h, alt, atol=1e-3)
    gl, _ = ground_track(geodetic_to_ecef(lat, lon, alt))
    np.testing.assert_allclose(gl, lat, atol=1e-10)


def test_elevation_overhead_horizon_and_30deg() -> None:
    st = Stations.from_geodetic(["x"], [math.radians(45.0)], [math.radians(10.0)], [200.0])
    over = geodetic_to_ecef(math.radians(45.0), math.radians(10.0), 600e3)
    horizon = st.ecef[0] + 1500e3 * st.east[0]
    el30 = st.ecef[0] + 1000e3 * (math.cos(math.radians(30)) * st.north[0] + 0.5 * st.up[0])
    el = np.degrees(elevation(np.stack([over, horizon, el30]), st))
    assert el.shape == (3, 1)
    np.testing.assert_allclose(el[:, 0], [90.0, 0.0, 30.0], atol=1e-7)
    m = contact_mask(np.stack([over, horizon, el30]), st)
    assert m[:, 0].tolist() == [True, False, True]
    assert contact_mask(el30[None], st, mask_rad=math.radians(31))[0, 0] == np.False_


def test_load_stations_from_catalog() -> None:
    st = load_stations()
    assert len(st) >= 5
    assert "ksat-svalbard" in st.names
    one = load_stations(["ksat-svalbard"])
    assert math.degrees(one.lat_rad[0]) == pytest.approx(78.23, abs=0.01)
    np.testing.assert_allclose(np.linalg.norm(one.up, axis=1), 1.0)
    np.testing.assert_allclose(np.einsum("kj,kj->k", one.up, one.east), 0.0, atol=1e-15)
    with pytest.raises(ValueError, match="unknown ground station"):
        load_stations(["atlantis"])


def test_elevation_matches_skyfield() -> None:
    """SGP4 (TEME) -> GMST rotation -> elevation vs skyfield altaz (brief: 0.05 deg; we hold 0.001)."""
    from sgp4.api import WGS72, Satrec

    ts = skyfield_api.load.timescale(builtin=True)
    sat = Satrec()
    # 550 km, 53 deg circular orbit, epoch 2026-03-01 00:00 UTC (days since 1949-12-31)
    epoch = 2461100.5 - 2433281.5
    n_rad_min = math.sqrt(3.986004418e14 / (6378137.0 + 550e3) ** 3) * 60.0
    sat.sgp4init(WGS72, "i", 1, epoch, 0.0, 0.0, 0.0, 1e-4, 0.3, math.radians(53), 0.2, n_rad_min, 1.1)
    esat = skyfield_api.EarthSatellite.from_satrec(sat, ts)
    st = load_stations(["wallops"])
    topos = skyfield_api.wgs84.latlon(
        math.degrees(st.lat_rad[0]), math.degrees(st.lon_rad[0]), elevation_m=float(st.alt_m[0])
    )
    t = ts.utc(2026, 3, 1, 0, 0, np.arange(0.0, 86400.0, 120.0))
    alt_sf, _, _ = (esat - topos).at(t).altaz()
    jd_utc = t.whole + (t.tai_fraction - t._leap_seconds() / 86400.0)
    err, r_teme_km, _ = sat.sgp4_array(t.whole, jd_utc - t.whole)
    assert not err.any()
    r_ecef = eci_to_ecef(r_teme_km * 1e3, t.ut1)
    el = np.degrees(elevation(r_ecef, st))[:, 0]
    visible = alt_sf.degrees > -10
    assert visible.sum() > 5
    np.testing.assert_allclose(el, alt_sf.degrees, atol=1e-3)  # measured: ~3e-6 deg
