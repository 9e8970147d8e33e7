"""Limits on what one request or job may ask of the service.

Every limit is checked before any work starts; exceeding one is a 4xx error
naming the field, the value and the limit (:class:`LimitError`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..budgets import MIN_SIM_STEP_S


class Limits(BaseModel):
    """Service limits (all positive; set with ``skyrack serve --limit name=value``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_body_bytes: int = Field(default=1_000_000, gt=0, description="Largest request body [bytes]")
    max_compare: int = Field(default=12, gt=0, description="Most scenarios in one compare request")
    max_overrides: int = Field(default=64, gt=0, description="Most overrides in one request")
    max_sim_sat_steps: int = Field(
        default=20_000_000, gt=0, description="Largest simulation job: satellites x time steps"
    )
    max_sim_days: float = Field(default=366.0, gt=0, description="Longest simulation job [days]")
    min_sim_step_s: float = Field(default=MIN_SIM_STEP_S, gt=0, description="Shortest simulation step [s]")
    max_sweep_points: int = Field(default=50_000, gt=0, description="Most points in one sweep job")
    max_queued_jobs: int = Field(default=8, gt=0, description="Jobs waiting or running at once")
    max_running_jobs: int = Field(default=1, gt=0, description="Jobs running at once (one process each)")
    job_timeout_s: float = Field(default=900.0, gt=0, description="A job running longer is stopped [s]")
    keep_jobs: int = Field(default=64, gt=0, description="Finished jobs kept for their results")
    max_concurrent_reports: int = Field(default=2, gt=0, description="Reports built at once")
    threads: int = Field(
        default=4,
        gt=0,
        le=256,
        description="Threads answering requests (CPU-bound: 4 gave 1.5x the throughput of 40, bench_serve.py)",
    )


class LimitError(Exception):
    """A request asks for more than a limit allows (HTTP 413 or 429)."""

    def __init__(self, field: str, value: object, limit: str, status: int = 413) -> None:
        self.field, self.value, self.limit, self.status = field, value, limit, status
        super().__init__(f"{field}: got {value!r}; the service allows {limit}")
