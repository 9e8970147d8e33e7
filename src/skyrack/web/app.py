"""The FastAPI application behind ``skyrack serve``: JSON API, background jobs and the offline page.

Endpoints (all JSON unless stated; OpenAPI docs at ``/docs``, served offline):

- ``GET /api/health``, ``GET /api/presets``, ``GET /api/presets/{name}``, ``GET /api/levers``,
  ``GET /api/schema`` (the scenario JSON Schema)
- ``POST /api/design``, ``POST /api/compare``, ``POST /api/check`` (claims), ``GET /api/validate``,
  ``POST /api/report`` (HTML)
- ``POST /api/jobs/simulate``, ``POST /api/jobs/sweep`` (202 + job), ``GET /api/jobs``,
  ``GET /api/jobs/{id}``, ``GET /api/jobs/{id}/result``, ``DELETE /api/jobs/{id}``
- ``GET /`` the page, ``GET /static/...`` its files and the local Plotly bundle

Scenarios come from built-in presets or inline mappings only (:mod:`skyrack.web.scenarios`);
sizes are bounded by :class:`skyrack.web.limits.Limits`. Bad input is a 4xx with a
``detail`` naming the field, the value and what is allowed.
"""

from __future__ import annotations

import importlib.util
import json
import math
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import __version__
from ..errors import SkyrackError
from .claims_routes import register as register_claims
from .jobs import JobManager
from .levers import LEVERS, lever_values
from .limits import LimitError, Limits
from .scenarios import NotFoundError, preset_mapping, scenario_from_request

STATIC = Path(__file__).parent / "static"
PresetName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="A built-in preset name")]
OverrideValue = str | float | int | bool | None


class Error(BaseModel):
    """A 4xx error: what was wrong and what is allowed (``errors``: each invalid field, for 422)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


class ScenarioRequest(BaseModel):
    """A scenario: a preset name or an inline mapping (as in a scenario YAML file), plus overrides."""

    model_config = ConfigDict(extra="forbid")

    preset: PresetName | None = Field(default=None, examples=["suncatcher"])
    scenario: dict[str, Any] | None = Field(default=None, description="Scenario sections, as in a YAML file")
    overrides: dict[str, OverrideValue] = Field(
        default_factory=dict,
        description="Field path -> value with unit, e.g. {'launch.price_per_kg': '500 USD/kg'}",
        examples=[{"launch.price_per_kg": "500 USD/kg"}],
    )

    @model_validator(mode="after")
    def _one_source(self) -> ScenarioRequest:
        if (self.preset is None) == (self.scenario is None):
            raise ValueError("give exactly one of 'preset' (a name) or 'scenario' (a mapping)")
        return self


class CompareRequest(BaseModel):
    """Several presets designed with the same overrides."""

    model_config = ConfigDict(extra="forbid")

    presets: list[PresetName] | None = Field(default=None, description="Presets to compare (default: all)")
    overrides: dict[str, OverrideValue] = Field(default_factory=dict)


class SimulateRequest(ScenarioRequest):
    """A time-domain fleet simulation job."""

    days: float = Field(default=2.0, gt=0, description="Simulated time [days]")
    step_s: float = Field(default=60.0, gt=0, description="Time step [s]")
    satellites: int | None = Field(
        default=None, ge=1, description="Satellites simulated (a seeded sample); default min(fleet, 200)"
    )
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    dose: bool = Field(default=True, description="Compute the trapped-particle dose (AE8/AP8)")


class SweepRequest(ScenarioRequest):
    """A design sweep job."""

    vary: list[Annotated[str, Field(max_length=200)]] = Field(
        min_length=1, max_length=8, examples=[["launch.price_per_kg=20..3000 USD/kg:log:50"]]
    )
    method: Literal["grid", "random", "lhs", "sobol"] = "grid"
    n: int | None = Field(default=None, ge=1, description="Points for random, lhs and sobol (default 1024)")
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


class DesignResponse(BaseModel):
    summary: dict[str, Any]
    levers: dict[str, float | None]


class CompareResponse(BaseModel):
    results: list[dict[str, Any]]


class JobInfo(BaseModel):
    id: str
    kind: str
    status: str
    progress: float
    created: float
    started: float | None
    finished: float | None
    error: str | None
    request: dict[str, Any]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Error},
    413: {"model": Error},
    422: {"model": Error},
    429: {"model": Error},
}


def _plotly_js() -> Path:
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the plotly package is not installed (pip install plotly)")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` gets 413 before the app sees it."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            return await self._reject(scope, send, length.decode("latin-1"))
        body, more = b"", True
        while more:  # read the whole (bounded) body first, so an oversized one is refused before any work
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, receive, send)
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                return await self._reject(scope, send, f"more than {self.max_bytes}")
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _reject(self, scope: Any, send: Any, value: str) -> None:
        error = LimitError("body", value, f"at most {self.max_bytes} bytes")
        await JSONResponse({"detail": str(error)}, status_code=413)(scope, _no_body, send)


async def _no_body() -> dict[str, Any]:
    return {"type": "http.disconnect"}


def _validation_body(error: RequestValidationError) -> dict[str, Any]:
    """One readable ``detail`` line per invalid field, plus the raw list."""
    errors = []
    for e in error.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body") or "body"
        errors.append({"field": where, "message": str(e.get("msg", "")), "value": repr(e.get("input"))[:200]})
    detail = "; ".join(f"{e['field']}: {e['message']} (got {e['value']})" for e in errors) or "invalid request"
    return {"detail": detail, "errors": errors}


def _json(content: Any) -> Response:
    """A JSON response of plain (already JSON-safe) data, skipping FastAPI's re-validation."""
    return Response(json.dumps(content, allow_nan=False), media_type="application/json")


def _check(condition: bool, field: str, value: Any, limit: str) -> None:
    if not condition:
        raise LimitError(field, value, limit)


def create_app(limits: Limits | None = None) -> FastAPI:
    """Build the application (``uvicorn --factory skyrack.web.app:create_app``)."""
    limits = limits or Limits()
    jobs = JobManager(limits)
    reports = threading.BoundedSemaphore(limits.max_concurrent_reports)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        # designs are CPU-bound Python: a few threads keep the GIL busy without thrashing it
        anyio.to_thread.current_default_thread_limiter().total_tokens = limits.threads
        yield
        jobs.shutdown()

    app = FastAPIOffline(
        title="skyrack",
        version=__version__,
        description="Design, simulate and cost AI data centers in Earth orbit beside terrestrial ones.",
        lifespan=lifespan,
        favicon_url="/static/favicon.svg",
        responses={
            400: {"model": Error, "description": "The body is not JSON"},
            422: {"model": Error, "description": "Invalid input: the field, the value and what is allowed"},
        },
    )
    app.state.limits, app.state.jobs = limits, jobs
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)

    @app.exception_handler(SkyrackError)
    async def _skyrack_error(_: Request, error: SkyrackError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=404 if isinstance(error, NotFoundError) else 422)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(_validation_body(error), status_code=422)

    @app.exception_handler(LimitError)
    async def _limit_error(_: Request, error: LimitError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=error.status)

    def _overrides(overrides: dict[str, Any]) -> None:
        _check(len(overrides) <= limits.max_overrides, "overrides", len(overrides), f"at most {limits.max_overrides}")

    def _design(request: ScenarioRequest) -> Any:
        from ..model import design

        _overrides(request.overrides)
        return design(scenario_from_request(request.model_dump()))

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Liveness and version."""
        return {"status": "ok", "version": __version__}

    @app.get("/api/limits", tags=["service"])
    def get_limits() -> dict[str, Any]:
        """The limits this server enforces."""
        return limits.model_dump()

    @app.get("/api/presets", tags=["scenarios"])
    def presets() -> list[dict[str, str]]:
        """The built-in presets: name and description."""
        from ..model import preset_names

        return [{"name": n, "description": str(preset_mapping(n).get("description", ""))} for n in preset_names()]

    @app.get("/api/presets/{name}", tags=["scenarios"], responses=ERRORS)
    def preset(name: Annotated[str, PathParam(max_length=64)]) -> dict[str, Any]:
        """One preset's scenario mapping (as in its YAML file)."""
        from .._json import json_safe

        data = preset_mapping(name)
        return {"name": name, "description": str(data.get("description", "")), "scenario": json_safe(data)}

    @app.get("/api/levers", tags=["scenarios"])
    def levers() -> list[dict[str, Any]]:
        """The main levers (sliders): scenario path, unit, range and scale."""
        return [lever.public() for lever in LEVERS]

    @app.get("/api/schema", tags=["scenarios"])
    def scenario_schema() -> dict[str, Any]:
        """JSON Schema of a scenario (units in ``x-unit``)."""
        from ..scenario import json_schema

        return json_schema()

    @app.post("/api/design", tags=["design"], responses=ERRORS, response_model=DesignResponse)
    def design_one(request: ScenarioRequest) -> Response:
        """Size and cost one orbital data center and its terrestrial twin."""
        from ..summary import summary

        result = _design(request)
        return _json({"summary": summary(result), "levers": lever_values(result)})

    @app.post("/api/compare", tags=["design"], responses=ERRORS, response_model=CompareResponse)
    def compare(request: CompareRequest) -> Response:
        """Design several presets with the same overrides (default: every preset)."""
        from ..model import design, preset_names
        from ..summary import summary

        names = request.presets if request.presets is not None else preset_names()
        _check(0 < len(names) <= limits.max_compare, "presets", len(names), f"1 to {limits.max_compare} names")
        _overrides(request.overrides)
        out = []
        for name in names:
            result = design(scenario_from_request({"preset": name, "overrides": request.overrides}))
            out.append({**summary(result), "levers": lever_values(result)})
        return _json({"results": out})

    @app.get("/api/validate", tags=["design"])
    def validate() -> dict[str, Any]:
        """Run the published reference cases; each check with computed, expected and tolerance."""
        from .._json import json_safe
        from ..validation import run_cases

        cases = [c.to_dict() for c in run_cases()]
        return json_safe({"passed": all(c["passed"] for c in cases), "cases": cases})

    @app.post(
        "/api/report",
        tags=["design"],
        response_class=HTMLResponse,
        responses={**ERRORS, 200: {"content": {"text/html": {}}, "description": "The self-contained report"}},
    )
    def report(request: ScenarioRequest) -> HTMLResponse:
        """The self-contained HTML report of a design (a few seconds; at most a few at once)."""
        from ..report.build import collect, render_html

        result = _design(request)
        if not reports.acquire(blocking=False):
            raise LimitError("reports", "busy", f"{limits.max_concurrent_reports} reports at once; retry shortly", 429)
        try:
            html = render_html(collect(result, None, mc_samples=20_000, sim_days=2.0, sim_step_s=120.0))
        finally:
            reports.release()
        name = request.preset or "scenario"
        headers = {"Content-Disposition": f'attachment; filename="skyrack-{name}.html"'}
        return HTMLResponse(html, headers=headers)

    @app.post("/api/jobs/simulate", status_code=202, tags=["jobs"], responses=ERRORS)
    def submit_simulation(request: SimulateRequest) -> JobInfo:
        """Queue a fleet simulation; poll ``GET /api/jobs/{id}``."""
        result = _design(request)
        fleet = int(result.values["constellation.satellites"])
        sats = request.satellites if request.satellites is not None else min(fleet, 200)
        _check(sats <= fleet, "satellites", sats, f"at most the fleet size ({fleet})")
        _check(request.days <= limits.max_sim_days, "days", request.days, f"at most {limits.max_sim_days:g}")
        _check(request.step_s >= limits.min_sim_step_s, "step_s", request.step_s, f"at least {limits.min_sim_step_s:g}")
        steps = math.ceil(request.days * 86400.0 / request.step_s)
        _check(
            sats * steps <= limits.max_sim_sat_steps,
            "satellites x steps",
            sats * steps,
            f"at most {limits.max_sim_sat_steps:,} (fewer satellites, fewer days or a longer step)",
        )
        body = {**request.model_dump(), "satellites": sats}
        return JobInfo(**jobs.submit("simulate", body).info())

    @app.post("/api/jobs/sweep", status_code=202, tags=["jobs"], responses=ERRORS)
    def submit_sweep(request: SweepRequest) -> JobInfo:
        """Queue a design sweep (``vary`` specs as in ``skyrack sweep --vary``)."""
        from ..analysis.sweep import parse_vary

        scn = scenario_from_request(request.model_dump())  # bad scenarios fail now, not in the job
        del scn
        varies = [parse_vary(v) for v in request.vary]
        if request.method == "grid":
            points = math.prod(len(v.values) if v.values is not None else v.count for v in varies)
        else:
            points = request.n if request.n is not None else 1024
        _check(points <= limits.max_sweep_points, "points", points, f"at most {limits.max_sweep_points:,}")
        return JobInfo(**jobs.submit("sweep", request.model_dump()).info())

    @app.get("/api/jobs", tags=["jobs"])
    def list_jobs() -> list[JobInfo]:
        """Every job the server remembers, oldest first."""
        return [JobInfo(**j.info()) for j in jobs.list()]

    def _job(job_id: str) -> Any:
        job = jobs.get(job_id)
        if job is None:
            raise NotFoundError("job", job_id, "the id of a job this server remembers (GET /api/jobs)")
        return job

    @app.get("/api/jobs/{job_id}", tags=["jobs"], responses=ERRORS)
    def get_job(job_id: Annotated[str, PathParam(max_length=64)]) -> JobInfo:
        """A job's status and progress (0-1)."""
        return JobInfo(**_job(job_id).info())

    @app.get("/api/jobs/{job_id}/result", tags=["jobs"], responses={**ERRORS, 409: {"model": Error}})
    def job_result(job_id: Annotated[str, PathParam(max_length=64)]) -> Any:
        """A finished job's result (409 until it is done)."""
        job = _job(job_id)
        if job.status != "done":
            detail = f"job {job_id} is {job.status}" + (f": {job.error}" if job.error else "")
            return JSONResponse({"detail": detail}, status_code=409)
        return job.result

    @app.delete("/api/jobs/{job_id}", tags=["jobs"], responses=ERRORS)
    def cancel_job(job_id: Annotated[str, PathParam(max_length=64)]) -> JobInfo:
        """Cancel a queued or running job (a finished one is left as it is)."""
        _job(job_id)
        job = jobs.cancel(job_id)
        return JobInfo(**job.info())  # type: ignore[union-attr]

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return FileResponse(_plotly_js(), media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    register_claims(app, limits)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
