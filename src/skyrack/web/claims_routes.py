"""``POST /api/check``: claim checks over the JSON API, computed in the worker pool (:func:`.work.check`).

A request names a scenario (a preset or an inline mapping, as ``POST /api/design``)
and up to :data:`MAX_CLAIMS` claims, each ``"quantity op value unit [if path = value]"``;
without claims, the scenario's own ``claims:`` list is checked. Each verdict carries
the reasoning in numbers (:meth:`skyrack.claims.Verdict.to_dict`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field

from .errors import SafeJSONResponse
from .limits import LimitError, Limits
from .models import WORK_ERRORS, ScenarioRequest
from .pool import WorkerPool
from .routes_design import check_overrides

__all__ = ["MAX_CLAIMS", "CheckRequest", "router"]

MAX_CLAIMS = 20
"""Most claims in one request (each takes a design and a driver scan, ~0.05 s)."""


class CheckRequest(ScenarioRequest):
    """A scenario (preset or inline mapping, plus overrides) and the claims to check against it."""

    claims: list[Annotated[str, Field(min_length=1, max_length=400)]] = Field(
        default_factory=list,
        description="Claims 'quantity op value unit [if path = value]'; empty: the scenario's own claims",
        examples=[["economics.energy_usd_per_mwh <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg"]],
    )


class CheckResponse(BaseModel):
    verdicts: list[dict[str, Any]]


def router(limits: Limits, pool: WorkerPool) -> APIRouter:
    """The ``POST /api/check`` endpoint."""
    api = APIRouter(tags=["design"])

    @api.post("/api/check", responses=WORK_ERRORS, response_model=CheckResponse)
    async def check_claims(request: CheckRequest) -> Response:
        """Check claims against a design: holds / does not hold / holds only if, with the numbers."""
        if len(request.claims) > MAX_CLAIMS:
            raise LimitError("claims", len(request.claims), f"at most {MAX_CLAIMS} claims")
        check_overrides(request.overrides, limits)
        return SafeJSONResponse(await pool.call("check", request.model_dump()))

    return api
