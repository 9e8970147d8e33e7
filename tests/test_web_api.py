"""The JSON API of ``skyrack serve``: answers, errors, limits and background jobs."""

from __future__ import annotations

import json
import math
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from skyrack import model
from skyrack.scenario.registry import parameter
from skyrack.summary import summary
from skyrack.web.app import create_app
from skyrack.web.levers import LEVERS
from skyrack.web.limits import Limits
from webserver import wait_ready


@pytest.fixture(scope="module")
def client() -> Any:
    limits = Limits(max_compare=12, max_overrides=8, max_body_bytes=200_000, max_running_jobs=2, max_queued_jobs=4)
    with TestClient(create_app(limits)) as c:
        wait_ready(c)
        yield c


def wait(client: TestClient, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        info = client.get(f"/api/jobs/{job_id}").json()
        if info["status"] not in ("queued", "running"):
            return info
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} still {info['status']} after {timeout} s")


def test_health_presets_and_levers(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    presets = client.get("/api/presets").json()
    assert [p["name"] for p in presets] == model.preset_names()
    assert all(p["description"] for p in presets)
    levers = client.get("/api/levers").json()
    assert [lv["path"] for lv in levers] == [lv.path for lv in LEVERS]
    assert all(lv["min"] < lv["max"] and lv["scale"] in ("log", "linear") for lv in levers)
    # labels and units come from the parameter registry
    assert all(lv["label"] == parameter(lv["path"]).label and lv["unit"] == parameter(lv["path"]).unit for lv in levers)


def test_design_matches_the_library(client: TestClient) -> None:
    body = client.post("/api/design", json={"preset": "suncatcher"}).json()
    expected = summary(model.design("suncatcher"))
    assert body["summary"] == expected
    assert body["levers"]["launch.price_per_kg"] == pytest.approx(200.0)


def test_inline_scenario_equals_its_preset(client: TestClient) -> None:
    scenario = client.get("/api/presets/starcloud-40mw").json()["scenario"]
    by_name = client.post("/api/design", json={"preset": "starcloud-40mw"}).json()
    inline = client.post("/api/design", json={"scenario": scenario}).json()
    assert inline["summary"]["economics"] == by_name["summary"]["economics"]


@pytest.mark.parametrize("lever", LEVERS, ids=[lv.path for lv in LEVERS])
def test_every_lever_moves_the_model_and_reads_back(client: TestClient, lever: Any) -> None:
    value = lever.min + 0.37 * (lever.max - lever.min) if lever.scale == "linear" else math.sqrt(lever.min * lever.max)
    unit = parameter(lever.path).unit
    body = client.post("/api/design", json={"preset": "suncatcher", "overrides": {lever.path: f"{value} {unit}"}})
    assert body.status_code == 200, body.text
    assert body.json()["levers"][lever.path] == pytest.approx(value, rel=1e-9)


def test_a_dearer_launch_costs_more(client: TestClient) -> None:
    def cost(price: float) -> float:
        overrides = {"launch.price_per_kg": f"{price} USD/kg"}
        body = client.post("/api/design", json={"preset": "suncatcher", "overrides": overrides}).json()
        return float(body["summary"]["economics"]["usd_per_pflop_day"])

    assert cost(100.0) < cost(1000.0) < cost(5000.0)


def test_compare_keeps_order_and_defaults_to_every_preset(client: TestClient) -> None:
    names = ["starcloud-40mw", "suncatcher"]
    body = client.post("/api/compare", json={"presets": names}).json()
    assert [r["scenario"] for r in body["results"]] == names
    everything = client.post("/api/compare", json={}).json()["results"]
    assert len(everything) == len(model.preset_names())


@pytest.mark.parametrize(
    ("request_body", "status", "words"),
    [
        ({"preset": "atlantis"}, 404, ["preset", "atlantis", "suncatcher"]),
        ({"preset": "suncatcher", "overrides": {"launch.price_per_kg": "500"}}, 422, ["price_per_kg", "unit"]),
        ({"preset": "suncatcher", "scenario": {}}, 422, ["exactly one"]),
        ({}, 422, ["exactly one"]),
        ({"scenario": {"catalog_files": ["/etc/passwd"]}}, 422, ["catalog_files", "no files"]),
        ({"preset": "suncatcher", "overrides": {"catalog_files": "['/etc/passwd']"}}, 422, ["catalog"]),
        ({"preset": "suncatcher", "overrides": {"../x": "1"}}, 422, ["dotted field path"]),
        ({"preset": "suncatcher", "overrides": {"launch.warp_factor": "9"}}, 422, ["warp_factor"]),
        ({"preset": "suncatcher", "colour": "red"}, 422, ["colour", "Extra inputs"]),
        ({"preset": "Sun Catcher"}, 422, ["preset", "pattern"]),
        ({"preset": "suncatcher", "overrides": {f"mission.x{i}": "1" for i in range(9)}}, 413, ["overrides", "8"]),
    ],
)
def test_bad_input_is_a_clear_4xx(
    client: TestClient, request_body: dict[str, Any], status: int, words: list[str]
) -> None:
    response = client.post("/api/design", json=request_body)
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    for word in words:
        assert word in detail


def test_body_size_limit_with_and_without_content_length(client: TestClient) -> None:
    big = b'{"preset": "suncatcher", "overrides": {"a.b": "' + b"x" * 300_000 + b'"}}'
    response = client.post("/api/design", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "200000 bytes" in response.json()["detail"]

    def chunks() -> Any:
        for _ in range(30):
            yield b"x" * 10_000

    response = client.post("/api/design", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_compare_limit(client: TestClient) -> None:
    response = client.post("/api/compare", json={"presets": ["suncatcher"] * 13})
    assert response.status_code == 413 and "presets" in response.json()["detail"]


def test_no_file_paths_from_requests(client: TestClient) -> None:
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/static/%2e%2e/app.py").status_code == 404
    assert client.get("/api/presets/..%2F..%2Fpyproject").status_code in (404, 422)


def test_validate_runs_the_reference_cases(client: TestClient) -> None:
    body = client.get("/api/validate").json()
    assert body["passed"] and len(body["cases"]) >= 5
    # one answer: the page's validation is skyrack validate --json, claims and their verdicts included
    from typer.testing import CliRunner

    from skyrack.cli import app

    shown = CliRunner().invoke(app, ["validate", "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout) == body and body["claims"]


def test_report_is_a_self_contained_download(client: TestClient) -> None:
    response = client.post("/api/report", json={"preset": "starcloud-1"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'filename="skyrack-starcloud-1.html"' in response.headers["content-disposition"]
    html = response.text
    assert "Claims check" in html or "claims check" in html.lower()
    assert (
        "<script src" not in html and 'src="http' not in html and 'href="http' not in html.replace('href="https://', "")
    )


def _array(value: Any) -> Any:
    """A Plotly JSON array: a list, or a typed array {"dtype", "bdata"} (base64) as plotly.py 6 writes numpy."""
    import base64

    import numpy as np

    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.asarray(value, dtype=float)


def test_orbit_views_for_the_page(client: TestClient) -> None:
    response = client.post("/api/orbit", json={"preset": "starcloud-1"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body["figures"]) == {"ground_tracks", "constellation_3d", "illumination"}
    ground = body["figures"]["ground_tracks"]
    assert ground["data"][0]["name"] == "coastline" and _array(ground["data"][1]["x"]).size > 100  # a track
    nu = _array(body["figures"]["illumination"]["data"][0]["y"])
    assert nu.min() == 0.0 and nu.max() == 1.0  # the run starts before the year's longest eclipse: it sees one
    assert 90 < body["period_min"] < 100
    refused = client.post("/api/orbit", json={"preset": "ground-campus-1gw"})
    assert refused.status_code == 422 and "terrestrial" in refused.text


def test_page_docs_and_plotly_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    plotly = client.get("/static/vendor/plotly.min.js")
    assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "/static-offline-docs/swagger-ui-bundle.js" in docs
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "skyrack"


def test_simulation_job_runs_in_the_background(client: TestClient) -> None:
    submitted = client.post(
        "/api/jobs/simulate", json={"preset": "suncatcher", "days": 0.5, "step_s": 60, "satellites": 4, "dose": False}
    )
    assert submitted.status_code == 202, submitted.text
    job = submitted.json()
    assert job["status"] in ("queued", "running") and job["request"]["satellites"] == 4
    early = client.get(f"/api/jobs/{job['id']}/result")
    assert early.status_code in (200, 409)
    info = wait(client, job["id"])
    assert info["status"] == "done", info["error"]
    assert info["progress"] == 1.0
    result = client.get(f"/api/jobs/{job['id']}/result").json()
    fleet = result["fleet"]
    assert fleet["satellites_simulated"] == 4
    # a dawn-dusk orbit in late-year sun: the simulated and designed sunlit fractions agree
    assert fleet["sunlit_fraction"] == pytest.approx(fleet["design_sunlit_fraction"], abs=0.05)
    assert len(result["timeseries"]["time"]) == len(result["timeseries"]["columns"]["illumination_mean_of_means"]) > 100
    assert job["id"] in [j["id"] for j in client.get("/api/jobs").json()]


def test_sweep_job_returns_the_table(client: TestClient) -> None:
    body = {"preset": "suncatcher", "vary": ["launch.price_per_kg=50..5000 USD/kg:log:6"]}
    job = client.post("/api/jobs/sweep", json=body).json()
    info = wait(client, job["id"])
    assert info["status"] == "done", info["error"]
    columns = client.get(f"/api/jobs/{job['id']}/result").json()["columns"]
    cost = columns["economics.usd_per_pflop_day"]
    assert len(cost) == 6 and cost == sorted(cost)


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        ("simulate", {"preset": "suncatcher", "days": 400}, ["days", "366"]),
        ("simulate", {"preset": "suncatcher", "step_s": 1}, ["step_s", "10"]),
        ("simulate", {"preset": "suncatcher", "satellites": 82}, ["satellites", "81"]),
        ("simulate", {"preset": "suncatcher", "days": 366, "step_s": 10, "satellites": 81}, ["satellites x steps"]),
        (
            "sweep",
            {"preset": "suncatcher", "vary": ["launch.price_per_kg=1..2 USD/kg:300", "mission.lifetime=1..9yr:300"]},
            ["points"],
        ),
    ],
)
def test_job_limits(client: TestClient, path: str, body: dict[str, Any], words: list[str]) -> None:
    response = client.post(f"/api/jobs/{path}", json=body)
    assert response.status_code == 413, response.text
    assert all(w in response.json()["detail"] for w in words)


def test_bad_sweep_spec_is_refused_before_queueing(client: TestClient) -> None:
    response = client.post(
        "/api/jobs/sweep", json={"preset": "suncatcher", "vary": ["launch.price_per_kg=9..1 USD/kg"]}
    )
    assert response.status_code == 422 and "low < high" in response.json()["detail"]


def test_unknown_job_is_404(client: TestClient) -> None:
    assert client.get("/api/jobs/0123abcd").status_code == 404
    assert client.get("/api/jobs/0123abcd/result").status_code == 404
    assert client.delete("/api/jobs/0123abcd").status_code == 404


def test_queue_limit_and_cancel() -> None:
    limits = Limits(max_queued_jobs=2, max_running_jobs=1, job_timeout_s=600.0, workers=1)
    long_run = {"preset": "spacex-xai", "days": 30, "step_s": 10, "satellites": 40}
    with TestClient(create_app(limits)) as c:
        wait_ready(c)
        first = c.post("/api/jobs/simulate", json=long_run).json()
        second = c.post("/api/jobs/simulate", json=long_run).json()
        third = c.post("/api/jobs/simulate", json=long_run)
        assert third.status_code == 429 and "2 queued or running" in third.json()["detail"]
        cancelled = c.delete(f"/api/jobs/{second['id']}").json()
        assert wait(c, second["id"])["status"] == "cancelled", cancelled
        c.delete(f"/api/jobs/{first['id']}")
        assert wait(c, first["id"])["status"] == "cancelled"
        assert c.get(f"/api/jobs/{first['id']}/result").status_code == 409


def test_a_job_past_its_time_limit_is_stopped() -> None:
    from skyrack.web.jobs import JobManager

    jobs = JobManager(Limits(job_timeout_s=1.0))
    job = jobs.submit("simulate", {"preset": "spacex-xai", "days": 30, "step_s": 10, "satellites": 40})
    done = jobs.wait(job.id, timeout=120.0)
    assert done is not None and done.status == "failed" and "1 s limit" in str(done.error)


def test_skyrack_serve_command_serves_page_and_api() -> None:
    import subprocess
    import sys

    import httpx

    from webserver import free_port, wait_healthy

    port = free_port()
    cmd = [sys.executable, "-m", "skyrack", "serve", "--port", str(port), "--limit", "max_compare=3"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, 120.0, lambda: proc.poll() is None)
        assert "<html" in httpx.get(url).text.lower()
        assert httpx.get(f"{url}/api/limits").json()["max_compare"] == 3
    finally:
        proc.terminate()
        proc.wait(10)


def test_skyrack_serve_refuses_a_bad_limit() -> None:
    from typer.testing import CliRunner

    from skyrack.cli import app

    result = CliRunner().invoke(app, ["serve", "--limit", "max_compare=0"])
    assert result.exit_code == 2 and "max_compare" in result.output
    result = CliRunner().invoke(app, ["serve", "--limit", "colour=red"])
    assert result.exit_code == 2 and "max_sweep_points" in result.output


def test_a_full_pool_is_503_and_an_overlong_request_504() -> None:
    import threading

    limits = Limits(workers=1, max_waiting=0, request_timeout_s=1.0)
    with TestClient(create_app(limits)) as c:
        wait_ready(c)
        answers: dict[str, Any] = {}
        report = threading.Thread(
            target=lambda: answers.update(report=c.post("/api/report", json={"preset": "suncatcher"}))
        )
        report.start()
        end = time.monotonic() + 60
        while c.get("/api/health").json()["workers"]["idle"] != 0:  # the report holds the only worker
            assert time.monotonic() < end and report.is_alive()
            time.sleep(0.01)
        busy = c.post("/api/design", json={"preset": "suncatcher"})
        assert busy.status_code == 503 and "retry shortly" in busy.json()["detail"], busy.text
        report.join(60)
        assert answers["report"].status_code == 504, answers["report"].text  # a report takes seconds
        assert "1 s the service allows" in answers["report"].json()["detail"]
        wait_ready(c)  # the worker was killed and replaced
        assert c.post("/api/design", json={"preset": "suncatcher"}).status_code == 200


def test_json_safe_writes_plain_values_as_they_are_and_non_finite_as_none() -> None:
    # the fast path for plain floats, texts, ints and booleans gives what the general path gives
    import numpy as np

    from skyrack._json import json_safe

    given = {"a": 1.5, "b": float("nan"), "c": float("-inf"), "d": [np.float64(2.0), np.float64("nan"), 3, True],
             "e": ("x", None, np.int64(4)), 5: {"f": np.float32(0.5), "g": False}}  # fmt: skip
    assert json_safe(given) == {"a": 1.5, "b": None, "c": None, "d": [2.0, None, 3, True],
                                "e": ["x", None, 4], "5": {"f": 0.5, "g": False}}  # fmt: skip
    assert type(json_safe(np.float64(2.0))) is float and type(json_safe(True)) is bool
