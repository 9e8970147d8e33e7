"""Checking a claim against a design: holds, does not hold, or holds only if its conditions are met.

The claim's quantity is computed for the scenario under the conditions the
claim was made in (and, when there are conditions, at the scenario's own
assumptions too). The verdict is

* **holds**: the test passes as stated (and at the scenario's own assumptions);
* **holds only if**: the test passes under the claim's conditions but not at the
  scenario's own assumptions: the conditions are what make it hold;
* **does not hold**: the test fails under the claim's own conditions.

A design that cannot be sized (a radiator below its sink) has no value, and no test
passes on it. A design that sizes but cannot be deployed within the planning horizon
(:mod:`skyrack.feasibility`: launch cadence, production) keeps its numbers: the verdict
is on the claim's quantity, and the summary and reasoning say the design is infeasible
and why.

The reasoning gives the computed value in the claim's unit and the margin, and,
for each cost driver (:data:`DRIVERS`), the value at which the test would flip:
found by the same vectorised scan and bracket narrowing as the parity values
(:func:`skyrack.parity.solve_drivers`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._json import finite_or_none
from ..model import Result, Source, as_scenario, design, load_scenario
from ..params import catalog_for, link, resolve
from ..parity import DRIVERS as PARITY_DRIVERS, Driver, solve_drivers
from ..scenario.claims import Claim
from .parse import Test, display_unit, number, param_text, parse_test

HOLDS = "holds"
HOLDS_ONLY_IF = "holds only if"
FAILS = "does not hold"

DRIVERS: tuple[Driver, ...] = (
    Driver("launch.price_per_kg", 0.0, 1.0e5),
    Driver("launch.price", 0.0, 1.0e10),
    *PARITY_DRIVERS,
)
"""The drivers a claim check solves for (parity's, and the launch price per kg or per flight)."""


@dataclass
class Verdict:
    """A claim's verdict with the numbers behind it."""

    test: Test
    verdict: str
    value: float
    summary: str
    reasoning: list[str] = field(default_factory=list)
    drivers: list[dict[str, Any]] = field(default_factory=list)
    value_without_conditions: float | None = None
    claim: Claim | None = None

    @property
    def margin(self) -> float:
        """How far inside (positive) or outside (negative) the test the value is, in the claim's unit."""
        gap = float(self.test.gap(self.value))
        return -(self.test.in_unit(self.test.threshold + gap) - self.test.in_unit(self.test.threshold))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record: the claim, its test, the verdict and the reasoning in numbers."""
        t = self.test
        return {
            "claim": None if self.claim is None else self.claim.model_dump(mode="json"),
            "test": t.describe(),
            "quantity": t.quantity.text,
            "unit": t.unit,
            "operator": t.op,
            "threshold": finite_or_none(t.in_unit(t.threshold)),
            "tolerance": finite_or_none(t.in_unit(t.threshold + t.tolerance) - t.in_unit(t.threshold))
            if t.op == "=="
            else None,
            "conditions": dict(t.conditions),
            "value": finite_or_none(t.in_unit(self.value)),
            "value_without_conditions": None
            if self.value_without_conditions is None
            else finite_or_none(t.in_unit(self.value_without_conditions)),
            "margin": finite_or_none(self.margin),
            "verdict": self.verdict,
            "summary": self.summary,
            "reasoning": list(self.reasoning),
            "drivers": [dict(d) for d in self.drivers],
        }


def check(
    scenario: Source, test: Test | str, overrides: Sequence[str] | Mapping[str, Any] = (), claim: Claim | None = None
) -> Verdict:
    """Check one test (a :class:`Test` or its text) against a scenario (preset, file, mapping or Scenario).

    Examples
    --------
    >>> v = check("suncatcher", "economics.cost_ratio < 1")  # doctest: +SKIP
    >>> v.verdict, v.reasoning[0]  # doctest: +SKIP
    """
    parsed = parse_test(test) if isinstance(test, str) else test
    base = as_scenario(scenario, overrides)
    made = as_scenario(base, dict(parsed.conditions))
    result = design(made, parity=False)
    value = _value(parsed, result)
    without, own = None, ""
    if parsed.conditions:
        plain = design(base, parity=False)
        without, own = _value(parsed, plain), _own_values(plain, parsed.conditions)
    drivers = [] if parsed.quantity.is_parameter else _drivers(parsed, result)
    return _verdict(parsed, result, (value, without, own), drivers, claim)


def check_claims(scenario: Source, overrides: Sequence[str] | Mapping[str, Any] = ()) -> list[Verdict]:
    """Check every claim in a scenario's ``claims:`` list."""
    base = as_scenario(scenario, overrides)
    return [check(base, parse_test(c.test, c.conditions, "claims"), claim=c) for c in base.claims]


def check_presets() -> dict[str, list[Verdict]]:
    """Every built-in preset's own claims, checked (presets without claims are left out)."""
    from ..model import preset_names

    out = {}
    for name in preset_names():
        scn = load_scenario(name)
        if scn.claims:
            out[name] = check_claims(scn)
    return out


def _value(test: Test, result: Result) -> float:
    return float(np.asarray(test.quantity.measure(result.values, result.params)).reshape(-1)[0])


def _drivers(test: Test, result: Result) -> list[dict[str, Any]]:
    """For each driver, the value at which the test flips (None when none in its range)."""
    params = resolve(result.scenario, catalog_for(result.scenario))
    holding = test.holds(_value(test, result))

    def gap(outputs: Mapping[str, Any], trial: Mapping[str, Any]) -> Any:
        return test.gap(test.quantity.measure(outputs, link(trial)))

    found = solve_drivers(params, DRIVERS, gap, 0.0)
    out = []
    for path, d in found.items():
        flip = d["parity"]
        # Beyond the crossing nearest the current value the test changes: above it if the crossing is above.
        side = None if flip is None else (">=" if flip > d["current"] else "<=")
        if holding and side is not None:
            side = {">=": ">", "<=": "<"}[side]  # past this value it stops holding
        out.append({**d, "path": path, "flip": flip, "side": side})
    return out


def _verdict(
    test: Test,
    result: Result,
    values: tuple[float, float | None, str],
    drivers: list[dict[str, Any]],
    claim: Claim | None,
) -> Verdict:
    """The verdict from the value under the conditions, the value without them and the scenario's own values."""
    value, without, own = values
    holds = test.holds(value)
    if holds and (without is None or test.holds(without)):
        verdict = HOLDS
    elif holds:
        verdict = HOLDS_ONLY_IF
    else:
        verdict = FAILS
    v = Verdict(test, verdict, value, "", [], drivers, without, claim)
    v.summary = _summary(v, result)
    if not result.feasible and math.isfinite(value):
        v.summary += " (the design itself is infeasible: see why below)"
    v.reasoning = _reasoning(v, result, own)
    return v


def _shown(test: Test, value: float) -> str:
    return f"{number(test.in_unit(value))} {display_unit(test.unit)}".rstrip()


def _conditions_text(conditions: Mapping[str, Any]) -> str:
    return ", ".join(f"{path} = {value}" for path, value in conditions.items())


def _summary(v: Verdict, result: Result) -> str:
    t = v.test
    value = _shown(t, v.value)
    target = f"{t.op} {_shown(t, t.threshold)}" + (f" ± {t.tolerance_text}" if t.op == "==" else "")
    if not math.isfinite(v.value) and result.feasible:
        why = " (a terrestrial scenario has no orbit)" if result.params.get("kind") == "terrestrial" else ""
        return f"{t.quantity.label} has no value for this scenario{why}"
    if not math.isfinite(v.value):
        return f"{t.quantity.label} cannot be computed: the design is infeasible under the claim's conditions"
    if v.verdict == HOLDS:
        return f"{t.quantity.label} is {value}, which is {target}"
    if v.verdict == HOLDS_ONLY_IF:
        return f"{t.quantity.label} is {value} ({target}) only if {_conditions_text(t.conditions)}"
    return f"{t.quantity.label} is {value}, not {target}"


def _reasoning(v: Verdict, result: Result, own: str) -> list[str]:
    t = v.test
    lines = [f"test: {t.describe()}"]
    where = f" under the claim's conditions ({_conditions_text(t.conditions)})" if t.conditions else ""
    lines.append(f"computed{where}: {_shown(t, v.value)}")
    if not result.feasible:
        lines.append("the design is infeasible: " + "; ".join(result.reasons))
    if math.isfinite(v.margin):
        inside = "inside" if v.margin >= 0 else "outside"
        unit = display_unit(t.unit)
        lines.append(f"margin: {number(v.margin)} {unit} {inside} the test{_times(t, v.value)}".replace("  ", " "))
    if v.value_without_conditions is not None:
        state = "holds" if t.holds(v.value_without_conditions) else "does not hold"
        lines.append(
            f"at the scenario's own assumptions ({own}): "
            f"{_shown(t, v.value_without_conditions)}, so the test {state} there"
        )
    lines += _driver_lines(v)
    if v.claim is not None and v.claim.note:
        lines.append(f"how skyrack reads the claim: {v.claim.note}")
    return lines


def _times(test: Test, value: float) -> str:
    """``"; the value is 3.2× the threshold"`` (empty when the ratio says nothing)."""
    threshold = test.in_unit(test.threshold)
    ratio = test.in_unit(value) / threshold if threshold else math.nan
    return f"; the value is {number(ratio)}× the threshold" if math.isfinite(ratio) and ratio > 0 else ""


def _own_values(result: Result, conditions: Mapping[str, Any]) -> str:
    """The scenario's own values of the parameters the claim's conditions set."""
    return ", ".join(f"{path} = {param_text(path, result.params.get(path))}" for path in conditions)


def _driver_lines(v: Verdict) -> list[str]:
    holding = v.verdict != FAILS
    moves, none, inert = [], [], []
    for d in v.drivers:
        if d["inert"]:
            inert.append(d["path"])
        elif d["flip"] is None:
            none.append(d["path"])
        else:
            verb = "it would stop holding at" if holding else "it would hold at"
            now = param_text(d["path"], d["current"])
            moves.append(f"{verb} {d['path']} {d['side']} {param_text(d['path'], d['flip'])} (now {now})")
    lines = moves
    if none:
        lines.append(
            ("no value in range changes the verdict: " if holding else "no value in range makes it hold: ")
            + ", ".join(none)
        )
    if inert and not math.isfinite(v.value):
        lines.append("no value in range makes the design computable: " + ", ".join(inert))
    elif inert:
        lines.append("inert here: " + ", ".join(inert))
    return lines


def describe_driver(d: Mapping[str, Any]) -> str:
    """One driver's flip value in words (for tables)."""
    if d["inert"]:
        return "inert"
    if d["flip"] is None:
        return "none in range"
    return f"{d['side']} {param_text(d['path'], d['flip'])} (now {param_text(d['path'], d['current'])})"
