"""Dask speed-up from 1 to 2 workers on a sweep of time-domain simulations (target at least 1.7x).

Eight 60-day simulations of the Suncatcher preset (81 satellites, 30 s step,
seeds 0-7), one task each, through :func:`skyrack.analysis.sweep.simulation_sweep`
on Dask local clusters of 1 and 2 single-threaded worker processes started by
:func:`skyrack.analysis.executor.local_cluster` (numba, BLAS and OpenMP with one
thread; no worker profiler or fast monitors). Beside them, as the hardware
ceiling, the same task function runs on plain ``multiprocessing`` pools of 1
and 2 processes: what the machine itself gives two processes, with no Dask.

All four set-ups are started and warmed first (every process loads the numba
kernels, dose tables and imports with a short simulation), then the four
sweeps run one after another, in alternating order, ``REPEATS`` times. The
speed-ups are ratios of the best (shortest) time of each set-up over the
repetitions, all measured in this run; every sweep's results must be identical.

Other work on the machine slows the 2-process set-ups most, since they need
both cores; so before each timed sweep the benchmark waits (up to 30 s,
``wait s``) for the rest of the machine to use less than 0.2 cores. For every
timed sweep the table gives the CPU time of the worker processes (busy = that
CPU over wall time times workers), of this process (client, scheduler,
nannies) and of everything else on the machine (``other``: the machine's busy
CPU minus this process tree's, in cores on average). The best-of figures are
the least disturbed ones.

Run: python3 tasks.py bench dask   (or .venv/bin/python benchmarks/bench_dask.py [RUNS] [DAYS] [REPEATS])
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS", "ARROW_NUM_THREADS"):
    os.environ[var] = "1"  # before numpy/numba load, here and in the forkserver the pools fork from

import contextlib  # noqa: E402
import multiprocessing  # noqa: E402
import pickle  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
import psutil  # noqa: E402
from distributed import Client  # noqa: E402

from skyrack.analysis.executor import DaskExecutor, local_cluster, single_threaded  # noqa: E402
from skyrack.analysis.sweep import _simulation_task, simulation_sweep  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
DAYS = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
REPEATS = int(sys.argv[3]) if len(sys.argv) > 3 else 3
TARGET = 1.7
SCENARIO = "suncatcher"
WARM_DAYS = 1.0
QUIET_CORES = 0.2  # before each timed sweep, wait for the rest of the machine to use less than this ...
QUIET_WAIT = 30.0  # ... for at most this long, s


def task_args(seed: int, days: float = DAYS) -> tuple[Any, ...]:
    """Arguments of one simulation task, as :func:`simulation_sweep` builds them."""
    return (SCENARIO, 0, [], seed, days * 86400.0, 30.0, None)


def warm_process() -> None:
    """Pin this process's numeric libraries to one thread; load imports, numba kernels and dose tables."""
    single_threaded()
    _simulation_task(*task_args(1000, WARM_DAYS))


def thread_info(_: object = None) -> dict[str, Any]:
    """This process's id, numba thread count and threading layer."""
    import numba

    return {"pid": os.getpid(), "numba_threads": numba.get_num_threads(), "layer": numba.threading_layer()}


def warm() -> dict[str, Any]:
    """:func:`warm_process`, then :func:`thread_info` (for Dask's ``client.run``)."""
    warm_process()
    return thread_info()


def cpu_s(process: psutil.Process) -> float:
    """User plus system CPU time of a process (all its threads), s."""
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return float(times.user + times.system)


def machine_busy_s() -> float:
    """CPU time the whole machine spent not idle, s (all cores)."""
    t = psutil.cpu_times()
    return float(t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0))


@dataclass
class Setup:
    """One way of running the sweep: its name, worker count, worker pids and a function running the sweep."""

    name: str
    workers: int
    pids: list[int]
    run: Callable[[], pd.DataFrame]


@dataclass
class Timing:
    wall: float
    worker_cpu: float
    main_cpu: float
    other_cpu: float


def other_load(window: float = 1.0) -> float:
    """Cores used by processes outside this process tree over the next ``window`` seconds."""
    me = psutil.Process()
    tree = [me, *me.children(recursive=True)]
    before = sum(cpu_s(p) for p in tree)
    busy0 = machine_busy_s()
    time.sleep(window)
    ours = sum(cpu_s(p) for p in tree) - before
    return max(0.0, machine_busy_s() - busy0 - ours) / window


def wait_for_quiet(limit: float = QUIET_WAIT, threshold: float = QUIET_CORES) -> float:
    """Wait until other processes use less than ``threshold`` cores (at most ``limit`` s); the wait, s."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit and other_load() >= threshold:
        pass
    return time.perf_counter() - t0


def timed(setup: Setup) -> tuple[Timing, pd.DataFrame]:
    """Run one sweep of ``setup`` and measure wall time and who used the CPU meanwhile."""
    me = psutil.Process()
    tree = [me, *me.children(recursive=True)]
    workers = [psutil.Process(pid) for pid in setup.pids]
    before_tree = [cpu_s(p) for p in tree]
    before_workers = [cpu_s(p) for p in workers]
    before_main = cpu_s(me)
    busy0 = machine_busy_s()
    t0 = time.perf_counter()
    frame = setup.run()
    wall = time.perf_counter() - t0
    busy1 = machine_busy_s()
    ours = sum(cpu_s(p) - b for p, b in zip(tree, before_tree, strict=True))
    worker_cpu = sum(cpu_s(p) - b for p, b in zip(workers, before_workers, strict=True))
    return Timing(wall, worker_cpu, cpu_s(me) - before_main, max(0.0, (busy1 - busy0) - ours)), frame


def main() -> None:
    seeds = list(range(RUNS))
    duration = DAYS * 86400.0
    print(
        f"simulation sweep: {RUNS} x {DAYS:g}-day runs of {SCENARIO} (81 satellites, 30 s step), one task each; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start"
    )
    args = [task_args(s) for s in seeds]
    row = _simulation_task(*task_args(0, WARM_DAYS))
    print(
        f"  per task: {len(pickle.dumps((_simulation_task, args[0])))} bytes of input "
        f"(scenario by name), {len(pickle.dumps(row))} bytes of result (one row of fleet KPIs)"
    )

    context = multiprocessing.get_context("forkserver")
    with contextlib.ExitStack() as stack:
        t0 = time.perf_counter()
        clients = [stack.enter_context(Client(stack.enter_context(local_cluster(k)))) for k in (1, 2)]
        dask_1, dask_2 = (stack.enter_context(DaskExecutor(c)) for c in clients)
        # the pools' processes warm themselves as they start (initializer); Dask's through client.run
        pool_1, pool_2 = (stack.enter_context(context.Pool(k, initializer=warm_process)) for k in (1, 2))
        info: list[dict[str, Any]] = []
        dask_pids = []
        for executor in (dask_1, dask_2):
            ran = executor.client.run(warm)  # once on every worker
            info += ran.values()
            dask_pids.append([r["pid"] for r in ran.values()])
        pool_pids = []
        for pool, k in ((pool_1, 1), (pool_2, 2)):
            info += pool.map(thread_info, range(k), chunksize=1)  # waits for the initializers
            pool_pids.append([p.pid for p in pool._pool])  # type: ignore[attr-defined]
        layers = sorted({f"{r['layer']}, {r['numba_threads']} thread" for r in info})
        print(
            f"  6 worker processes started and warmed in {time.perf_counter() - t0:.1f} s; "
            f"numba threading layer and threads per worker: {'; '.join(layers)}"
        )

        def dask_run(executor: DaskExecutor) -> Callable[[], pd.DataFrame]:
            return lambda: simulation_sweep(SCENARIO, seeds=seeds, duration_s=duration, executor=executor)

        def pool_run(pool: Any) -> Callable[[], pd.DataFrame]:
            return lambda: pd.concat(pool.starmap(_simulation_task, args, chunksize=1), ignore_index=True)

        setups = [
            Setup("Dask, 1 worker", 1, dask_pids[0], dask_run(dask_1)),
            Setup("Dask, 2 workers", 2, dask_pids[1], dask_run(dask_2)),
            Setup("multiprocessing, 1 process", 1, pool_pids[0], pool_run(pool_1)),
            Setup("multiprocessing, 2 processes", 2, pool_pids[1], pool_run(pool_2)),
        ]
        times: dict[str, list[Timing]] = {s.name: [] for s in setups}
        reference: pd.DataFrame | None = None
        head = f"{'wall s':>7} {'worker CPU s':>12} {'busy':>5} {'main CPU s':>10} {'other':>11} {'wait s':>6}"
        print(f"  {'rep':>3}  {'set-up':<29} {head}")
        for rep in range(REPEATS):
            for setup in setups if rep % 2 == 0 else setups[::-1]:
                waited = wait_for_quiet()
                timing, frame = timed(setup)
                if reference is None:
                    reference = frame
                else:
                    pd.testing.assert_frame_equal(reference, frame, check_exact=True)
                times[setup.name].append(timing)
                busy = timing.worker_cpu / (timing.wall * setup.workers)
                print(
                    f"  {rep + 1:>3}  {setup.name:<29} {timing.wall:7.2f} {timing.worker_cpu:12.2f} {busy:5.0%} "
                    f"{timing.main_cpu:10.2f} {timing.other_cpu / timing.wall:6.2f} cores {waited:6.1f}"
                )

    def best(name: str) -> Timing:
        return min(times[name], key=lambda t: t.wall)

    def ratios(one: str, two: str) -> list[float]:
        return [a.wall / b.wall for a, b in zip(times[one], times[two], strict=True)]

    dask = best("Dask, 1 worker").wall / best("Dask, 2 workers").wall
    ceiling = best("multiprocessing, 1 process").wall / best("multiprocessing, 2 processes").wall
    dask_reps = ratios("Dask, 1 worker", "Dask, 2 workers")
    pool_reps = ratios("multiprocessing, 1 process", "multiprocessing, 2 processes")
    verdict = "meets" if dask >= TARGET else "MISSES"
    print(f"  best of {REPEATS} interleaved repetitions of each set-up (shortest wall time):")
    print(
        f"    Dask 1 -> 2 workers:                  {best('Dask, 1 worker').wall:6.2f} s -> "
        f"{best('Dask, 2 workers').wall:6.2f} s = {dask:.3f}x ({verdict} the {TARGET}x target)"
    )
    print(
        f"    multiprocessing 1 -> 2 processes:     {best('multiprocessing, 1 process').wall:6.2f} s -> "
        f"{best('multiprocessing, 2 processes').wall:6.2f} s = {ceiling:.3f}x (hardware ceiling, no Dask)"
    )
    print(f"    Dask's speed-up is {dask / ceiling:.1%} of the ceiling")
    print(
        "  per-repetition ratios: Dask "
        + ", ".join(f"{r:.2f}x" for r in dask_reps)
        + f" (median {statistics.median(dask_reps):.2f}x); multiprocessing "
        + ", ".join(f"{r:.2f}x" for r in pool_reps)
        + f" (median {statistics.median(pool_reps):.2f}x)"
    )
    other = max(best(name).other_cpu / best(name).wall for name in times)
    note = "" if other < 0.1 else f"; other processes used up to {other:.2f} cores during the best runs"
    print(f"  results identical in all {4 * REPEATS} sweeps{note}")


if __name__ == "__main__":
    main()
