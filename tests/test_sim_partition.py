"""Large fleets: the shell-by-shell layout, partitioned runs equal to single-process runs, and
per-satellite random streams that do not depend on the partitioning."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.errors import InputError
from skyrack.model import design
from skyrack.physics.constants import R_EARTH
from skyrack.physics.orbit import sun_synchronous_inclination
from skyrack.physics.sun import julian_date, mean_sun_right_ascension
from skyrack.simulate.fleet import design_elements

EPOCH = float(julian_date(2028, 1.0))


@pytest.fixture(scope="module")
def odc():  # type: ignore[no-untyped-def]
    return design("spacex-odc-1m", parity=False)


def test_shells_layout_flies_every_shell_of_the_preset(odc) -> None:  # type: ignore[no-untyped-def]
    """Counts per shell, altitude bands, inclinations and nodes of the 8 shells of spacex-odc-1m."""
    el, used = design_elements(odc, "auto", EPOCH, 1000.0, None)
    assert used == "shells" and len(el) == 1_000_000
    shells = odc.scenario.constellation.shells
    first = np.concatenate(([0], np.cumsum([sh.planes * sh.per_plane for sh in shells])))
    assert first[-1] == 1_000_000
    alt = el.a_m - R_EARTH
    sun_ra = float(mean_sun_right_ascension(EPOCH))
    for i, sh in enumerate(shells):
        rows = slice(first[i], first[i + 1])
        assert rows.stop - rows.start == sh.planes * sh.per_plane
        # the band h ± t/2 is filled plane by plane: plane k at h + t ((k + 1/2)/P - 1/2)
        half = sh.thickness / 2
        assert alt[rows].min() == pytest.approx(sh.altitude - half + sh.thickness / (2 * sh.planes), abs=1e-3)
        assert alt[rows].max() == pytest.approx(sh.altitude + half - sh.thickness / (2 * sh.planes), abs=1e-3)
        assert len(np.unique(np.round(alt[rows], 3))) == sh.planes
        if sh.kind == "sso":  # sun-synchronous at each plane's altitude, node at the shell's LTAN
            np.testing.assert_allclose(el.inc[rows], sun_synchronous_inclination(alt[rows]), rtol=0, atol=1e-12)
            node = (sun_ra + (sh.ltan - 12.0) * math.pi / 12.0) % (2 * math.pi)
            np.testing.assert_allclose(el.raan[rows], node, atol=1e-9)
        else:  # Walker: planes 360/P degrees apart in node
            assert np.all(el.inc[rows] == sh.inclination)
            nodes = np.unique(np.round(el.raan[rows], 9))
            assert len(nodes) == sh.planes
            assert np.diff(np.sort(nodes)) == pytest.approx(2 * math.pi / sh.planes, abs=1e-8)
    # by hand: cos i scales as a^3.5 (Vallado 2013, sec. 11.4.1); from i = 98.6 deg at 800 km (a = 7,178 km),
    # the first plane of the 1,400 km shell (1,375.06 km, a = 7,753.2 km): cos i = -0.1495 * 1.0801^3.5
    # = -0.1958, i = 101.29 deg; the first plane of the 525 km shell (500.05 km): 97.40 deg
    assert math.degrees(el.inc[first[0]]) == pytest.approx(97.40, abs=0.01)
    assert math.degrees(el.inc[first[7]]) == pytest.approx(101.29, abs=0.02)


def test_walker_phasing_within_a_shell(odc) -> None:  # type: ignore[no-untyped-def]
    """Satellite m of plane k: u = 2 pi m / S + 2 pi F k / T (Walker 1984); shell 3 is 30 deg, 400 x 250, F = 1."""
    shells = odc.scenario.constellation.shells
    start = sum(sh.planes * sh.per_plane for sh in shells[:2])
    sh = shells[2]
    k, m = 7, 11
    el, _ = design_elements(odc, "auto", EPOCH, 1000.0, None, index=[start + k * sh.per_plane + m])
    expected = (2 * math.pi * m / sh.per_plane + 2 * math.pi * sh.phasing * k / (sh.planes * sh.per_plane)) % (
        2 * math.pi
    )
    assert el.mean_anomaly[0] == pytest.approx(expected, abs=1e-12)
    assert el.a_m[0] - R_EARTH == pytest.approx(sh.altitude + sh.thickness * ((k + 0.5) / sh.planes - 0.5))


def test_a_sample_draws_across_shells_and_lays_out_only_the_sample(odc) -> None:  # type: ignore[no-untyped-def]
    index = np.sort(np.random.default_rng(1).choice(1_000_000, size=4000, replace=False))
    el, _ = design_elements(odc, "auto", EPOCH, 1000.0, None, index=index)
    full, _ = design_elements(odc, "auto", EPOCH, 1000.0, None)
    assert len(el) == 4000
    np.testing.assert_array_equal(el.a_m, full.a_m[index])
    np.testing.assert_array_equal(el.mean_anomaly, full.mean_anomaly[index])
    # every shell is represented about in proportion (20% in each of the two large SSO shells)
    assert np.mean(index < 200_000) == pytest.approx(0.2, abs=0.03)
    assert len(np.unique(np.round(el.inc, 6))) > 8


def test_shells_must_add_up_to_the_fleet() -> None:
    res = design("spacex-odc-1m", {"constellation.satellites": 1000}, parity=False)
    with pytest.raises(InputError, match="shells' total"):
        design_elements(res, "auto", EPOCH, 1000.0, None)
    el, used = design_elements(res, "walker", EPOCH, 1000.0, None)  # one orbit, when asked
    assert used == "walker" and len(el) == 1000
    with pytest.raises(InputError, match=r"constellation\.shells"):
        design_elements(design("suncatcher", parity=False), "shells", EPOCH, 1000.0, None)
