"""Dask workers keep the memory a task frees for the next one (skyrack.analysis._dask_heap)."""

from __future__ import annotations

import os
import sys

import pytest

import test_heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc settings exist on Linux only")
def test_workers_of_a_cluster_started_elsewhere_keep_freed_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # a cluster started outside skyrack: its nanny gives the worker Dask's MALLOC_TRIM_THRESHOLD_=65536, so every
    # batch faults its memory in again; once a DaskExecutor uses the cluster, its plugin raises the thresholds
    import cloudpickle
    from distributed import Client, LocalCluster

    from skyrack.analysis.executor import DaskExecutor

    for name in [k for k in os.environ if k.startswith("MALLOC_")]:
        monkeypatch.delenv(name)  # a local cluster started by an earlier test leaves skyrack's values here
    cloudpickle.register_pickle_by_value(test_heap)  # the worker need not import the test modules
    try:
        with (
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
            Client(cluster) as client,
        ):
            plain = client.submit(test_heap.churn_faults, pure=False).result()
            with DaskExecutor(client):
                kept = client.submit(test_heap.churn_faults, pure=False).result()
                setups = client.run(lambda dask_worker: dask_worker.plugins["skyrack-keep-freed-heap"].kept)
    finally:
        cloudpickle.unregister_pickle_by_value(test_heap)
    assert plain > 20_000
    assert kept < 500
    assert list(setups.values()) == [True]


def test_a_worker_in_the_clients_own_process_is_left_as_it_is() -> None:
    from distributed import Client, LocalCluster

    from skyrack.analysis.executor import DaskExecutor

    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
        Client(cluster) as client,
        DaskExecutor(client),
    ):
        setups = client.run(lambda dask_worker: dask_worker.plugins["skyrack-keep-freed-heap"].kept)
    assert list(setups.values()) == [None]
