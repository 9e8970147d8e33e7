"""The service's input guard, error bounding and job storage, unit by unit (no server)."""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np
import orjson
import pytest

from skyrack._json import json_safe
from skyrack.errors import InputError
from skyrack.model import design, preset_names
from skyrack.summary import summary as design_summary, summary_data
from skyrack.web.errors import MAX_DETAIL, SafeJSONResponse, bounded, json_bytes
from skyrack.web.guard import check_json
from skyrack.web.jobs import Job, JobManager, storable
from skyrack.web.limits import LimitError, Limits
from skyrack.web.scenarios import scenario_from_request, scenario_mapping

LIMITS = Limits()


@pytest.mark.parametrize(
    "body",
    [
        b'{"preset": "suncatcher", "overrides": {"launch.price_per_kg": "500 USD/kg"}}',
        b'{"name": "\\\\ud800 is text, not a surrogate"}',  # an escaped backslash, then "ud800"
        b'{"name": "\\ud83d\\ude00"}',  # a surrogate pair: one valid character (U+1F600)
        b'{"n": -1.2345678901234567e-300, "m": [1, 2, [3, [4]]]}',
        b"[" * 32 + b"]" * 32,
        b'{"brackets in text": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}',
        b"not json at all",  # left to the app's parser (422)
    ],
)
def test_sound_bodies_pass(body: bytes) -> None:
    check_json(body, LIMITS)


@pytest.mark.parametrize(
    ("body", "error", "words"),
    [
        (b'{"name": "\\ud800"}', InputError, "surrogate"),
        (b'{"name": "x\\udc00y"}', InputError, "surrogate"),
        (b'{"name": "\\\\\\ud800"}', InputError, "surrogate"),  # an escaped backslash, then a real escape
        (b"[" * 33 + b"]" * 33, LimitError, "nesting 33 deep"),
        (b"[" * 200_000, LimitError, "nesting"),
        (b'{"x": ' + b"1" * 41 + b"}", LimitError, "a number of 41 characters"),
        (b'{"x": ' + b"1" * 5000 + b"}", LimitError, "number"),
        (b'{"x": "' + b"a" * 4097 + b'"}', LimitError, "4,097 characters"),
    ],
)
def test_hostile_bodies_are_refused(body: bytes, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        check_json(body, LIMITS)


def test_the_check_is_linear_on_a_megabyte() -> None:
    # worst cases for a scanner: one long string of escapes, many short strings, many numbers, a flat array
    bodies = [
        b'{"a": "' + b'\\"' * 2000 + b'"}' * 1,
        b"[" + b",".join([b'"\\"x"'] * 150_000) + b"]",
        b"[" + b",".join([b"123456789"] * 100_000) + b"]",
        b"[" + b"0," * 499_990 + b"0]",
    ]
    limits = Limits(max_string_chars=10_000)
    for body in bodies:
        t0 = time.perf_counter()
        check_json(body, limits)
        assert time.perf_counter() - t0 < 1.0, len(body)


def test_errors_are_bounded_and_always_serialise() -> None:
    assert bounded("x" * 10) == "x" * 10
    long = bounded("y" * 100_000)
    assert len(long) < MAX_DETAIL + 50 and long.endswith("(98,000 more characters)")
    body = SafeJSONResponse({"detail": "\ud800", "x": float("nan")}).body
    assert json.loads(body) == {"detail": "\ud800", "x": None} and body.isascii()


def test_response_json_is_the_same_values_by_either_encoder() -> None:
    # orjson encodes what it can and what comes out ASCII; the rest goes through json, escaped: the values
    # a client reads are the same either way (a design's summary, NaN and numpy scalars among them)
    summary = design_summary(design("suncatcher"))
    odd = {
        "nan": float("nan"), "inf": -np.inf, "np": np.float64(2.5), "int": np.int64(7), "f32": np.float32(0.5),
        "big": 10**30, "keys": {1: "a"}, "text": "m² ≥ 1", "list": [np.nan, (1, 2)],
    }  # fmt: skip
    for content in (summary, odd, {"s": "\udc80"}):
        body = json_bytes(content)
        assert body.isascii()
        assert json.loads(body) == json.loads(json.dumps(json_safe(content), ensure_ascii=True)), content
    assert json_bytes(summary) == orjson.dumps(summary, option=orjson.OPT_SERIALIZE_NUMPY)  # the fast path
    assert json.loads(json_bytes(odd))["text"] == "m² ≥ 1" and b"\\u00b2" in json_bytes(odd)


@pytest.mark.parametrize("name", [*preset_names(), "infeasible"])
def test_service_answers_the_summary_values_the_cli_prints(name: str) -> None:
    # the service encodes the summary before it is made JSON-safe (orjson maps NaN and numpy scalars
    # itself): a client reads the values `--json` prints, NaN as null, and the fast encoder takes it
    if name == "infeasible":
        result = design("suncatcher", overrides={"satellite.thermal.radiator_temperature": "150 K"})
        assert not result.feasible
    else:
        result = design(name)
    raw = summary_data(result)
    expected = json.loads(json.dumps(design_summary(result), allow_nan=False))
    assert json.loads(json_bytes(raw)) == expected
    assert json_bytes(raw) == orjson.dumps(raw, option=orjson.OPT_SERIALIZE_NUMPY)


def test_job_requests_are_stored_as_plain_json() -> None:
    stored = storable({"name": "a\ud800b", "x": float("inf"), "deep": [[[1]]], "obj": object, ("t",): 1})
    assert stored["name"] == "a\\ud800b" and stored["x"] is None and stored["deep"] == [[[1]]]
    assert stored["obj"].startswith("<class") and stored["('t',)"] == 1
    json.dumps(stored, allow_nan=False).encode("utf-8")
    deep: Any = 1
    for _ in range(200):
        deep = [deep]
    json.dumps(storable(deep))


def test_one_bad_job_never_breaks_the_listing() -> None:
    jobs = JobManager(Limits())
    good = Job(id="a" * 32, kind="sweep", request={"preset": "suncatcher"}, status="done")
    bad = Job(id="b" * 32, kind="sweep", request={"name": "\ud800", "n": float("nan")}, status="failed", error="x")
    jobs._jobs.update({good.id: good, bad.id: bad})  # as if stored by an older server, unsanitised
    infos = jobs.infos()
    assert [i["id"] for i in infos] == [good.id, bad.id]
    assert infos[0]["request"] == {"preset": "suncatcher"}
    assert infos[1]["status"] == "failed" and "cannot be shown" in infos[1]["request"]["unavailable"]
    json.dumps(infos, allow_nan=False).encode("utf-8")


def test_override_values_are_never_yaml() -> None:
    data = scenario_mapping({"preset": "suncatcher", "overrides": {"name": "&a [*a]", "launch.price_per_kg": 300}})
    assert data["name"] == "&a [*a]" and data["launch"]["price_per_kg"] == 300
    assert scenario_from_request({"preset": "suncatcher", "overrides": {"name": "18:00"}}).name == "18:00"
    scn = scenario_from_request({"preset": "suncatcher", "overrides": {"satellite.thermal.emissivity": "0.85"}})
    assert scn.satellite.thermal.emissivity == 0.85
    with pytest.raises(InputError, match="below 2"):
        scenario_mapping({"preset": "suncatcher", "overrides": {"launch.price_per_kg": 10**30}})
    with pytest.raises(InputError, match="finite"):
        scenario_mapping({"preset": "suncatcher", "overrides": {"launch.price_per_kg": float("nan")}})
    with pytest.raises(InputError, match="one-line"):
        scenario_mapping({"preset": "suncatcher", "overrides": {"name": "a\nb"}})
    with pytest.raises(InputError, match="is a value, not a section"):
        scenario_mapping({"preset": "suncatcher", "overrides": {"name.x": "1"}})
