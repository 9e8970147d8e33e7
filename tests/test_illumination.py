"""Tests for skyrack.physics.illumination (Vallado 2013 sec. 5.3 and 11.4; Wertz SMAD; Montenbruck & Gill)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from skyrack.errors import InputError
from skyrack.physics import illumination as il, orbit
from skyrack.physics.constants import AU, R_SUN

# Hand-computed table (cylindrical shadow, Vallado 2013 sec. 5.3 and 11.4): dawn-dusk SSO (LTAN 18:00)
# altitude km -> (eclipse days per year, max eclipse min, annual sunlit fraction)
PUBLISHED_DAWN_DUSK = {
    550: (99, 21.6, 0.951),
    650: (89, 19.7, 0.961),
    800: (75, 16.8, 0.973),
    1000: (56, 13.0, 0.985),
    1200: (36, 8.5, 0.994),
}


# --------------------------------------------------------------------------- beta angle


def test_beta_angle_hand_values():
    i, dec = math.radians(98.0), math.radians(23.44)
    # dawn-dusk (Ω − α = 90°): sin β = sin(i + δ) → β = 180° − 121.44° = 58.56°
    assert math.degrees(float(il.beta_angle(i, math.pi / 2, 0.0, dec))) == pytest.approx(58.56, abs=1e-9)
    # noon-midnight plane at an equinox contains the Sun
    assert float(il.beta_angle(i, 0.0, 0.0, 0.0)) == pytest.approx(0.0, abs=1e-15)
    # equatorial orbit: β = δ
    assert math.degrees(float(il.beta_angle(0.0, 1.0, 2.0, dec))) == pytest.approx(23.44, abs=1e-9)
    # the Sun on the other side of the plane
    assert math.degrees(float(il.beta_angle(i, -math.pi / 2, 0.0, -dec))) == pytest.approx(-58.56, abs=1e-9)


def test_beta_angle_broadcasts():
    assert il.beta_angle(np.zeros((3, 1)), np.zeros(4), 0.0, 0.1).shape == (3, 4)


# --------------------------------------------------------------------------- eclipse fractions


def test_cylindrical_eclipse_published():
    # by hand (Wertz et al. 2011 sec. 8.3): β = 0 eclipse is 36.2 % of the 650 km orbit (35.4 min), 37.2 % at 550 km
    f650 = float(il.eclipse_fraction_cylindrical(0.0, 650e3))
    assert f650 == pytest.approx(0.362, abs=5e-4)
    assert f650 * float(orbit.orbital_period(650e3)) / 60.0 == pytest.approx(35.4, abs=0.05)
    assert float(il.eclipse_fraction_cylindrical(0.0, 550e3)) == pytest.approx(0.372, abs=5e-4)
    # at β = 0 the shadow half-angle is ρ itself: f = ρ/π
    assert f650 == pytest.approx(float(orbit.earth_angular_radius(650e3)) / math.pi, rel=1e-12)


def test_cylindrical_eclipse_by_hand():
    # 650 km, β = 60°: √(h² + 2Rh)/(R + h) = 2,951.96/7,028.137 = 0.420021; / cos 60° = 0.840042;
    # acos → 32.857°, / 180° = 0.18254
    assert float(il.eclipse_fraction_cylindrical(math.radians(60.0), 650e3)) == pytest.approx(0.18254, abs=1e-5)


def test_cylindrical_critical_beta():
    # ρ = 65.16° at 650 km: eclipses just below it, none at or beyond it, either sign of β
    f = il.eclipse_fraction_cylindrical(np.radians([65.1, 65.2, 70.0, 90.0, -65.1, -90.0]), 650e3)
    assert f[0] > 0.0 and f[4] == f[0]
    np.testing.assert_array_equal(f[[1, 2, 3, 5]], 0.0)


def test_geostationary_equinox_eclipse():
    # GEO at equinox: ρ = 8.70°, eclipse ρ/π of a sidereal day = 69.4 min (cylindrical; ~72 min with penumbra)
    period = float(orbit.orbital_period(35_786e3))
    assert float(il.eclipse_fraction_cylindrical(0.0, 35_786e3)) * period / 60.0 == pytest.approx(69.4, abs=0.1)
    umbra, penumbra = il.eclipse_fraction_conical(0.0, 35_786e3)
    assert float(umbra + penumbra) * period / 60.0 == pytest.approx(71.5, abs=0.5)


def test_conical_at_beta_zero_by_hand():
    # at β = 0, f(ψ) = ψ/π: umbra (ρ − θ☉)/π, penumbra 2θ☉/π, θ☉ = asin(R☉/AU) = 0.2665°
    rho = float(orbit.earth_angular_radius(650e3))
    theta = math.asin(R_SUN / AU)
    umbra, penumbra = il.eclipse_fraction_conical(0.0, 650e3)
    assert float(umbra) == pytest.approx((rho - theta) / math.pi, rel=1e-12)
    assert float(penumbra) == pytest.approx(2.0 * theta / math.pi, rel=1e-9)
    cylindrical = float(il.eclipse_fraction_cylindrical(0.0, 650e3))
    assert float(umbra) < cylindrical < float(umbra + penumbra)
    # half the penumbra as darkness: the same mean illumination as the cylinder at β = 0
    assert float(il.mean_illumination_conical(0.0, 650e3)) == pytest.approx(1.0 - cylindrical, rel=1e-12)


def test_conical_edges_and_sun_distance():
    rho = float(orbit.earth_angular_radius(650e3))
    theta = math.asin(R_SUN / AU)
    umbra, penumbra = il.eclipse_fraction_conical(np.array([rho - 1.01 * theta, rho, rho + 1.01 * theta]), 650e3)
    assert umbra[0] > 0.0 and umbra[1] == 0.0 and umbra[2] == 0.0
    assert penumbra[1] > 0.0 and penumbra[2] == 0.0
    # a nearer Sun (January) has a bigger disc and a wider penumbra
    _, near = il.eclipse_fraction_conical(0.0, 650e3, 0.9833 * AU)
    _, far = il.eclipse_fraction_conical(0.0, 650e3, 1.0167 * AU)
    assert float(near) > float(far)


def test_eclipse_negative_altitude_is_nan_and_shapes():
    assert math.isnan(float(il.eclipse_fraction_cylindrical(0.0, -1.0)))
    assert all(math.isnan(float(x)) for x in il.eclipse_fraction_conical(0.0, -1.0))
    beta = np.radians(np.linspace(0.0, 80.0, 5))[:, None]
    h = np.array([400e3, 800e3, 1200e3])
    assert il.eclipse_fraction_cylindrical(beta, h).shape == (5, 3)
    assert il.eclipse_fraction_conical(beta, h)[1].shape == (5, 3)
    assert il.mean_illumination_conical(beta, h).shape == (5, 3)


# --------------------------------------------------------------------------- one year


def test_dawn_dusk_650km_published_case():
    # case dawn-dusk-sso-650km: 89 ± 5 eclipse days, 19.7 ± 1.0 min, sunlit 0.961 ± 0.01
    r = il.yearly_illumination(650e3, None, 18.0, year=2027)
    assert float(r.eclipse_days_per_year) == pytest.approx(89, abs=5)
    assert float(r.max_eclipse_s) / 60.0 == pytest.approx(19.7, abs=1.0)
    assert float(r.sunlit_fraction) == pytest.approx(0.961, abs=0.01)
    assert float(r.sunlit_fraction) == pytest.approx(1.0 - float(r.mean_eclipse_fraction))
    # β ranges ≈ 59°–87° over the year (a first-order hand estimate gives 59°–74°, ignoring the equation of time)
    assert math.degrees(float(r.min_abs_beta_rad)) == pytest.approx(58.6, abs=0.2)
    # The longest eclipse is at the smallest |β| (June solstice, δ ≈ 23.4°), centred where the orbit
    # passes nearest the anti-Sun point: sin u = −(sin δ − sin β cos i)/(sin i cos β) ≈ −0.99, over
    # the south pole, where the frozen orbit is 10.3 km above its mean radius: ρ = asin(R/(a + 10.3 km))
    # = 65.00° instead of 65.16°; the angular rate there is 0.9975 n, so the eclipse lasts
    # 2 acos(cos ρ/cos β)/(0.9975 n) ≈ 1,170 s, 13 s less than on a circle of radius a.
    beta, i, dec = float(r.min_abs_beta_rad), float(orbit.sun_synchronous_inclination(650e3)), math.radians(23.44)
    u = math.asin(max(-1.0, -(math.sin(dec) - math.sin(beta) * math.cos(i)) / (math.sin(i) * math.cos(beta))))
    rho = math.asin(6378137.0 / float(orbit.frozen_orbit_radius(650e3, i, u)))
    by_hand = 2.0 * math.acos(math.cos(rho) / math.cos(beta)) / float(orbit.argument_of_latitude_rate(650e3, i, u))
    assert float(r.max_eclipse_s) == pytest.approx(by_hand, abs=2.0)
    circle = float(il.eclipse_fraction_cylindrical(beta, 650e3)) * float(orbit.orbital_period(650e3))
    assert 10.0 < circle - float(r.max_eclipse_s) < 16.0


@pytest.mark.parametrize("altitude_km", sorted(PUBLISHED_DAWN_DUSK))
def test_dawn_dusk_published_table(altitude_km):
    days, minutes, sunlit = PUBLISHED_DAWN_DUSK[altitude_km]
    r = il.yearly_illumination(altitude_km * 1e3, None, 18.0)
    assert float(r.eclipse_days_per_year) == pytest.approx(days, abs=5)
    assert float(r.max_eclipse_s) / 60.0 == pytest.approx(minutes, abs=1.0)
    assert float(r.sunlit_fraction) == pytest.approx(sunlit, abs=0.01)


def test_noon_midnight_has_eclipses_every_day():
    for year, days in ((2027, 365.0), (2028, 366.0)):
        r = il.yearly_illumination(650e3, None, 12.0, year=year)
        assert float(r.eclipse_days_per_year) == days
        assert math.degrees(float(r.max_abs_beta_rad)) < 10.0
    # β crosses zero, so the longest eclipse is the β = 0 one: 35.4 min at 650 km
    assert float(r.min_abs_beta_rad) == 0.0
    assert float(r.max_eclipse_s) / 60.0 == pytest.approx(35.4, abs=0.05)


def test_equatorial_orbit_sees_the_declination():
    # i = 0: β = δ, so |β| reaches the obliquity and eclipses happen every day
    r = il.yearly_illumination(650e3, 0.0, 12.0, sun_synchronous=False)
    assert math.degrees(float(r.max_abs_beta_rad)) == pytest.approx(23.44, abs=0.01)
    assert float(r.min_abs_beta_rad) == 0.0
    assert float(r.eclipse_days_per_year) == 365.0


def test_drifting_raan_at_sso_inclination_matches_sso():
    # the J2 drift at the SSO inclination is the mean Sun's motion
    h = np.array([550e3, 650e3, 1000e3])
    inc = orbit.sun_synchronous_inclination(h)
    a = il.yearly_illumination(h, inc, 18.0, sun_synchronous=False)
    b = il.yearly_illumination(h, None, 18.0)
    np.testing.assert_allclose(a.eclipse_days_per_year, b.eclipse_days_per_year, atol=0.05)
    np.testing.assert_allclose(a.sunlit_fraction, b.sunlit_fraction, atol=1e-5)
    np.testing.assert_allclose(a.max_eclipse_s, b.max_eclipse_s, atol=0.5)


def test_iss_like_orbit():
    # 400 km, 51.6°: |β| reaches 51.6° + 23.44° ≈ 75° > ρ = 70.2°, so a few eclipse-free days;
    # longest eclipse ≈ 36 min (β = 0)
    r = il.yearly_illumination(400e3, math.radians(51.6), 12.0, sun_synchronous=False)
    assert math.degrees(float(r.max_abs_beta_rad)) == pytest.approx(75.0, abs=0.2)
    assert 340.0 < float(r.eclipse_days_per_year) < 365.0
    assert float(r.max_eclipse_s) / 60.0 == pytest.approx(36.1, abs=0.1)


def test_conical_and_cylindrical_years_share_one_eclipse_definition():
    # Eclipse is less than half the solar disc visible in both models: ψ½ = ρ − θ☉²/(6ρ) is 3e-6 rad
    # inside the cylinder's ρ, so the seasons differ by a few thousandths of a day and the longest
    # eclipses by well under a second. Only the energy figures see the penumbra.
    cyl = il.yearly_illumination(650e3, None, 18.0)
    con = il.yearly_illumination(650e3, None, 18.0, shadow="conical")
    assert float(con.eclipse_days_per_year) == pytest.approx(float(cyl.eclipse_days_per_year), abs=0.01)
    assert float(con.eclipse_days_per_year) < float(cyl.eclipse_days_per_year)
    assert float(con.max_eclipse_s) == pytest.approx(float(cyl.max_eclipse_s), abs=0.1)
    assert float(con.sunlit_fraction) == pytest.approx(float(cyl.sunlit_fraction), abs=1e-5)
    # cylindrical: energy = eclipse; conical: the penumbra dims slightly more than the eclipse counts
    assert float(cyl.mean_illumination) == float(cyl.sunlit_fraction)
    assert float(cyl.max_darkness_s) == float(cyl.max_eclipse_s)
    assert float(con.mean_illumination) == pytest.approx(float(con.sunlit_fraction), abs=1e-4)


def test_half_illumination_angle_matches_the_simulated_disc():
    # The simulation's illumination (Montenbruck & Gill lens area) crosses ½ at c = ρ − θ☉²/(6ρ):
    # solve ν = ½ along a ray from the anti-Sun point and compare the Earth–Sun separation.
    from scipy.optimize import brentq

    from skyrack.physics.shadow import illumination_scalar

    for h in (400e3, 650e3, 1500e3):
        r = float(orbit.earth_angular_radius(h))
        dist = 6378137.0 + h

        def nu(phi: float, dist: float = dist) -> float:
            return illumination_scalar(-dist * math.cos(phi), dist * math.sin(phi), 0.0, 1.0, 0.0, 0.0, AU) - 0.5

        phi = brentq(nu, 0.0, math.pi / 2, xtol=1e-14)
        pos = np.array([-dist * math.cos(phi), dist * math.sin(phi), 0.0])
        to_sun = np.array([AU, 0.0, 0.0]) - pos
        c = math.acos(float(-pos @ to_sun) / (dist * float(np.linalg.norm(to_sun))))
        theta = math.asin(R_SUN / float(np.linalg.norm(to_sun)))
        assert float(il.half_illumination_angle(r, theta)) == pytest.approx(c, abs=1e-10)
        assert 2.9e-6 < r - c < 4e-6  # the offset itself, rad


def test_penumbra_only_pass_is_no_eclipse():
    # ρ < β < ρ + θ☉: the Sun's centre never sets. No eclipse, but the penumbra dims the array:
    # darkness = ½ × penumbra fraction of the orbit.
    rho = float(orbit.earth_angular_radius(1400e3))
    theta = math.asin(R_SUN / AU)
    beta = rho + 0.5 * theta
    assert float(il.eclipse_fraction(beta, 1400e3)) == 0.0
    umbra, penumbra = il.eclipse_fraction_conical(beta, 1400e3)
    assert float(umbra) == 0.0 and float(penumbra) > 0.0
    assert 1.0 - float(il.mean_illumination_conical(beta, 1400e3)) == pytest.approx(0.5 * float(penumbra))
    # inside the edge there is an eclipse, between the umbra and the outer penumbra
    inside = rho - 0.5 * theta
    u, p = il.eclipse_fraction_conical(inside, 1400e3)
    assert float(u) < float(il.eclipse_fraction(inside, 1400e3)) < float(u + p)
    # a dawn-dusk SSO at 1,400 km has only such passes around the June solstice
    year = il.yearly_illumination(1400e3, None, 18.0, shadow="conical")
    assert float(year.eclipse_days_per_year) == 0.0 and float(year.max_eclipse_s) == 0.0
    assert float(year.sunlit_fraction) == 1.0
    assert 60.0 < float(year.max_darkness_s) < 180.0 and float(year.mean_illumination) < 1.0


def test_step_convergence():
    a = il.yearly_illumination(650e3, None, 18.0, step_days=1.0)
    b = il.yearly_illumination(650e3, None, 18.0, step_days=0.25)
    assert float(a.eclipse_days_per_year) == pytest.approx(float(b.eclipse_days_per_year), abs=0.05)
    assert float(a.sunlit_fraction) == pytest.approx(float(b.sunlit_fraction), abs=1e-4)
    assert float(a.max_eclipse_s) == pytest.approx(float(b.max_eclipse_s), abs=1.0)


def test_yearly_broadcasting_and_speed():
    h = np.linspace(400e3, 1500e3, 3)[:, None]
    ltan = np.array([6.0, 10.5, 12.0, 18.0])
    r = il.yearly_illumination(h, None, ltan)
    assert all(np.shape(x) == (3, 4) for x in r)
    assert np.shape(il.yearly_illumination(650e3, None, 18.0).sunlit_fraction) == ()
    rng = np.random.default_rng(0)
    h1k, l1k = rng.uniform(300e3, 2000e3, 1000), rng.uniform(0.0, 24.0, 1000)
    big = il.yearly_illumination(h1k, None, l1k)  # speed is measured in benchmarks/, not here
    assert np.all((big.sunlit_fraction > 0) & (big.sunlit_fraction <= 1))


def test_yearly_bad_and_edge_inputs():
    with pytest.raises(InputError, match="shadow"):
        il.yearly_illumination(650e3, None, 18.0, shadow="umbral")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="step_days"):
        il.yearly_illumination(650e3, None, 18.0, step_days=0.0)
    with pytest.raises(InputError, match="inclination"):
        il.yearly_illumination(650e3, None, 18.0, sun_synchronous=False)
    # no SSO above ~5,970 km, nothing below ground: NaN for the caller to flag
    r = il.yearly_illumination(np.array([-10e3, 650e3, 6500e3]), None, 18.0)
    for field in r:
        assert math.isnan(field[0]) and not math.isnan(field[1]) and math.isnan(field[2])


# --------------------------------------------------------------------------- SSO table


def _random_designs(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(160e3, 5900e3, n), rng.uniform(0.0, 24.0, n)


@pytest.mark.parametrize("shadow", ["cylindrical", "conical"])
def test_sso_table_agrees_with_direct(shadow):
    h, ltan = _random_designs(200, 2027)
    fast = il.sso_illumination_interpolated(h, ltan, shadow=shadow)
    slow = il.yearly_illumination(h, None, ltan, shadow=shadow)
    np.testing.assert_allclose(fast.sunlit_fraction, slow.sunlit_fraction, atol=0.002, rtol=0)
    np.testing.assert_allclose(fast.eclipse_days_per_year, slow.eclipse_days_per_year, atol=1.0, rtol=0)
    np.testing.assert_allclose(fast.max_eclipse_s, slow.max_eclipse_s, atol=15.0, rtol=0)
    np.testing.assert_allclose(fast.min_abs_beta_rad, slow.min_abs_beta_rad, atol=1e-3, rtol=0)
    np.testing.assert_allclose(fast.mean_illumination, slow.mean_illumination, atol=0.002, rtol=0)
    np.testing.assert_allclose(fast.max_darkness_s, slow.max_darkness_s, atol=15.0, rtol=0)


@pytest.mark.parametrize("shadow", ["cylindrical", "conical"])
def test_season_days_count_the_days_of_the_yearly_pass(shadow):
    # the season length the table's hard cells take from _season_days (certain samples classed
    # in one pass, exact margins only where in doubt) is the one _year_kernel counts sample by sample
    table = il._cached_table(2027, shadow)
    h, ltan = _random_designs(4000, 11)
    days = table._season_days(h, ltan)
    stats, _ = table._stats(h, ltan)
    assert np.count_nonzero((days > 0.0) & (days < 365.0)) > 500  # seasons that start and end in the year
    np.testing.assert_allclose(days, stats[:, il._DAYS], rtol=0, atol=1e-9)


def test_sso_table_near_eclipse_onsets():
    # dawn-dusk designs straddling the altitude where eclipses stop (~1,400 km) and LTANs
    # where they start: the square-root onsets of the season and of the longest eclipse
    h = np.concatenate([np.linspace(1300e3, 1500e3, 80), np.full(80, 1000e3)])
    ltan = np.concatenate([np.full(80, 18.0), np.linspace(17.0, 19.0, 80)])
    fast = il.sso_illumination_interpolated(h, ltan)
    slow = il.yearly_illumination(h, None, ltan)
    assert np.any(slow.eclipse_days_per_year == 0.0) and np.any(slow.eclipse_days_per_year > 0.0)
    np.testing.assert_allclose(fast.eclipse_days_per_year, slow.eclipse_days_per_year, atol=1.0, rtol=0)
    np.testing.assert_allclose(fast.max_eclipse_s, slow.max_eclipse_s, atol=15.0, rtol=0)
    np.testing.assert_allclose(fast.sunlit_fraction, slow.sunlit_fraction, atol=0.002, rtol=0)


@pytest.mark.parametrize("shadow", ["cylindrical", "conical"])
def test_sso_table_compiled_direct_matches_numpy(shadow):
    h, ltan = _random_designs(50, 1)
    table = il._cached_table(2027, shadow)
    compiled = table.direct(h, ltan)
    slow = il.yearly_illumination(h, None, ltan, shadow=shadow)
    np.testing.assert_allclose(compiled[0], slow.mean_eclipse_fraction, atol=1e-7)
    np.testing.assert_allclose(compiled[1], slow.eclipse_days_per_year, atol=1e-6)
    np.testing.assert_allclose(compiled[2], slow.max_eclipse_s, atol=1e-4)
    np.testing.assert_allclose(1.0 - compiled[5], slow.mean_illumination, atol=1e-7)
    np.testing.assert_allclose(compiled[6], slow.max_darkness_s, atol=1e-4)


def test_sso_table_edges_and_shapes():
    # off the table: computed directly (below 160 km, 5,900–5,970 km), NaN where there is no SSO
    h = np.array([120e3, 5950e3, 6100e3, -1.0, np.nan])
    fast = il.sso_illumination_interpolated(h, 18.0)
    slow = il.yearly_illumination(h[:2], None, 18.0)
    np.testing.assert_allclose(fast.sunlit_fraction[:2], slow.sunlit_fraction, atol=1e-9)
    assert np.all(np.isnan(fast.sunlit_fraction[2:]))
    # LTAN wraps around the clock
    a = il.sso_illumination_interpolated(650e3, [-6.0, 18.0, 42.0])
    np.testing.assert_allclose(a.sunlit_fraction, a.sunlit_fraction[1], atol=1e-12)
    grid = il.sso_illumination_interpolated(np.linspace(500e3, 900e3, 3)[:, None], np.array([6.0, 18.0]))
    assert all(np.shape(x) == (3, 2) for x in grid)
    assert np.shape(il.sso_illumination_interpolated(650e3, 18.0).max_eclipse_s) == ()
    with pytest.raises(InputError):
        il.sso_illumination_interpolated(650e3, 18.0, shadow="flat")  # type: ignore[arg-type]


def test_sso_table_large_batch():
    h, ltan = _random_designs(200_000, 3)
    il.sso_illumination_interpolated(h[:10], ltan[:10])  # table built and kernels loaded
    r = il.sso_illumination_interpolated(h, ltan)
    assert np.all(np.isfinite(r.sunlit_fraction))
