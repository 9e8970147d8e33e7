"""A real Dask cluster: `dask scheduler` and two `dask worker` processes give the in-process numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import psutil

from skyrack.analysis.cluster import dask_env, process_cluster
from skyrack.analysis.executor import DaskExecutor
from skyrack.analysis.montecarlo import monte_carlo
from skyrack.analysis.sensitivity import sobol
from skyrack.analysis.sweep import sweep
from skyrack.model import load_scenario

VARY = ["launch.price_per_kg=20..3000 USD/kg:log", "satellite.thermal.radiator_temperature=280..360 K"]
UNCERTAIN = {
    "launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)",
    "satellite.thermal.radiator_temperature": "normal(mean=330 K, sd=8 K)",
}


def test_dask_settings_become_environment_variables() -> None:
    env = dask_env({"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "200ms"})
    assert env == {
        "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
        "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "200ms",
    }


def test_a_scheduler_and_two_worker_processes_give_the_serial_results(tmp_path: Path) -> None:
    scn = load_scenario("suncatcher")
    with process_cluster(2) as cluster:
        started = [psutil.Process(pid) for pid in cluster.pids]
        children = [c for p in started for c in p.children(recursive=True)]
        assert cluster.address.startswith("tcp://127.0.0.1:")
        with DaskExecutor(cluster.address) as dask:
            assert dask.workers == 2
            frame = sweep(scn, VARY, method="lhs", n=3000, seed=1, task_size=800, executor=dask)
            parts = sweep(scn, VARY, method="sobol", n=2048, seed=2, task_size=600, executor=dask, out=tmp_path / "s")
            mc = monte_carlo(scn, UNCERTAIN, n=6000, seed=3, chunk=1600, executor=dask)
            indices = sobol(scn, UNCERTAIN, n=32, seed=4, task_size=50, executor=dask)
            pids = set(dask.client.run(lambda: __import__("os").getpid()).values())
        assert len(pids) == 2 and not pids & {p.pid for p in started}  # the nannies' own worker processes
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in [*started, *children])

    pd.testing.assert_frame_equal(frame, sweep(scn, VARY, method="lhs", n=3000, seed=1), check_exact=True)
    serial = sweep(scn, VARY, method="sobol", n=2048, seed=2, task_size=600, out=tmp_path / "serial")
    assert parts.digest == serial.digest
    assert mc.stats == monte_carlo(scn, UNCERTAIN, n=6000, seed=3, chunk=1600).stats
    assert indices.to_dict() == sobol(scn, UNCERTAIN, n=32, seed=4).to_dict()
