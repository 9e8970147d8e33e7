"""Property-based API testing with schemathesis against the running server: no input makes it fail (5xx).

Hypothesis generates requests (valid and invalid) from the app's own OpenAPI
schema and sends them to a real uvicorn server on loopback; every response must
be a non-5xx status that the schema documents, with a body that conforms.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from skyrack.web.app import create_app
from skyrack.web.limits import Limits
from webserver import running_server

# small jobs only: schemathesis will queue some real ones
LIMITS = Limits(max_sim_sat_steps=2_000, max_sim_days=0.05, max_sweep_points=50, max_queued_jobs=2, job_timeout_s=20.0)


SEEN: dict[str, set[int]] = {}
# the schema the app publishes; the requests go to a real server started below
schema = schemathesis.openapi.from_dict(create_app(LIMITS).openapi())


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server(LIMITS) as url:
        assert httpx.get(f"{url}/openapi.json").json() == create_app(LIMITS).openapi()
        yield url


@schema.exclude(path_regex="^/api/(report|orbit)$").parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails(case: Any, base_url: str) -> None:
    response = case.call_and_validate(
        base_url=base_url,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
        timeout=120,
    )
    SEEN.setdefault(f"{case.method} {case.path}", set()).add(response.status_code)


@schema.include(path_regex="^/api/(report|orbit)$").parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_report_endpoint_never_fails(case: Any, base_url: str) -> None:
    response = case.call_and_validate(
        base_url=base_url, checks=[not_a_server_error, status_code_conformance], timeout=120
    )
    SEEN.setdefault(f"{case.method} {case.path}", set()).add(response.status_code)


def test_generated_requests_reached_the_model() -> None:
    """The runs above must have exercised real work, not only rejections."""
    assert 200 in SEEN.get("POST /api/design", set()), SEEN
    assert 200 in SEEN.get("POST /api/compare", set()), SEEN
    assert 202 in SEEN.get("POST /api/jobs/sweep", set()) | SEEN.get("POST /api/jobs/simulate", set()), SEEN
    assert {422} <= SEEN.get("POST /api/design", set()), SEEN
