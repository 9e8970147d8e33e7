"""Dask speed-up from 1 to 2 workers on a sweep of time-domain simulations (target at least 1.7x).

Eight 60-day simulations of the Suncatcher preset (81 satellites, 30 s step,
seeds 0-7), one task each, through :func:`skyrack.analysis.sweep.simulation_sweep`
on a Dask ``LocalCluster(n_workers=k, threads_per_worker=1)`` whose workers run
numba with one thread (``NUMBA_NUM_THREADS=1``). Each cluster is warmed (numba
kernels loaded, imports done) by one full-length simulation per worker before
the timed sweep; the results of both sweeps are checked to be equal.

Run: python3 tasks.py bench dask   (or .venv/bin/python benchmarks/bench_dask.py [RUNS] [DAYS])
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[var] = "1"

import sys  # noqa: E402
import time  # noqa: E402

import pandas as pd  # noqa: E402

from skyrack.analysis.executor import DaskExecutor  # noqa: E402
from skyrack.analysis.sweep import simulation_sweep  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 8
DAYS = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
TARGET = 1.7
ENV = {"NUMBA_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


def timed_sweep(workers: int) -> tuple[float, pd.DataFrame]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, env=ENV
        ) as cluster,
        Client(cluster) as client,
    ):
        executor = DaskExecutor(client)
        # warm-up: one full-length simulation per worker (imports, numba kernels, per-run caches)
        simulation_sweep("suncatcher", seeds=range(100, 100 + workers), duration_s=DAYS * 86400.0, executor=executor)
        t0 = time.perf_counter()
        frame = simulation_sweep("suncatcher", seeds=range(RUNS), duration_s=DAYS * 86400.0, executor=executor)
        return time.perf_counter() - t0, frame


def main() -> None:
    print(
        f"simulation sweep: {RUNS} x {DAYS:g}-day runs of suncatcher (81 satellites, 30 s step), {os.cpu_count()} CPUs"
    )
    one, frame_one = timed_sweep(1)
    print(f"  1 Dask worker : {one:7.2f} s  ({one / RUNS:.2f} s per simulation)")
    two, frame_two = timed_sweep(2)
    print(f"  2 Dask workers: {two:7.2f} s  ({two / RUNS:.2f} s per simulation)")
    pd.testing.assert_frame_equal(frame_one, frame_two, check_exact=True)
    speedup = one / two
    verdict = "meets" if speedup >= TARGET else "MISSES"
    print(f"  speed-up 1 -> 2 workers: {speedup:.3f}x ({verdict} the {TARGET}x target); results identical")


if __name__ == "__main__":
    main()
