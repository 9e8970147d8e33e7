"""``POST /api/orbit``: the orbit views of a design (ground tracks, the fleet in 3D, illumination)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from .errors import SafeJSONResponse
from .limits import Limits
from .models import WORK_ERRORS, ScenarioRequest
from .pool import WorkerPool
from .routes_design import check_overrides


def router(limits: Limits, pool: WorkerPool) -> APIRouter:
    """The orbit-views endpoint."""
    api = APIRouter(tags=["design"])

    @api.post("/api/orbit", responses=WORK_ERRORS)
    async def orbit(request: ScenarioRequest) -> Response:
        """Ground tracks, the fleet in 3D and the illumination along the orbit, as Plotly figures (JSON).

        From two short runs with positions starting before the year's longest eclipse (a few seconds).
        """
        check_overrides(request.overrides, limits)
        return SafeJSONResponse(await pool.call("orbit", request.model_dump()))

    return api
