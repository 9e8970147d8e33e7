"""Hostile input on the command line: every reproducer of issue 13 is refused with one line and exit code 2.

Most cases run the real entry point (:func:`skyrack.cli.run_cli`) in this process, with a
deadline (a hang fails, it does not block the suite) and tracemalloc (a memory blow-up
fails). Those that need a process of their own (``/dev/zero``, a FIFO, argument bytes
that are not UTF-8, the alias bomb, the 40,000-digit quantity, the sample of a
300-million-satellite fleet) run the command line in a child under an address-space
limit, which reports its own peak resident memory (VmHWM) at exit.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from fuzzing import time_limit
from iss import ISS_TLE
from skyrack.cli import run_cli

DEADLINE_S = 20.0
"""In-process refusals take well under a second; the reproducers took 20 s to forever."""
MAX_TRACED_MB = 100.0
"""Peak Python-level memory of an in-process refusal (numpy arrays included)."""
MAX_RSS_MB = 300.0
"""Peak resident memory of a refusing child process (issue 13: 'within 2 s and 300 MB')."""
CHILD_AS_BYTES = 3 << 30
"""Address-space limit of a child: a regression fails with MemoryError rather than filling the machine."""
CHILD_TIMEOUT_S = 120.0

SWEEP = ["sweep", "suncatcher", "--vary", "launch.price_per_kg=20..3000 USD/kg:5"]
UNIFORM = "launch.price_per_kg=uniform(low=1 USD/kg, high=2 USD/kg)"
MONTECARLO = ["montecarlo", "suncatcher", "-u", UNIFORM]


def _bomb(levels: int = 9) -> str:
    """The 'billion laughs': nine levels of nine aliases, 9**9 = 387,420,489 strings when expanded."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * 9) + "]"]
    lines += [f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, levels)]
    return "\n".join(lines) + "\n"


def _flow_bomb(levels: int = 9) -> str:
    """The same bomb on one line (a 344-byte argument in issue 13)."""
    items = ["&l0 [" + ", ".join(["lol"] * 9) + "]"]
    items += [f"&l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, levels)]
    return "[" + ", ".join(items) + "]"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Hostile input files, by name."""
    root = tmp_path_factory.mktemp("hostile")
    texts: dict[str, str | bytes] = {
        "bomb.yaml": "name: bomb\n" + _bomb(),
        "bomb-catalog.yaml": "kind: accelerators\nentries: {}\n" + _bomb(),
        "recursive.yaml": "name: &a [1, *a]\n",
        "deep.yaml": "name: " + "[" * 200 + "]" * 200 + "\n",
        "deep-block.yaml": "".join("  " * k + f"k{k}:\n" for k in range(200)),
        "duplicate.yaml": "name: one\norbit: {altitude: 650 km}\nname: two\n",
        "utf16.yaml": "name: x\n".encode("utf-16"),
        "latin1.yaml": b"name: caf\xe9\n",
        "digits.yaml": "name: x\nsatellite: {compute: {it_power: " + "1" * 400 + "}}\n",
        "long.yaml": "name: x\norbit: {altitude: '" + "1" * 40_000 + " km'}\n",
        "ltan.yaml": "name: x\norbit: {ltan: '18:99'}\nsatellite: {compute: {accelerator: h100-sxm}}\n",
        "secret.yaml": "secret: hunter2\npassword: swordfish\n",
        "secret-kind.yaml": "kind: accelerators\nentries: {}\nsecret: hunter2\n",
        "ascii.tle": ISS_TLE.replace("0  2927", "0  ٢927"),
        "utf16.tle": ISS_TLE.encode("utf-16"),
        "latin1.tle": ISS_TLE.replace("ISS (ZARYA)", "ISS (ZARY\xc4)").encode("latin-1"),
        "utf16.json": '[{"OBJECT_NAME": "ISS"}]'.encode("utf-16"),
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "entities.xml": '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaa">]><a>&a;</a>',
        "not-a-tle.tle": "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n",
        "a-file": "I am a file, not a directory\n",
    }
    for name, text in texts.items():
        path = root / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return {name: str(root / name) for name in texts} | {"root": str(root)}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Import and cache everything once, so that a measurement sees only the refusal."""
    with contextlib.redirect_stdout(open(os.devnull, "w")):
        assert run_cli(["design", "suncatcher", "--json"]) == 0


def refused(capsys: pytest.CaptureFixture[str], args: list[str], fragment: str) -> str:
    """Run the command line in this process; assert exit 2, one 'error:' line holding ``fragment``, bounded cost."""
    capsys.readouterr()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with time_limit(DEADLINE_S):
            code = run_cli(args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert fragment in lines[0], lines[0]
    assert elapsed < DEADLINE_S and peak < MAX_TRACED_MB * 2**20, (elapsed, peak)
    return lines[0]


# --------------------------------------------------------------------------- in this process

CASES = [
    # 1. YAML alias bombs, recursive aliases and deep nesting, through scenario and catalog files and --set
    (["design", "{bomb.yaml}"], "aliases expanding to over"),
    (["design", "suncatcher", "--catalog", "{bomb-catalog.yaml}"], "aliases expanding to over"),
    (["design", "{recursive.yaml}"], "recursive alias"),
    (["design", "{deep.yaml}"], "levels of nesting"),
    (["design", "{deep-block.yaml}"], "levels of nesting"),
    (["design", "suncatcher", "--set", "catalog_files=" + "[" * 50 + "]" * 50], "levels of nesting"),
    (["design", "suncatcher", "--set", "sources=" + _flow_bomb()], "error: --set sources (line 1"),
    # 2. long numbers: capped before pint; 5. a 400-digit number
    (["design", "{long.yaml}"], "at most 120 characters"),
    (["design", "suncatcher", "--set", "orbit.altitude=" + "1" * 400], "at most 309 digits"),
    (["design", "{digits.yaml}"], "an integer of 400 digits"),
    (["design", "suncatcher", "--set", "orbit.altitude=1" + "0" * 400 + " km"], "at most 120 characters"),
    (["design", "suncatcher", "--set", "orbit.altitude=9**9**9 m"], "small exponents"),
    # 5. files that are not UTF-8 (scenario, catalog, TLE, OMM)
    (["design", "{utf16.yaml}"], "UTF-16 text (byte-order mark at byte 0)"),
    (["design", "{latin1.yaml}"], "not UTF-8: byte 0xe9 at offset 9 (line 1)"),
    (["design", "suncatcher", "--catalog", "{utf16.yaml}"], "UTF-16"),
    (["simulate", "suncatcher", "--duration", "1 d", "--tle", "{utf16.tle}"], "UTF-16"),
    (["simulate", "suncatcher", "--duration", "1 d", "--tle", "{latin1.tle}"], "not UTF-8: byte 0xc4 at offset 9"),
    (["simulate", "suncatcher", "--duration", "1 d", "--omm", "{utf16.json}"], "UTF-16"),
    # 5. a non-ASCII digit in a TLE; JSON nested too deeply; XML entities
    (["simulate", "suncatcher", "--duration", "1 d", "--tle", "{ascii.tle}"], "line 2, column 66"),
    (["simulate", "suncatcher", "--duration", "1 d", "--omm", "{deep.json}"], "nested too deeply"),
    (["simulate", "suncatcher", "--duration", "1 d", "--omm", "{entities.xml}"], "without DTDs or entities"),
    # 5. negative seeds
    ([*SWEEP, "--seed", "-1"], "--seed: got -1; a seed from 0 to 4294967295"),
    (["simsweep", "suncatcher", "--seeds", "-5"], "--seeds: got -5"),
    (["simulate", "suncatcher", "--seed", "-1"], "--seed"),
    ([*MONTECARLO, "--seed", "99999999999"], "--seed"),
    # 5. huge -n, grids, seed ranges, satellite counts: refused before any allocation
    ([*MONTECARLO, "-n", "10" + "0" * 11], "the limit"),
    (["sweep", "suncatcher", "-v", "launch.price_per_kg=20..3000 USD/kg:200000000"], "200,000,000 table rows"),
    (
        [
            "sweep",
            "suncatcher",
            "-v",
            "launch.price_per_kg=1..2 USD/kg:20000",
            "-v",
            "orbit.altitude=500..600 km:10000",
        ],
        "rows",
    ),
    (
        ["sweep", "suncatcher", "-v", "launch.price_per_kg=1..2 USD/kg", "-m", "random", "-n", "10" + "0" * 10],
        "--draws",
    ),
    (["breakeven", "suncatcher", "--x", "launch.price_per_kg=20..3000 USD/kg:100000"], "table rows"),
    (["sweep", "suncatcher", "-v", "launch.price_per_kg=1..2 USD/kg:" + "9" * 900], "9.9e+899 design evaluations"),
    (["simsweep", "suncatcher", "--seeds", "0..4000000000"], "4,000,000,001 seeds"),
    (["simsweep", "suncatcher", "-v", "orbit.altitude=500..600 km:1000000"], "1,000,000 variants"),
    (["sensitivity", "suncatcher", "-u", UNIFORM, "--sobol", "10" + "0" * 9], "design evaluations"),
    (["optimise", "suncatcher", "-v", "orbit.altitude=500..1200 km", "--population", "10" + "0" * 9], "evaluations"),
    (
        ["simulate", "suncatcher", "--set", "constellation.satellites=300000000", "--satellites", "200000"],
        "satellites per simulation",
    ),
    (["simulate", "blue-origin-sunrise", "--satellites", "51600", "--duration", "5 yr"], "satellite-steps"),
    ([*SWEEP, "--workers", "100000"], "worker processes"),
    ([*SWEEP, "--workers", "0"], "--workers"),
    ([*SWEEP, "--workers", "2", "--task-size", "100000000"], "points held by the workers at once"),
    # 5. outputs checked before the work: missing directories, a checkpoint path that is a file
    ([*SWEEP, "--out", "/nonexistent/dir/x.csv"], "the directory /nonexistent/dir does not exist"),
    ([*SWEEP, "--out", "{root}/x.xlsx"], "a .csv or .parquet file name"),
    ([*SWEEP, "--out", "{root}"], "holds no skyrack run; give a new directory"),  # a directory: partitions
    ([*SWEEP, "--checkpoint", "{a-file}"], "exists and is not a directory"),
    ([*SWEEP, "--checkpoint", "{root}/new", "--resume"], "no such directory"),
    ([*MONTECARLO, "-o", "/nonexistent/m.csv"], "does not exist"),
    (["simulate", "suncatcher", "--out", "/nonexistent/a/b"], "does not exist"),
    (["simulate", "suncatcher", "--out", "{a-file}"], "exists and is not a directory"),
    (["deploy", "suncatcher", "--out", "/nonexistent/d.csv"], "does not exist"),
    (["report", "suncatcher", "-o", "/nonexistent/r.html"], "does not exist"),
    (["report", "suncatcher", "-o", "{root}/r.html", "--png-dir", "{a-file}"], "--png-dir"),
    # 5. a report of an impossible design: its reasons, no traceback
    (
        ["report", "suncatcher", "-o", "{root}/r.html", "--set", "satellite.thermal.radiator_temperature=150 K"],
        "infeasible design: satellite.thermal.radiator_temperature",
    ),
    # 6. a 1e-6 s step (the service's 10 s minimum applies here too)
    (["simulate", "suncatcher", "--step", "1e-6 s", "--duration", "1 d"], "at least 10 s"),
    (["simsweep", "suncatcher", "--step", "1 ms"], "at least 10 s"),
    # 7. impossible inputs: clock times, infinite distribution parameters, duplicate keys
    (["design", "suncatcher", "--set", "orbit.ltan=18:99"], "a time of day from 00:00 to 24:00"),
    (["design", "{ltan.yaml}"], "orbit.ltan: got '18:99'"),
    (["design", "suncatcher", "--set", "orbit.ltan=24:30"], "a time of day"),
    (
        ["montecarlo", "suncatcher", "-u", "launch.price_per_kg=uniform(low=1 USD/kg, high=inf USD/kg)"],
        "expected a finite number",
    ),
    (
        ["montecarlo", "suncatcher", "-u", "launch.price_per_kg=lognormal(median=500 USD/kg, sigma=inf)"],
        "needs finite parameters; sigma is inf",
    ),
    (["design", "{duplicate.yaml}"], "(line 3, column 1): got \"found duplicate key 'name'\""),
    # 9. messages: no invalid suggestions, the catalog section by its name, no content of files not written
    (["design", "suncatcher", "--set", "orbit.altitude=nan"], "orbit.altitude: got 'nan'; expected a finite number"),
    (["design", "suncatcher", "--set", "launch.price_per_kg=inf"], "expected a finite number"),
    (["design", "suncatcher", "--set", "catalog.accelerators.h100-sxm.watts=1 W"], "catalog.accelerators.h100-sxm"),
    (["design", "suncatcher", "--set", "catalog.accelerators.h100-sxm.tdp=nan W"], "catalog.accelerators.h100-sxm.tdp"),
    # found by fuzzing the options: a NUL in a path, an objective that is not an output
    (["design", "suncatcher", "--catalog", "a\x00b"], "not a usable path"),
    (["optimise", "suncatcher", "-v", "orbit.altitude=500..1200 km", "--objective", "nope"], "not an output"),
    (["optimise", "suncatcher", "-v", "orbit.altitude=500..1200 km", "--pareto", "[1,2]"], "not an output"),
    # usage errors are one line too
    (["design", "suncatcher", "--no-such-option"], "No such option: --no-such-option"),
    (["sweep", "suncatcher"], "Missing option '--vary'"),
    (["montecarlo", "suncatcher", "-n", "many"], "Invalid value for '--draws' / '-n'"),
]


def _fill(arg: str, files: dict[str, str]) -> str:
    for name, path in files.items():
        arg = arg.replace("{" + name + "}", path)
    return arg


@pytest.mark.parametrize(("args", "fragment"), CASES, ids=[" ".join(a)[:60] for a, _ in CASES])
def test_hostile_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], args: list[str], fragment: str
) -> None:
    line = refused(capsys, [_fill(a, files) for a in args], fragment)
    assert "…" in line or len(line) < 1000  # long input is shown as a bounded excerpt


def test_no_suggestion_is_itself_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("nan", "inf", "-inf", "1e999"):
        line = refused(capsys, ["design", "suncatcher", "--set", f"launch.price_per_kg={value}"], "finite")
        assert "e.g." not in line  # never "give a unit, e.g. 'nan USD/kg'"


def test_files_the_user_did_not_write_are_never_echoed(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    for args in (
        ["design", "suncatcher", "--catalog", files["secret.yaml"]],
        ["design", "suncatcher", "--set", f'catalog_files=["{files["secret.yaml"]}"]'],
        ["design", files["secret.yaml"]],
        ["simulate", "suncatcher", "--duration", "1 d", "--tle", files["not-a-tle.tle"]],
        ["simulate", "suncatcher", "--duration", "1 d", "--omm", files["not-a-tle.tle"]],
    ):
        line = refused(capsys, args, "")
        for secret in ("hunter2", "swordfish", "root:x", "daemon", "/bin/"):
            assert secret not in line, line
    line = refused(capsys, ["design", "suncatcher", "--catalog", files["secret-kind.yaml"]], "an unknown top-level key")
    assert "hunter2" not in line


def test_an_unforeseen_error_is_one_line_and_exit_70() -> None:
    from skyrack.cli_common import EXIT_INTERNAL, friendly

    app = typer.Typer()

    @app.command()
    @friendly
    def boom() -> None:
        """Fail the way a bug does."""
        raise KeyError("a\nb" * 1000)

    result = CliRunner().invoke(app, [])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == EXIT_INTERNAL
    assert len(lines) == 1 and lines[0].startswith("internal error: KeyError: ") and "(please report" in lines[0]


# --------------------------------------------------------------------------- in a process of its own


@dataclass
class Child:
    code: int
    stdout: str
    stderr: str
    seconds: float
    rss_mb: float


def _limit_address_space() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_AS_BYTES, CHILD_AS_BYTES))


# The child's own peak memory: VmHWM of its address space at exit. (ru_maxrss would include the
# pages of the forked test process before exec, hundreds of MB by the end of the suite.)
_PROBE = """
import atexit, os, runpy, sys

def _peak():
    with open("/proc/self/status") as status, open(os.environ["SKYRACK_TEST_HWM"], "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM")).split()[1])

atexit.register(_peak)
sys.argv[0] = "skyrack"
runpy.run_module("skyrack", run_name="__main__")
"""


def child(*args: str | bytes) -> Child:
    """``python -m skyrack ARGS`` under an address-space limit, with its own peak resident memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        hwm = Path(tmp) / "hwm"
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _PROBE, *args],
            stdout=out,
            stderr=err,
            preexec_fn=_limit_address_space,
            env={**os.environ, "SKYRACK_TEST_HWM": str(hwm)},
        )
        try:
            proc.wait(CHILD_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        peak_kb = float(hwm.read_text()) if hwm.exists() and hwm.read_text() else float("inf")
        return Child(
            proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"), seconds,
            peak_kb / 1024.0,
        )  # fmt: skip


def assert_refused(run: Child, fragment: str) -> None:
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.code == 2, run.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], run.stderr[-2000:]
    assert run.seconds < CHILD_TIMEOUT_S and run.rss_mb < MAX_RSS_MB, (run.seconds, run.rss_mb)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["design", "/dev/zero"], "a character device, not a regular file"),
        (["design", "suncatcher", "--catalog", "/dev/zero"], "a character device, not a regular file"),
        (["simulate", "suncatcher", "--tle", "/dev/zero"], "a character device, not a regular file"),
        (["design", "suncatcher", "--set", "name=" + _flow_bomb(), "--json"], ""),
        (["design", "suncatcher", "--set", "orbit.altitude=" + "1" * 40_000 + " km"], "at most 10,000 characters"),
    ],
    ids=["dev-zero-scenario", "dev-zero-catalog", "dev-zero-tle", "alias-bomb-set", "40k-digits-set"],
)
def test_hostile_input_in_a_child_process(args: list[str], fragment: str) -> None:
    run = child(*args)
    if "name=" in args[-2]:  # the bomb in a text field is just text: the name is accepted, nothing expands
        assert run.code == 0 and run.rss_mb < MAX_RSS_MB, run.stderr[-2000:]
        return
    assert_refused(run, fragment)


def test_a_fifo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    assert_refused(child("design", str(fifo)), "a FIFO (named pipe), not a regular file")
    assert_refused(child("design", "suncatcher", "--catalog", str(fifo)), "a FIFO")


def test_argument_bytes_that_are_not_utf8() -> None:
    assert_refused(child("design", b"suncatcher\xff"), "argument 2: byte 0xff is not UTF-8 text")


def test_a_sample_of_a_300_million_satellite_fleet_lays_out_only_the_sample() -> None:
    run = child(
        "simulate", "suncatcher", "--set", "constellation.satellites=300000000", "--satellites", "5",
        "--duration", "1 d", "--json",
    )  # fmt: skip
    assert run.code == 0, run.stderr[-2000:]
    assert '"satellites_in_fleet": 300000000' in run.stdout
    # laying out the fleet would take 7 arrays of 300e6 float64 (16.8 GB): far over the 3 GB address space
    assert run.rss_mb < 600, run.rss_mb


def test_a_reader_that_goes_away_is_not_an_error_to_report() -> None:
    read, write = os.pipe()
    os.close(read)  # `skyrack validate --json | head -c 0`
    try:
        run = subprocess.run(
            [sys.executable, "-m", "skyrack", "validate", "--json"], stdout=write, stderr=subprocess.PIPE, timeout=120
        )
    finally:
        os.close(write)
    assert run.returncode == 1 and run.stderr == b""
