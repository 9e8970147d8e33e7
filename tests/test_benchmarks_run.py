"""The throughput benchmarks still run: each at a tiny size in a fresh process (their figures are not checked).

The full runs (``python3 tasks.py bench``) take minutes each; these catch a benchmark that no longer
runs against the code (as bench_million once did) or that feeds the model old parameter names.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("script", "args", "says"),
    [
        ("bench_design.py", ["-n", "3000", "--repeats", "1"], "every output"),
        ("bench_montecarlo.py", ["20000"], "draws"),
        ("bench_latency.py", ["--presets", "starcloud-1", "--repeats", "1"], "design()"),
        ("bench_worker.py", ["--requests", "90"], "per group"),
        ("bench_fusion.py", ["-n", "3000", "--repeats", "1"], "the same bits"),
    ],
)
def test_benchmark_runs_at_a_tiny_size(script: str, args: list[str], says: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONWARNINGS": "error::skyrack.errors.SkyrackWarning"}
    command = [sys.executable, str(ROOT / "benchmarks" / script), *args]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert says in proc.stdout, proc.stdout
