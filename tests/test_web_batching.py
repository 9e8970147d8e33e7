"""Micro-batching: concurrent design and compare requests against a real server answer as they would alone."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import httpx
import numpy as np

from skyrack.batched import VARIES_IN_GROUP, design_many
from skyrack.model import design, preset_names
from skyrack.summary import summary
from skyrack.web.errors import SafeJSONResponse
from skyrack.web.levers import lever_values
from skyrack.web.limits import Limits
from skyrack.web.models import CompareRequest, ScenarioRequest
from skyrack.web.pool import answer
from skyrack.web.scenarios import scenario_from_request
from webserver import running_server


def _bodies(seed: int) -> list[tuple[str, dict[str, Any]]]:
    """Every preset as it is and with random economic and orbital overrides, bad ones and compares."""
    rng = np.random.default_rng(seed)
    out: list[tuple[str, dict[str, Any]]] = []
    for name in preset_names():
        out.append(("/api/design", {"preset": name}))
        for _ in range(2):
            overrides = {
                "launch.price_per_kg": f"{rng.uniform(20.0, 3000.0):.6g} USD/kg",
                "economics.discount_rate": f"{rng.uniform(0.03, 0.12):.4g} 1/yr",
                "terrestrial.electricity_price": f"{rng.uniform(0.02, 0.2):.4g} USD/kWh",
            }
            out.append(("/api/design", {"preset": name, "overrides": overrides}))
        out.append(
            ("/api/design", {"preset": name, "overrides": {"orbit.altitude": f"{rng.uniform(500, 1200):.5g} km"}})
        )
    out.append(("/api/design", {"preset": "suncatcher", "overrides": {"launch.price_per_kg": "-5 USD/kg"}}))  # 422
    out.append(("/api/design", {"preset": "suncatcher", "overrides": {"no.such.field": 1}}))  # 422
    out.append(("/api/compare", {"presets": ["suncatcher", "starcloud-40mw"]}))
    out.append(("/api/compare", {"overrides": {"launch.price_per_kg": "150 USD/kg"}}))
    out.append(("/api/compare", {"presets": ["suncatcher"], "overrides": {"mission.lifetime": "-1 yr"}}))  # 422
    return out


def _alone(path: str, body: dict[str, Any], limits: Limits) -> tuple[int, bytes]:
    """The one-at-a-time path: what a worker answers this request alone, rendered as the server renders it."""
    if path == "/api/design":
        status, value = answer("design", ScenarioRequest(**body).model_dump(), limits)
    else:
        status, value = answer("compare", CompareRequest(**body).model_dump(), limits)
    return status, bytes(SafeJSONResponse(value if status == 200 else {"detail": value}).body)


async def _fire(url: str, requests: list[tuple[str, dict[str, Any]]]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(requests))
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120.0) as client:
        return list(await asyncio.gather(*(client.post(path, json=body) for path, body in requests)))


def test_concurrent_requests_are_batched_and_answer_as_alone() -> None:
    limits = Limits(workers=1, batch_window_ms=50.0)
    requests = _bodies(7)
    with running_server(limits) as url:
        responses = asyncio.run(_fire(url, requests))
        batches = httpx.get(f"{url}/api/health").json()["batches"]
    assert batches["requests"] == len(requests)
    assert batches["batches"] < len(requests) / 4  # gathered: a few batches, not one call per request
    statuses = set()
    for (path, body), response in zip(requests, responses, strict=True):
        status, expected = _alone(path, body, limits)
        assert response.status_code == status, (path, body, response.text)
        assert response.content == expected, (path, body)  # byte for byte
        statuses.add(status)
    assert statuses == {200, 422}


def test_design_many_equals_design_bit_for_bit() -> None:
    # Economic overrides share a group (one vectorised evaluation); the orbital one is a group of its own.
    requests = [body for path, body in _bodies(11) if path == "/api/design"]
    scenarios, expected = [], []
    for body in requests:
        try:
            scenarios.append(scenario_from_request(body))
        except Exception:  # refused before designing: not part of the batch
            continue
    for scn in scenarios:
        try:
            result = design(scn)
            expected.append({"s": summary(result), "l": lever_values(result)})
        except Exception as error:  # an error is an answer too; compared below
            expected.append(repr(error))
    got = [
        repr(r) if isinstance(r, Exception) else {"s": summary(r), "l": lever_values(r)}
        for r in design_many(scenarios, errors="return")
    ]
    assert json.dumps(got, sort_keys=True) == json.dumps(expected, sort_keys=True)


def _reference_key(params: dict[str, Any]) -> tuple[Any, ...]:
    """The group key written out name by name (the definition :func:`skyrack.batched._group_key` keeps)."""
    key: list[Any] = []
    for name, value in params.items():
        if isinstance(value, float):
            varies = name.startswith(VARIES_IN_GROUP)
            key.append((name, value != value if varies else ("nan" if value != value else value)))
        else:
            key.append((name, value))
    return tuple(key)


def test_designs_are_grouped_as_the_written_out_key_groups_them() -> None:
    # the same partition of designs into groups, in the same order, with NaN and a changed choice thrown in
    from skyrack.batched import _group_key
    from skyrack.params import resolve

    bodies = [body for path, body in _bodies(5) if path == "/api/design"][:-2]  # the last two are refused
    params = [resolve(scenario_from_request(body)) for body in bodies]
    params += [{**params[1], "economics.discount_rate": float("nan")}, {**params[1], "orbit.altitude": float("nan")}]
    params += [{**params[2], "orbit.altitude": float("nan")}, {**params[1], "terrestrial.accelerator": "h100"}]
    for keyed in (_group_key, _reference_key):
        groups: dict[Any, list[int]] = {}
        for i, p in enumerate(params):
            groups.setdefault(keyed(p), []).append(i)
        if keyed is _group_key:
            fast = list(groups.values())
    assert fast == list(groups.values()) and len(fast) < len(params) - 4


def test_rows_take_each_designs_outputs_as_the_elementwise_conversion_does() -> None:
    # _rows against the definition _f(v) of a scalar, _f(v[j]) of anything else: same floats, same key order
    from skyrack.batched import _rows
    from skyrack.model import _f

    evaluated: dict[str, Any] = {
        "a": 1.5,
        "b": np.float64(2.5),
        "c": np.array(3.5),
        "d": np.array([0.1, float("nan"), -0.0]),
        "e": np.array([1, 2, 3]),
        "f": np.array([True, False, True]),
        "g": np.array([[1.0, 9.0], [2.0, 9.0], [3.0, 9.0]]),
        "h": np.array([4.0, 5.0, 6.0], dtype=np.float32),
    }
    expected = [{k: _f(v) if np.ndim(v) == 0 else _f(v[j]) for k, v in evaluated.items()} for j in range(3)]
    got = _rows(evaluated, 3)
    assert [list(r) for r in got] == [list(evaluated)] * 3
    assert json.dumps(got) == json.dumps(expected)  # NaN written as NaN: equal text, equal floats
    assert all(type(x) is float for r in got for x in r.values())
    assert [math.copysign(1.0, r["d"]) for r in got][2] == -1.0
