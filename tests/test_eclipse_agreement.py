"""One eclipse definition: the closed-form design, the simulation and SGP4 + skyfield agree.

An eclipse is the time with less than half the solar disc visible (ECLIPSE_DEFINITION). The design
counts eclipse days, the longest eclipse and the sunlit fraction by it from the beta angle sampled
once a day; the simulation by its illumination fraction ν < ½ at every step; the oracle by
skyfield's own sunlit test (the line from the satellite to the Sun's centre misses the Earth, which
is ν < ½ to 3e-6 rad) on SGP4 positions and the JPL DE421 Sun. Eclipse days are the season's length:
complete eclipses × the nodal period, one eclipse per orbit (the oracle measures the period as the
mean time between the starts of eclipses on consecutive orbits). Done means ±1 day and ±0.5 min at
every altitude, including a season of a few days (1,350 km dawn-dusk), penumbra-only passes
(1,400 km) and no shadow (1,500 km). Measured: within 0.6 day and 11 s (simulation at 20 s steps).

Dates are in 2026, within skyfield's built-in Earth-orientation tables. Dawn-dusk runs cover
1 April – 15 September, which holds the whole June eclipse season; the others a year.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from skyrack.model import design
from skyrack.physics.constants import YEAR_S
from skyrack.physics.illumination import ECLIPSE_DEFINITION
from skyrack.physics.sun import julian_date
from skyrack.simulate import simulate
from skyrack.simulate.propagate import satrecs_from_elements
from test_sim_validation import _elements, sky  # noqa: F401  (the skyfield fixture and the orbit helper)

YEAR = 2026
DAY = 86400.0
STEP = 20.0  # s: the simulation interpolates ν = ½ between steps, so each edge is within 10 s
WINDOW = ("2026-04-01T00:00", 167.0)  # start, days: 1 April – 15 September
DAYS_TOL, LONGEST_TOL = 1.0, 30.0


def _design(alt_km: float, ltan: str | None, inc_deg: float | None):  # type: ignore[no-untyped-def]
    overrides = [f"orbit.altitude={alt_km} km", f"mission.start_year={YEAR}"]
    if inc_deg is None:
        overrides.append(f"orbit.ltan={ltan}")
    else:
        overrides += ["orbit.kind=circular", f"orbit.inclination={inc_deg} deg", "orbit.ltan=12:00"]
    return design("suncatcher", overrides, parity=False)


# altitude km, LTAN (SSO) or None, inclination deg (circular) or None, dawn-dusk window?
SIM_CASES = [
    (400, "18:00", None, True),
    (650, "18:00", None, True),
    (1000, "18:00", None, True),
    (1350, "18:00", None, True),  # a season of a dozen days, eclipses under 3 min: grazing geometry
    (1400, "18:00", None, True),  # penumbra-only passes: dimmed, never half the disc hidden
    (1500, "18:00", None, True),  # never in shadow
    (500, "10:30", None, False),
    (1500, "10:30", None, False),
    (550, None, 53.0, False),
    (1200, None, 53.0, False),
]


@pytest.mark.parametrize(("alt", "ltan", "inc", "window"), SIM_CASES)
def test_design_and_simulation_count_the_same_eclipses(alt: float, ltan: str | None, inc: float | None, window: bool):
    res = _design(alt, ltan, inc)
    v = res.values
    start, days = WINDOW if window else (f"{YEAR}-01-01T00:00", YEAR_S / DAY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # orbital decay at 400 km is not the point here
        run = simulate(res, duration=days * DAY, step=STEP, satellites=1, start=start, dose=False, seed=0)
    f = run.fleet
    assert run.meta["eclipse_definition"] == ECLIPSE_DEFINITION
    assert f["eclipse_days"] == pytest.approx(v["orbit.eclipse_days_per_year"], abs=DAYS_TOL)
    assert f["max_eclipse_s"] == pytest.approx(v["orbit.max_eclipse_s"], abs=LONGEST_TOL)
    if not window:  # a whole year: the same sunlit fraction too
        assert f["sunlit_fraction"] == pytest.approx(v["orbit.sunlit_fraction"], abs=5e-4)
        assert f["mean_illumination"] == pytest.approx(v["orbit.mean_illumination"], abs=5e-4)
    if alt >= 1400 and window:  # dawn-dusk: no eclipse at all; at 1,400 km the penumbra still dims the array
        assert v["orbit.eclipse_days_per_year"] == 0.0 and run.satellites["eclipses"].iloc[0] == 0
        assert v["orbit.sunlit_fraction"] == 1.0 and f["sunlit_fraction"] == 1.0
    if alt == 1400 and window:
        assert v["orbit.max_darkness_s"] > 30.0 and v["orbit.mean_illumination"] < 1.0
        assert f["mean_illumination"] < 1.0


# --------------------------------------------------------------------------- SGP4 + skyfield oracle


def _sso_satrec(alt_m: float, ltan_h: float, doy: float):  # type: ignore[no-untyped-def]
    """SGP4 satellite on the design's SSO from ``doy``. SGP4's J2² and J4 terms turn its node 0.003°/day
    slower than the J2 sun-synchronous rate, 0.5° by mid-September: second order in β for a dawn-dusk
    plane (sin(Ω − α) is at its peak), 1e-5 rad, so the window needs no correction."""
    return satrecs_from_elements(_elements(alt_m, "sso", ltan_h, YEAR, doy))[0]


def _circular_satrec(alt_m: float, inc_deg: float):  # type: ignore[no-untyped-def]
    return satrecs_from_elements(_elements(alt_m, inc_deg, 12.0, YEAR, 1.0))[0]


def _oracle(ephemeris: tuple, sat: object, jd0: float, days: float, step: float = 30.0) -> tuple[float, float]:  # type: ignore[type-arg]
    """Eclipse days and longest eclipse (s) from SGP4 (TEME) and skyfield's sunlit test, DE421 Sun.

    The Sun (GCRS) is taken once an hour and the GCRS-to-TEME rotation (skyfield's TEME frame:
    precession, IAU 2000A nutation, equation of the equinoxes) once a day, both interpolated linearly
    (the Sun moves 0.04° an hour: 1e-8 rad of error; the rotation drifts 0.14° a year). Shadow is
    sampled every ``step`` s and the edges of the longest eclipses are bisected to 0.03 s.
    """
    from skyfield.constants import ERAD
    from skyfield.positionlib import intersect_line_and_sphere
    from skyfield.sgp4lib import TEME

    eph, ts = ephemeris
    hours = np.arange(0.0, days * 24.0 + 2.0)
    sun_gcrs = (eph["sun"] - eph["earth"]).at(ts.ut1_jd(jd0 + hours / 24.0)).xyz.m
    whole_days = np.arange(0.0, days + 2.0)
    rot = TEME.rotation_at(ts.ut1_jd(jd0 + whole_days)).reshape(9, -1)
    rot_hourly = np.stack([np.interp(hours / 24.0, whole_days, r) for r in rot]).reshape(3, 3, -1)
    sun = np.einsum("ijn,jn->in", rot_hourly, sun_gcrs)

    def shadow(t: np.ndarray) -> np.ndarray:
        h = t / 3600.0
        sun_t = np.stack([np.interp(h, hours, sun[k]) for k in range(3)])
        err, r, _ = sat.sgp4_array(np.full(t.size, jd0), t / DAY)  # type: ignore[attr-defined]
        assert not np.any(err)
        earth = -r.T * 1e3  # m, from the satellite
        _, far = intersect_line_and_sphere(sun_t + earth, earth, ERAD)
        return ~(np.nan_to_num(far) <= 0.0)  # skyfield's is_sunlit, negated

    t = np.arange(0.0, days * DAY, step)
    dark = shadow(t)
    change = np.diff(dark.astype(np.int8))
    starts, ends = np.flatnonzero(change == 1), np.flatnonzero(change == -1)
    if starts.size == 0:
        return 0.0, 0.0
    ends = ends[ends > starts[0]]
    starts = starts[: ends.size]
    gaps = np.diff(t[starts])
    consecutive = gaps[gaps < 1.5 * np.median(gaps)] if gaps.size else gaps
    period = float(consecutive.mean()) if consecutive.size else 0.0  # the mean beats the sampling step
    longest = np.argsort(ends - starts)[-8:]

    def bisect(k: np.ndarray, entering: bool) -> np.ndarray:
        lo, hi = t[k].copy(), t[k + 1].copy()
        for _ in range(10):
            mid = 0.5 * (lo + hi)
            after = shadow(mid) == entering
            hi, lo = np.where(after, mid, hi), np.where(after, lo, mid)
        return 0.5 * (lo + hi)

    duration = bisect(ends[longest], False) - bisect(starts[longest], True)
    return starts.size * period / DAY, float(duration.max())


ORACLE_CASES = [
    (650, 18.0, None, True),
    (1350, 18.0, None, True),
    (1400, 18.0, None, True),
    (1200, None, 53.0, False),
]


@pytest.mark.parametrize(("alt", "ltan", "inc", "window"), ORACLE_CASES)
def test_design_matches_sgp4_and_skyfield(sky, alt: float, ltan: float | None, inc: float | None, window: bool):  # noqa: F811
    res = _design(alt, None if ltan is None else f"{int(ltan):02d}:00", inc)
    v = res.values
    if window:
        jd0, days = float(julian_date(YEAR, 91.0)), WINDOW[1]  # 1 April
        sat = _sso_satrec(alt * 1e3, float(ltan), 91.0)  # type: ignore[arg-type]
    else:
        jd0, days = float(julian_date(YEAR, 1.0)), YEAR_S / DAY
        sat = _circular_satrec(alt * 1e3, float(inc))  # type: ignore[arg-type]
    # a year at 60 s misses only the sub-minute grazing eclipses at the season edges (hours of season)
    eclipse_days, longest_s = _oracle(sky, sat, jd0, days, step=30.0 if window else 60.0)
    assert eclipse_days == pytest.approx(v["orbit.eclipse_days_per_year"], abs=DAYS_TOL)
    assert longest_s == pytest.approx(v["orbit.max_eclipse_s"], abs=LONGEST_TOL)
    if alt == 1400:
        assert eclipse_days == 0.0 and v["orbit.eclipse_days_per_year"] == 0.0
