"""Results store: round trip, home resolution, and concurrent writers from real processes."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from skyrack import store
from skyrack.errors import InputError
from skyrack.model import load_scenario


def test_round_trip(tmp_path: Path) -> None:
    scn = load_scenario("suncatcher")
    table = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, float("nan")]})
    run_id = store.save_run("montecarlo", scn, {"p": 0.25, "bad": float("nan")}, seed=7, table=table, home_dir=tmp_path)
    runs = store.list_runs(tmp_path)
    assert [r["id"] for r in runs] == [run_id]
    run = store.get_run(run_id[:5], tmp_path)
    assert run["kind"] == "montecarlo" and run["seed"] == 7 and run["scenario_name"] == "suncatcher"
    assert run["summary"] == {"p": 0.25, "bad": None}
    text = store.scenario_json(scn)
    assert run["scenario_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert run["scenario"] == json.loads(text)
    assert run["code_version"].startswith(__import__("skyrack").__version__)
    pd.testing.assert_frame_equal(store.load_results(run_id, tmp_path), table)
    store.export_run(run_id, tmp_path / "out.csv", tmp_path)
    assert (tmp_path / "out.csv").read_text().splitlines()[0] == "x,y"
    store.export_run(run_id, tmp_path / "out.json", tmp_path)
    assert json.loads((tmp_path / "out.json").read_text())["id"] == run_id
    assert store.delete_run(run_id, tmp_path) == run_id
    assert store.list_runs(tmp_path) == []
    assert not (tmp_path / "results" / f"{run_id}.parquet").exists()


def test_home_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(store.ENV, str(tmp_path / "env-home"))
    run_id = store.save_run("sweep", None, {}, home_dir=None)
    assert store.home() == tmp_path / "env-home"
    assert (tmp_path / "env-home" / store.DB_NAME).exists()
    assert store.get_run(run_id)["scenario"] is None


def test_unknown_and_ambiguous_ids_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such run"):
        store.get_run("0abc", tmp_path)
    ids = [store.save_run("sweep", None, {}, home_dir=tmp_path) for _ in range(20)]
    with pytest.raises(InputError, match="hex digits"):
        store.get_run("", tmp_path)
    with pytest.raises(InputError, match="no bulk results"):
        store.export_run(ids[0], tmp_path / "x.parquet", tmp_path)
    with pytest.raises(InputError, match=r"\.json, \.parquet or \.csv"):
        store.export_run(ids[0], tmp_path / "x.xlsx", tmp_path)


def _writer(home: str, worker: int, count: int) -> None:
    for i in range(count):
        table = pd.DataFrame({"worker": [worker], "i": [i]})
        store.save_run("sweep", {"name": f"w{worker}"}, {"worker": worker, "i": i}, seed=i, table=table, home_dir=home)
        store.list_runs(home)  # readers interleave with writers


def test_concurrent_writers_from_several_processes(tmp_path: Path) -> None:
    workers, count = 4, 6
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), w, count)) for w in range(workers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * workers
    runs = store.list_runs(tmp_path)
    assert len(runs) == workers * count
    seen = {(store.get_run(r["id"], tmp_path)["summary"]["worker"], r["seed"]) for r in runs}
    assert seen == {(w, i) for w in range(workers) for i in range(count)}
    import duckdb

    con = duckdb.connect(str(tmp_path / store.DB_NAME), read_only=True)
    assert con.execute("SELECT count(*) FROM runs").fetchone() == (workers * count,)
    con.close()
    assert len(list((tmp_path / "results").glob("*.parquet"))) == workers * count


@pytest.mark.parametrize("pattern", ["_", "%", "a_", "'; DROP TABLE runs; --", "ABC", " 1", "x" * 200])
def test_ids_are_never_patterns(tmp_path: Path, pattern: str) -> None:
    ids = [store.save_run("sweep", None, {}, home_dir=tmp_path) for _ in range(3)]
    with pytest.raises(InputError, match="hex digits"):
        store.delete_run(pattern, tmp_path)
    assert sorted(r["id"] for r in store.list_runs(tmp_path)) == sorted(ids)


def test_exact_id_then_unambiguous_prefix(tmp_path: Path) -> None:
    ids = [store.save_run("sweep", None, {}, home_dir=tmp_path) for _ in range(40)]
    for run_id in ids:
        assert store.get_run(run_id, tmp_path)["id"] == run_id
    first = sorted(ids)[0]
    unique = next(first[:k] for k in range(1, 13) if sum(i.startswith(first[:k]) for i in ids) == 1)
    assert store.delete_run(unique, tmp_path) == first
    crowded = max("0123456789abcdef", key=lambda c: sum(i.startswith(c) for i in ids))  # 40 ids, 16 digits
    with pytest.raises(InputError, match="ambiguous"):
        store.delete_run(crowded, tmp_path)
    assert len(store.list_runs(tmp_path)) == 39


_KILLED_WRITER = """
import os, signal, sys
import pandas as pd
from skyrack import store
store._insert = lambda con, row: os.kill(os.getpid(), signal.SIGKILL)  # killed between its file and its row
store.save_run("sweep", None, {}, table=pd.DataFrame({"x": [1.0]}), home_dir=sys.argv[1])
"""


def test_a_writer_killed_before_its_row_leaves_no_orphan(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    script = tmp_path / "writer.py"
    script.write_text(_KILLED_WRITER)
    home = tmp_path / "home"
    proc = subprocess.run([sys.executable, str(script), str(home)], capture_output=True, timeout=120, check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    orphans = list((home / "results").glob("*.parquet"))
    assert len(orphans) == 1 and store.list_runs(home) == []  # the state a kill leaves
    kept = store.save_run("sweep", None, {}, table=pd.DataFrame({"x": [2.0]}), home_dir=home)
    assert [p.name for p in (home / "results").iterdir()] == [f"{kept}.parquet"]
    assert [r["id"] for r in store.list_runs(home)] == [kept]


def test_temporary_files_of_dead_writers_are_swept_live_ones_kept(tmp_path: Path) -> None:
    import fcntl
    import os

    results = store.home(tmp_path) / "results"
    dead, live, fresh = results / ".dead.parquet.tmp", results / ".live.parquet.tmp", results / ".new.parquet.tmp"
    for path in (dead, live, fresh):
        path.write_bytes(b"partial")
    for path in (dead, live):
        os.utime(path, (1e9, 1e9))  # untouched for years
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # a writer still at work (e.g. waiting for the store lock)
        store.save_run("sweep", None, {}, home_dir=tmp_path)
        assert not dead.exists() and live.exists() and fresh.exists()


def test_runs_commands_refuse_patterns_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from skyrack.cli import app

    monkeypatch.setenv(store.ENV, str(tmp_path))
    ids = [store.save_run("sweep", {"name": "s"}, {}, table=pd.DataFrame({"x": [1.0]})) for _ in range(3)]
    runner = CliRunner()
    for pattern in ("_", "%", ""):
        result = runner.invoke(app, ["runs", "rm", pattern])
        assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
        assert result.output.startswith("error: run:") and "hex digits" in result.output
    assert sorted(r["id"] for r in store.list_runs()) == sorted(ids)
    listed = runner.invoke(app, ["runs", "list"])
    assert listed.exit_code == 0 and all(i in listed.output for i in ids)
    assert runner.invoke(app, ["runs", "rm", ids[0]]).exit_code == 0
    assert sorted(r["id"] for r in store.list_runs()) == sorted(ids[1:])
    assert len(list((tmp_path / "results").glob("*.parquet"))) == 2
