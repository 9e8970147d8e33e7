"""Designs, comparisons, the validation cases and reports: computed in the worker pool, within its budgets.

Designs and comparisons arriving together are computed as one micro-batch (:mod:`.batcher`);
a valid design or compare request reaches :class:`DesignWork` directly (:mod:`.fastpath`), an invalid
one through the routes, which answer its error.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from .batcher import Batcher
from .errors import SafeJSONResponse
from .limits import LimitError, Limits
from .models import WORK_ERRORS, CompareRequest, CompareResponse, DesignResponse, ScenarioRequest
from .pool import WorkerPool


def check_overrides(overrides: dict[str, Any], limits: Limits) -> None:
    """At most ``limits.max_overrides`` overrides (413)."""
    if len(overrides) > limits.max_overrides:
        raise LimitError("overrides", len(overrides), f"at most {limits.max_overrides}")


class DesignWork:
    """What ``POST /api/design`` and ``POST /api/compare`` do with a validated request: the limits checked,
    then the designs computed in a micro-batch (:mod:`.batcher`; alone when ``batch_window_ms`` is 0).

    The routes and the service's direct path for them (:mod:`.fastpath`) both answer through it.
    """

    def __init__(self, limits: Limits, pool: WorkerPool, batcher: Batcher) -> None:
        self.limits = limits
        self.compute = batcher.call if limits.batch_window_ms > 0 else pool.call

    async def design(self, request: ScenarioRequest) -> Response:
        """Size and cost one orbital data center and its terrestrial twin."""
        check_overrides(request.overrides, self.limits)
        return SafeJSONResponse(await self.compute("design", request.model_dump()))

    async def compare(self, request: CompareRequest) -> Response:
        """Design several presets with the same overrides (default: every preset)."""
        limits = self.limits
        if request.presets is not None and not 0 < len(request.presets) <= limits.max_compare:
            raise LimitError("presets", len(request.presets), f"1 to {limits.max_compare} names")
        check_overrides(request.overrides, limits)
        return SafeJSONResponse(await self.compute("compare", request.model_dump()))


def router(limits: Limits, pool: WorkerPool, work: DesignWork) -> APIRouter:
    """The design endpoints."""
    api = APIRouter(tags=["design"])
    reports = {"running": 0}

    @api.post("/api/design", responses=WORK_ERRORS, response_model=DesignResponse)
    async def design_one(request: ScenarioRequest) -> Response:
        """Size and cost one orbital data center and its terrestrial twin."""
        return await work.design(request)

    @api.post("/api/compare", responses=WORK_ERRORS, response_model=CompareResponse)
    async def compare(request: CompareRequest) -> Response:
        """Design several presets with the same overrides (default: every preset)."""
        return await work.compare(request)

    @api.get("/api/validate", responses=WORK_ERRORS)
    async def validate() -> Response:
        """Run the published reference cases; each check with computed, expected and tolerance."""
        return SafeJSONResponse(await pool.call("validate", {}))

    @api.post(
        "/api/report",
        response_class=HTMLResponse,
        responses={**WORK_ERRORS, 200: {"content": {"text/html": {}}, "description": "The self-contained report"}},
    )
    async def report(request: ScenarioRequest) -> HTMLResponse:
        """The self-contained HTML report of a feasible design (a few seconds; at most a few at once)."""
        check_overrides(request.overrides, limits)
        if reports["running"] >= limits.max_concurrent_reports:
            raise LimitError("reports", "busy", f"{limits.max_concurrent_reports} reports at once; retry shortly", 429)
        reports["running"] += 1
        try:
            built = await pool.call("report", request.model_dump())
        finally:
            reports["running"] -= 1
        name = request.preset or "scenario"
        headers = {"Content-Disposition": f'attachment; filename="skyrack-{name}.html"'}
        return HTMLResponse(built["html"], headers=headers)

    return api
