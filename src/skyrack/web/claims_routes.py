"""``POST /api/check``: claim checks over the JSON API (registered by :func:`register`).

A request names a scenario (a preset or an inline mapping, as ``POST /api/design``)
and up to :data:`MAX_CLAIMS` claims, each ``"quantity op value unit [if path = value]"``;
without claims, the scenario's own ``claims:`` list is checked. Each verdict carries
the reasoning in numbers (:meth:`skyrack.claims.Verdict.to_dict`).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import FastAPI
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .limits import LimitError, Limits

__all__ = ["MAX_CLAIMS", "CheckRequest", "register"]

MAX_CLAIMS = 20
"""Most claims in one request (each takes a design and a driver scan, ~0.05 s)."""


class CheckRequest(BaseModel):
    """A scenario (preset or inline mapping, plus overrides) and the claims to check against it."""

    model_config = ConfigDict(extra="forbid")

    preset: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")] | None = Field(
        default=None, examples=["suncatcher"]
    )
    scenario: dict[str, Any] | None = Field(default=None, description="Scenario sections, as in a YAML file")
    overrides: dict[str, str | float | int | bool | None] = Field(default_factory=dict)
    claims: list[Annotated[str, Field(min_length=1, max_length=400)]] = Field(
        default_factory=list,
        description="Claims 'quantity op value unit [if path = value]'; empty: the scenario's own claims",
        examples=[["economics.lcoe_usd_per_mwh <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg"]],
    )

    @model_validator(mode="after")
    def _one_source(self) -> CheckRequest:
        if (self.preset is None) == (self.scenario is None):
            raise ValueError("give exactly one of 'preset' (a name) or 'scenario' (a mapping)")
        return self


class CheckResponse(BaseModel):
    verdicts: list[dict[str, Any]]


class CheckError(BaseModel):
    """A 4xx error: what was wrong and what is allowed."""

    detail: str
    errors: list[dict[str, Any]] | None = None


RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": CheckError, "description": "Unknown preset"},
    413: {"model": CheckError, "description": "Too many claims or overrides"},
    422: {"model": CheckError, "description": "A bad claim or scenario: the field, the value and what is allowed"},
}


def register(app: FastAPI, limits: Limits) -> None:
    """Add ``POST /api/check`` to the application."""

    @app.post("/api/check", tags=["design"], response_model=CheckResponse, responses=RESPONSES)
    def check_claims(request: CheckRequest) -> Response:
        """Check claims against a design: holds / does not hold / holds only if, with the numbers."""
        from .._json import json_safe
        from ..claims import check, check_claims, parse_test
        from ..errors import InputError
        from .scenarios import scenario_from_request

        if len(request.claims) > MAX_CLAIMS:
            raise LimitError("claims", len(request.claims), f"at most {MAX_CLAIMS} claims")
        if len(request.overrides) > limits.max_overrides:
            raise LimitError("overrides", len(request.overrides), f"at most {limits.max_overrides}")
        scn = scenario_from_request(request.model_dump())
        if request.claims:
            tests = [parse_test(text, field=f"claims[{k}]") for k, text in enumerate(request.claims)]
            verdicts = [check(scn, t) for t in tests]
        elif scn.claims:
            verdicts = check_claims(scn)
        else:
            raise InputError(
                "claims", [], "at least one claim, e.g. 'economics.cost_ratio < 1' (the scenario has none)"
            )
        body = json_safe({"verdicts": [v.to_dict() for v in verdicts]})
        return Response(json.dumps(body, allow_nan=False), media_type="application/json")
