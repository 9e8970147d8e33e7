"""Request and response bodies of the JSON API (their JSON Schemas are the OpenAPI document's)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PresetName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", description="A built-in preset name")]
OverrideScalar = Annotated[str, Field(max_length=1000)] | float | int | bool | None
OverrideValue = OverrideScalar | Annotated[list[OverrideScalar], Field(max_length=100)]
Overrides = Annotated[
    dict[Annotated[str, Field(max_length=200)], OverrideValue],
    Field(
        default_factory=dict,
        description="Field path -> value (a number, a text with its unit, true/false, null for the catalog's "
        "value, or a list); texts are taken as they are, never parsed as YAML",
        examples=[{"launch.price_per_kg": "500 USD/kg"}],
    ),
]


class Error(BaseModel):
    """A 4xx or 5xx error: what was wrong and what is allowed (``errors``: each invalid field, for 422)."""

    detail: str
    errors: list[dict[str, Any]] | None = None


class ScenarioRequest(BaseModel):
    """A scenario: a preset name or an inline mapping (as in a scenario YAML file), plus overrides."""

    model_config = ConfigDict(extra="forbid")

    preset: PresetName | None = Field(default=None, examples=["suncatcher"])
    scenario: dict[str, Any] | None = Field(default=None, description="Scenario sections, as in a YAML file")
    overrides: Overrides

    @model_validator(mode="after")
    def _one_source(self) -> ScenarioRequest:
        if (self.preset is None) == (self.scenario is None):
            raise ValueError("give exactly one of 'preset' (a name) or 'scenario' (a mapping)")
        return self


class CompareRequest(BaseModel):
    """Several presets designed with the same overrides."""

    model_config = ConfigDict(extra="forbid")

    presets: list[PresetName] | None = Field(default=None, description="Presets to compare (default: all)")
    overrides: Overrides


class SimulateRequest(ScenarioRequest):
    """A time-domain fleet simulation job."""

    days: float = Field(default=2.0, gt=0, description="Simulated time [days]")
    step_s: float = Field(default=60.0, gt=0, description="Time step [s]")
    satellites: int | None = Field(
        default=None, ge=1, le=2**31, description="Satellites simulated (a seeded sample); default min(fleet, 200)"
    )
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    dose: bool = Field(default=True, description="Compute the trapped-particle dose (AE8/AP8)")


class SweepRequest(ScenarioRequest):
    """A design sweep job."""

    vary: list[Annotated[str, Field(max_length=200)]] = Field(
        min_length=1, max_length=8, examples=[["launch.price_per_kg=20..3000 USD/kg:log:50"]]
    )
    method: Literal["grid", "random", "lhs", "sobol"] = "grid"
    n: int | None = Field(default=None, ge=1, le=2**31, description="Points for random, lhs and sobol (default 1024)")
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


class DesignResponse(BaseModel):
    summary: dict[str, Any]
    levers: dict[str, float | None]


class CompareResponse(BaseModel):
    results: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    version: str
    workers: dict[str, int]
    batches: dict[str, int] = {}


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
"""The errors every endpoint with a body may answer."""
WORK_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    503: {"model": Error, "description": "Every worker busy: retry shortly"},
    504: {"model": Error, "description": "The computation took longer than the service allows"},
}
"""The errors of the endpoints that compute in a worker."""
