"""Limits on what one request or job may ask of the service.

Every size limit is checked before any work starts; exceeding one is a 4xx
error naming the field, the value and the limit (:class:`LimitError`). Time
limits bound the work itself: a body that does not arrive in time is a 408, a
computation that outlasts its budget a 504, a server with every worker busy and
its waiting line full a 503.
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
    threads: int = Field(default=4, gt=0, le=256, description="Threads answering the light requests in the server")
    workers: int = Field(
        default=2, gt=0, le=64, description="Processes computing designs, compares, reports and job checks"
    )
    batch_window_ms: float = Field(
        default=2.0, ge=0, le=1000, description="Design/compare requests gather this long into one batch (0: none) [ms]"
    )
    batch_max: int = Field(default=256, gt=0, le=4096, description="Most requests in one batch")
    batch_fill_ms: float = Field(
        default=1000.0,
        ge=0,
        le=10_000,
        description="A worker freed while another computes waits at most this long for its share of requests [ms]",
    )
    max_waiting: int = Field(default=32, ge=0, description="Requests waiting for a worker; one more gets 503")
    queue_timeout_s: float = Field(default=15.0, gt=0, description="Longest wait for a free worker (then 503) [s]")
    request_timeout_s: float = Field(
        default=60.0, gt=0, description="Longest computation of one request (then 504; the worker is replaced) [s]"
    )
    worker_memory_mb: int = Field(
        default=4096, ge=0, description="Address space of a worker process (0: unlimited) [MiB]"
    )
    body_timeout_s: float = Field(default=10.0, gt=0, description="Longest time to receive a request body [s]")
    max_json_depth: int = Field(default=32, gt=0, le=200, description="Deepest nesting of arrays and objects")
    max_number_chars: int = Field(default=40, gt=0, description="Longest number in a request body [characters]")
    max_string_chars: int = Field(default=4096, gt=0, description="Longest text in a request body [characters]")
    max_fleet: int = Field(
        default=200_000, gt=0, description="Largest fleet a report or a simulation job lays out [satellites]"
    )


class LimitError(Exception):
    """A request asks for more than a limit allows (HTTP 408, 413, 429, 503 or 504)."""

    def __init__(self, field: str, value: object, limit: str, status: int = 413) -> None:
        self.field, self.value, self.limit, self.status = field, value, limit, status
        super().__init__(f"{field}: got {value!r}; the service allows {limit}")
