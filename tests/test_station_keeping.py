"""Tests for skyrack.physics.station_keeping: tabulated mission density, decay, disposal, propellant."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from skyrack.physics import _lattice_kernel, drag, station_keeping, thermosphere
from skyrack.physics.constants import G0, MU_EARTH, R_EARTH, YEAR_S
from skyrack.physics.orbit import sun_synchronous_inclination

INC_53 = math.radians(53.0)


def _direct_density(h: float, start: float, years: int, inc: float, ltan: float | None) -> float:
    """NRLMSISE-00 month by month (drag.drag_delta_v_per_year with B = 1), turned back into a density."""
    dv = float(drag.drag_delta_v_per_year(h, 1.0, start, inc, ltan, years=years))
    return dv / (0.5 * MU_EARTH / (R_EARTH + h) * YEAR_S)


@pytest.mark.parametrize(
    ("h", "inc", "ltan"),
    [(550e3, INC_53, None), (400e3, INC_53, None), (650e3, float(sun_synchronous_inclination(650e3)), 18.0)],
)
def test_mission_mean_density_matches_msis_month_by_month(h: float, inc: float, ltan: float | None) -> None:
    # The table (altitude x F10.7 x season, log-interpolated) against the direct model over 2030-2035:
    # within 3 % (the table's season mean and F10.7 interpolation; measured 0.5-2 %).
    table = float(station_keeping.mission_mean_density(h, 2030.0, 5.0, inc, ltan))
    assert table == pytest.approx(_direct_density(h, 2030.0, 5, inc, ltan), rel=0.03)


def test_mission_mean_density_follows_the_cycle_and_broadcasts() -> None:
    # one year at the 2025 maximum is denser than one at the 2030 minimum; a whole cycle later repeats
    high, low = station_keeping.mission_mean_density(500e3, [2024.5, 2030.0], 1.0, INC_53)
    assert high > 3.0 * low
    later = station_keeping.mission_mean_density(500e3, [2042.0, 2053.0], 5.0, INC_53)
    assert later[1] == pytest.approx(later[0], rel=0.01)
    # dates before the forecast move forward by whole cycles: 2009 reads as 2020
    assert station_keeping.mission_mean_density(500e3, 2009.0, 3.0, INC_53) == pytest.approx(
        station_keeping.mission_mean_density(500e3, 2020.0, 3.0, INC_53), rel=1e-9
    )
    h = np.linspace(300e3, 1500e3, 2001)
    many = station_keeping.mission_mean_density(h, 2030.0, 5.0, INC_53)
    one = [float(station_keeping.mission_mean_density(x, 2030.0, 5.0, INC_53)) for x in h[::400]]
    assert many[::400] == pytest.approx(one, rel=1e-12)
    assert np.all(np.diff(many) < 0)


_GRID = np.arange(180e3, 620e3, 20e3)
_MONTHS = 2031.0 + (np.arange(132) + 0.5) / 12.0
_LOG_RHO = np.log(np.asarray(thermosphere.orbit_averaged_density(_GRID[:, None], _MONTHS, INC_53)).mean(axis=1))


def _monthly_cycle_mean(h: np.ndarray, t: np.ndarray) -> np.ndarray:
    """NRLMSISE-00 orbit average, month by month over the 2031-2042 forecast cycle, averaged (20 km grid)."""
    return np.exp(np.interp(h, _GRID, _LOG_RHO)) + 0.0 * np.asarray(t)


def test_cycle_mean_decay_matches_the_integrated_decay() -> None:
    # drag.decay_time with the monthly cycle-mean density everywhere is the same integral on another grid
    # (drag.mean_cycle_density samples the cycle once a year and reads ~25 % low at 450-600 km)
    direct = drag.decay_time(np.array([450e3, 600e3]), 20.0, 2030.0, INC_53, density=_monthly_cycle_mean, steps=60)
    table = station_keeping.cycle_mean_decay_years([450e3, 600e3], 20.0, INC_53)
    assert table == pytest.approx(direct, rel=0.03)
    # linear in B
    t1, t2 = station_keeping.cycle_mean_decay_years(550e3, [10.0, 20.0], INC_53)
    assert t2 == pytest.approx(2.0 * t1, rel=1e-12)


def test_disposal_altitude_inverts_the_decay_time() -> None:
    b = np.array([5.0, 20.0, 80.0])
    h = station_keeping.cycle_mean_disposal_altitude(b, 5.0, INC_53)
    assert station_keeping.cycle_mean_decay_years(h, b, INC_53) == pytest.approx([5.0, 5.0, 5.0], rel=1e-3)
    assert np.all(np.diff(h) < 0)  # a heavier satellite per area must start lower


def test_area_factors_are_the_projected_area_of_unit_panels() -> None:
    inc = math.radians(98.0)  # a node of the 1 degree x 0.25 h lattice: no blending
    arr, edge, nadir = station_keeping.tracking_area_factors(inc, 18.0)
    assert arr == pytest.approx(float(drag.projected_area(1.0, 0.0, 0.0, inc, 18.0)), rel=1e-12)
    assert edge == pytest.approx(float(drag.projected_area(0.0, 1.0, 0.0, inc, 18.0)), rel=1e-12)
    assert nadir == pytest.approx(float(drag.projected_area(0.0, 1.0, 0.0, inc, 18.0, radiator="nadir")), rel=1e-12)
    a2, _, _ = station_keeping.tracking_area_factors([inc, INC_53], [18.0, np.nan])
    assert a2[0] == pytest.approx(arr, rel=1e-12)
    assert a2[1] == pytest.approx(float(drag.projected_area(1.0, 0.0, 0.0, INC_53)), rel=1e-12)
    # between nodes the blend stays within 2 % of the direct average: at 97.5 deg, 18.1 h, next to the dawn-dusk
    # minimum of the array's share, measured +0.94 % (array), -0.03 % (edge); rounding to the nearest
    # quarter hour, as before the lattice, was off by -0.85 % there
    off = math.radians(97.5)
    a3, e3, _ = station_keeping.tracking_area_factors(off, 18.1)
    assert a3 == pytest.approx(float(drag.projected_area(1.0, 0.0, 0.0, off, 18.1)), rel=0.02)
    assert e3 == pytest.approx(float(drag.projected_area(0.0, 1.0, 0.0, off, 18.1)), rel=0.02)


def test_propellant_with_tanks_hand_values() -> None:
    # 1,000 kg, 500 m/s at 2,500 s: q = exp(500 / (2500 g0)) - 1 = 0.0206037;
    # tanks 10 % grown by k = 1.2: m_p = 1000 q / (1 - 0.12 q) = 20.6548 kg
    q = math.expm1(500.0 / (2500.0 * G0))
    assert station_keeping.propellant_with_tanks(1000.0, 500.0, 2500.0, 0.1, 1.2) == pytest.approx(
        1000.0 * q / (1.0 - 0.12 * q), rel=1e-12
    )
    assert float(station_keeping.propellant_with_tanks(1000.0, 500.0, 2500.0, 0.1, 1.2)) == pytest.approx(
        20.6548, abs=1e-3
    )
    # no tanks: the rocket equation; tanks that cannot carry their own propellant: infinite
    assert station_keeping.propellant_with_tanks(1000.0, 500.0, 2500.0, 0.0) == pytest.approx(1000.0 * q, rel=1e-12)
    assert math.isinf(float(station_keeping.propellant_with_tanks(1000.0, 10_000.0, 220.0, 0.1, 1.2)))


def test_propellant_of_a_missing_satellite_is_missing_not_infinite() -> None:
    # a design without a dry mass (e.g. radiator below its sink) has no propellant, and no runaway
    assert math.isnan(float(station_keeping.propellant_with_tanks(math.nan, 100.0, 2500.0, 0.1, 1.2)))
    assert math.isnan(float(station_keeping.propellant_with_tanks(1000.0, math.nan, 2500.0, 0.1, 1.2)))


def test_between_lattice_nodes_the_density_is_the_bilinear_log_blend() -> None:
    # 97.5 deg lies halfway between the 95 and 100 deg nodes; LTAN 6.25 h a quarter of the way from 6 to 7 h:
    # log rho = 0.5*0.75 log rho(95, 6) + 0.5*0.25 log rho(95, 7) + 0.5*0.75 log rho(100, 6) + 0.5*0.25 log rho(100, 7)
    def at(inc_deg: float, ltan: float) -> float:
        return float(station_keeping.mission_mean_density(600e3, 2030.0, 5.0, math.radians(inc_deg), ltan))

    expected = math.exp(
        0.375 * math.log(at(95.0, 6.0))
        + 0.125 * math.log(at(95.0, 7.0))
        + 0.375 * math.log(at(100.0, 6.0))
        + 0.125 * math.log(at(100.0, 7.0))
    )
    assert at(97.5, 6.25) == pytest.approx(expected, rel=1e-12)
    # LTAN wraps: 23.5 h blends the 23 h and 0 h nodes
    assert at(95.0, 23.5) == pytest.approx(math.sqrt(at(95.0, 23.0) * at(95.0, 0.0)), rel=1e-12)


def test_a_sweep_over_ltan_and_altitude_needs_few_msis_tables() -> None:
    # 2,000 sun-synchronous designs at random altitude and LTAN: each node of the 5 deg x 1 h lattice is
    # evaluated once (the SSO inclination spans 97.2-102 deg over 450-1,500 km: 3 inclination nodes x 24 LTANs)
    rng = np.random.default_rng(3)
    h = rng.uniform(450e3, 1500e3, 2000)
    ltan = rng.uniform(0.0, 24.0, 2000)
    station_keeping._TABLES.clear()
    before = station_keeping._TABLES.built
    rho = station_keeping.mission_mean_density(h, 2030.0, 5.0, sun_synchronous_inclination(h), ltan)
    assert np.all(np.isfinite(rho)) and np.all(rho > 0)
    assert station_keeping._TABLES.built - before <= 3 * 24


def test_a_missing_inclination_gives_a_missing_density_not_a_table_per_design() -> None:
    rho = station_keeping.mission_mean_density([550e3, 550e3], 2030.0, 5.0, [np.nan, INC_53])
    assert math.isnan(rho[0]) and rho[1] > 0


def test_the_table_store_gives_the_same_answers_when_it_must_evict_and_split() -> None:
    # drifting planes at every inclination (37 nodes of the 5 deg lattice): more nodes than an 8-slot store holds,
    # so the batch is taken one inclination band at a time and slots are reused; the answers must not change
    rng = np.random.default_rng(11)
    n = 400
    h, life = rng.uniform(400e3, 1500e3, n), rng.uniform(1.0, 15.0, n)
    inc = np.radians(rng.uniform(0.0, 180.0, n))
    b, allowed = rng.uniform(5.0, 200.0, n), rng.uniform(1.0, 25.0, n)
    full = station_keeping.lifetime_drag_terms(h, 2030.0, life, b, allowed, inc)
    small = station_keeping._NodeTables(capacity=8)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(station_keeping, "_TABLES", small)
        split = station_keeping.lifetime_drag_terms(h, 2030.0, life, b, allowed, inc)
        again = station_keeping.lifetime_drag_terms(h[::-1], 2030.0, life[::-1], b[::-1], allowed[::-1], inc[::-1])
    assert small.code.size == 8 and small.built > 37  # it filled and reused slots
    for got, want in zip(split, full, strict=True):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(again, full, strict=True):
        np.testing.assert_array_equal(got, want[::-1])


def test_the_three_terms_at_once_equal_each_alone() -> None:
    h, b = np.array([400e3, 700e3, 1200e3]), np.array([10.0, 50.0, 150.0])
    inc, ltan = np.radians([53.0, 97.8, 99.5]), np.array([np.nan, 10.5, 18.2])
    rho, decay, disposal = station_keeping.lifetime_drag_terms(h, 2031.5, 6.0, b, 5.0, inc, ltan)
    np.testing.assert_array_equal(rho, station_keeping.mission_mean_density(h, 2031.5, 6.0, inc, ltan))
    np.testing.assert_array_equal(decay, station_keeping.cycle_mean_decay_years(h, b, inc, ltan))
    np.testing.assert_array_equal(disposal, station_keeping.cycle_mean_disposal_altitude(b, 5.0, inc, ltan))
    # the disposal altitude is the inverse of the decay time (to the blend: altitudes blend linearly between
    # lattice nodes, decay times in log, so off the nodes the two agree to a few 1e-5)
    np.testing.assert_allclose(station_keeping.cycle_mean_decay_years(disposal, b, inc, ltan), 5.0, rtol=1e-3)


def test_the_compiled_batch_pass_gives_the_numpy_floats() -> None:
    # lifetime_drag_terms sums a batch's corners in one compiled pass; the numpy functions it stands for
    # (_term_sums) must give the same floats, bit for bit, also off the tables, for NaN and infinite
    # altitudes, a zero ballistic coefficient, dates before and after the forecast, drifting planes
    rng = np.random.default_rng(5)
    n = 3000
    h = rng.uniform(100e3, 2800e3, n)
    h[:5], h[5:8] = np.nan, np.inf
    b = 10 ** rng.uniform(-1.0, 3.0, n)
    b[8:12] = 0.0
    t0, life, allowed = rng.uniform(1990.0, 2200.0, n), rng.uniform(0.5, 30.0, n), rng.uniform(0.0, 30.0, n)
    inc, ltan = np.radians(rng.uniform(0.0, 180.0, n)), rng.uniform(0.0, 24.0, n)
    ltan[rng.random(n) < 0.3] = np.nan
    inc[12:15] = np.nan
    compiled = station_keeping.lifetime_drag_terms(h, t0, life, b, allowed, inc, ltan)
    terms = [
        (station_keeping._log_mean_density_at, (h, t0, life), True),
        (station_keeping._log_decay_years_at, (h, b), True),
        (station_keeping._disposal_altitude_at, (b, allowed), False),
    ]
    reference = station_keeping._blend(*station_keeping._plane(inc, ltan), terms)  # numpy corner sums
    for got, want in zip(compiled, reference, strict=True):
        np.testing.assert_array_equal(got, want)
    assert np.isnan(compiled[0][:5]).all() and np.isnan(compiled[0][12:15]).all()


def test_the_compiled_corner_sum_gives_the_numpy_floats() -> None:
    rng = np.random.default_rng(6)
    codes, weights = rng.integers(0, 50, (4, 500)), rng.random((4, 500))
    table = rng.random((50, 3))
    out = np.empty((3, 500))
    _lattice_kernel.corner_sum_kernel(codes, weights, table, out)
    np.testing.assert_array_equal(out, (weights[..., None] * table[codes]).sum(axis=0).T)


def test_the_distinct_codes_are_numpys_unique_for_few_and_many() -> None:
    rng = np.random.default_rng(5)
    for shape in ((0,), (4, 1), (64,), (65,), (4, 1000)):  # a set up to 64 codes, a count above
        codes = rng.integers(0, 17_557, size=shape)
        got = station_keeping._distinct(codes)
        assert got.dtype == np.int64
        np.testing.assert_array_equal(got, np.unique(codes))


def test_the_outward_search_counts_as_searchsorted_from_any_hint() -> None:
    # the drag kernel finds a corner's disposal cell from the corner before it; from any start the count must
    # be np.searchsorted's (side="right"), also on ties, at the ends and for infinite targets
    rng = np.random.default_rng(13)
    row = np.sort(np.concatenate([rng.uniform(0.0, 100.0, 60), [5.0, 5.0, 5.0, 50.0, 50.0]]))
    ys = np.concatenate([rng.uniform(-10.0, 110.0, 40), row[[0, 1, 7, 30, -1]], [5.0, 50.0, -np.inf, np.inf]])
    compiled = _lattice_kernel._count_at_most
    python = compiled.py_func  # it calls no other kernel
    for y in ys:
        want = int(np.searchsorted(row, y, side="right"))
        for hint in range(row.size):
            assert compiled(row, y, hint) == python(row, y, hint) == want, (y, hint)


def _corners_reference(inc: np.ndarray, lt: np.ndarray, inc_step: float, lt_step: float) -> tuple[np.ndarray, ...]:
    """The lattice corners as array operations (the formula corners_kernel runs element by element)."""
    n_inc, per_day = round(np.pi / inc_step), round(24.0 / lt_step)
    x = np.where(np.isfinite(inc), np.minimum(np.maximum(inc, 0.0), np.pi), 0.0) / inc_step
    i0 = np.minimum(np.floor(x), n_inc - 1)
    wi = x - i0
    sso = np.isfinite(lt)
    y = np.mod(np.where(sso, lt, 0.0), 24.0) / lt_step
    j0 = np.floor(y)
    wj = np.where(sso, y - j0, 0.0)
    row = i0.astype(np.int64) * (per_day + 1)
    j0c = np.where(sso, np.mod(j0, per_day), per_day).astype(np.int64)
    j1c = np.where(sso, np.mod(j0 + 1, per_day), per_day).astype(np.int64)
    nxt = row + per_day + 1
    codes = np.stack([row + j0c, row + j1c, nxt + j0c, nxt + j1c])
    return codes, np.stack([(1 - wi) * (1 - wj), (1 - wi) * wj, wi * (1 - wj), wi * wj])


def test_the_corners_kernel_gives_the_array_formula_floats() -> None:
    # bit for bit, also for inclinations off [0, pi] or not finite, and LTANs negative, past 24 h, huge or NaN
    inc, lt = _odd_planes(40)
    for steps in ((station_keeping._INC_NODE, station_keeping._LTAN_NODE),
                  (station_keeping._AREA_INC_NODE, station_keeping._AREA_LTAN_NODE)):  # fmt: skip
        codes, weights = np.empty((4, inc.size), np.int64), np.empty((4, inc.size))
        _lattice_kernel.corners_kernel(inc, lt, *steps, codes, weights)
        want_codes, want_weights = _corners_reference(inc, lt, *steps)
        np.testing.assert_array_equal(codes, want_codes)
        np.testing.assert_array_equal(weights, want_weights)


def _odd_planes(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(12)
    inc, lt = rng.uniform(-0.5, 3.7, n), rng.uniform(-30.0, 60.0, n)
    inc[:3], lt[3:8] = [np.nan, np.inf, -np.inf], [np.nan, np.inf, 1e300, 24.0, 0.0]
    return inc, lt


def _single_designs(n: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(14)
    h, life, b = rng.uniform(350e3, 1800e3, n), rng.uniform(1.0, 15.0, n), rng.uniform(5.0, 200.0, n)
    inc, ltan = np.radians(rng.uniform(30.0, 100.0, n)), rng.uniform(0.0, 24.0, n)
    ltan[::3] = np.nan
    h[1], b[2] = np.nan, 0.0
    return h, life, b, inc, ltan


SINGLE = """
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
from test_station_keeping import _odd_planes, _single_designs
from skyrack.physics import station_keeping as sk
h, life, b, inc, ltan = _single_designs(12)
out = {"drag": [], "area": [], "corners": []}
for d in range(h.size):
    drag = sk.lifetime_drag_terms(h[d], 2031.0, life[d], b[d], 5.0, inc[d], ltan[d])
    out["drag"].append([float(x).hex() for x in drag])
    out["area"].append([float(x).hex() for x in sk.tracking_area_factors(inc[d], ltan[d])])
planes = _odd_planes(40)
for at in range(0, 40, 8):  # eight planes at a time: the kernel's source, not compiled
    codes, weights = sk._corners(planes[0][at:at + 8], planes[1][at:at + 8], sk._AREA_INC_NODE, sk._AREA_LTAN_NODE)
    out["corners"].append([codes.tolist(), [float(w).hex() for w in weights.ravel()]])
out["numba"] = "numba" in sys.modules
print(json.dumps(out))
"""


def test_single_designs_run_the_kernels_source_and_get_the_batch_floats() -> None:
    # a single design runs the lattice kernels' Python source (numba is not loaded: a fresh process shows it);
    # a batch runs them compiled. The same design must get the same floats both ways, bit for bit.
    here = str(Path(__file__).parent)
    run = subprocess.run([sys.executable, "-c", SINGLE, here], capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    got = json.loads(run.stdout)
    assert got["numba"] is False
    h, life, b, inc, ltan = _single_designs(12)
    batch = station_keeping.lifetime_drag_terms(h, 2031.0, life, b, 5.0, inc, ltan)
    areas = station_keeping.tracking_area_factors(inc, ltan)
    for d in range(h.size):
        assert got["drag"][d] == [float(x[d]).hex() for x in batch]  # hex: NaN equals NaN, -0.0 is not 0.0
        assert got["area"][d] == [float(x[d]).hex() for x in areas]
    steps = (station_keeping._AREA_INC_NODE, station_keeping._AREA_LTAN_NODE)
    codes, weights = _corners_reference(*_odd_planes(40), *steps)
    for k, (c, w) in enumerate(got["corners"]):
        at = slice(8 * k, 8 * k + 8)
        np.testing.assert_array_equal(np.array(c), codes[:, at])
        np.testing.assert_array_equal(np.array([float.fromhex(x) for x in w]).reshape(4, 8), weights[:, at])
