"""Simulation sweeps: the ``simsweep`` command, and the local Dask cluster skyrack starts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from skyrack.analysis.cli import parse_seeds, variant_overrides
from skyrack.analysis.executor import LOCAL_CLUSTER_CONFIG, WORKER_ENV, DaskExecutor, local_cluster, single_threaded
from skyrack.analysis.sweep import simulation_sweep
from skyrack.cli import app
from skyrack.errors import InputError, SkyrackWarning

DAY = 86400.0


def test_seeds_and_variants_are_parsed() -> None:
    assert parse_seeds("0..3") == [0, 1, 2, 3]
    assert parse_seeds("5, 7,9") == [5, 7, 9]
    assert parse_seeds("4") == [4]
    for bad in ("3..1", "a..b", "", "1.5"):
        with pytest.raises(InputError, match="--seeds"):
            parse_seeds(bad)
    assert variant_overrides([]) == [[]]
    # a range in km becomes metres (the canonical unit), written out so the scenario parser converts it
    assert variant_overrides(["orbit.altitude=600..700 km:2"]) == [
        ["orbit.altitude=600000.0 m"],
        ["orbit.altitude=700000.0 m"],
    ]
    with pytest.warns(SkyrackWarning, match="old name"):  # a short name still works, and says so
        combos = variant_overrides(["thermal.emissivity=0.85,0.9", "orbit.altitude=600 km,650 km"])
    assert len(combos) == 4
    assert combos[0] == ["satellite.thermal.emissivity=0.85", "orbit.altitude=600000.0 m"]


def test_simsweep_command_runs_every_variant_and_seed_and_writes_the_runs(tmp_path: Path) -> None:
    out = tmp_path / "runs.csv"
    args = ["simsweep", "suncatcher", "--seeds", "0..1", "--duration", "6 h", "--satellites", "8"]
    args += ["--vary", "satellite.thermal.emissivity=0.85,0.92", "--out", str(out), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["seeds"] == [0, 1] and len(data["variants"]) == 2 and len(data["runs"]) == 4
    assert data["variants"][0]["overrides"] == "satellite.thermal.emissivity=0.85"
    written = pd.read_csv(out)
    assert list(written["seed"]) == [0, 1, 0, 1] and list(written["run"]) == [0, 0, 1, 1]
    direct = simulation_sweep(
        "suncatcher",
        runs=[["satellite.thermal.emissivity=0.85"], ["satellite.thermal.emissivity=0.92"]],
        seeds=[0, 1],
        duration_s=0.25 * DAY,
        satellites=8,
    )
    assert written["goodput"].tolist() == pytest.approx(direct["goodput"].tolist(), rel=1e-12)
    mean = float(direct["availability"].iloc[:2].mean())
    assert data["variants"][0]["availability_mean"] == pytest.approx(mean, rel=1e-12)
    # the table form
    table = CliRunner().invoke(app, [*args[:-1], "-q", "goodput", "-q", "availability"])
    assert table.exit_code == 0, table.output
    assert "Radiator infrared emissivity = 0.92" in table.output and "Goodput (simulated)" in table.output
    assert "thermal.emissivity" not in table.stdout  # labels from the registries, not raw keys


def test_simsweep_command_reports_bad_options() -> None:
    runner = CliRunner()
    bad_seeds = runner.invoke(app, ["simsweep", "suncatcher", "--seeds", "x"])
    assert bad_seeds.exit_code == 2 and "--seeds" in bad_seeds.output
    bad_days = runner.invoke(app, ["simsweep", "suncatcher", "--duration", "0 d"])
    assert bad_days.exit_code == 2 and "--duration" in bad_days.output
    bad_kpi = runner.invoke(app, ["simsweep", "suncatcher", "--duration", "0.05 d", "--satellites", "2", "-q", "nope"])
    assert bad_kpi.exit_code == 2 and "not a fleet KPI" in bad_kpi.output


def test_single_threaded_pins_numba_in_this_thread() -> None:
    import threading

    import numba

    seen: dict[str, object] = {}

    def probe() -> None:  # in a thread: numba's thread count is per thread, and the environment is restored
        saved = dict(os.environ)
        try:
            single_threaded()
            seen["numba"] = numba.get_num_threads()
            seen["env"] = {k: os.environ[k] for k in WORKER_ENV}
        finally:
            os.environ.clear()
            os.environ.update(saved)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    assert seen == {"numba": 1, "env": WORKER_ENV}


def _worker_settings() -> dict[str, object]:
    import dask
    import numba

    return {
        "profile": dask.config.get("distributed.worker.profile.enabled"),
        "numba_threads": numba.get_num_threads(),
        "env": {k: os.environ.get(k) for k in WORKER_ENV},
    }


def test_simulation_sweep_on_skyracks_local_dask_cluster_equals_the_serial_sweep() -> None:
    kwargs = {"seeds": [0, 1, 2], "duration_s": 0.2 * DAY, "satellites": 6}
    runs = [[], ["satellite.thermal.emissivity=0.85"]]
    with local_cluster(2) as cluster, DaskExecutor(cluster.get_client()) as dask:
        settings = dask.client.run(_worker_settings)
        frame = simulation_sweep("suncatcher", runs=runs, executor=dask, **kwargs)  # type: ignore[arg-type]
    assert len(settings) == 2
    for s in settings.values():
        assert s == {
            "profile": LOCAL_CLUSTER_CONFIG["distributed.worker.profile.enabled"],
            "numba_threads": 1,
            "env": WORKER_ENV,
        }
    serial = simulation_sweep("suncatcher", runs=runs, **kwargs)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(frame, serial, check_exact=True)
    assert len(frame) == 6 and list(frame["run"]) == [0, 0, 0, 1, 1, 1]


def test_an_infeasible_variant_is_masked_and_explained_not_simulated() -> None:
    # 340 K is above the 328 K the chip-to-radiator ladder allows (358.15 K junction - 20 K - 10 K)
    args = ["simsweep", "suncatcher", "--duration", "2 h", "--satellites", "4",
            "-v", "satellite.thermal.radiator_temperature=300 K,340 K"]  # fmt: skip
    data = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    ok, bad = data["variants"]
    assert ok["feasibility.code"] == 0 and ok["availability_mean"] is not None
    assert bad["feasibility.code"] != 0 and bad["availability_mean"] is None
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0 and "no: junctions" in table.stdout  # the reason (wrapped in its column)
    every = CliRunner().invoke(app, ["simsweep", "suncatcher", "--duration", "2 h", "--satellites", "4",
                                     "-v", "satellite.thermal.radiator_temperature=340 K,345 K"])  # fmt: skip
    assert every.exit_code == 2 and "every variant is infeasible" in every.output
