"""The service under load: 200 concurrent clients posting designs, micro-batched against one at a time.

Two real servers run side by side, each ``python -m skyrack serve`` in its own
process with one worker process per CPU: one micro-batching (the default
``batch_window_ms``), one answering each request alone (``batch_window_ms=0``,
the baseline). Each round, 200 client connections (keep-alive, HTTP/1.1 on
loopback) post ``POST /api/design`` back to back until ``--requests`` designs
are answered, every request a different design (the presets x launch prices
x discount rates); the rounds alternate between the servers. Printed per
round: requests/s, p50/p99/max latency, errors, the batches the server formed;
then the best round of each and the targets with PASS/FAIL: >= 1,000
requests/s with p99 under 250 ms and no errors. The client is a minimal
asyncio HTTP/1.1 client, so that the client's cost does not hide the server's.
Each round also prints the CPU time per request of the server process, of its
worker processes and of the client (and the load average): on a shared
machine these, not the wall-clock rates, say where a request's cost goes
(1,000 requests/s on 2 cores is at most 2 ms of CPU per request, all included).

Run: python3 tasks.py bench service
     (or .venv/bin/python benchmarks/bench_service.py [--clients 200] [--requests 2000] [--rounds 3])
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time

import httpx
import numpy as np
import psutil
from cleanup import exit_on_sigterm

from skyrack.model import preset_names


def bodies(n: int, offset: int) -> list[bytes]:
    """``n`` different design requests (JSON bytes): presets x launch prices x discount rates."""
    presets = preset_names()
    prices = np.geomspace(20.0, 5000.0, n)
    rates = np.linspace(0.04, 0.12, 7)
    return [
        json.dumps(
            {
                "preset": presets[(i + offset) % len(presets)],
                "overrides": {
                    "launch.price_per_kg": f"{p:.8g} USD/kg",
                    "economics.discount_rate": f"{rates[(i + offset) % len(rates)]:.4g} 1/yr",
                },
            }
        ).encode()
        for i, p in enumerate(prices)
    ]


async def _client(port: int, queue: list[bytes], latencies: list[float], errors: list[int]) -> None:
    """One keep-alive connection posting requests from ``queue`` until it is empty."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while queue:
            body = queue.pop()
            head = "POST /api/design HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n"
            t0 = time.perf_counter()
            writer.write(f"{head}content-length: {len(body)}\r\n\r\n".encode() + body)
            status_line = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            reply = await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if status_line.split()[1:2] != [b"200"] or b'"summary"' not in reply:
                errors.append(1)
    finally:
        writer.close()


async def load(port: int, clients: int, requests: list[bytes]) -> tuple[float, list[float], int]:
    """``clients`` connections posting ``requests`` back to back: wall seconds, latencies, errors."""
    queue = list(requests)
    latencies: list[float] = []
    errors: list[int] = []
    t0 = time.perf_counter()
    done = await asyncio.gather(
        *(_client(port, queue, latencies, errors) for _ in range(clients)), return_exceptions=True
    )
    wall = time.perf_counter() - t0
    for outcome in done:
        if isinstance(outcome, BaseException):
            print(f"  a client failed: {type(outcome).__name__}: {outcome}")
    return wall, latencies, len(errors) + len(requests) - len(latencies)  # bad answers and unanswered requests


class Server:
    """``python -m skyrack serve`` on a free port with ``--limit`` items, until every worker is ready."""

    def __init__(self, *limits: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        cmd = [sys.executable, "-m", "skyrack", "serve", "--port", str(self.port), "--log-level", "warning"]
        for item in limits:
            cmd += ["--limit", item]
        self.proc = subprocess.Popen(cmd, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(3000):
            try:
                workers = httpx.get(f"{self.url}/api/health", timeout=1.0).json()["workers"]
                if workers["workers"] and workers["idle"] == workers["workers"]:
                    return
            except (httpx.HTTPError, KeyError, ValueError):
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"the server ({' '.join(limits)}) did not start")

    def cpu_s(self) -> tuple[float, float]:
        """CPU time so far of the server process and of its worker processes together, s (user + system)."""
        server = psutil.Process(self.proc.pid)
        workers = 0.0
        for child in server.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                t = child.cpu_times()
                workers += t.user + t.system
        t = server.cpu_times()
        return t.user + t.system, workers

    def batches(self) -> dict[str, int]:
        return dict(httpx.get(f"{self.url}/api/health", timeout=10.0).json().get("batches", {}))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=2000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    common = (f"workers={args.workers}", f"max_waiting={args.clients}", "queue_timeout_s=600")
    print(
        f"load: {args.clients} concurrent clients, {args.requests} different designs per round, {args.rounds} rounds "
        f"per server, {os.cpu_count()} CPUs, {args.workers} worker processes per server"
    )
    servers = {"micro-batched": Server(*common), "one at a time": Server(*common, "batch_window_ms=0")}
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in servers}
    try:
        for server in servers.values():  # warm: every worker's caches, the connections
            asyncio.run(load(server.port, 20, bodies(60, 999)))
        for r in range(args.rounds):
            order = list(servers.items()) if r % 2 == 0 else list(servers.items())[::-1]
            for name, server in order:
                before, (server0, workers0) = server.batches(), server.cpu_s()
                cpu = time.process_time()
                wall, lat, errors = asyncio.run(load(server.port, args.clients, bodies(args.requests, r)))
                cpu = time.process_time() - cpu
                (server1, workers1), after = server.cpu_s(), server.batches()
                rate, (p50, p99) = args.requests / wall, np.percentile(lat, [50, 99]) * 1e3
                results[name].append((rate, p99, errors))
                batches = after.get("batches", 0) - before.get("batches", 0)
                formed = f", {batches} batches (mean {args.requests / batches:.0f} requests)" if batches else ""
                ms = 1e3 / args.requests
                print(
                    f"  round {r + 1} {name:<14}: {rate:7.1f} requests/s, p50 {p50:6.0f} ms, p99 {p99:6.0f} ms, "
                    f"max {max(lat) * 1e3:6.0f} ms, errors {errors}{formed}\n"
                    f"      CPU per request: server {(server1 - server0) * ms:.2f} ms, workers "
                    f"{(workers1 - workers0) * ms:.2f} ms, client {cpu * ms:.2f} ms; load average "
                    f"{os.getloadavg()[0]:.1f}"
                )
    finally:
        for server in servers.values():
            server.stop()
    report(results)


def report(results: dict[str, list[tuple[float, float, int]]]) -> None:
    """Best round of each server, the speed-up, and the targets."""
    best = {name: max(rounds) for name, rounds in results.items()}
    for name, (rate, p99, _) in best.items():
        median = statistics.median(r for r, _, _ in results[name])
        print(f"  {name:<14} best round {rate:7.1f} requests/s (median {median:7.1f}), p99 {p99:6.0f} ms")
    batched, alone = best["micro-batched"], best["one at a time"]
    errors = sum(e for rounds in results.values() for _, _, e in rounds)
    print(f"  micro-batching: {batched[0] / alone[0]:.1f}x the requests/s of one at a time (best rounds)")
    for ok, text in (
        (batched[0] >= 1000.0, f"{batched[0]:.0f} requests/s (target >= 1,000)"),
        (batched[1] < 250.0, f"p99 {batched[1]:.0f} ms in that round (target < 250 ms)"),
        (errors == 0, f"{errors} errors in all rounds (target 0)"),
    ):
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
