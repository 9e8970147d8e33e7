"""The FastAPI application behind ``skyrack serve``: JSON API, background jobs and the offline page.

Endpoints (all JSON unless stated; OpenAPI docs at ``/docs``, served offline):

- ``GET /api/health``, ``GET /api/limits`` (:mod:`.routes_service`)
- ``GET /api/presets``, ``GET /api/presets/{name}``, ``GET /api/levers``, ``GET /api/schema``
  (:mod:`.routes_scenarios`)
- ``POST /api/design``, ``POST /api/compare``, ``GET /api/validate``, ``POST /api/report`` (HTML)
  (:mod:`.routes_design`, computed in the worker pool of :mod:`.pool`; designs and comparisons
  arriving together as one micro-batch, :mod:`.batcher`, valid ones on a direct path, :mod:`.fastpath`),
  ``POST /api/check`` (claims, :mod:`.claims_routes`, in the pool)
- ``POST /api/jobs/simulate``, ``POST /api/jobs/sweep`` (202 + job), ``GET /api/jobs``,
  ``GET /api/jobs/{id}``, ``GET /api/jobs/{id}/result``, ``DELETE /api/jobs/{id}`` (:mod:`.routes_jobs`)
- ``GET /`` the page, ``GET /static/...`` its files and the local Plotly bundle

Scenarios come from built-in presets or inline mappings only (:mod:`.scenarios`); request
bodies are bounded before any work (:mod:`.guard`), sizes and times by :class:`.limits.Limits`.
Bad input is a 4xx with one ``detail`` line naming the field, the value and what is allowed
(:mod:`.errors`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from .. import __version__
from . import claims_routes, routes_design, routes_jobs, routes_orbit, routes_scenarios, routes_service
from .batcher import Batcher
from .errors import SafeJSONResponse, install_handlers
from .fastpath import DesignFastPath
from .guard import RequestGuard, SecurityHeaders
from .jobs import JobManager
from .limits import Limits
from .models import Error
from .pool import WorkerPool

STATIC = Path(__file__).parent / "static"


def _plotly_js() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the plotly package is not installed (pip install plotly)")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


def create_app(limits: Limits | None = None) -> FastAPI:
    """Build the application (``uvicorn --factory skyrack.web.app:create_app``); workers start with it."""
    limits = limits or Limits()
    jobs, pool = JobManager(limits), WorkerPool(limits)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = limits.threads
        pool.start()
        try:
            yield
        finally:
            jobs.shutdown()
            pool.close()

    app = FastAPIOffline(
        title="skyrack",
        version=__version__,
        description="Design, simulate and cost AI data centers in Earth orbit beside terrestrial ones.",
        lifespan=lifespan,
        favicon_url="/static/favicon.svg",
        default_response_class=SafeJSONResponse,
        responses={
            400: {"model": Error, "description": "The body is not JSON"},
            408: {"model": Error, "description": "The body did not arrive in time"},
            413: {"model": Error, "description": "The body or a value in it is too large"},
            422: {"model": Error, "description": "Invalid input: the field, the value and what is allowed"},
        },
    )
    app.state.limits, app.state.jobs, app.state.pool = limits, jobs, pool
    batcher = Batcher(pool, limits)
    work = routes_design.DesignWork(limits, pool, batcher)
    app.add_middleware(DesignFastPath, work=work)  # inside the guard: a whole, checked body
    app.add_middleware(RequestGuard, limits=limits)
    app.add_middleware(SecurityHeaders)  # outermost: every response, the guard's refusals included
    install_handlers(app)
    app.include_router(routes_service.router(limits, pool, batcher))
    app.include_router(routes_scenarios.router())
    app.include_router(routes_design.router(limits, pool, work))
    app.include_router(claims_routes.router(limits, pool))
    app.include_router(routes_jobs.router(limits, pool, jobs))
    app.include_router(routes_orbit.router(limits, pool))
    _serve_page(app)
    return app


def _serve_page(app: FastAPI) -> None:
    """The page, its static files and the local Plotly bundle."""

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return FileResponse(_plotly_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
