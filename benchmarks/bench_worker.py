"""A service worker's CPU per request, in process: batches of 45 to 256 design requests, with and without
the worker's heap setting.

``skyrack.web.work.batch`` (what a worker runs for a micro-batch) answers the
``bench_service`` bodies (presets x launch prices x discount rates) in batches of
each size, in two fresh processes: one as a plain process (glibc's allocator
defaults: the baseline) and one as a worker starts (``_pool_worker_init``, which
keeps freed memory for the next batch, ``skyrack._heap``). Printed per batch
size: user and system CPU and minor page faults per request (``getrusage``), and
the worker's CPU as a ratio of the plain process's. Each mode runs twice, the runs
alternated (plain, worker, worker, plain), and each figure is the better of its
two runs (the machine's speed drifts). Last, a fit of the worker's
CPU per batch against the batch's requests and same-preset groups: the cost of a
request and the fixed cost of a group.

Run: python3 tasks.py bench worker   (or .venv/bin/python benchmarks/bench_worker.py [--requests N])
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np

SIZES = (45, 90, 180, 256)


def measure(requests: int, worker: bool) -> dict[int, tuple[float, float, float, int]]:
    """Per batch size: (user ms, system ms, page faults) per request, and the batches' groups in all."""
    from bench_service import bodies

    from skyrack.model import preset_names
    from skyrack.web import work
    from skyrack.web.limits import Limits

    if worker:
        from skyrack.analysis.executor import _pool_worker_init

        _pool_worker_init(os.getppid())
    limits = Limits()
    parsed = [json.loads(b) for b in bodies(requests, 0)]
    presets = len(preset_names())
    out = {}
    for size in SIZES:
        batches = [{"items": [["design", b] for b in parsed[i : i + size]]} for i in range(0, requests, size)]
        work.batch(batches[0], limits)  # warm: caches, kept sizings
        before = resource.getrusage(resource.RUSAGE_SELF)
        for batch in batches:
            work.batch(batch, limits)
        after = resource.getrusage(resource.RUSAGE_SELF)
        n = sum(len(b["items"]) for b in batches)
        groups = sum(min(presets, len(b["items"])) for b in batches)
        out[size] = (
            (after.ru_utime - before.ru_utime) * 1e3 / n,
            (after.ru_stime - before.ru_stime) * 1e3 / n,
            (after.ru_minflt - before.ru_minflt) / n,
            groups,
        )
    return out


def run(requests: int, worker: bool) -> dict[int, tuple[float, float, float, int]]:
    """:func:`measure` in a fresh process (the heap setting is the whole process's)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}  # glibc's defaults for the plain one
    args = [sys.executable, __file__, "--child", "worker" if worker else "plain", "--requests", str(requests)]
    proc = subprocess.run(args, env=env, capture_output=True, text=True, check=True, cwd=Path(__file__).parent)
    return {int(k): tuple(v) for k, v in json.loads(proc.stdout.strip().splitlines()[-1]).items()}


def _better(
    a: dict[int, tuple[float, float, float, int]], b: dict[int, tuple[float, float, float, int]]
) -> dict[int, tuple[float, float, float, int]]:
    """Per batch size, the run with the less CPU per request."""
    return {size: min(a[size], b[size], key=lambda r: r[0] + r[1]) for size in a}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1800, help="requests per batch size")
    parser.add_argument("--child", choices=("plain", "worker"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests, args.child == "worker")))
        return
    first, second, third, fourth = (run(args.requests, w) for w in (False, True, True, False))
    plain, worker = _better(first, fourth), _better(second, third)
    print(f"web.work.batch, {args.requests} design requests per batch size, CPU per request (user + system):")
    for size in SIZES:
        (pu, ps, pf, _), (wu, ws, wf, _) = plain[size], worker[size]
        print(
            f"  {size:4d} a batch: plain {pu:5.2f} + {ps:4.2f} ms, {pf:5.0f} faults;   "
            f"worker {wu:5.2f} + {ws:4.2f} ms, {wf:5.0f} faults;   worker / plain {(wu + ws) / (pu + ps):.2f}"
        )
    # worker CPU of all batches of a size = requests * per_request + groups * per_group
    rows = np.array([[args.requests, worker[s][3]] for s in SIZES], dtype=float)
    total = np.array([(worker[s][0] + worker[s][1]) * args.requests for s in SIZES])
    (per_request, per_group), *_ = np.linalg.lstsq(rows, total, rcond=None)
    print(f"  worker fit: {per_request:.2f} ms per request + {per_group:.1f} ms per group of same-preset designs")
    print(f"  load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
