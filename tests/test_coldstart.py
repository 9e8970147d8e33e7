"""Cold start: what a fresh process loads for ``import skyrack.cli`` and for ``skyrack design``.

Issue 15 asks for a first ``skyrack design PRESET`` under 0.8 s; the heavy modules
a design does not use are loaded only by the commands that do (a test here fails if
one comes back at start-up). ``benchmarks/bench_peers.py --cold-only`` measures the time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

from skyrack import _lazy
from skyrack._lazy import LazyKernel, numba

# Loaded by other commands only (simulation, sweeps, the web app, the store, the report).
NOT_AT_START = (
    "numba",
    "scipy",
    "pint",
    "pymsis",
    "pandas",
    "pyarrow",
    "dask",
    "distributed",
    "plotly",
    "matplotlib",
    "jinja2",
    "duckdb",
    "fastapi",
    "starlette",
    "uvicorn",
    "multiprocessing",
    "rich.progress",
    "skyrack.model",
    "skyrack.sizing",
    "skyrack.simulate.engine",
    "skyrack.web.app",
)
# Still not needed once a design has run (pint: its conversions are read back from the cache folder; scipy:
# the normal distribution of failure doses comes from the C library's erfc, not scipy.special's 0.18 s import).
NOT_FOR_DESIGN = tuple(m for m in NOT_AT_START if m not in ("pymsis", "skyrack.model", "skyrack.sizing"))

DESIGN = """
import contextlib, io, json, sys
from skyrack.cli import run_cli
code = run_cli(["design", "suncatcher"])
print(json.dumps({"code": code, "loaded": sorted(m for m in sys.argv[1:] if m in sys.modules)}), file=sys.stderr)
"""


def _fresh(code: str, modules: tuple[str, ...], cache: Path) -> tuple[str, dict[str, object]]:
    """Run ``code`` in a new interpreter; its stdout and the JSON it writes on the last line of stderr."""
    env = {**os.environ, "SKYRACK_CACHE_DIR": str(cache)}
    run = subprocess.run(
        [sys.executable, "-c", code, *modules], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout, json.loads(run.stderr.strip().splitlines()[-1])


def test_the_modules_named_here_exist() -> None:
    # a renamed module would make the checks below pass without testing anything
    for name in ("skyrack.model", "skyrack.sizing", "skyrack.simulate.engine", "skyrack.web.app"):
        assert importlib.util.find_spec(name) is not None, name


def test_importing_the_cli_loads_no_heavy_module(tmp_path: Path) -> None:
    code = "import json, sys, skyrack.cli\n"
    code += "print(json.dumps({'loaded': [m for m in sys.argv[1:] if m in sys.modules]}), file=sys.stderr)"
    _, run = _fresh(code, NOT_AT_START, tmp_path)
    assert run["loaded"] == []


def test_a_design_with_warm_caches_loads_neither_pint_nor_numba(tmp_path: Path) -> None:
    first, run1 = _fresh(DESIGN, NOT_FOR_DESIGN, tmp_path)  # fills the cache folder
    assert (tmp_path / "conversions.json").is_file()
    second, run2 = _fresh(DESIGN, NOT_FOR_DESIGN, tmp_path)
    assert run1["code"] == run2["code"] == 0
    assert second == first  # the same table, from pint's conversions read back
    assert "skyrack design: suncatcher" in second
    assert run2["loaded"] == []


@numba.njit(cache=False)
def _twice(x: float) -> float:  # pragma: no cover - compiled
    return 2.0 * x


@numba.njit(cache=False, parallel=True)
def _sum_of_twice(values: np.ndarray) -> float:  # pragma: no cover - compiled
    total = 0.0
    for k in numba.prange(values.size):
        total += _twice(values[k])
    return total


def test_a_lazy_kernel_compiles_on_its_first_call_with_the_kernels_it_calls() -> None:
    assert isinstance(_sum_of_twice, LazyKernel)
    # 2 * (0 + 1 + 2 + 3) = 12, with the inner kernel and numba.prange swapped in for the real ones
    assert _sum_of_twice(np.arange(4.0)) == 12.0
    namespace = globals()
    assert type(namespace["_twice"]).__name__ == "CPUDispatcher"
    assert namespace["numba"].__name__ == "numba"
    assert _sum_of_twice.py_func(np.arange(3.0)) == 6.0  # the dispatcher's attributes are reachable
    assert _sum_of_twice.signatures  # compiled once, for float64 arrays


HALVES = """
@numba.njit(cache=False, inline="always")
def halve(x):
    return x / 2.0

@numba.njit(cache=False)
def halve_all(values, out):
    for k in range(values.size):
        out[k] = halve(values[k])
"""


def test_a_lazy_kernel_runs_its_source_for_a_few_elements_until_it_is_compiled() -> None:
    # a module of its own, with the lazy numba (this module's name is the real numba once a kernel here compiled)
    kernels: dict[str, Any] = {"numba": _lazy.numba, "__name__": "halves"}
    exec(HALVES, kernels)
    small, out = np.array([1.0, 3.0, np.nan]), np.empty(3)
    _lazy.call(kernels["halve_all"], small.size, small, out)  # as Python: nothing compiled, the placeholders stay
    assert isinstance(kernels["halve"], LazyKernel) and isinstance(kernels["halve_all"], LazyKernel)
    np.testing.assert_array_equal(out, [0.5, 1.5, np.nan])
    big = np.arange(20.0)
    out = np.empty(20)
    _lazy.call(kernels["halve_all"], big.size, big, out)  # more than SMALL elements: compiled
    assert type(kernels["halve"]).__name__ == "CPUDispatcher"
    np.testing.assert_array_equal(out, big / 2.0)
