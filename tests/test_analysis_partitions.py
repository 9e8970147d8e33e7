"""Results written where they are computed: Parquet partitions, their digests, and resuming a run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from skyrack.analysis.executor import DaskExecutor, PoolExecutor
from skyrack.analysis.montecarlo import monte_carlo
from skyrack.analysis.partitions import Partitions, columns_digest, read_part_info, write_part
from skyrack.analysis.sweep import sweep
from skyrack.cli import app
from skyrack.errors import InputError
from skyrack.model import load_scenario

VARY = ["launch.price_per_kg=20..3000 USD/kg:log", "satellite.thermal.radiator_temperature=280..360 K"]
UNCERTAIN = {
    "launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)",
    "satellite.thermal.radiator_temperature": "normal(mean=330 K, sd=8 K)",
}


@pytest.fixture(scope="module")
def pool() -> Iterator[PoolExecutor]:
    with PoolExecutor(2) as executor:
        yield executor


def test_a_partition_records_its_rows_digest_and_ranges(tmp_path: Path) -> None:
    columns = {"x": np.array([1.0, np.nan, 3.0, -2.0]), "code": np.array([0, 2, 0, 0], dtype=np.int64)}
    info = write_part(tmp_path, 7, columns)
    assert (tmp_path / "part-00000007.parquet").exists() and not list(tmp_path.glob(".*"))
    assert info.index == 7 and info.rows == 4
    assert info.stats == {"x": (3, -2.0, 3.0), "code": (4, 0.0, 2.0)}  # NaN is not finite
    assert read_part_info(tmp_path / "part-00000007.parquet") == info
    back = pd.read_parquet(tmp_path / "part-00000007.parquet")
    np.testing.assert_array_equal(back["x"].to_numpy(), columns["x"])
    # the digest covers names, dtypes and every bit of every value
    assert columns_digest(columns) == info.digest
    assert columns_digest({"x": columns["x"], "kode": columns["code"]}) != info.digest
    assert columns_digest({"x": columns["x"], "code": columns["code"].astype(np.float64)}) != info.digest
    nudged = columns["x"].copy()
    nudged[0] = np.nextafter(1.0, 2.0)
    assert columns_digest({"x": nudged, "code": columns["code"]}) != info.digest


def test_sweep_to_a_directory_equals_the_sweep_in_memory(tmp_path: Path, pool: PoolExecutor) -> None:
    scn = load_scenario("suncatcher")
    frame = sweep(scn, VARY, method="lhs", n=5000, seed=3, task_size=1200)
    parts = sweep(scn, VARY, method="lhs", n=5000, seed=3, task_size=1200, executor=pool, out=tmp_path / "a")
    assert isinstance(parts, Partitions)
    assert parts.rows == 5000 and len(parts.parts) == 5 and parts.columns == list(frame.columns)
    pd.testing.assert_frame_equal(parts.frame(), frame, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a"), frame, check_exact=True)
    stats = parts.stats()["economics.cost_ratio"]
    finite = frame["economics.cost_ratio"][np.isfinite(frame["economics.cost_ratio"])]
    assert stats == {"finite": float(finite.size), "min": finite.min(), "max": finite.max()}
    # other task sizes give other partitions of the very same rows
    other = sweep(scn, VARY, method="lhs", n=5000, seed=3, task_size=700, out=tmp_path / "b")
    assert len(other.parts) == 8 and other.digest != parts.digest
    pd.testing.assert_frame_equal(other.frame(), frame, check_exact=True)
    # the same run again, anywhere, gives the same digest
    again = sweep(scn, VARY, method="lhs", n=5000, seed=3, task_size=1200, out=tmp_path / "c")
    assert again.digest == parts.digest


def test_a_resumed_directory_keeps_good_partitions_and_recomputes_damaged_ones(tmp_path: Path) -> None:
    scn = load_scenario("suncatcher")
    out = tmp_path / "run"
    full = sweep(scn, VARY, method="random", n=4000, seed=4, task_size=1000, out=out)
    files = full.files()
    kept = files[0].stat().st_mtime_ns
    files[1].unlink()  # as if killed before it was written
    files[2].write_bytes(files[2].read_bytes()[:-100])  # damaged on disk
    (out / ".part-00000003-x.tmp").write_bytes(b"partial")
    with pytest.raises(InputError, match="--resume"):
        sweep(scn, VARY, method="random", n=4000, seed=4, task_size=1000, out=out)
    resumed = sweep(scn, VARY, method="random", n=4000, seed=4, task_size=1000, out=out, resume=True)
    assert resumed.digest == full.digest
    assert files[0].stat().st_mtime_ns == kept  # not recomputed
    assert not list(out.glob("*.tmp"))
    with pytest.raises(InputError, match="different run"):
        sweep(scn, VARY, method="random", n=4000, seed=5, task_size=1000, out=out, resume=True)
    with pytest.raises(InputError, match="checkpoint"):
        sweep(scn, VARY, n=10, out=tmp_path / "x", checkpoint=tmp_path / "y")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        sweep(scn, VARY, method="random", n=10, out=tmp_path / "other")


def test_monte_carlo_to_a_directory_has_the_same_statistics_and_draws(tmp_path: Path, pool: PoolExecutor) -> None:
    scn = load_scenario("suncatcher")
    kept = monte_carlo(scn, UNCERTAIN, n=20_000, seed=9, chunk=6000, keep_samples=True)
    written = monte_carlo(scn, UNCERTAIN, n=20_000, seed=9, chunk=6000, executor=pool, out=tmp_path / "mc")
    assert written.samples is None
    assert written.stats == kept.stats
    assert (written.p_orbit_wins, written.p_infeasible) == (kept.p_orbit_wins, kept.p_infeasible)
    parts = written.extra["partitions"]
    assert len(parts.parts) == 4
    pd.testing.assert_frame_equal(parts.frame(), kept.samples, check_exact=True)
    parts.files()[3].unlink()
    resumed = monte_carlo(scn, UNCERTAIN, n=20_000, seed=9, chunk=6000, out=tmp_path / "mc", resume=True)
    assert resumed.stats == kept.stats and resumed.extra["partitions"].digest == parts.digest


def test_dask_keeps_a_bounded_number_of_tasks_on_the_scheduler() -> None:
    from distributed import Client, LocalCluster

    scn = load_scenario("suncatcher")
    seen = []
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
        DaskExecutor(client) as dask,
    ):
        frame = sweep(
            scn, VARY, method="sobol", n=6000, seed=1, task_size=200, executor=dask,
            progress=lambda done, total: seen.append(len(cluster.scheduler.tasks)),
        )  # fmt: skip
    # 30 tasks, never more than 2 x 2 workers' worth in flight, plus the one whose result is being consumed
    assert len(seen) == 31 and max(seen) <= 5
    pd.testing.assert_frame_equal(frame, sweep(scn, VARY, method="sobol", n=6000, seed=1), check_exact=True)


def test_commands_write_directories_and_resume_them(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["sweep", "suncatcher", "-v", VARY[0], "-v", VARY[1], "-m", "sobol", "-n", "4096", "--task-size", "1000"]
    first = runner.invoke(app, [*base, "--out", str(tmp_path / "s"), "--json"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert summary["rows"] == 4096 and summary["partitions"] == 5 and len(summary["sha256"]) == 64
    again = runner.invoke(app, [*base, "--out", str(tmp_path / "s")])
    assert again.exit_code == 2 and "--resume" in again.output
    resumed = runner.invoke(app, [*base, "--out", str(tmp_path / "s"), "--resume", "--json"])
    assert resumed.exit_code == 0 and json.loads(resumed.output)["sha256"] == summary["sha256"]
    table = runner.invoke(app, [*base, "--out", str(tmp_path / "t")])
    assert table.exit_code == 0 and "4,096 points in 5 partitions" in table.output
    in_memory = sweep("suncatcher", VARY, method="sobol", n=4096)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "s"), in_memory, check_exact=True)

    uncertain = [a for k, v in UNCERTAIN.items() for a in ("-u", f"{k}={v}")]
    base = ["montecarlo", "suncatcher", *uncertain, "-n", "9000", "--task-size", "4000", "--json"]
    plain = runner.invoke(app, base)
    written = runner.invoke(app, [*base, "--out", str(tmp_path / "m")])
    assert plain.exit_code == 0 and written.exit_code == 0, written.output
    got = json.loads(written.output)
    assert got.pop("partitions")["rows"] == 9000
    assert got == json.loads(plain.output)
    assert len(pd.read_parquet(tmp_path / "m")) == 9000
