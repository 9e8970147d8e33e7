"""Start the real skyrack web app with uvicorn on a free loopback port (for tests and benchmarks)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from skyrack.web.app import create_app
from skyrack.web.cli import server_config
from skyrack.web.limits import Limits


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def workers_ready(health: dict[str, Any]) -> bool:
    """Whether a ``/api/health`` answer shows every worker process started and idle."""
    workers = health.get("workers", {})
    return bool(workers.get("workers")) and workers.get("idle") == workers.get("workers")


def wait_healthy(url: str, timeout: float = 120.0, alive: Callable[[], bool] = lambda: True) -> None:
    """Wait until ``url/api/health`` answers 200 with every worker ready (a state, not a moment).

    RuntimeError after ``timeout`` s or once ``alive()`` is false.
    """
    end = time.monotonic() + timeout
    while True:
        try:
            response = httpx.get(f"{url}/api/health", timeout=1.0)
            if response.status_code == 200 and workers_ready(response.json()):
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > end or not alive():
            raise RuntimeError(f"the skyrack server did not answer on {url} within {timeout} s")
        time.sleep(0.05)


@contextmanager
def running_server(limits: Limits | None = None, timeout: float = 120.0) -> Iterator[str]:
    """Serve the app on 127.0.0.1 in a background thread; yields its base URL, then stops it."""
    port = free_port()
    server = uvicorn.Server(server_config(create_app(limits), "127.0.0.1", port, "warning"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout, thread.is_alive)
    except RuntimeError:
        server.should_exit = True
        raise
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout)


def wait_ready(client: Any, timeout: float = 120.0) -> None:
    """Wait until a TestClient's app has every worker process ready."""
    end = time.monotonic() + timeout
    while not workers_ready(client.get("/api/health").json()):
        if time.monotonic() > end:
            raise RuntimeError(f"the workers were not ready within {timeout} s")
        time.sleep(0.05)


class Served:
    """A ``python -m skyrack serve`` process on a free loopback port: its URL and its processes."""

    def __init__(self, proc: subprocess.Popen[bytes], url: str) -> None:
        self.proc, self.url = proc, url

    def pids(self) -> list[int]:
        """The server and its worker and job processes."""
        import psutil

        server = psutil.Process(self.proc.pid)
        return [server.pid, *(child.pid for child in server.children(recursive=True))]

    def peaks_mb(self) -> dict[int, float]:
        """Peak resident memory of each process so far (``VmHWM``, Linux) [MiB]."""
        out = {}
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:  # ended meanwhile
                continue
            line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
            if line is None:  # ended but not yet reaped: a zombie's status has no memory lines
                continue
            out[pid] = int(line.split()[1]) / 1024.0
        return out


@contextmanager
def served(*limits: str, timeout: float = 120.0) -> Iterator[Served]:
    """Run ``skyrack serve`` with ``--limit`` items in a subprocess until every worker is ready; stop it after."""
    port = free_port()
    cmd = [sys.executable, "-m", "skyrack", "serve", "--port", str(port), "--log-level", "warning"]
    for item in limits:
        cmd += ["--limit", item]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout, lambda: proc.poll() is None)
        yield Served(proc, url)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
