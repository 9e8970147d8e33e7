"""Scale-out: a 40-million-point sweep on 1 and 2 Dask workers, beside the machine's own two-process ceiling.

The sweep: the Suncatcher preset over a grid of 8,000 launch prices x 5,000
radiator temperatures (40,000,000 designs, the default outputs), in tasks of
524,288 points that generate their own points on the worker and write them as
Parquet partitions to a temporary directory (``sweep(..., out=DIR)``; the
directory is deleted after each run, outside the timing). The client receives
one small :class:`~skyrack.analysis.partitions.PartInfo` per task.

Set-ups, each with 1 and 2 single-threaded workers:

- a real Dask cluster: ``dask scheduler`` and ``dask worker`` processes started
  by :func:`skyrack.analysis.cluster.process_cluster` on free ports (the
  scheduler in its own process, as on a cluster);
- a Dask local cluster (:func:`skyrack.analysis.executor.local_cluster`; its
  scheduler runs in this process);
- plain ``multiprocessing`` pools running the same task function: what the
  machine itself gives two processes, with no Dask (the ceiling).

Every worker is warmed first (imports, compiled kernels, illumination table).
The set-ups then run in alternating order, ``--repeats`` times; before each run
the benchmark waits (up to 30 s) for the rest of the machine to use less than
0.2 cores. Per run it prints wall time, worker CPU, this process's CPU, the
scheduler's, the rest of the machine's load, the client's serial part (before
the first task is handed over, handling results, and after the last) and the
peak RSS of the client (and of the real scheduler) during the run (Linux
``clear_refs`` then ``VmHWM``). Every run's digest (SHA-256 over every value)
must equal the first's.

Targets (PASS/FAIL): the real scheduler's 1 -> 2 worker speed-up >= 1.7x or >= 0.9
of the ceiling's (medians of the per-repetition ratios: each repetition runs a
set-up's 1- and 2-worker sweeps back to back); client peak RSS < 1 GB; identical
results.

Run: python3 tasks.py bench dask
     (or .venv/bin/python benchmarks/bench_dask.py [--points N] [--repeats R] [--no-wait] [--quick])
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS", "ARROW_NUM_THREADS"):
    os.environ[var] = "1"  # before numpy/numba load, here and in the forkserver the pools fork from

import argparse  # noqa: E402
import contextlib  # noqa: E402
import math  # noqa: E402
import multiprocessing  # noqa: E402
import pickle  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator, Mapping  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import psutil  # noqa: E402
from cleanup import exit_on_sigterm  # noqa: E402
from distributed import Client  # noqa: E402

from skyrack.analysis.cluster import process_cluster  # noqa: E402
from skyrack.analysis.executor import DaskExecutor, local_cluster, single_threaded  # noqa: E402
from skyrack.analysis.partitions import Partitions  # noqa: E402
from skyrack.analysis.plans import SweepPlan, chunks  # noqa: E402
from skyrack.analysis.sweep import DEFAULT_OUTPUTS, TASK_SIZE, _sweep_task, parse_vary, sweep  # noqa: E402
from skyrack.model import load_scenario  # noqa: E402

SCENARIO = "suncatcher"
TEMPERATURES = 5000
TARGET, CEILING_SHARE, RSS_LIMIT = 1.7, 0.9, 1 << 30
QUIET_CORES, QUIET_WAIT = 0.2, 30.0
CHUNK = 1 << 16


def varies(points: int) -> list[str]:
    """The two swept parameters for about ``points`` grid points (``TEMPERATURES`` temperatures)."""
    prices = max(1, math.ceil(points / TEMPERATURES))
    return [
        f"launch.price_per_kg=20..3000 USD/kg:log:{prices}",
        f"satellite.thermal.radiator_temperature=280..360 K:{TEMPERATURES}",
    ]


def warm() -> int:
    """Pin this process's numeric libraries to one thread and run a small sweep task; its pid."""
    single_threaded()
    plan = SweepPlan(tuple(parse_vary(v) for v in varies(TEMPERATURES)), "grid")
    _sweep_task(load_scenario(SCENARIO), plan, 0, 2000, list(DEFAULT_OUTPUTS), CHUNK)
    return os.getpid()


def cpu_s(pid: int) -> float:
    """User plus system CPU time of a process, s (0 once it is gone)."""
    try:
        t = psutil.Process(pid).cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    return float(t.user + t.system)


def machine_busy_s() -> float:
    """CPU time the whole machine spent not idle, s (all cores)."""
    t = psutil.cpu_times()
    return float(t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0))


def tree_cpu_s() -> float:
    me = psutil.Process()
    return sum(cpu_s(p.pid) for p in [me, *me.children(recursive=True)])


def other_load(window: float = 1.0) -> float:
    """Cores used by processes outside this process tree over the next ``window`` seconds."""
    ours0, busy0 = tree_cpu_s(), machine_busy_s()
    time.sleep(window)
    return max(0.0, machine_busy_s() - busy0 - (tree_cpu_s() - ours0)) / window


def wait_for_quiet(limit: float) -> float:
    """Wait until other processes use less than ``QUIET_CORES`` (at most ``limit`` s); the wait, s."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit and other_load() >= QUIET_CORES:
        pass
    return time.perf_counter() - t0


def reset_peak_rss(pid: int) -> None:
    """Restart the kernel's peak-RSS count (VmHWM) of a process of ours (Linux ``clear_refs``)."""
    with contextlib.suppress(OSError):
        Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_rss(pid: int) -> int:
    """Peak resident set size of a process since its last reset, bytes."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


class ClientClock:
    """An executor wrapper timing the client's own serial work around the tasks it hands over."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.workers = inner, inner.workers
        self.handed_over = self.last_result = 0.0
        self.handling = 0.0

    def run(self, tasks: Mapping[int, Any]) -> Iterator[tuple[int, Any]]:
        self.handed_over, self.handling = time.perf_counter(), 0.0
        for item in self.inner.run(tasks):
            self.last_result = time.perf_counter()
            yield item
            self.handling += time.perf_counter() - self.last_result

    def close(self) -> None:
        self.inner.close()


@dataclass
class Run:
    wall: float
    worker_cpu: float
    client_cpu: float
    scheduler_cpu: float
    other: float
    serial: float
    client_rss: int
    scheduler_rss: int
    digest: str


@dataclass
class Setup:
    """One way of running the sweep: its name, workers, worker pids, scheduler pid and a run function."""

    name: str
    workers: int
    pids: list[int]
    run: Callable[[Path], tuple[str, float]]  # output directory -> (digest, client serial s)
    scheduler: int | None = None
    runs: list[Run] = field(default_factory=list)


def dask_runner(executor: DaskExecutor, vary: list[str]) -> Callable[[Path], tuple[str, float]]:
    clock = ClientClock(executor)

    def run(out: Path) -> tuple[str, float]:
        t0 = time.perf_counter()
        parts = sweep(SCENARIO, vary, task_size=TASK_SIZE, chunk=CHUNK, executor=clock, out=out)
        done = time.perf_counter()
        return parts.digest, (clock.handed_over - t0) + clock.handling + (done - clock.last_result)

    return run


def pool_runner(pool: Any, vary: list[str]) -> Callable[[Path], tuple[str, float]]:
    scn = load_scenario(SCENARIO)
    plan = SweepPlan(tuple(parse_vary(v) for v in vary), "grid")
    ranges = chunks(plan.size, TASK_SIZE)
    keep = list(DEFAULT_OUTPUTS)

    def run(out: Path) -> tuple[str, float]:
        out.mkdir()
        args = [(scn, plan, a, b, keep, CHUNK, str(out), i) for i, (a, b) in enumerate(ranges)]
        infos = pool.starmap(_sweep_task, args, chunksize=1)
        return Partitions(out, [], infos).digest, math.nan

    return run


def timed(setup: Setup, scratch: Path) -> Run:
    """One run of ``setup`` into a fresh directory under ``scratch`` (deleted afterwards)."""
    me = os.getpid()
    watched = [me, *setup.pids, *([setup.scheduler] if setup.scheduler else [])]
    for pid in (me, setup.scheduler):
        if pid:
            reset_peak_rss(pid)
    before = {pid: cpu_s(pid) for pid in watched}
    tree0, busy0 = tree_cpu_s(), machine_busy_s()
    out = Path(tempfile.mkdtemp(dir=scratch)) / "sweep"
    t0 = time.perf_counter()
    digest, serial = setup.run(out)
    wall = time.perf_counter() - t0
    spent = {pid: cpu_s(pid) - before[pid] for pid in watched}
    other = max(0.0, (machine_busy_s() - busy0) - (tree_cpu_s() - tree0)) / wall
    shutil.rmtree(out.parent)
    return Run(
        wall,
        sum(spent[p] for p in setup.pids),
        spent[me],
        spent.get(setup.scheduler or -1, math.nan),
        other,
        serial,
        peak_rss(me),
        peak_rss(setup.scheduler) if setup.scheduler else 0,
        digest,
    )


def start_setups(stack: contextlib.ExitStack, vary: list[str]) -> list[Setup]:
    """Start, warm and describe every set-up (real clusters, local clusters, pools; 1 and 2 workers each)."""
    setups = []
    for k in (1, 2):
        cluster = stack.enter_context(process_cluster(k))
        executor = stack.enter_context(DaskExecutor(cluster.address))
        pids = list(executor.client.run(warm).values())
        setups.append(Setup(f"Dask scheduler, {k} worker{'s' * (k > 1)}", k, pids, dask_runner(executor, vary)))
        setups[-1].scheduler = cluster.scheduler.pid
    for k in (1, 2):
        client = stack.enter_context(Client(stack.enter_context(local_cluster(k))))
        executor = stack.enter_context(DaskExecutor(client))
        pids = list(executor.client.run(warm).values())
        setups.append(Setup(f"Dask local, {k} worker{'s' * (k > 1)}", k, pids, dask_runner(executor, vary)))
    context = multiprocessing.get_context("forkserver")
    for k in (1, 2):
        pool = stack.enter_context(context.Pool(k, initializer=warm))  # each process warms itself as it starts
        pool.starmap(os.getpid, [()] * k)  # waits for the initializers
        pids = [p.pid for p in pool._pool]  # type: ignore[attr-defined]
        name = f"multiprocessing, {k} process{'es' * (k > 1)}"
        setups.append(Setup(name, k, pids, pool_runner(pool, vary)))
    return setups


def report(setups: list[Setup], repeats: int) -> bool:
    """Speed-ups 1 -> 2 workers and the targets with PASS/FAIL; True when every target passes.

    A repetition runs each set-up's 1- and 2-worker sweeps one right after the other, so their ratio
    is taken under the same conditions; the verdict uses the median of these per-repetition ratios
    (the ratio of the best times is printed too, but pairs runs from different moments).
    """
    by = {s.name: s for s in setups}

    def speedup(prefix: str, one: str, two: str) -> tuple[float, float, list[float]]:
        a, b = by[f"{prefix}, {one}"], by[f"{prefix}, {two}"]
        reps = [x.wall / y.wall for x, y in zip(a.runs, b.runs, strict=True)]
        best = min(r.wall for r in a.runs) / min(r.wall for r in b.runs)
        return statistics.median(reps), best, reps

    real = speedup("Dask scheduler", "1 worker", "2 workers")
    local = speedup("Dask local", "1 worker", "2 workers")
    ceiling = speedup("multiprocessing", "1 process", "2 processes")
    print(f"  speed-up 1 -> 2 workers over {repeats} interleaved repetitions (median of the per-repetition ratios):")
    for label, (median, best, reps) in (
        ("Dask, real scheduler", real),
        ("Dask, local cluster", local),
        ("multiprocessing (ceiling)", ceiling),
    ):
        each = ", ".join(f"{r:.2f}x" for r in reps)
        print(
            f"    {label:<27} {median:.3f}x = {median / ceiling[0]:6.1%} of the ceiling  "
            f"(runs: {each}; ratio of best times {best:.2f}x)"
        )
    dask_runs = [r for s in setups if s.name.startswith("Dask") for r in s.runs]
    worst_rss = max(r.client_rss for r in dask_runs)
    scheduler_rss = max(r.scheduler_rss for s in setups if s.scheduler for r in s.runs)
    serial = max(r.serial for r in dask_runs)
    digests = {r.digest for s in setups for r in s.runs}
    scaled = real[0] >= TARGET or real[0] >= CEILING_SHARE * ceiling[0]
    checks = [
        (f"real-scheduler speed-up {real[0]:.3f}x >= {TARGET}x or >= {CEILING_SHARE:.0%} of the ceiling", scaled),
        (f"client peak RSS {worst_rss / 2**20:,.0f} MB < {RSS_LIMIT / 2**20:,.0f} MB", worst_rss < RSS_LIMIT),
        (f"identical results in all {sum(len(s.runs) for s in setups)} runs", len(digests) == 1),
    ]
    print(
        f"  client serial part at most {serial:.2f} s per sweep; "
        f"real scheduler peak RSS {scheduler_rss / 2**20:,.0f} MB"
    )
    for text, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return all(ok for _, ok in checks)


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=40_000_000, help="grid points of the sweep")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-wait", action="store_true", help="do not wait for a quiet machine")
    parser.add_argument("--quick", action="store_true", help="2,000,000 points, one repetition, no waiting")
    args = parser.parse_args()
    points, repeats, wait = args.points, args.repeats, 0.0 if args.no_wait else QUIET_WAIT
    if args.quick:
        points, repeats, wait = 2_000_000, 1, 0.0
    vary = varies(points)
    plan = SweepPlan(tuple(parse_vary(v) for v in vary), "grid")
    n_tasks = len(chunks(plan.size, TASK_SIZE))
    scn = load_scenario(SCENARIO)
    spec = (_sweep_task, (scn, plan, 0, TASK_SIZE, list(DEFAULT_OUTPUTS), CHUNK, "/tmp/x", 0))
    print(
        f"sweep of {SCENARIO}: {plan.size:,} grid points ({' x '.join(map(str, plan.shape))}), "
        f"{len(DEFAULT_OUTPUTS)} outputs, {n_tasks} tasks of {TASK_SIZE:,} points written as Parquet partitions; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start"
    )
    print(f"  per task: {len(pickle.dumps(spec)):,} bytes of description (the points are generated on the worker)")
    scratch = Path(tempfile.mkdtemp(prefix="skyrack-bench-dask-"))
    try:
        with contextlib.ExitStack() as stack:
            t0 = time.perf_counter()
            setups = start_setups(stack, vary)
            print(f"  {sum(s.workers for s in setups)} workers started and warmed in {time.perf_counter() - t0:.1f} s")
            head = f"{'wall s':>7} {'worker CPU':>10} {'busy':>5} {'client CPU':>10} {'sched CPU':>9} "
            head += f"{'other':>11} {'serial s':>8} {'client RSS':>10} {'wait s':>6}"
            print(f"  {'rep':>3}  {'set-up':<30} {head}")
            for rep in range(repeats):
                for setup in setups if rep % 2 == 0 else setups[::-1]:
                    waited = wait_for_quiet(wait)
                    run = timed(setup, scratch)
                    setup.runs.append(run)
                    print(
                        f"  {rep + 1:>3}  {setup.name:<30} {run.wall:7.2f} {run.worker_cpu:10.2f} "
                        f"{run.worker_cpu / (run.wall * setup.workers):5.0%} {run.client_cpu:10.2f} "
                        f"{run.scheduler_cpu:9.2f} {run.other:6.2f} cores {run.serial:8.2f} "
                        f"{run.client_rss / 2**20:7,.0f} MB {waited:6.1f}",
                        flush=True,
                    )
        ok = report(setups, repeats)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not ok:
        print("  (a FAIL above is a measured result, not an error)")
    sys.exit(0)


if __name__ == "__main__":
    main()
