"""The direct path of the design endpoints: the same answers as the routes, and only for valid requests."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from skyrack.errors import InputError
from skyrack.web.app import create_app
from skyrack.web.fastpath import DesignFastPath
from skyrack.web.limits import Limits
from webserver import wait_ready

ROUTES_ONLY = "application/vnd.skyrack+json"
"""A JSON content type the routes accept and the direct path leaves to them."""

BODIES: list[tuple[str, Any]] = [
    ("/api/design", {"preset": "suncatcher"}),
    ("/api/design", {"preset": "starcloud-40mw", "overrides": {"launch.price_per_kg": "150 USD/kg"}}),
    ("/api/design", {"preset": "suncatcher", "overrides": {"orbit.altitude": "800"}}),  # 422: no unit
    ("/api/design", {"preset": "no-such-preset"}),  # 404 from the worker
    ("/api/design", {"preset": "suncatcher", "overrides": {f"x{k}": 1 for k in range(9)}}),  # 413: overrides
    ("/api/design", {"preset": "suncatcher", "extra": 1}),  # 422 from the model
    ("/api/design", {"scenario": {"name": "x"}, "preset": "suncatcher"}),  # 422: both sources
    ("/api/design", [1, 2]),  # 422: not an object
    ("/api/compare", {"presets": ["suncatcher", "starcloud-40mw"]}),
    ("/api/compare", {"presets": []}),  # 413: no names
    ("/api/compare", {"presets": ["suncatcher"], "overrides": {"mission.lifetime": "-1 yr"}}),  # 422
]


@pytest.fixture(scope="module")
def client() -> Any:
    limits = Limits(workers=1, max_overrides=8, max_compare=4)
    with TestClient(create_app(limits)) as c:
        wait_ready(c)
        yield c


@pytest.mark.parametrize(("path", "body"), BODIES, ids=[f"{p}-{k}" for k, (p, _) in enumerate(BODIES)])
def test_direct_path_answers_as_the_routes(client: TestClient, path: str, body: Any) -> None:
    """Each request sent as ``application/json`` (the direct path) and as another JSON type (the routes):
    the same status, the same body bytes and the same headers."""
    raw = json.dumps(body).encode()
    direct = client.post(path, content=raw, headers={"content-type": "application/json"})
    routed = client.post(path, content=raw, headers={"content-type": ROUTES_ONLY})
    assert (direct.status_code, direct.content) == (routed.status_code, routed.content)
    assert dict(direct.headers) == dict(routed.headers)
    assert direct.status_code in (200, 404, 413, 422)


def test_not_json_is_answered_by_the_routes(client: TestClient) -> None:
    reply = client.post("/api/design", content=b'{"preset": ', headers={"content-type": "application/json"})
    assert reply.status_code == 422 and "detail" in reply.json()


class _Work:
    """A stand-in for DesignWork that records what reached it."""

    def __init__(self, error: Exception | None = None) -> None:
        self.seen: list[Any] = []
        self.error = error

    async def design(self, request: Any) -> JSONResponse:
        self.seen.append(request)
        if self.error is not None:
            raise self.error
        return JSONResponse({"ok": True})

    compare = design


def _call(middleware: DesignFastPath, method: str, path: str, body: bytes, content_type: bytes) -> list[Any]:
    """Run one request through ``middleware``; the messages it sent."""
    sent: list[Any] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> Any:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": [(b"content-type", content_type)]}
    asyncio.run(middleware(scope, receive, send))
    return sent


def _routes_app() -> tuple[Any, list[bytes]]:
    """An inner app that records the body it received (the routes' side)."""
    bodies: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        bodies.append((await receive())["body"])
        await JSONResponse({"routes": True})(scope, receive, send)

    return app, bodies


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "direct"),
    [
        ("POST", "/api/design", b'{"preset": "suncatcher"}', b"application/json", True),
        ("POST", "/api/design", b'{"preset": "suncatcher"}', b"Application/JSON; charset=utf-8", True),
        ("POST", "/api/compare", b'{"presets": ["suncatcher"]}', b"application/json", True),
        ("POST", "/api/design", b'{"preset": "suncatcher", "x": 1}', b"application/json", False),
        ("POST", "/api/design", b'{"preset": ', b"application/json", False),
        ("POST", "/api/design", b'{"preset": "suncatcher"}', b"text/plain", False),
        ("POST", "/api/report", b'{"preset": "suncatcher"}', b"application/json", False),
        ("GET", "/api/design", b"", b"application/json", False),
    ],
)
def test_only_valid_design_requests_take_the_direct_path(
    method: str, path: str, body: bytes, content_type: bytes, direct: bool
) -> None:
    work, (app, bodies) = _Work(), _routes_app()
    sent = _call(DesignFastPath(app, work), method, path, body, content_type)  # type: ignore[arg-type]
    assert (len(work.seen), len(bodies)) == ((1, 0) if direct else (0, 1))
    if not direct:
        assert bodies == [body]  # the routes get the body as it came
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 200


def test_direct_path_errors_are_the_services_error_responses() -> None:
    work, (app, _) = _Work(InputError("orbit.altitude", "800", "a length, e.g. '800 km'")), _routes_app()
    sent = _call(DesignFastPath(app, work), "POST", "/api/design", b'{"preset": "x"}', b"application/json")  # type: ignore[arg-type]
    assert sent[0]["status"] == 422
    assert "orbit.altitude" in json.loads(sent[1]["body"])["detail"]
