"""A real Dask cluster on this machine: ``dask scheduler`` and ``dask worker`` processes on free ports.

:func:`process_cluster` starts the scheduler and each worker the way a cluster is
started by hand [1]_ (separate processes, talking TCP on the loopback
interface), waits until every worker has joined, yields the scheduler's
address for :class:`skyrack.analysis.executor.DaskExecutor`, and stops every
process it started when the block ends. Workers are single-threaded
(:data:`~skyrack.analysis.executor.WORKER_ENV`) and run with the same quiet
settings as skyrack's local clusters
(:data:`~skyrack.analysis.executor.LOCAL_CLUSTER_CONFIG`), passed as ``DASK_*``
environment variables [2]_.

References
----------
.. [1] Dask developers, "Command Line", *Dask documentation*,
   https://docs.dask.org/en/stable/deploying-cli.html.
.. [2] Dask developers, "Configuration: environment variables", *Dask
   documentation*, https://docs.dask.org/en/stable/configuration.html.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .executor import LOCAL_CLUSTER_CONFIG, WORKER_ENV

__all__ = ["ProcessCluster", "dask_env", "process_cluster"]


def dask_env(config: Mapping[str, Any] = LOCAL_CLUSTER_CONFIG) -> dict[str, str]:
    """Dask settings as ``DASK_*`` environment variables (``a.b-c`` becomes ``DASK_A__B_C``)."""
    return {"DASK_" + key.replace(".", "__").replace("-", "_").upper(): str(value) for key, value in config.items()}


def _dask_command(*args: str) -> list[str]:
    """The ``dask`` command line next to this interpreter (or ``python -m dask``)."""
    script = Path(sys.executable).with_name("dask")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "dask", *args]


@dataclass
class ProcessCluster:
    """The processes of a running :func:`process_cluster` and its scheduler's address."""

    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: Path | None = None

    @property
    def pids(self) -> list[int]:
        """Process ids of the scheduler and of the ``dask worker`` processes (the nannies)."""
        return [self.scheduler.pid, *(w.pid for w in self.workers)]


def _start(command: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as fh:
        # a session of its own: the process and its children (a nanny's worker) stop together
        return subprocess.Popen(command, env=dict(env), stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    """SIGTERM the process group this module started, and SIGKILL whatever of it is left after ``grace_s``."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace_s)
    with contextlib.suppress(ProcessLookupError):  # the group outlives its leader while a member (a worker) lives
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _scheduler_address(path: Path, scheduler: subprocess.Popen[bytes], deadline: float, log: Path) -> str:
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            raise RuntimeError(f"dask scheduler exited ({scheduler.returncode}): {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError, ValueError):
            return str(json.loads(path.read_text())["address"])
        time.sleep(0.05)
    raise TimeoutError(f"dask scheduler did not start: {log.read_text()[-2000:]}")


def _wait_for_workers(address: str, workers: int, deadline: float) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))


@contextlib.contextmanager
def process_cluster(workers: int, timeout_s: float = 120.0) -> Iterator[ProcessCluster]:
    """A Dask scheduler and ``workers`` single-threaded ``dask worker`` processes, stopped on exit.

    Parameters
    ----------
    workers : int
        Worker processes (one thread each).
    timeout_s : float
        How long the scheduler and all workers may take to start, s.

    Yields
    ------
    ProcessCluster
        Its ``address`` (``tcp://127.0.0.1:PORT``) and processes.
    """
    if workers < 1:
        raise InputError("workers", workers, "must be at least 1")
    package_root = str(Path(__file__).resolve().parents[2])  # workers import this very skyrack
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, **WORKER_ENV, **dask_env(), "PYTHONPATH": path}
    with tempfile.TemporaryDirectory(prefix="skyrack-cluster-") as tmp:
        logs = Path(tmp)
        deadline = time.monotonic() + timeout_s
        scheduler = _start(
            _dask_command(
                "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                "--scheduler-file", str(logs / "scheduler.json"),
            ),
            env,
            logs / "scheduler.log",
        )  # fmt: skip
        cluster = ProcessCluster("", scheduler, logs=logs)
        try:
            cluster.address = _scheduler_address(logs / "scheduler.json", scheduler, deadline, logs / "scheduler.log")
            for i in range(workers):
                command = _dask_command(
                    "worker", cluster.address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                    "--no-dashboard", "--memory-limit", "0", "--name", f"skyrack-{i}",
                    "--local-directory", str(logs / f"worker-{i}"), "--death-timeout", "60",
                )  # fmt: skip
                cluster.workers.append(_start(command, env, logs / f"worker-{i}.log"))
            _wait_for_workers(cluster.address, workers, deadline)
            yield cluster
        finally:
            for process in [*cluster.workers, scheduler]:
                _stop(process)
