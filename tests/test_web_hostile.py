"""Hostile requests against a real ``skyrack serve`` process: each refused with a clear 4xx, in bounded time and memory.

One regression test per reproducer of the hostile-tester report (alias bomb, long numbers,
surrogates, deep nesting, a 400-digit integer, a 1e12-satellite report, an overflowing
``it_power``, job bodies the simulator refuses), plus the response headers and a stalled
upload. Every request is timed and the peak memory of the server and its workers is read
before and after, so a regression shows as a failure, never as a hang; ``/api/health`` is
polled throughout and must keep answering.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from webserver import Served, served

TIME_GUARD_S = 10.0  # a hang detector: the figures measured on a quiet machine are printed (well under 2 s)
MEMORY_GUARD_MB = 300.0
BODY_GUARD_BYTES = 4096


_WATCH = """
import json, sys, time
import httpx
url, latencies, failures = sys.argv[1], [], []
with httpx.Client(base_url=url, timeout=10.0) as client:
    print("ready", flush=True)
    while not sys.stdin.readline().startswith("stop"):
        t0 = time.perf_counter()
        try:
            if client.get("/api/health").status_code != 200:
                failures.append("not 200")
        except httpx.HTTPError as error:
            failures.append(repr(error))
        latencies.append(time.perf_counter() - t0)
print(json.dumps({"latencies": latencies, "failures": failures}), flush=True)
"""


class HealthWatch:
    """Polls ``/api/health`` every 50 ms from its own process (no share of this one's GIL): latencies, failures."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self._stop = threading.Event()

    def _tick(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdin is not None
        while not self._stop.wait(0.05):
            proc.stdin.write("poll\n")
            proc.stdin.flush()
        proc.stdin.write("stop\n")
        proc.stdin.flush()

    def __enter__(self) -> HealthWatch:
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _WATCH, self.url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self._proc.stdout is not None and self._proc.stdout.readline().strip() == "ready"
        self._thread = threading.Thread(target=self._tick, args=(self._proc,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(30)
        out, _ = self._proc.communicate(timeout=60)
        result = json.loads(out.strip().splitlines()[-1])
        self.latencies, self.failures = result["latencies"], result["failures"]


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with served("body_timeout_s=2") as s:
        with HealthWatch(s.url) as watch:
            yield s
        assert watch.latencies and not watch.failures, watch.failures[:5]
        slowest = max(watch.latencies)
        print(f"health: {len(watch.latencies)} polls, slowest {slowest * 1e3:.0f} ms")
        assert slowest < 2.0, f"/api/health took {slowest:.2f} s while hostile requests ran"


def hostile(server: Served, path: str, body: Any = None, raw: bytes | None = None) -> httpx.Response:
    """POST a hostile body; fail if it takes longer than the time guard or grows any process past the memory guard."""
    before = server.peaks_mb()
    content = raw if raw is not None else json.dumps(body).encode()
    t0 = time.perf_counter()
    response = httpx.post(
        server.url + path, content=content, headers={"content-type": "application/json"}, timeout=TIME_GUARD_S
    )
    seconds = time.perf_counter() - t0
    after = server.peaks_mb()
    growth = {pid: peak - before.get(pid, 0.0) for pid, peak in after.items()}
    print(f"{path}: {response.status_code} in {seconds:.3f} s, {len(response.content)} bytes")
    assert max(growth.values()) < MEMORY_GUARD_MB, growth
    if response.status_code >= 400:  # an error: one bounded line
        assert len(response.content) <= BODY_GUARD_BYTES, response.content[:300]
        assert "\n" not in response.json()["detail"]
    return response


def _nest(depth: int) -> bytes:
    return b'{"scenario":' + b'{"a":' * depth + b"1" + b"}" * depth + b"}"


ALIAS_BOMB = "{a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol], " + ", ".join(
    f"{x}: &{x} [{', '.join([f'*{p}'] * 9)}]" for p, x in zip("abcdefgh", "bcdefghi", strict=True)
)
SURROGATE_SWEEP = (
    b'{"preset": "suncatcher", "vary": ["launch.price_per_kg=50..5000 USD/kg:log:3"], "overrides": {"name": "\\ud800"}}'
)


REPRODUCERS = [
        # 1. a nine-level alias bomb is a plain name: never expanded, never echoed in full
        ("alias bomb", "/api/design", {"preset": "suncatcher", "overrides": {"name": ALIAS_BOMB[:1000]}}, None,
         200, []),
        # 2. a 40,000-digit quantity: refused by size before any unit parsing
        ("long number", "/api/design", {"preset": "suncatcher", "overrides": {"launch.price_per_kg": "9" * 40_000}},
         None, 413, ["40,000 characters", "4,096"]),
        # 3. a lone surrogate in a name: refused before queueing
        ("surrogate", "/api/jobs/sweep", None, SURROGATE_SWEEP, 422, ["surrogate"]),
        # 3. a 300-deep inline catalog in a sweep
        ("deep catalog", "/api/jobs/sweep", None,
         b'{"preset": "suncatcher", "vary": ["launch.price_per_kg=1..2 USD/kg"], "scenario_x": '
         + b"[" * 300 + b"]" * 300
         + b"}", 413, ["nesting 301 deep", "32 levels"]),
        # 4. a bare 400-digit integer
        ("400 digits", "/api/design", None, b'{"preset": "suncatcher", "overrides": {"launch.price_per_kg": '
         + b"9" * 400 + b"}}", 413, ["400 characters"]),
        # 4. a report of a 1e12-satellite fleet: refused with the count and the limit, before any layout
        ("1e12 satellites", "/api/report", {"preset": "suncatcher", "overrides": {"constellation.satellites": 10**12}},
         None, 422, ["constellation.satellites", "1,000,000,000"]),
        # 4. it_power 1e308 W: refused by the parameter's range
        ("it_power 1e308", "/api/report",
         {"preset": "suncatcher", "overrides": {"satellite.compute.it_power": "1e308 W"}},
         None, 422, ["satellite.compute.it_power", "1e+13"]),
        # 4. nesting 300 to 950 deep, and far deeper than the parser's own limit
        ("nested 300", "/api/design", None, _nest(300), 413, ["nesting 301 deep"]),
        ("nested 950", "/api/design", None, _nest(950), 413, ["nesting 951 deep"]),
        ("nested 100000", "/api/design", None, b'{"scenario": ' + b"[" * 100_000, 413, ["nesting"]),
        # non-finite numbers and over-long override values
        ("NaN", "/api/design", None, b'{"preset": "suncatcher", "overrides": {"launch.price_per_kg": NaN}}', 422,
         ["finite"]),
        ("1e999", "/api/design", None, b'{"preset": "suncatcher", "overrides": {"launch.price_per_kg": 1e999}}', 422,
         ["finite"]),
        # control characters in a field name are escaped: the detail stays one line
    ("newline in a name", "/api/design", {"scenario": {"na\nme\r": 1, "x\u2028": 2}}, None, 422, ["na\\nme\\r"]),
    ("long override", "/api/design", {"preset": "suncatcher", "overrides": {"name": "x" * 1001}}, None, 422,
         ["at most 1000 characters"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "path", "body", "raw", "status", "words"), REPRODUCERS, ids=[c[0] for c in REPRODUCERS]
)
def test_reproducers_get_a_clear_4xx(
    server: Served, case: str, path: str, body: Any, raw: bytes | None, status: int, words: list[str]
) -> None:
    response = hostile(server, path, body, raw)
    assert response.status_code == status, response.text[:500]
    for word in words:
        assert word in response.json()["detail"], response.json()["detail"]
    assert httpx.get(server.url + "/api/jobs", timeout=10).status_code == 200


def test_an_override_text_is_never_parsed_as_yaml(server: Served) -> None:
    summary = hostile(server, "/api/design", {"preset": "suncatcher", "overrides": {"name": ALIAS_BOMB[:1000]}})
    assert summary.json()["summary"]["scenario"] == ALIAS_BOMB[:1000]  # the text itself, not an expansion
    quoted = hostile(server, "/api/design", {"preset": "suncatcher", "overrides": {"name": "[1, 2]"}})
    assert quoted.json()["summary"]["scenario"] == "[1, 2]"


# Job bodies the simulator or the sweep refuses at once: refused before queueing, never a job that fails later.
JOB_REFUSALS = [
    ("infeasible", "simulate", {"overrides": {"satellite.thermal.radiator_temperature": "150 K"}}, 422, "infeasible"),
    ("beyond the mission", "simulate", {"days": 200, "step_s": 60, "satellites": 1,
                                         "overrides": {"mission.lifetime": "0.25 yr"}}, 422, "mission lifetime"),
    ("step over T/10", "simulate", {"days": 1, "step_s": 3000}, 422, "tenth of the orbital period"),
    ("shorter than a step", "simulate", {"days": 0.0001, "step_s": 60}, 422, "at least one step"),
    ("more than the fleet", "simulate", {"satellites": 82}, 413, "fleet size (81)"),
    ("huge fleet", "simulate", {"overrides": {"constellation.satellites": 300_000_000}}, 413, "200,000 satellites"),
    ("absurd fleet", "simulate", {"overrides": {"constellation.satellites": 10**12}}, 422, "1,000,000,000"),
    ("absurd power", "simulate", {"overrides": {"satellite.compute.it_power": "1e308 W"}}, 422, "1e+13"),
    ("step under 10 s", "simulate", {"step_s": 1}, 413, "at least 10"),
    ("twice the same", "sweep",
     {"vary": ["launch.price_per_kg=1..2 USD/kg", "launch.price_per_kg=3..4 USD/kg"]}, 422, "once"),
    ("unknown parameter", "sweep", {"vary": ["launch.warp_factor=1..2"]}, 422, "unknown parameter"),
    ("low above high", "sweep", {"vary": ["launch.price_per_kg=9..1 USD/kg"]}, 422, "low < high"),
    ("no unit known", "sweep", {"vary": ["launch.price_per_kg=cheap..dear"]}, 422, "price_per_kg"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "kind", "extra", "status", "words"), JOB_REFUSALS, ids=[c[0] for c in JOB_REFUSALS])
def test_job_bodies_that_would_fail_are_refused_before_queueing(
    server: Served, case: str, kind: str, extra: dict[str, Any], status: int, words: str
) -> None:
    before = httpx.get(server.url + "/api/jobs", timeout=10).json()
    response = hostile(server, f"/api/jobs/{kind}", {"preset": "suncatcher", **extra})
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]
    assert httpx.get(server.url + "/api/jobs", timeout=10).json() == before  # nothing was queued


@pytest.mark.parametrize(
    ("case", "kind", "extra", "status", "words"), JOB_REFUSALS[:4], ids=[c[0] for c in JOB_REFUSALS[:4]]
)
def test_the_simulator_refuses_the_same_bodies(
    case: str, kind: str, extra: dict[str, Any], status: int, words: str
) -> None:
    """The service's refusals are the simulator's own: the library call fails the same way, at once."""
    from skyrack.errors import InputError
    from skyrack.model import design
    from skyrack.simulate import simulate
    from skyrack.web.scenarios import scenario_from_request

    result = design(scenario_from_request({"preset": "suncatcher", **extra}), parity=False)
    t0 = time.perf_counter()
    with pytest.raises(InputError):
        simulate(result, duration=extra.get("days", 2.0) * 86400.0, step=extra.get("step_s", 60.0), dose=False)
    assert time.perf_counter() - t0 < TIME_GUARD_S


def test_security_headers_and_no_server_banner(server: Served) -> None:
    for path in ("/", "/api/health", "/docs", "/static/app.js"):
        response = httpx.get(server.url + path, timeout=10)
        assert response.status_code == 200, path
        assert "server" not in response.headers, response.headers.get("server")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert ("'unsafe-inline'" in policy.split("script-src")[1].split(";")[0]) == (path == "/docs")
    refused = hostile(server, "/api/design", None, b"[" * 100 + b"]" * 100)  # the guard's own answers carry them too
    assert refused.status_code == 413 and refused.headers["x-content-type-options"] == "nosniff"


def test_a_stalled_upload_is_cut_off(server: Served) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            b"POST /api/design HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        t0 = time.perf_counter()
        reply = sock.recv(65536)  # the rest of the body never comes
        waited = time.perf_counter() - t0
        while b"to send a body" not in reply and (more := sock.recv(65536)):
            reply += more
    assert reply.startswith(b"HTTP/1.1 408"), reply[:200]
    assert b"2 s to send a body" in reply
    assert 1.5 < waited < TIME_GUARD_S


def test_a_body_without_a_length_is_still_bounded(server: Served) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"preset": "suncatcher", "overrides": {"name": "'
        for _ in range(200):
            yield b"x" * 10_000

    response = httpx.post(server.url + "/api/design", content=chunks(), timeout=TIME_GUARD_S)
    assert response.status_code == 413 and "1000000 bytes" in response.json()["detail"]
