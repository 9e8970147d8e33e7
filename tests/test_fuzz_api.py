"""Fuzz: generated request bodies against a real ``skyrack serve``: never a 5xx, never a hang, health always up.

The bodies follow the API's shapes with hostile values in every slot (huge and
non-finite numbers, unit strings, YAML-looking text, surrogates, deep values) or
are arbitrary bytes. Each answer must come within the time guard, be below 500,
and, for an error, be one bounded JSON ``detail``; the server's processes must not
grow past the memory guard; ``/api/health`` must answer after every example.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import given, strategies as st

from fuzzing import (
    any_text,
    fuzz_settings,
    json_values,
    numbers,
    overrides,
    preset_names,
    scalars,
    scenario_mappings,
    texts,
)
from webserver import Served, served

TIME_GUARD_S = 60.0
MEMORY_GUARD_MB = 600.0
ERROR_GUARD_BYTES = 32_000
LIMITS = (
    "max_sim_sat_steps=2000",
    "max_sim_days=0.05",
    "max_sweep_points=50",
    "max_queued_jobs=2",
    "job_timeout_s=20",
    "max_compare=3",
)


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    with served(*LIMITS) as s:
        yield s


def send(server: Served, path: str, body: Any = None, raw: bytes | None = None) -> httpx.Response:
    """POST and check: below 500, in time, bounded errors, bounded memory, health still up."""
    before = server.peaks_mb()
    if raw is None:
        raw = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")
    response = httpx.post(
        server.url + path, content=raw, headers={"content-type": "application/json"}, timeout=TIME_GUARD_S
    )
    assert response.status_code < 500, (response.status_code, response.text[:1000])
    if response.status_code >= 400:
        assert len(response.content) < ERROR_GUARD_BYTES, response.content[:500]
        detail = response.json()["detail"]
        assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    growth = {pid: peak - before.get(pid, 0.0) for pid, peak in server.peaks_mb().items()}
    assert max(growth.values()) < MEMORY_GUARD_MB, growth
    assert httpx.get(server.url + "/api/health", timeout=5).status_code == 200
    return response


sources = st.one_of(
    st.fixed_dictionaries({"preset": st.one_of(preset_names, any_text)}),
    st.fixed_dictionaries({"scenario": st.one_of(scenario_mappings(), json_values)}),
    st.fixed_dictionaries({}),
)


@st.composite
def scenario_bodies(draw: st.DrawFn, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    body = dict(draw(sources))
    if draw(st.booleans()):
        body["overrides"] = draw(st.one_of(overrides, json_values))
    for key, strategy in (extra or {}).items():
        if draw(st.booleans()):
            body[key] = draw(strategy)
    return body


sim_fields = {
    "days": st.one_of(numbers, st.floats(0.001, 0.05)),
    "step_s": st.one_of(numbers, st.floats(10, 600)),
    "satellites": st.one_of(numbers, st.integers(1, 4)),
    "seed": numbers,
    "dose": st.one_of(st.booleans(), scalars),
}
vary_specs = st.one_of(
    st.builds(
        lambda name, lo, hi, opts: f"{name}={lo}..{hi}{opts}",
        st.sampled_from(["launch.price_per_kg", "satellite.thermal.radiator_temperature", "mission.lifetime", "x"]),
        texts,
        texts,
        st.sampled_from(["", ":log", ":3", ":log:5", ":0", ":999999", ":lin:2"]),
    ),
    texts,
)
sweep_fields = {
    "vary": st.one_of(st.lists(vary_specs, min_size=1, max_size=3), json_values),
    "method": st.one_of(st.sampled_from(["grid", "random", "lhs", "sobol"]), scalars),
    "n": st.one_of(numbers, st.integers(1, 40)),
    "seed": numbers,
}


@fuzz_settings(25)
@given(body=scenario_bodies())
def test_design_bodies(server: Served, body: dict[str, Any]) -> None:
    send(server, "/api/design", body)


@fuzz_settings(8)
@given(body=st.fixed_dictionaries({}, optional={"presets": st.lists(st.one_of(preset_names, any_text), max_size=4),
                                                 "overrides": overrides}))  # fmt: skip
def test_compare_bodies(server: Served, body: dict[str, Any]) -> None:
    send(server, "/api/compare", body)


@fuzz_settings(15)
@given(body=scenario_bodies(sim_fields))
def test_simulation_job_bodies(server: Served, body: dict[str, Any]) -> None:
    send(server, "/api/jobs/simulate", body)


@fuzz_settings(15)
@given(body=scenario_bodies(sweep_fields))
def test_sweep_job_bodies(server: Served, body: dict[str, Any]) -> None:
    send(server, "/api/jobs/sweep", body)


@fuzz_settings(2)
@given(body=scenario_bodies())
def test_report_bodies(server: Served, body: dict[str, Any]) -> None:
    send(server, "/api/report", body)


raw_bodies = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda n, c: c * n, st.integers(0, 50_000), st.sampled_from([b"[", b"{", b'{"a":', b"-", b"9", b'"'])),
    st.builds(lambda text, cut: text[:cut], st.just(b'{"preset": "suncatcher", "overrides": {"a": 1}}'), st.integers()),
    st.builds(lambda v: json.dumps(v, allow_nan=True).encode("utf-8", "surrogatepass"), json_values),
)


@fuzz_settings(25)
@given(raw=raw_bodies, path=st.sampled_from(["/api/design", "/api/compare", "/api/jobs/sweep", "/api/jobs/simulate"]))
def test_raw_bodies(server: Served, raw: bytes, path: str) -> None:
    send(server, path, raw=raw)


def test_the_job_list_survives_the_fuzzing(server: Served) -> None:
    listing = httpx.get(server.url + "/api/jobs", timeout=10)
    assert listing.status_code == 200 and isinstance(listing.json(), list)
    for job in listing.json():
        assert httpx.get(f"{server.url}/api/jobs/{job['id']}", timeout=10).status_code == 200
