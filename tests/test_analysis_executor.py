"""Executors and checkpoints: process pool, Dask, and a real run killed with SIGKILL then resumed."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skyrack.analysis.executor import (
    DaskExecutor,
    PoolExecutor,
    SerialExecutor,
    make_executor,
    params_hash,
    run_chunks,
)
from skyrack.analysis.montecarlo import monte_carlo
from skyrack.analysis.sweep import sweep
from skyrack.errors import InputError
from skyrack.model import load_scenario

UNCERTAIN = {
    "launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)",
    "satellite.thermal.radiator_temperature": "normal(mean=330 K, sd=8 K)",
}
RADIATOR_T = "satellite.thermal.radiator_temperature"
VARY = ["launch.price_per_kg=20..3000 USD/kg:log", "satellite.thermal.radiator_temperature=280..360 K"]


@pytest.fixture(scope="module")
def pool() -> Iterator[PoolExecutor]:
    """One real two-process pool shared by the tests of this module (starting one takes a few seconds)."""
    with PoolExecutor(2) as executor:
        yield executor


def _square(i: int) -> pd.DataFrame:
    return pd.DataFrame({"i": [i], "sq": [i * i]})


def test_run_chunks_returns_results_in_task_order_from_a_process_pool(pool: PoolExecutor) -> None:
    tasks = [(_square, (i,)) for i in range(9)]
    frames = run_chunks(tasks, pool)
    assert [int(f["sq"].iloc[0]) for f in frames] == [i * i for i in range(9)]


def test_sweep_on_a_process_pool_equals_the_serial_sweep(pool: PoolExecutor) -> None:
    scn = load_scenario("suncatcher")
    serial = sweep(scn, VARY, method="sobol", n=4096, seed=3)
    pooled = sweep(scn, VARY, method="sobol", n=4096, seed=3, task_size=500, executor=pool)
    pd.testing.assert_frame_equal(pooled, serial, check_exact=True)


def test_monte_carlo_is_the_same_on_any_executor(pool: PoolExecutor) -> None:
    scn = load_scenario("suncatcher")
    serial = monte_carlo(scn, UNCERTAIN, n=30_000, seed=11, chunk=4000)
    pooled = monte_carlo(scn, UNCERTAIN, n=30_000, seed=11, chunk=4000, executor=pool)
    assert serial.samples is not None and pooled.samples is not None
    pd.testing.assert_frame_equal(pooled.samples, serial.samples, check_exact=True)
    assert pooled.stats == serial.stats
    assert (pooled.p_orbit_wins, pooled.p_infeasible) == (serial.p_orbit_wins, serial.p_infeasible)


def test_sweep_and_monte_carlo_on_a_dask_local_cluster() -> None:
    from distributed import Client, LocalCluster

    scn = load_scenario("suncatcher")
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        dask = DaskExecutor(client)
        assert dask.workers == 2
        frame = sweep(scn, VARY, method="lhs", n=3000, seed=1, task_size=700, executor=dask)
        mc = monte_carlo(scn, UNCERTAIN, n=10_000, seed=2, chunk=3000, executor=dask)
        dask.close()  # a given client is left open
        assert client.status == "running"
    pd.testing.assert_frame_equal(frame, sweep(scn, VARY, method="lhs", n=3000, seed=1), check_exact=True)
    assert mc.stats == monte_carlo(scn, UNCERTAIN, n=10_000, seed=2, chunk=3000).stats


def _chunks(ck: Path) -> dict[int, Path]:
    """The chunk files of a checkpoint directory by index (``chunk-<index>-<sha256>.parquet``)."""
    return {int(p.name.split("-")[1]): p for p in ck.glob("chunk-*.parquet")}


def test_checkpoint_resume_skips_finished_chunks_and_refuses_other_runs(tmp_path: Path) -> None:
    scn = load_scenario("suncatcher")
    ck = tmp_path / "ck"
    full = sweep(scn, VARY, method="random", n=5000, seed=4, task_size=1000, checkpoint=ck)
    files = _chunks(ck)
    assert sorted(files) == list(range(5)) and len(list(ck.glob("chunk-*.parquet"))) == 5
    for path in files.values():  # each named with the SHA-256 of its own bytes
        assert path.name.split("-")[2] == f"{hashlib.sha256(path.read_bytes()).hexdigest()}.parquet"
    manifest = json.loads((ck / "manifest.json").read_text())
    assert manifest["n_chunks"] == 5 and len(manifest["hash"]) == 64
    # as if killed: two chunks missing and a partial temporary file left behind
    files[1].unlink()
    files[3].unlink()
    (ck / ".chunk-00000003-x.tmp").write_bytes(b"partial")
    kept = files[0].stat().st_mtime_ns
    with pytest.raises(InputError, match="--resume"):
        sweep(scn, VARY, method="random", n=5000, seed=4, task_size=1000, checkpoint=ck)
    resumed = sweep(scn, VARY, method="random", n=5000, seed=4, task_size=1000, checkpoint=ck, resume=True)
    pd.testing.assert_frame_equal(resumed, full, check_exact=True)
    assert files[0].stat().st_mtime_ns == kept  # not recomputed
    assert sorted(_chunks(ck)) == list(range(5)) and not list(ck.glob("*.tmp"))
    with pytest.raises(InputError, match="different run"):
        sweep(scn, VARY, method="random", n=5000, seed=5, task_size=1000, checkpoint=ck, resume=True)


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "emptied"])
def test_a_damaged_chunk_is_computed_again(tmp_path: Path, damage: str) -> None:
    scn = load_scenario("suncatcher")
    ck = tmp_path / "ck"
    full = sweep(scn, VARY, method="random", n=4000, seed=6, task_size=1000, checkpoint=ck)
    files = _chunks(ck)
    data = files[2].read_bytes()
    if damage == "truncated":
        files[2].write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        files[2].write_bytes(data[:100] + bytes([data[100] ^ 0x01]) + data[101:])
    else:
        files[2].write_bytes(b"")
    others = {i: p.stat().st_mtime_ns for i, p in files.items() if i != 2}
    resumed = sweep(scn, VARY, method="random", n=4000, seed=6, task_size=1000, checkpoint=ck, resume=True)
    pd.testing.assert_frame_equal(resumed, full, check_exact=True)
    after = _chunks(ck)
    assert sorted(after) == [0, 1, 2, 3] and len(list(ck.glob("chunk-*.parquet"))) == 4
    assert after[2].read_bytes() == data  # the same chunk again, and the damaged copy is gone
    assert {i: after[i].stat().st_mtime_ns for i in others} == others  # the sound chunks were not recomputed


def test_one_run_per_checkpoint_directory(tmp_path: Path) -> None:
    from skyrack.analysis.executor import Checkpoint

    ck = tmp_path / "ck"
    first = Checkpoint(ck, {"run": 1}, 3)
    (ck / ".chunk-00000000-abc.tmp").write_bytes(b"the first run is writing this")
    with pytest.raises(InputError, match=f"in use by another run \\(process {os.getpid()}\\)"):
        Checkpoint(ck, {"run": 1}, 3, resume=True)
    assert (ck / ".chunk-00000000-abc.tmp").exists()  # the refused run touched nothing
    first.close()
    with Checkpoint(ck, {"run": 1}, 3, resume=True) as second:  # free once the first is closed
        assert second.done() == set()
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        Checkpoint(tmp_path / "file", {"run": 1}, 3)


def test_executor_options_are_checked() -> None:
    assert isinstance(make_executor(1), SerialExecutor)
    pool = make_executor(2)
    assert isinstance(pool, PoolExecutor)
    pool.close()
    with pytest.raises(InputError, match="--dask"):
        make_executor(1, dask="yarn")
    with pytest.raises(InputError, match="--scheduler"):
        make_executor(1, scheduler="not-an-address")
    with pytest.raises(InputError, match="--workers"):
        make_executor(0)
    assert params_hash({"a": 1, "b": [1, 2]}) == params_hash({"b": [1, 2], "a": 1})


def test_resume_needs_a_checkpoint_directory() -> None:
    from typer.testing import CliRunner

    from skyrack.cli import app

    result = CliRunner().invoke(app, ["sweep", "suncatcher", "-v", VARY[0], "--resume"])
    assert result.exit_code == 2
    assert "--checkpoint" in result.output


# The kill test: a real CLI run in a subprocess, SIGKILLed once some chunks are on disk, then resumed.

N_SWEEP, SWEEP_TASK = 1_200_000, 10_000
FEAS = "feasibility.code"
N_MC, MC_CHUNK = 800_000, 8_000


def _command(kind: str, ck: Path, out: Path) -> list[str]:
    base = [sys.executable, "-m", "skyrack"]
    if kind == "sweep":
        return [
            *base, "sweep", "suncatcher", "-v", VARY[0], "-v", VARY[1], "-m", "random", "-n", str(N_SWEEP),
            "--seed", "7", "--task-size", str(SWEEP_TASK), "-q", "economics.cost_ratio",
            "--checkpoint", str(ck), "--out", str(out),
        ]  # fmt: skip
    return [
        *base, "montecarlo", "suncatcher", "-u", f"launch.price_per_kg={UNCERTAIN['launch.price_per_kg']}",
        "-u", f"{RADIATOR_T}={UNCERTAIN[RADIATOR_T]}", "-n", str(N_MC),
        "--seed", "7", "--task-size", str(MC_CHUNK), "-q", "economics.cost_ratio", "-q", "mass.total_kg",
        "--checkpoint", str(ck), "--out", str(out), "--json",
    ]  # fmt: skip


def _wait_for_chunks(proc: subprocess.Popen[bytes], ck: Path, count: int, timeout: float = 300.0) -> None:
    """Wait until ``count`` chunks are on disk (a state, not a moment); fail if the run ends first."""
    deadline = time.monotonic() + timeout
    while len(list(ck.glob("chunk-*.parquet"))) < count:
        assert proc.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline, f"fewer than {count} chunks after {timeout:g} s"
        time.sleep(0.002)


@pytest.mark.parametrize("kind", ["sweep", "montecarlo"])
def test_a_killed_run_resumes_with_no_lost_or_duplicated_points(kind: str, tmp_path: Path) -> None:
    ck, out = tmp_path / "ck", tmp_path / "out.parquet"
    total = N_SWEEP // SWEEP_TASK if kind == "sweep" else N_MC // MC_CHUNK
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    proc = subprocess.Popen(_command(kind, ck, out), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_chunks(proc, ck, 8)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    before = {p.name: p.stat().st_mtime_ns for p in ck.glob("chunk-*.parquet")}
    assert 8 <= len(before) < total and not out.exists()

    rerun = subprocess.run(
        [*_command(kind, ck, out), "--resume"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    after = {p.name: p.stat().st_mtime_ns for p in ck.glob("chunk-*.parquet")}
    assert sorted(_chunks(ck)) == list(range(total)) and len(after) == total  # no gaps, no duplicates
    assert all(after[name] == mtime for name, mtime in before.items())  # finished chunks were not recomputed
    got = pd.read_parquet(out)

    scn = load_scenario("suncatcher")
    if kind == "sweep":
        # the sweep command keeps the feasibility code beside the asked-for outputs (infeasible rows are masked)
        expected = sweep(scn, VARY, method="random", n=N_SWEEP, seed=7, outputs=["economics.cost_ratio", FEAS])
    else:
        mc = monte_carlo(
            scn, UNCERTAIN, n=N_MC, seed=7, chunk=MC_CHUNK, outputs=["economics.cost_ratio", "mass.total_kg"],
            keep_samples=True,
        )  # fmt: skip
        expected = mc.samples
        summary = json.loads(rerun.stdout)
        assert summary["stats"]["economics.cost_ratio"] == pytest.approx(mc.stats["economics.cost_ratio"], rel=0, abs=0)
        assert summary["p_orbit_wins"] == mc.p_orbit_wins
    assert len(got) == len(expected)
    first = got.columns[0]
    assert got[first].is_unique  # continuous random inputs: a duplicated point would repeat a value
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert np.array_equal(got[first].to_numpy(), expected[first].to_numpy())


def test_a_second_run_on_a_busy_checkpoint_is_refused_and_the_first_finishes(tmp_path: Path) -> None:
    ck, out, other = tmp_path / "ck", tmp_path / "out.parquet", tmp_path / "other.parquet"
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    first = subprocess.Popen(_command("sweep", ck, out), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for_chunks(first, ck, 2)
        first.send_signal(signal.SIGSTOP)  # paused mid-run, holding the directory, whatever the machine's speed
        second = subprocess.run(
            [*_command("sweep", ck, other), "--resume"], env=env, capture_output=True, text=True, timeout=120
        )
        assert second.returncode == 2, second.stderr
        assert f"is in use by another run (process {first.pid})" in second.stderr
        assert second.stderr.count("\n") == 1 and "Traceback" not in second.stderr
        first.send_signal(signal.SIGCONT)
        assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert not other.exists() and not list(ck.glob("*.tmp"))
    expected = sweep(
        load_scenario("suncatcher"), VARY, method="random", n=N_SWEEP, seed=7, outputs=["economics.cost_ratio", FEAS]
    )
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected, check_exact=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_pool_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from skyrack.analysis.executor import PoolExecutor\n"
        "if __name__ == '__main__':\n"
        "    pool = PoolExecutor(2)\n"
        "    tasks = {i: (time.sleep, (0.5,)) for i in range(2)}\n"
        "    list(pool.run(tasks))\n"
        "    pids = sorted(p.pid for p in pool._pool._processes.values())\n"
        "    print(' '.join(map(str, pids)), flush=True)\n"
        "    time.sleep(120)\n"
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 10.0
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers), "pool workers outlived their killed parent"
