"""The direct path of ``POST /api/design`` and ``POST /api/compare``: valid requests skip the framework's routing.

Under load the server's own work per design request (routing, dependency
solving, response handling) costs about as much as the design's share of a
micro-batch. :class:`DesignFastPath` sits inside :class:`~skyrack.web.guard.RequestGuard`
(so the body is whole and already checked) and answers a design or compare
request whose JSON body validates against the same request model, through the
same :class:`~skyrack.web.routes_design.DesignWork` the routes call, with the
same error responses (:func:`~skyrack.web.errors.error_json`). Everything else,
including every body that does not parse or validate, goes on to the app, whose
routes answer it as they always have: one model, one answer, whichever way in.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel

from ..errors import SkyrackError
from .errors import WorkError, error_json
from .guard import replay_body
from .limits import LimitError
from .models import CompareRequest, ScenarioRequest
from .routes_design import DesignWork

__all__ = ["DesignFastPath"]

JSON = b"application/json"


class DesignFastPath:
    """ASGI middleware: valid design and compare requests straight to :class:`DesignWork` (see the module notes)."""

    def __init__(self, app: Any, work: DesignWork) -> None:
        self.app = app
        self.routes: dict[str, tuple[type[BaseModel], Callable[[Any], Awaitable[Response]]]] = {
            "/api/design": (ScenarioRequest, work.design),
            "/api/compare": (CompareRequest, work.compare),
        }

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        route = self.routes.get(_route_path(scope)) if scope["type"] == "http" and scope["method"] == "POST" else None
        if route is None or not _is_json(scope):
            return await self.app(scope, receive, send)
        message = await receive()  # the guard's replay: the whole body in one message
        whole = message["type"] == "http.request" and not message.get("more_body", False)
        request = _validated(route[0], message.get("body", b"")) if whole else None
        if request is None:  # the routes answer it (a 422 naming the field, or whatever they make of it)
            return await self.app(scope, replay_body(message, receive), send)
        try:
            response = await route[1](request)
        except (SkyrackError, LimitError, WorkError) as error:  # as the app's handlers answer them
            response = error_json(error)
        await response(scope, receive, send)


def _route_path(scope: Any) -> str:
    """The path within the app (without the root path it may be mounted under)."""
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _is_json(scope: Any) -> bool:
    """Whether the request says its body is ``application/json`` (parameters such as a charset aside)."""
    types = [v for k, v in scope.get("headers") or [] if k == b"content-type"]
    return len(types) == 1 and types[0].split(b";", 1)[0].strip().lower() == JSON


def _validated(model: type[BaseModel], body: bytes) -> BaseModel | None:
    """``body`` as ``model`` (parsed and validated as the routes do), or None when it is not one."""
    try:
        return model.model_validate(json.loads(body))
    except (ValueError, RecursionError):  # not JSON, or not this model (ValidationError): the routes say why
        return None
