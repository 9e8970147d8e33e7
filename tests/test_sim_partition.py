"""Large fleets: the shell-by-shell layout, partitioned runs equal to single-process runs, and
per-satellite random streams that do not depend on the partitioning."""

from __future__ import annotations

import itertools
import json
import math
import os

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from skyrack.analysis.executor import make_executor
from skyrack.cli import app
from skyrack.errors import InputError
from skyrack.model import design
from skyrack.physics.constants import R_EARTH
from skyrack.physics.orbit import sun_synchronous_inclination
from skyrack.physics.sun import julian_date, mean_sun_right_ascension
from skyrack.simulate import simulate
from skyrack.simulate.fleet import design_elements, failures
from skyrack.simulate.partition import MAX_PARTITION, plan
from skyrack.simulate.positions import Positions
from skyrack.simulate.streams import BLOCK, keyed_poisson

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


# --------------------------------------------------------------------------- partitions


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    """Bit for bit: every per-satellite KPI, every time-series value, every fleet KPI (and per-satellite bins)."""
    pd.testing.assert_frame_equal(a.satellites, b.satellites, check_exact=True)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries, check_exact=True)
    assert (a.per_satellite is None) == (b.per_satellite is None)
    if a.per_satellite is not None:
        pd.testing.assert_frame_equal(a.per_satellite, b.per_satellite, check_exact=True)
    assert a.fleet == b.fleet or all(
        x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(a.fleet.values(), b.fleet.values(), strict=True)
    )


@pytest.fixture(scope="module")
def walker3000():  # type: ignore[no-untyped-def]
    """3,000 satellites in a Walker pattern: three blocks of fleet numbers, every satellite simulated."""
    return design("suncatcher", {"constellation.satellites": 3000}, parity=False)


@pytest.mark.parametrize("parts", [2, 3])
def test_partitioned_run_equals_the_single_partition_run(walker3000, parts: int) -> None:  # type: ignore[no-untyped-def]
    kw = {"duration": 3 * 3600.0, "step": 60.0, "seed": 5, "layout": "walker", "per_satellite": True}
    one = simulate(walker3000, partitions=1, **kw)
    many = simulate(walker3000, partitions=parts, **kw)
    assert one.meta["partitions"]["count"] == 1 and many.meta["partitions"]["count"] == parts
    assert one.fleet["satellites_simulated"] == 3000
    _same(one, many)
    # the run is not trivial: satellites fail, accelerators fail, the series moves
    assert many.satellites["accelerators_failed"].sum() > 0
    assert many.timeseries["state_of_charge_min_of_mins"].std() > 0
    # the per-satellite bins come back in satellite order, and the fleet's extremes are theirs
    per = many.per_satellite
    assert per is not None and len(per) == 3000 * len(many.timeseries)
    assert list(pd.unique(per["satellite"])) == list(many.satellites["satellite"])
    by_bin = per.groupby("elapsed_s", sort=True)
    np.testing.assert_array_equal(
        by_bin["state_of_charge_min"].min().to_numpy(), many.timeseries["state_of_charge_min_of_mins"].to_numpy()
    )
    np.testing.assert_array_equal(
        by_bin["radiator_temperature_k_max"].max().to_numpy(),
        many.timeseries["radiator_temperature_k_max_of_maxes"].to_numpy(),
    )


def test_a_sample_of_the_million_partitioned_three_ways_is_the_same(odc) -> None:  # type: ignore[no-untyped-def]
    kw = {
        "duration": 2 * 3600.0,
        "step": 60.0,
        "seed": 11,
        "satellites": 2000,
        "dose": False,
    }  # no 500-1,450 km dose table
    runs = [simulate(odc, partitions=p, **kw) for p in (1, 2, 3)]
    assert [r.meta["partitions"]["count"] for r in runs] == [1, 2, 3]
    _same(runs[0], runs[1])
    _same(runs[0], runs[2])
    assert runs[0].meta["layout"] == "shells"
    # a sampled run scales its totals to the fleet
    assert runs[0].fleet["satellites_in_fleet"] == 1_000_000


def test_a_real_two_worker_pool_gives_the_same_numbers(walker3000, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kw = {"duration": 2 * 3600.0, "step": 60.0, "seed": 2, "layout": "walker", "per_satellite": True}
    here = simulate(walker3000, positions=Positions(600.0, 5), out_dir=tmp_path / "here", **kw)
    with make_executor(workers=2) as pool:
        there = simulate(walker3000, executor=pool, positions=Positions(600.0, 5), out_dir=tmp_path / "there", **kw)
    # positions are recorded in this process from the elements, whatever runs the partitions
    pos_here = pd.read_parquet(tmp_path / "here" / "positions.parquet")
    pos_there = pd.read_parquet(tmp_path / "there" / "positions.parquet")
    assert len(pos_there) == 5 * 12 and there.meta["positions"]["rows"] == 60  # 5 satellites every 10 min for 2 h
    pd.testing.assert_frame_equal(pos_here, pos_there, check_exact=True)
    part = there.meta["partitions"]
    assert part["executor"] == "PoolExecutor" and part["count"] == 2
    assert len(part["peak_rss_bytes"]) == 2  # two worker processes, neither of them this one
    assert str(os.getpid()) not in part["peak_rss_bytes"]
    _same(here, there)


def test_partitions_hold_whole_blocks_and_stay_under_the_bound() -> None:
    index = np.arange(300_000)
    bounds = plan(index, 2)
    assert len(bounds) == math.ceil(300_000 / MAX_PARTITION)  # 5: more than asked, to bound memory
    assert bounds[0][0] == 0 and bounds[-1][1] == 300_000
    assert all(lo % BLOCK == 0 and hi - lo <= MAX_PARTITION + BLOCK for lo, hi in bounds)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    sample = np.sort(np.random.default_rng(0).choice(10**6, 500, replace=False))
    cuts = [lo for lo, _ in plan(sample, 3)][1:]
    assert len(cuts) == 2 and all(sample[c] // BLOCK != sample[c - 1] // BLOCK for c in cuts)
    assert plan(np.arange(10), 4) == [(0, 10)]  # one block cannot be split


def test_random_streams_do_not_depend_on_the_split(walker3000) -> None:  # type: ignore[no-untyped-def]
    index = np.arange(3000)
    whole = failures(walker3000, index, 5 * 365.25 * 86400.0, 7)
    for lo, hi in ((0, 1024), (1024, 3000), (2048, 3000)):
        part = failures(walker3000, index[lo:hi], 5 * 365.25 * 86400.0, 7)
        np.testing.assert_array_equal(part.par, whole.par[lo:hi])
        np.testing.assert_array_equal(part.acc_times, whole.acc_times[whole.acc_off[lo] : whole.acc_off[hi]])
    lam = {"x": np.full(3000, 2.5)}
    counts = keyed_poisson(7, index, lam)["x"]
    np.testing.assert_array_equal(keyed_poisson(7, index[1024:], {"x": lam["x"][1024:]})["x"], counts[1024:])
    assert counts.mean() == pytest.approx(2.5, abs=0.15)  # Poisson mean 2.5, sd of the mean 0.03
    assert not np.array_equal(keyed_poisson(8, index, lam)["x"], counts)  # another seed, other draws
    other = failures(walker3000, index, 5 * 365.25 * 86400.0, 8)
    assert not np.array_equal(other.acc_off, whole.acc_off)


def test_accelerator_failures_follow_the_binomial_law(walker3000) -> None:  # type: ignore[no-untyped-def]
    """Mean failed per satellite n p with p = 1 - exp(-lambda T) (Barlow & Proschan 1965), times sorted within each."""
    p, v = walker3000.params, walker3000.values
    n_acc = round(float(v["compute.units_per_satellite"]) * float(p["satellite.compute.accelerators_per_unit"]))
    rate = float(p["economics.accelerator_failure_rate"]) * float(p.get("economics.orbit_failure_multiplier", 1.0))
    years = 5.0
    fail = failures(walker3000, np.arange(3000), years * 365.25 * 86400.0, 3)
    expected = n_acc * -math.expm1(-rate * years)
    counts = np.diff(fail.acc_off)
    assert counts.mean() == pytest.approx(expected, rel=5 * math.sqrt(1 / (3000 * max(expected, 1e-9))))
    for s in range(0, 3000, 97):
        t = fail.acc_times[fail.acc_off[s] : fail.acc_off[s + 1]]
        assert np.all(np.diff(t) >= 0)


# --------------------------------------------------------------------------- command line


def test_cli_whole_fleet_on_two_workers_and_its_budget() -> None:
    runner = CliRunner()
    base = ["simulate", "suncatcher", "--set", "constellation.satellites=3000", "--layout", "walker"]
    out = runner.invoke(app, [*base, "--duration", "1 h", "--satellites", "all", "--workers", "2", "--json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.stdout)
    part = payload["meta"]["partitions"]
    assert payload["fleet"]["satellites_simulated"] == 3000 and part["count"] == 2 and part["workers"] == 2
    assert part["executor"] == "PoolExecutor" and all(v > 0 for v in part["peak_rss_bytes"].values())
    refused = runner.invoke(app, ["simulate", "spacex-odc-1m", "--duration", "1 d", "--satellites", "all"])
    assert refused.exit_code == 2 and "--no-limits" in refused.output and "1,000,000" in refused.output
    bad = runner.invoke(app, [*base, "--satellites", "lots"])
    assert bad.exit_code == 2 and "a whole number of satellites, or 'all'" in bad.output
