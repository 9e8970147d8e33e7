"""Explicit regressions of the hostile-input report on the command line: one line, exit 2, bounded time and memory.

Each reproducer runs the real ``skyrack`` command (typer's runner, in this process)
under the fuzz suite's guards: a time limit (SIGALRM) and an address-space cap 300 MB
above the process's size, so a regression fails here instead of hanging the suite or
filling the machine's memory. (The same reproducers against the service are in
``test_web_hostile.py``.)

The bounded file reading, YAML loading and quantity parsing these need come with
``skyrack.safe_input`` (issue 13, part 1); until that module is present the tests
that depend on it are expected to fail (strict: they must fail, visibly).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fuzzing import guarded

TIME_GUARD_S = 10.0  # a hang detector
MEMORY_GUARD_MB = 300  # address space the command may add to this process


def run_cli(*args: str) -> tuple[int, str]:
    """The ``skyrack`` command in this process under the time and memory guards: exit code, stderr, seconds."""
    from typer.testing import CliRunner

    from skyrack.cli import app

    t0 = time.perf_counter()
    with guarded(TIME_GUARD_S, MEMORY_GUARD_MB):
        result = CliRunner().invoke(app, list(args))
    seconds = time.perf_counter() - t0
    print(f"{args!r:.80}: exit {result.exit_code} in {seconds:.2f} s")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{type(result.exception).__name__}: {str(result.exception)[:300]}")
    return result.exit_code, result.stderr


def assert_refused(outcome: tuple[int, str], *words: str) -> None:
    """Exit 2 with one ``error:`` line naming ``words``."""
    code, stderr = outcome
    assert code == 2, (code, stderr[-1000:])
    assert stderr.startswith("error: ") and stderr.count("\n") == 1, stderr[-1000:]
    assert "Traceback" not in stderr and len(stderr) < 2000
    for word in words:
        assert word in stderr, stderr


def _alias_bomb(levels: int = 9) -> str:
    names = "abcdefghij"
    lines = [f'{names[0]}: &{names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"{names[i]}: &{names[i]} [{', '.join([f'*{names[i - 1]}'] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    os.mkfifo(path)  # nobody ever writes to it: opening it to read would block forever
    return path


def test_dev_zero_as_a_scenario() -> None:
    assert_refused(run_cli("design", "/dev/zero"), "/dev/zero")


def test_dev_zero_as_a_catalog() -> None:
    assert_refused(run_cli("design", "suncatcher", "--catalog", "/dev/zero"), "/dev/zero")


def test_dev_zero_as_a_tle() -> None:
    assert_refused(run_cli("simulate", "suncatcher", "--tle", "/dev/zero"), "/dev/zero")


def test_a_fifo_as_a_scenario(fifo: Path) -> None:
    assert_refused(run_cli("design", str(fifo)), str(fifo))


def test_an_alias_bomb_in_a_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb())
    assert_refused(run_cli("design", str(path)))


def test_an_alias_bomb_in_a_set_option() -> None:
    # ``name`` is text: the value is taken as a string, never parsed as YAML, so nothing expands
    flow = "{" + _alias_bomb().replace("\n", ", ").rstrip(", ") + "}"
    code, _ = run_cli("design", "suncatcher", "--set", f"name={flow}", "--json")
    assert code == 0
    # where a mapping is allowed (catalog overrides), the alias bomb is refused by the loader
    assert_refused(run_cli("design", "suncatcher", "--set", f"catalog={flow}"))


def test_deep_nesting_in_a_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("name: " + "[" * 5000 + "]" * 5000 + "\n")
    assert_refused(run_cli("design", str(path)))


def test_a_400_digit_number_in_a_set_option() -> None:
    assert_refused(run_cli("design", "suncatcher", "--set", "launch.price_per_kg=" + "9" * 400), "price_per_kg")


def test_a_40000_digit_quantity_in_a_set_option() -> None:
    assert_refused(run_cli("design", "suncatcher", "--set", "launch.price_per_kg=" + "1" * 40_000 + " USD/kg"))


def test_a_utf16_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_text("name: x\n", encoding="utf-16")
    assert_refused(run_cli("design", str(path)), "utf16.yaml")


def test_a_non_utf8_byte_in_an_argument() -> None:
    # the lone surrogate of the service report, on the command line: bytes that are not UTF-8 (a real process)
    cmd = [sys.executable, "-m", "skyrack", "design", "suncatcher", "--set", b"name=\xff\xfe"]
    proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert_refused((proc.returncode, stderr), "not UTF-8")


def test_runs_rm_with_a_wildcard_deletes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from skyrack import store

    monkeypatch.setenv("SKYRACK_HOME", str(tmp_path))
    kept = store.save_run("sweep", None, {})
    assert_refused(run_cli("runs", "rm", "_"), "hex digits")
    assert [r["id"] for r in store.list_runs()] == [kept]
