"""Load on ``skyrack serve``: 200 concurrent design requests on loopback (throughput, p50/p99, errors).

The server runs as its own process (``python -m skyrack serve``, one worker
process per CPU computing the designs), as a user would start it; the load
comes from one asyncio client holding 200 connections open at once, every
request a different design (seven presets x launch prices).
The baseline, measured in the same run, is the same 200 designs computed in
this process without HTTP (request parsing, design, summary, JSON), so the
printed ratio is what the service layer costs.

Run: python3 tasks.py bench serve   (or .venv/bin/python benchmarks/bench_serve.py [CONCURRENT] [ROUNDS] [WORKERS])
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import numpy as np
from cleanup import exit_on_sigterm

from skyrack.model import design, preset_names, summary
from skyrack.web.levers import lever_values
from skyrack.web.scenarios import scenario_from_request

CONCURRENT = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else os.cpu_count() or 1


def bodies(n: int, offset: int = 0) -> list[dict[str, Any]]:
    presets = preset_names()
    prices = np.geomspace(20.0, 5000.0, n)
    return [
        {"preset": presets[(i + offset) % len(presets)], "overrides": {"launch.price_per_kg": f"{p:.6g} USD/kg"}}
        for i, p in enumerate(prices)
    ]


def in_process(requests: list[dict[str, Any]]) -> float:
    """Seconds to answer the requests without HTTP (the baseline)."""
    t0 = time.perf_counter()
    for body in requests:
        result = design(scenario_from_request(body))
        json.dumps({"summary": summary(result), "levers": lever_values(result)})
    return time.perf_counter() - t0


async def fire(url: str, requests: list[dict[str, Any]]) -> tuple[float, list[float], int]:
    """Send every request at once; returns (wall seconds, latencies, errors)."""
    limits = httpx.Limits(max_connections=len(requests), max_keepalive_connections=len(requests))
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120.0) as client:

        async def one(body: dict[str, Any]) -> tuple[float, bool]:
            t = time.perf_counter()
            response = await client.post("/api/design", json=body)
            ok = response.status_code == 200 and "summary" in response.json()
            return time.perf_counter() - t, ok

        t0 = time.perf_counter()
        results = await asyncio.gather(*(one(b) for b in requests), return_exceptions=True)
        wall = time.perf_counter() - t0
    latencies = [r[0] for r in results if isinstance(r, tuple)]
    errors = sum(1 for r in results if not isinstance(r, tuple) or not r[1])
    return wall, latencies, errors


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "skyrack", "serve", "--port", str(port), "--log-level", "warning"]
    # every request waits its turn for a worker (the default waiting line is shorter, for a shared server)
    cmd += ["--limit", f"max_waiting={CONCURRENT}", "--limit", "queue_timeout_s=600"]
    cmd += ["--limit", f"workers={WORKERS}"]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            workers = httpx.get(f"{url}/api/health", timeout=1.0).json()["workers"]
            if workers["workers"] and workers["idle"] == workers["workers"]:
                return proc, url
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    exit_on_sigterm()
    print(
        f"load: {CONCURRENT} concurrent POST /api/design on loopback, {ROUNDS} rounds, {os.cpu_count()} CPUs, "
        f"{WORKERS} workers"
    )
    in_process(bodies(14))  # warm caches in this process
    base = in_process(bodies(CONCURRENT))
    print(f"  baseline, same {CONCURRENT} designs in-process without HTTP: {CONCURRENT / base:7.1f} designs/s")
    proc, url = start_server()
    try:
        asyncio.run(fire(url, bodies(14)))  # warm the server
        total_errors = 0
        best = 0.0
        for r in range(ROUNDS):
            wall, lat, errors = asyncio.run(fire(url, bodies(CONCURRENT, offset=r)))
            total_errors += errors
            rate = CONCURRENT / wall
            best = max(best, rate)
            p50, p99 = np.percentile(lat, [50, 99]) * 1e3
            print(
                f"  round {r + 1}: {rate:7.1f} requests/s, p50 {p50:6.0f} ms, p99 {p99:6.0f} ms, "
                f"max {max(lat) * 1e3:6.0f} ms, errors {errors}"
            )
    finally:
        proc.terminate()
        proc.wait(10)
    print(
        f"  best round: {best:.1f} requests/s = {best * base / CONCURRENT:.2f}x the in-process baseline; "
        f"errors in all rounds: {total_errors} ({'zero errors: meets' if total_errors == 0 else 'MISSES'} the target)"
    )
    if total_errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
