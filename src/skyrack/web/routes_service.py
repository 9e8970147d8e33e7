"""``/api/health`` and ``/api/limits``: answered on the event loop, never behind a worker or a thread."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from .. import __version__
from .batcher import Batcher
from .limits import Limits
from .models import Health
from .pool import WorkerPool


def router(limits: Limits, pool: WorkerPool, batcher: Batcher | None = None) -> APIRouter:
    """The service endpoints."""
    api = APIRouter(tags=["service"])

    @api.get("/api/health", response_model=Health)
    async def health() -> dict[str, Any]:
        """Liveness, version, the workers (processes computing requests: total, idle, requests waiting) and
        the micro-batches sent to them (batches, requests in them)."""
        batches = batcher.status() if batcher is not None else {}
        return {"status": "ok", "version": __version__, "workers": pool.status(), "batches": batches}

    @api.get("/api/limits")
    async def get_limits() -> dict[str, Any]:
        """The limits this server enforces."""
        return limits.model_dump()

    return api
