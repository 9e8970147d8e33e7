"""Orbit views: ground tracks over the shipped coastlines, the fleet in 3D, illumination along the orbit."""

from __future__ import annotations

import numpy as np
import pytest

from skyrack.export.track import Track
from skyrack.model import design
from skyrack.report.orbit_figures import (
    coastlines,
    constellation_3d,
    ground_tracks,
    illumination_along_orbit,
    orbit_views,
    relative_rtn_km,
)


def _track(name: str, lon: np.ndarray, nu: np.ndarray) -> Track:
    n = lon.size
    t = np.arange(n) * 60.0
    r = np.column_stack([np.full(n, 7e6), np.zeros(n), np.zeros(n)])
    v = np.column_stack([np.zeros(n), np.full(n, 7.5e3), np.zeros(n)])
    time = np.datetime64("2035-06-21T00:00", "us") + (t * 1e6).astype("timedelta64[us]")
    return Track(name, time, t, r, v, r, np.zeros(n), lon, np.full(n, 650e3), nu)


def test_coastlines_cover_the_globe_in_degrees() -> None:
    lon, lat = coastlines()
    x, y = lon[np.isfinite(lon)], lat[np.isfinite(lat)]
    assert x.min() == pytest.approx(-180.0) and x.max() == pytest.approx(180.0)
    assert -90 < y.min() < -80 and 80 < y.max() < 90  # Antarctica and the Arctic islands
    assert np.isnan(lon).sum() > 100  # Natural Earth 1:110m land has over a hundred rings


def test_ground_track_is_cut_at_the_antimeridian_and_marks_eclipses() -> None:
    lon = np.array([170.0, 175.0, 179.0, -179.0, -175.0])
    nu = np.array([1.0, 1.0, 0.2, 0.0, 1.0])
    fig = ground_tracks([_track("a", lon, nu)])
    _coast, track, dark = fig.data
    assert np.array_equal(track.x, [170.0, 175.0, 179.0, np.nan, -179.0, -175.0, np.nan], equal_nan=True)
    assert list(dark.x) == [179.0, -179.0]  # less than half the disc visible


def test_relative_frame_of_a_cluster() -> None:
    # two satellites 1 km apart along the velocity of their centroid, one 0.5 km above: hand-computed
    r = np.array([[7e6, -500.0, 0.0], [7e6, 500.0, 0.0], [7e6 + 500.0, 0.0, 0.0]])
    v = np.tile([0.0, 7.5e3, 0.0], (3, 1))
    rel = relative_rtn_km(r, v)
    centre_x = 7e6 + 500.0 / 3.0
    assert rel[0] == pytest.approx([(7e6 - centre_x) / 1e3, -0.5, 0.0], abs=1e-9)
    assert rel[2, 0] == pytest.approx((7e6 + 500.0 - centre_x) / 1e3)


def test_illumination_shades_each_eclipse() -> None:
    nu = np.r_[np.ones(10), np.zeros(5), np.ones(10), np.full(3, 0.3), np.ones(2)]
    fig = illumination_along_orbit(_track("a", np.zeros(nu.size), nu))
    assert len(fig.layout.shapes) == 2
    assert fig.layout.shapes[0].x0 == pytest.approx(10.0) and fig.layout.shapes[0].x1 == pytest.approx(14.0)


def test_views_of_a_cluster_and_of_a_shell() -> None:
    cluster = orbit_views(design("suncatcher", parity=False), None, 0.1)
    assert "the cluster in its own frame" in cluster["constellation_3d"].layout.title.text
    (points,) = [t for t in cluster["constellation_3d"].data if t.name == "satellites"]
    assert len(points.x) == 81 and max(np.abs(points.x)) < 2.0  # 81 satellites within about 1 km
    assert len(cluster["ground_tracks"].data[1].x) > 100
    shell = constellation_3d(_shell_tracks())
    assert shell.data[0].name == "Earth"


def _shell_tracks() -> list[Track]:
    out = []
    for k, angle in enumerate(np.linspace(0, np.pi, 4)):
        track = _track(f"s{k}", np.zeros(3), np.ones(3))
        r = np.tile([7e6 * np.cos(angle), 7e6 * np.sin(angle), 0.0], (3, 1))
        out.append(Track(track.name, track.time, track.elapsed_s, r, track.v_eci_m_per_s, r, track.latitude_deg,
                         track.longitude_deg, track.altitude_m, track.illumination))  # fmt: skip
    return out
