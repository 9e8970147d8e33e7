"""Freed memory kept in worker processes (skyrack._heap): no page faults from one batch to the next."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def churn_faults() -> int:
    """Page faults of five batches of 200 arrays of 320 kB, each freed at its end (after one to warm up),
    as batches of designs allocate and free their arrays."""
    import resource

    import numpy as np

    def batch() -> None:
        arrays = [np.ones(40_000) for _ in range(200)]
        del arrays

    batch()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(5):
        batch()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


CHURN = """
import json, os, sys
sys.path.insert(0, sys.argv[2])
if sys.argv[1] == "worker":
    from skyrack.analysis.executor import _pool_worker_init
    _pool_worker_init(os.getppid())  # what every service and pool worker runs at start
from test_heap import churn_faults
print(json.dumps(churn_faults()))
"""


def _faults(mode: str) -> int:
    # glibc's defaults: no MALLOC_* variable (a local Dask cluster leaves executor.MALLOC_ENV in this environment)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    run = subprocess.run(
        [sys.executable, "-c", CHURN, mode, str(Path(__file__).parent)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return int(json.loads(run.stdout.strip().splitlines()[-1]))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc settings exist on Linux only")
def test_a_worker_keeps_freed_memory_for_its_next_batch() -> None:
    # five more batches of 64 MB: a plain process faults every page in again (about 78,000 faults: glibc maps
    # each block or trims the freed heap); a worker, after keep_freed_heap, reuses its heap
    assert _faults("plain") > 20_000
    assert _faults("worker") < 500


def test_keep_freed_heap_says_whether_it_took() -> None:
    code = "from skyrack._heap import keep_freed_heap; print(keep_freed_heap())"  # its own process: not pytest's heap
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.strip() == str(sys.platform.startswith("linux"))
