"""Fuzz: scenarios and overrides, generated at random, give a design or one of skyrack's own errors.

Through the service's path (the body guard, then a preset or an inline mapping with
overrides as JSON values), the library's (a mapping as a scenario file holds it) and the
command line's (``--set path=value`` text). Every example runs under the
time and memory guards of :mod:`fuzzing`.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, strategies as st

from fuzzing import (
    fuzz_settings,
    guarded,
    override_paths,
    overrides,
    preset_names,
    scenario_mappings,
    texts,
)
from skyrack.errors import SkyrackError
from skyrack.web.limits import LimitError


def _design_and_summarise(scenario: Any) -> None:
    from skyrack.model import design, summary

    result = design(scenario)
    json.dumps(summary(result), allow_nan=False)  # a result is plain JSON: no NaN passed off as a number


def _as_the_service_sees_it(body: dict[str, Any]) -> None:
    """A request body through the service's own steps: the body guard, the scenario, the design."""
    from skyrack.web.guard import check_json
    from skyrack.web.limits import Limits
    from skyrack.web.scenarios import scenario_from_request

    try:
        raw = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        return  # not something a client can send as JSON
    try:
        check_json(raw, Limits())
    except (LimitError, SkyrackError):
        return  # refused at the door (413/422)
    try:
        _design_and_summarise(scenario_from_request(json.loads(raw)))
    except SkyrackError as error:
        assert len(str(error)) < 20_000


@fuzz_settings(60)
@given(preset=preset_names, changes=overrides)
def test_api_overrides_give_a_design_or_a_skyrack_error(preset: str, changes: dict[str, Any]) -> None:
    with guarded():
        _as_the_service_sees_it({"preset": preset, "overrides": changes})


@fuzz_settings(60)
@given(data=scenario_mappings())
def test_inline_scenarios_give_a_design_or_a_skyrack_error(data: dict[str, Any]) -> None:
    with guarded():
        _as_the_service_sees_it({"scenario": data})


@fuzz_settings(60, shrink=True)
@given(data=scenario_mappings())
def test_scenario_mappings_give_a_design_or_a_skyrack_error(data: dict[str, Any]) -> None:
    """A scenario as a file would hold it, straight into the library (no service guard in front)."""
    from skyrack.model import load_scenario

    with guarded():
        try:
            _design_and_summarise(load_scenario(data))
        except SkyrackError as error:
            assert len(str(error)) < 20_000


@fuzz_settings(60, shrink=True)
@given(preset=preset_names, items=st.lists(st.tuples(override_paths, texts), max_size=3))
def test_set_options_give_a_design_or_a_skyrack_error(preset: str, items: list[tuple[str, str]]) -> None:
    from skyrack.model import load_scenario

    with guarded():
        try:
            _design_and_summarise(load_scenario(preset, [f"{path}={value}" for path, value in items]))
        except SkyrackError as error:
            assert len(str(error)) < 20_000
