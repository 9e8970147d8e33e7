"""A million satellites for a day at 60 s, through the whole pipeline, on 1 and 2 worker processes.

The ``spacex-odc-1m`` preset (1,000,000 satellites in 8 shells, 500-1,450 km) is designed, laid
out shell by shell, given its environment tables (AE8/AP8 dose grid over the shells' band,
ground stations), stepped for one day at 60 s (1,440 steps: 1.44 billion satellite-steps) and
reduced to per-satellite KPIs, fleet KPIs and the fleet time series: ``design`` then
``simulate(..., satellites=all, executor=PoolExecutor(k))``. The fleet is split into 16
partitions of at most 65,536 satellites (the memory bound of a worker); the same run is timed
on a pool of 1 and of 2 single-threaded worker processes (:mod:`skyrack.analysis.executor`),
one after the other (then in the opposite order when repeated), and the two results must be
identical. Printed for each: wall time of the whole pipeline, stepping time, satellite-steps
per second, peak resident memory of each worker and of this process, and the 1 -> 2 worker
speed-up; beside it the machine's own ceiling, the speed-up of plain ``multiprocessing`` pools
of 1 and 2 processes stepping the same partitions (4 of them, 2 hours), with no skyrack
executor. Before each timed run the benchmark waits (at most 30 s) for the rest of the machine
to use less than 0.2 cores (:func:`bench_dask.wait_for_quiet`) and reports the load.

Targets (printed PASS/FAIL): the million-satellite day in under 5 minutes on this machine (with
2 workers) and at least 1.7x from 1 to 2 workers.

Projection to a year on a cluster
---------------------------------
A year at 60 s is 525,960 steps: 5.26e11 satellite-steps for 1,000,000 satellites. Partitions
are independent until the reduction, so the stepping divides over the worker cores; with ``r``
the satellite-steps per second of one worker core (measured here: the 2-worker rate / 2),
``N`` nodes of ``c`` cores each, and a parallel efficiency ``e`` (the measured 1 -> 2 speed-up
/ 2 is the local value; Dask adds well under 1 % per task of several minutes),

    T_year ~ 5.26e11 / (r N c e) + T_setup + T_reduce,

where T_setup (design, layout, environment, worker start: ~1 min) and T_reduce (concatenating
16 partitions' per-satellite arrays: seconds) do not grow with the duration. Assumptions: the
run is split into at least N c partitions (``partitions=`` or more, smaller ones: 1M satellites
give up to 977 whole blocks), every core is as fast as one here, each worker holds one
partition of at most 65,536 satellites (~500 MB peak RSS with the numeric libraries), and the per-step
work does not change over the year (it does not: chunks are cut the same way). The printed table
gives T_year for N = 1, 4, 16, 64 nodes of 32 cores at the measured r and e.

Run: python3 tasks.py bench million   (or .venv/bin/python benchmarks/bench_million.py [REPEATS] [--quick])
``--quick`` simulates 100,000 satellites for 2 hours instead (a smoke test of the benchmark; says so).
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS", "ARROW_NUM_THREADS"):
    os.environ[var] = "1"  # before numpy/numba load, here and in the forkserver the pools fork from

import math  # noqa: E402
import multiprocessing  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
import psutil  # noqa: E402

from skyrack.analysis.executor import PoolExecutor, single_threaded  # noqa: E402
from skyrack.model import design  # noqa: E402
from skyrack.simulate import simulate  # noqa: E402
from skyrack.simulate.partition import peak_rss_bytes  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
_argv, sys.argv = sys.argv, sys.argv[:1]  # bench_dask reads its own arguments as it loads
from bench_dask import cpu_s, machine_busy_s, wait_for_quiet  # noqa: E402  (its quiet-machine wait, reused)

sys.argv = _argv

SCENARIO = "spacex-odc-1m"
QUICK = "--quick" in sys.argv
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
REPEATS = int(ARGS[0]) if ARGS else 1
SATELLITES = 100_000 if QUICK else 1_000_000
DURATION_S = 7200.0 if QUICK else 86400.0
STEP_S = 60.0
TARGET_WALL_S = 300.0
TARGET_SCALING = 1.7
YEAR_STEPS = 525_960
CEILING_PARTS, CEILING_HOURS = 4, 2.0


def warm_worker(seconds: float = 2.0) -> int:
    """Load imports, numba kernels and the cached dose grids in a worker (a short sampled run); its pid."""
    warnings.simplefilter("ignore")
    simulate(design(SCENARIO, parity=False), duration=1800.0, step=STEP_S, satellites=200, seed=1)
    time.sleep(seconds)  # hold this worker so the next warm task lands on another one
    return os.getpid()


def ceiling_task(k: int) -> float:
    """One partition of the fleet stepped for CEILING_HOURS in this process (no executor); its wall time."""
    single_threaded()
    warnings.simplefilter("ignore")
    res = design(SCENARIO, parity=False)
    t0 = time.perf_counter()
    simulate(
        res,
        duration=CEILING_HOURS * 3600.0,
        step=STEP_S,
        satellites=min(65_536, SATELLITES),
        seed=100 + k,
        partitions=1,
    )
    return time.perf_counter() - t0


def run_once(pool: PoolExecutor) -> tuple[Any, float, float, float]:
    """The timed pipeline on ``pool``: the run, its wall time (s, design included), other cores' load and the
    CPU time of the worker processes (s)."""
    me = psutil.Process()
    tree = [me, *me.children(recursive=True)]
    workers = [p for p in tree if p.pid != me.pid and p.pid in _worker_pids(pool)]
    before = sum(cpu_s(p.pid) for p in tree)
    before_workers = sum(cpu_s(p.pid) for p in workers)
    busy0 = machine_busy_s()
    t0 = time.perf_counter()
    res = design(SCENARIO, parity=False)  # the pipeline starts from the scenario
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = simulate(res, duration=DURATION_S, step=STEP_S, satellites=SATELLITES, seed=0, executor=pool)
    wall = time.perf_counter() - t0
    tree = [me, *me.children(recursive=True)]
    ours = sum(cpu_s(p.pid) for p in tree) - before
    other = max(0.0, machine_busy_s() - busy0 - ours) / wall
    return run, wall, other, sum(cpu_s(p.pid) for p in workers) - before_workers


def _worker_pids(pool: PoolExecutor) -> set[int]:
    """Process ids of the pool's workers."""
    inner = pool._get()
    return {int(pid) for pid in getattr(inner, "_processes", {})}


def ceiling() -> tuple[float, float]:
    """Wall times of CEILING_PARTS partitions on plain multiprocessing pools of 1 and 2 processes."""
    context = multiprocessing.get_context("forkserver")
    walls = []
    for k in (1, 2):
        with context.Pool(k, initializer=single_threaded) as pool:
            pool.map(ceiling_task, range(k), chunksize=1)  # warm every process
            wait_for_quiet(30.0)
            t0 = time.perf_counter()
            pool.map(ceiling_task, range(CEILING_PARTS), chunksize=1)
            walls.append(time.perf_counter() - t0)
    return walls[0], walls[1]


def same(a: Any, b: Any) -> None:
    """The two runs agree bit for bit (per-satellite table, time series, fleet KPIs)."""
    pd.testing.assert_frame_equal(a.satellites, b.satellites, check_exact=True)
    pd.testing.assert_frame_equal(a.timeseries, b.timeseries, check_exact=True)
    for key, x in a.fleet.items():
        y = b.fleet[key]
        assert x == y or (math.isnan(x) and math.isnan(y)), key


def report_run(k: int, run: Any, wall: float, other: float, waited: float, worker_cpu: float) -> None:
    meta = run.meta
    part = meta["partitions"]
    rss = sorted(part["peak_rss_bytes"].values())
    steps = meta["satellites_simulated"] * meta["steps"]
    print(
        f"  {k} worker{'s' if k > 1 else ' '}: {wall:7.1f} s wall ({meta['setup_s']:.1f} s set-up, "
        f"{meta['stepping_s']:.1f} s stepping and reduction), {steps / wall / 1e6:6.2f} M sat-steps/s overall, "
        f"{meta['stepping_satellite_steps_per_s'] / 1e6:6.2f} M stepping; peak RSS per worker "
        + ", ".join(f"{r / 2**20:,.0f}" for r in rss)
        + f" MiB; other load {other:.2f} cores (waited {waited:.0f} s)"
    )
    print(
        f"             worker CPU {worker_cpu:.1f} s ({worker_cpu / (wall * k):.0%} of {k} core(s) over the run): "
        f"{steps / max(worker_cpu, 1e-9) / 1e6:.2f} M sat-steps per worker CPU-second"
    )


def projection(rate_core: float, efficiency: float, setup_s: float) -> None:
    total = 1_000_000 * YEAR_STEPS
    print(f"  projection, 1,000,000 satellites x 1 year at 60 s ({total:.3g} satellite-steps), 32-core nodes:")
    print(f"    r = {rate_core / 1e6:.2f} M sat-steps/s per core, e = {efficiency:.2f}, set-up {setup_s:.0f} s")
    for nodes in (1, 4, 16, 64):
        t = total / (rate_core * nodes * 32 * efficiency) + setup_s
        print(f"    {nodes:>3} node(s): {t / 3600:8.2f} h")


def main() -> None:
    load = os.getloadavg()[0]
    print(
        f"{SCENARIO}: {SATELLITES:,} satellites x {DURATION_S / 3600:g} h at {STEP_S:g} s "
        f"({SATELLITES * DURATION_S / STEP_S:.3g} satellite-steps), full pipeline; {os.cpu_count()} CPUs, "
        f"load average {load:.2f} at start" + ("  [--quick: not the million-satellite day]" if QUICK else "")
    )
    t0 = time.perf_counter()
    design(SCENARIO, parity=False)
    t1 = time.perf_counter()
    warm_worker(0.0)  # this process builds the environment tables of every run: warm it as the workers
    print(
        f"  design: {t1 - t0:.2f} s; first run in this process {time.perf_counter() - t1:.1f} s (cold: dose grids "
        "read from the disk cache, kernels loaded); warming 3 worker processes"
    )
    pools = {k: PoolExecutor(k) for k in (1, 2)}
    for k, pool in pools.items():
        list(pool.run({i: (warm_worker, ()) for i in range(k)}))
    runs: dict[int, list[tuple[Any, float]]] = {1: [], 2: []}
    reference = None
    for rep in range(REPEATS):
        for k in (1, 2) if rep % 2 == 0 else (2, 1):
            waited = wait_for_quiet(30.0)
            run, wall, other, worker_cpu = run_once(pools[k])
            report_run(k, run, wall, other, waited, worker_cpu)
            runs[k].append((run.meta, wall))
            if reference is None:
                reference = run
            else:
                same(reference, run)
            del run
    for pool in pools.values():
        pool.close()
    one = min(w for _, w in runs[1])
    two = min(w for _, w in runs[2])
    meta2 = min(runs[2], key=lambda mw: mw[1])[0]
    scaling = one / two
    print(f"  results identical in all {2 * REPEATS} runs; this process peak RSS {peak_rss_bytes() / 2**20:,.0f} MiB")
    c1, c2 = ceiling()
    print(
        f"  machine ceiling: multiprocessing 1 -> 2 processes, {CEILING_PARTS} partitions x {CEILING_HOURS:g} h: "
        f"{c1:.1f} s -> {c2:.1f} s = {c1 / c2:.2f}x"
    )
    verdict_wall = "PASS" if two < TARGET_WALL_S else "FAIL"
    verdict_scale = "PASS" if scaling >= TARGET_SCALING else "FAIL"
    label = "100,000-satellite 2-hour run (--quick)" if QUICK else "million-satellite day"
    print(f"  {verdict_wall}: the {label} in {two:.1f} s on 2 workers (target < {TARGET_WALL_S:.0f} s)")
    print(
        f"  {verdict_scale}: 1 -> 2 workers {one:.1f} s -> {two:.1f} s = {scaling:.2f}x (target >= "
        f"{TARGET_SCALING}x; the machine's ceiling {c1 / c2:.2f}x)"
    )
    rate_core = meta2["stepping_satellite_steps_per_s"] / 2
    projection(rate_core, min(1.0, scaling / 2), meta2["setup_s"])
    print(f"  load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
