"""Background jobs: simulations and sweeps, checked in the worker pool before they are queued."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path as PathParam
from fastapi.responses import Response

from .errors import NotFoundError, SafeJSONResponse, bounded
from .jobs import Job, JobManager
from .limits import Limits
from .models import ERRORS, WORK_ERRORS, Error, JobInfo, SimulateRequest, SweepRequest
from .pool import WorkerPool
from .routes_design import check_overrides

JobId = Annotated[str, PathParam(max_length=64)]


def router(limits: Limits, pool: WorkerPool, jobs: JobManager) -> APIRouter:
    """The job endpoints."""
    api = APIRouter(tags=["jobs"])

    async def submit(kind: str, check: str, body: dict[str, Any]) -> Response:
        check_overrides(body.get("overrides") or {}, limits)
        jobs.check_room()  # a full queue is refused before the check's work
        checked = await pool.call(check, body)
        return SafeJSONResponse(jobs.submit(kind, checked).info(), status_code=202)

    @api.post("/api/jobs/simulate", status_code=202, responses=WORK_ERRORS, response_model=JobInfo)
    async def submit_simulation(request: SimulateRequest) -> Response:
        """Queue a fleet simulation (refused at once if the simulator would refuse it); poll ``GET /api/jobs/{id}``."""
        return await submit("simulate", "check_simulation", request.model_dump())

    @api.post("/api/jobs/sweep", status_code=202, responses=WORK_ERRORS, response_model=JobInfo)
    async def submit_sweep(request: SweepRequest) -> Response:
        """Queue a design sweep (``vary`` specs as in ``skyrack sweep --vary``; checked on its first point)."""
        return await submit("sweep", "check_sweep", request.model_dump())

    @api.get("/api/jobs", response_model=list[JobInfo])
    def list_jobs() -> Response:
        """Every job the server remembers, oldest first."""
        return SafeJSONResponse(jobs.infos())

    def find(job_id: str) -> Job:
        job = jobs.get(job_id)
        if job is None:
            raise NotFoundError("job", job_id, "the id of a job this server remembers (GET /api/jobs)")
        return job

    @api.get("/api/jobs/{job_id}", responses=ERRORS, response_model=JobInfo)
    def get_job(job_id: JobId) -> Response:
        """A job's status and progress (0-1)."""
        return SafeJSONResponse(find(job_id).info())

    @api.get("/api/jobs/{job_id}/result", responses={**ERRORS, 409: {"model": Error}})
    def job_result(job_id: JobId) -> Response:
        """A finished job's result (409 until it is done)."""
        job = find(job_id)
        if job.status != "done":
            detail = f"job {job_id} is {job.status}" + (f": {job.error}" if job.error else "")
            return SafeJSONResponse({"detail": bounded(detail)}, status_code=409)
        return SafeJSONResponse(job.result)

    @api.delete("/api/jobs/{job_id}", responses=ERRORS, response_model=JobInfo)
    def cancel_job(job_id: JobId) -> Response:
        """Cancel a queued or running job (a finished one is left as it is)."""
        find(job_id)
        jobs.cancel(job_id)
        return SafeJSONResponse(find(job_id).info())

    return api
