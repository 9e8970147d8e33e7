"""Start the real skyrack web app with uvicorn on a free loopback port (for tests and benchmarks)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from skyrack.web.app import create_app
from skyrack.web.limits import Limits


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, timeout: float = 30.0, alive: Callable[[], bool] = lambda: True) -> None:
    """Wait until ``url/api/health`` answers 200; RuntimeError after ``timeout`` s or once ``alive()`` is false."""
    end = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > end or not alive():
            raise RuntimeError(f"the skyrack server did not answer on {url} within {timeout} s")
        time.sleep(0.05)


@contextmanager
def running_server(limits: Limits | None = None, timeout: float = 30.0) -> Iterator[str]:
    """Serve the app on 127.0.0.1 in a background thread; yields its base URL, then stops it."""
    port = free_port()
    config = uvicorn.Config(create_app(limits), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
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
