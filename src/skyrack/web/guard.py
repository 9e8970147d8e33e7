"""ASGI middleware in front of the app: bounded request bodies and safe response headers.

:class:`RequestGuard` reads a request's whole body before the app sees it, within
a size limit (413) and a time limit (408: a stalled upload cannot hold a
connection), then checks its JSON shape (:func:`check_json`): nesting depth, the length
of every number and string, and text that is not valid Unicode (an unpaired
UTF-16 surrogate escape such as ``"\\ud800"``). The models and the work behind
them therefore only ever see bounded input.

:class:`SecurityHeaders` adds ``X-Content-Type-Options``, ``X-Frame-Options``,
``Referrer-Policy`` and a ``Content-Security-Policy`` [1]_ to every response.

References
----------
.. [1] W3C, *Content Security Policy Level 3*, Working Draft, 2024,
   https://www.w3.org/TR/CSP3/.
"""

from __future__ import annotations

import json
import re
from typing import Any

import anyio
import anyio.to_thread
import numpy as np

from ..errors import InputError
from .errors import error_response
from .limits import LimitError, Limits

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NUMBER = re.compile(rb"[-+0-9.eE]+")
_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_ESCAPED_BACKSLASH = re.compile(rb"\\\\")
_INLINE_CHECK_BYTES = 64 * 1024
_OPEN = np.zeros(256, dtype=np.int8)
_OPEN[[ord("["), ord("{")]] = 1
_OPEN[[ord("]"), ord("}")]] = -1


def check_json(body: bytes, limits: Limits) -> None:
    """Refuse a JSON body whose nesting, numbers or strings exceed ``limits``, or that holds invalid Unicode.

    The body is parsed once by the standard library's C parser (linear time;
    nesting beyond the interpreter's recursion limit raises there); on valid
    JSON every string is then matched in order, so the checks below are linear
    too. A body that is not JSON is left to the app's parser, which answers 422.

    Raises
    ------
    LimitError
        (413) Nesting deeper than ``max_json_depth``, a number longer than
        ``max_number_chars`` or a string longer than ``max_string_chars``.
    InputError
        (422) A string holding an unpaired surrogate.
    """
    try:
        json.loads(body)
    except RecursionError:
        raise LimitError("body", "nesting too deep to parse", f"at most {limits.max_json_depth} levels") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return
    except ValueError:  # an integer beyond the interpreter's digit limit
        raise LimitError("body", "a number of over 4,300 digits", f"at most {limits.max_number_chars}") from None
    for match in _STRING.finditer(body):
        token = match.group()
        if len(token) - 2 > limits.max_string_chars:
            start = token[1:41].decode("utf-8", "replace")
            raise LimitError(
                "body", f"a text of {len(token) - 2:,} characters ({start}...)", f"at most {limits.max_string_chars:,}"
            )
        if b"\\u" in token and _SURROGATE.search(_ESCAPED_BACKSLASH.sub(b"__", token)):
            _check_unicode(token)
    outside = _STRING.sub(b'""', body)
    longest = max((len(m.group()) for m in _NUMBER.finditer(outside)), default=0)
    if longest > limits.max_number_chars:
        raise LimitError("body", f"a number of {longest:,} characters", f"at most {limits.max_number_chars}")
    depth = int(np.cumsum(_OPEN[np.frombuffer(outside, dtype=np.uint8)], dtype=np.int64).max(initial=0))
    if depth > limits.max_json_depth:
        raise LimitError("body", f"nesting {depth:,} deep", f"at most {limits.max_json_depth} levels")


def _check_unicode(token: bytes) -> None:
    try:
        text = json.loads(token)
    except ValueError:
        return  # not a JSON string after all: the parser reports it
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        shown = text[max(0, error.start - 20) : error.start + 20].encode("utf-8", "backslashreplace").decode()
        raise InputError("body", shown, "text of valid Unicode (this holds an unpaired UTF-16 surrogate)") from None


class RequestGuard:
    """ASGI middleware: the whole body within ``max_body_bytes`` and ``body_timeout_s``, then :func:`check_json`."""

    def __init__(self, app: Any, limits: Limits) -> None:
        self.app, self.limits = app, limits

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limits.max_body_bytes
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            shown = length[:20].decode("latin-1")
            return await error_response(LimitError("body", shown, f"at most {limit} bytes"), scope, send)
        try:
            with anyio.fail_after(self.limits.body_timeout_s):
                body, disconnected = await self._read(receive, limit)
        except TimeoutError:
            error = LimitError("body", "not received", f"{self.limits.body_timeout_s:g} s to send a body", 408)
            return await error_response(error, scope, send)
        except LimitError as error:
            return await error_response(error, scope, send)
        if disconnected:
            return None
        if body:
            try:
                if len(body) > _INLINE_CHECK_BYTES:  # a large body is checked off the event loop
                    await anyio.to_thread.run_sync(check_json, body, self.limits)
                else:
                    check_json(body, self.limits)
            except (LimitError, InputError) as error:
                return await error_response(error, scope, send)
        await self.app(scope, replay_body({"type": "http.request", "body": body, "more_body": False}, receive), send)

    async def _read(self, receive: Any, limit: int) -> tuple[bytes, bool]:
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return b"", True
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise LimitError("body", f"more than {limit}", f"at most {limit} bytes")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks), False


def replay_body(message: dict[str, Any], receive: Any) -> Any:
    """A ``receive`` that gives the app ``message`` (the body already read), then waits on the real one."""
    sent = False

    async def replay() -> Any:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return message

    return replay


PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The page's policy: everything from this server; inline styles only (Plotly sets them)."""
DOCS_POLICY = PAGE_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
"""The API docs pages start Swagger UI and ReDoc with an inline script."""
DOCS_PATHS = ("/docs", "/redoc")


class SecurityHeaders:
    """ASGI middleware: security headers on every HTTP response (those the app sets itself win)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        policy = DOCS_POLICY if path.startswith(DOCS_PATHS) else PAGE_POLICY
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", policy.encode()),
        ]

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in present]
            await send(message)

        await self.app(scope, receive, with_headers)
