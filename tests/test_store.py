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
        store.get_run("nope", tmp_path)
    ids = [store.save_run("sweep", None, {}, home_dir=tmp_path) for _ in range(20)]
    with pytest.raises(InputError, match="ambiguous"):
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
