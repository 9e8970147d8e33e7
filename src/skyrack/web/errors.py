"""Error responses of the service: every one JSON, one ``detail`` line, bounded in size.

Whatever a request held, an error never echoes more than :data:`MAX_DETAIL`
characters of it, and every response body is ASCII JSON (text that is not valid
Unicode is escaped, never a failure to serialise).
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from .._json import json_safe
from ..errors import InputError, SkyrackError
from .limits import LimitError

MAX_DETAIL = 2000
"""Longest ``detail`` of an error response [characters]."""
MAX_FIELD_ERRORS = 20
"""Most invalid fields listed in a 422."""


def json_bytes(content: Any) -> bytes:
    """``content`` as compact ASCII JSON (surrogates escaped), non-finite numbers as null: always serialises.

    orjson [1]_ encodes it (NaN and infinities as null, numpy scalars as numbers, about 20 times faster
    than :mod:`json` on a design's summary); content it refuses (text that is not valid Unicode, keys that
    are not text, integers beyond 64 bits) or that is not all ASCII goes through :mod:`json`, which
    escapes it. Both give the same JSON values; a float may be spelt differently (``1e16``, ``1e+16``).

    References
    ----------
    .. [1] orjson, https://github.com/ijl/orjson (``OPT_SERIALIZE_NUMPY``; non-finite floats as null).
    """
    try:
        fast = orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        fast = b""
    if fast and fast.isascii():
        return fast
    try:
        text = json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    except ValueError:
        text = json.dumps(json_safe(content), ensure_ascii=True, separators=(",", ":"))
    return text.encode("ascii")


class SafeJSONResponse(JSONResponse):
    """JSON that always serialises (:func:`json_bytes`); ``bytes`` content is sent as it is (JSON from a worker)."""

    def render(self, content: Any) -> bytes:
        return content if isinstance(content, bytes) else json_bytes(content)


class NotFoundError(InputError):
    """A preset, job or other name the service does not have (HTTP 404)."""


class WorkError(Exception):
    """An error a worker reported for a request: its HTTP status and its one-line detail."""

    def __init__(self, status: int, detail: str) -> None:
        self.status, self.detail = status, detail
        super().__init__(detail)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


def bounded(text: str, limit: int = MAX_DETAIL) -> str:
    """``text`` on one line (control characters escaped) and cut to ``limit`` characters, saying how much was cut."""
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text) - limit:,} more characters)"
    return text.translate(_CONTROL)


def status_of(error: Exception) -> int:
    """The HTTP status of one of the service's errors."""
    if isinstance(error, (LimitError, WorkError)):
        return error.status
    return 404 if isinstance(error, NotFoundError) else 422


def error_json(error: Exception) -> SafeJSONResponse:
    """The response to a :class:`LimitError`, :class:`WorkError` or :class:`SkyrackError`."""
    detail = error.detail if isinstance(error, WorkError) else str(error)
    return SafeJSONResponse({"detail": bounded(detail)}, status_code=status_of(error))


async def error_response(error: Exception, scope: Any, send: Any) -> None:
    """Send :func:`error_json` of ``error`` from ASGI middleware (the request body is not read)."""

    async def no_body() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    await error_json(error)(scope, no_body, send)


def validation_body(error: RequestValidationError) -> dict[str, Any]:
    """One readable ``detail`` line naming each invalid field, plus the list (values cut to 200 characters)."""
    errors = []
    for e in error.errors()[:MAX_FIELD_ERRORS]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        value = repr(e.get("input"))
        shown = value if len(value) <= 200 else value[:200] + "..."
        errors.append({"field": bounded(where, 200), "message": bounded(str(e.get("msg", "")), 300), "value": shown})
    more = len(error.errors()) - len(errors)
    detail = "; ".join(f"{e['field']}: {e['message']} (got {e['value']})" for e in errors) or "invalid request"
    if more > 0:
        detail += f"; and {more} more"
    return {"detail": bounded(detail), "errors": errors}


def install_handlers(app: FastAPI) -> None:
    """Answer skyrack's errors, limits, worker errors and invalid requests with a JSON ``detail``."""

    async def known(_: Request, error: Exception) -> JSONResponse:
        return error_json(error)

    async def invalid(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return SafeJSONResponse(validation_body(error), status_code=422)

    for kind in (SkyrackError, LimitError, WorkError):
        app.add_exception_handler(kind, known)
    app.add_exception_handler(RequestValidationError, invalid)


def failure(task: str, error: Exception, worker_memory_mb: int) -> tuple[int, str]:
    """``(status, one-line detail)`` of the error a worker's task raised."""
    if isinstance(error, LimitError):
        return error.status, bounded(str(error))
    if isinstance(error, SkyrackError):
        return (404 if isinstance(error, NotFoundError) else 422), bounded(str(error))
    if isinstance(error, MemoryError):
        return 413, f"memory: the request needs more than the {worker_memory_mb:,} MiB a worker may use"
    if isinstance(error, RecursionError):
        return 413, "body: nested too deeply to compute"
    return 500, bounded(f"internal error in {task}: {type(error).__name__}: {error}", 300)  # a bug, in one line
