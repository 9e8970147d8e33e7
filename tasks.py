#!/usr/bin/env python3
"""Set up and run skyrack with nothing but Python 3.11+.

    python3 tasks.py run     # create .venv, install the core, run `skyrack compare` on every preset
    python3 tasks.py test    # create .venv, install every extra and the test tools (and chromium), run ruff, mypy
                             # and pytest (the docs build included)
    python3 tasks.py bench   # run the benchmarks in benchmarks/
    python3 tasks.py fuzz [SECONDS]  # the fuzz tests with new random input, round after round (default 600 s)

The virtual environment is re-installed only when pyproject.toml changes or new extras are asked for.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def ensure_env(extras: str = "") -> None:
    """Create the virtual environment and install skyrack (editable) with ``extras`` (comma-separated)."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be run by an older python3
        sys.exit(f"skyrack needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    wanted = {e for e in extras.split(",") if e}
    stamp = VENV / ".skyrack-installed"
    if stamp.exists():
        installed_digest, _, installed = stamp.read_text().partition("\n")
        if installed_digest == digest and wanted <= set(installed.split(",")):
            return  # the same pyproject.toml, installed with these extras or more
    print("installing skyrack and its dependencies" + (f" (extras: {extras})" if extras else ""), flush=True)
    run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([str(PY), "-m", "pip", "install", "--quiet", "-e", f".[{extras}]" if extras else "."])
    stamp.write_text(digest + "\n" + ",".join(sorted(wanted)))


def run(cmd: list[str]) -> None:
    """Run a command in the project root; stop with its exit code if it fails."""
    code = subprocess.call(cmd, cwd=ROOT)
    if code != 0:
        sys.exit(code)


def task_run(args: list[str]) -> None:
    ensure_env()  # the core: design, compare, simulate, report
    code = subprocess.call([str(BIN / "skyrack"), "compare", *args], cwd=ROOT)
    if code == 2 and not args:  # the presets themselves: an infeasible one is a finding, not a failure
        print("some built-in presets are infeasible as specified: their reasons are printed above", flush=True)
        return
    if code != 0:
        sys.exit(code)


def ensure_browser() -> None:
    """The browser test drives Debian's chromium: install it with apt-get when missing and allowed (root)."""
    if shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("installing chromium for the browser test (apt-get)", flush=True)
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"])
    else:
        print("chromium is not installed: tests/test_web_browser.py will fail (apt-get install chromium)", flush=True)


def task_test(args: list[str]) -> None:
    ensure_env("all,test")
    ensure_browser()
    run([str(BIN / "ruff"), "check", "src", "tests", "benchmarks", "tasks.py"])
    run([str(BIN / "ruff"), "format", "--check", "src", "tests", "benchmarks", "tasks.py"])
    run([str(BIN / "mypy")])
    run([str(PY), "-m", "pytest", *args])


def task_bench(args: list[str]) -> None:
    ensure_env("all,test")  # bench_dask and bench_serve need the dask and web extras
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        if not args or any(a in script.name for a in args):
            print(f"\n== {script.name}", flush=True)
            run([str(PY), str(script)])


def task_fuzz(args: list[str]) -> None:
    """Run tests/test_fuzz_*.py with fresh random examples until SECONDS (default 600) have passed.

    Each round is a pytest run with ``SKYRACK_FUZZ=1`` (many random examples per test, each under
    the suite's time and memory guards); a failure, or a round that outlives its time, stops it.
    """
    ensure_env()
    seconds = float(args[0]) if args else 600.0
    examples = args[1] if len(args) > 1 else "100"
    files = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests").glob("test_fuzz_*.py"))]
    env = {**os.environ, "SKYRACK_FUZZ": "1", "SKYRACK_FUZZ_EXAMPLES": examples}
    start = time.monotonic()
    rounds = 0
    while time.monotonic() - start < seconds:
        rounds += 1
        print(f"\n== fuzz round {rounds} ({time.monotonic() - start:.0f} of {seconds:g} s)", flush=True)
        try:
            code = subprocess.run(
                [str(PY), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *files],
                cwd=ROOT,
                env=env,
                timeout=seconds + 1800,
                check=False,
            ).returncode
        except subprocess.TimeoutExpired:
            sys.exit(f"fuzz: round {rounds} hung (killed after {seconds + 1800:g} s)")
        if code != 0:
            sys.exit(code)
    print(f"fuzz: {rounds} round(s) of generated input in {time.monotonic() - start:.0f} s, no failure", flush=True)


TASKS = {"run": task_run, "test": task_test, "bench": task_bench, "fuzz": task_fuzz}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [args...]")
    TASKS[sys.argv[1]](sys.argv[2:])
