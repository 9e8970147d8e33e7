"""The work behind the API's computing endpoints, run in the worker processes of :mod:`skyrack.web.pool`.

Each task takes a request body as the API validated it (plain JSON data) and the
service's :class:`~skyrack.web.limits.Limits`, and returns plain JSON data. The
job checks (:func:`check_simulation`, :func:`check_sweep`) refuse, before a job
is queued, every body the job itself or the CLI would refuse: sizes against the
limits first, then the same conditions the simulator and the sweep check, then a
one-point dry run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..errors import InputError
from .errors import failure, json_bytes
from .levers import lever_values
from .limits import LimitError, Limits
from .orbit import orbit
from .scenarios import scenario_from_request

REPORT_MC_SAMPLES = 20_000
REPORT_SIM_DAYS = 2.0
REPORT_SIM_STEP_S = 120.0
DEFAULT_SIM_SATELLITES = 200
"""Satellites a simulation job samples when the request does not say (fewer if the fleet is smaller)."""


def design(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``POST /api/design``: the summary of one design and its lever values."""
    from ..model import design as run
    from ..summary import summary_data

    result = run(scenario_from_request(body))
    return {"summary": summary_data(result), "levers": lever_values(result)}


def compare(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``POST /api/compare``: every named preset (default: all) designed with the same overrides."""
    from ..model import design as run, preset_names
    from ..summary import summary_data

    names = body.get("presets") or preset_names()
    out = []
    for name in names:
        result = run(scenario_from_request({"preset": name, "overrides": body.get("overrides") or {}}))
        out.append({**summary_data(result), "levers": lever_values(result)})
    return {"results": out}


def batch(body: dict[str, Any], limits: Limits) -> list[tuple[int, Any]]:
    """Several ``design`` and ``compare`` requests at once (the service's micro-batches).

    Every design they ask for goes through one :func:`skyrack.batched.design_many`; each request
    gets ``(status, value)``: what :func:`skyrack.web.pool.answer` gives it alone, the same
    answer or the same error (for a compare, the first error in the order of its presets). An
    answer comes as its JSON body already encoded (:func:`~skyrack.web.errors.json_bytes`): the
    worker encodes it, not the server's event loop, and the bytes cross the pipe as they are.
    """
    from ..batched import design_many
    from ..model import preset_names

    plan: list[tuple[str, list[Any]]] = []
    scenarios: list[Any] = []
    for task, request in body["items"]:
        if task == "design":
            requests = [request]
        else:
            names = request.get("presets") or preset_names()
            requests = [{"preset": name, "overrides": request.get("overrides") or {}} for name in names]
        parts: list[Any] = []
        for one in requests:
            try:
                scenarios.append(scenario_from_request(one))
                parts.append(len(scenarios) - 1)
            except Exception as error:
                parts.append(error)
                break  # alone, the request stops at its first error
        plan.append((task, parts))
    designed = design_many(scenarios, errors="return") if scenarios else []
    return [_batch_answer(task, parts, designed, limits) for task, parts in plan]


def _batch_answer(task: str, parts: list[Any], designed: list[Any], limits: Limits) -> tuple[int, Any]:
    from ..summary import summary_data

    out = []
    try:
        for part in parts:
            result = part if isinstance(part, Exception) else designed[part]
            if isinstance(result, Exception):
                raise result
            out.append({"summary": summary_data(result), "levers": lever_values(result)})
    except Exception as error:
        return failure(task, error, limits.worker_memory_mb)
    if task == "design":
        return 200, json_bytes(out[0])
    return 200, json_bytes({"results": [{**one["summary"], "levers": one["levers"]} for one in out]})


def fleet_size(result: Any, limits: Limits) -> int:
    """The design's number of satellites, refused (413) beyond ``limits.max_fleet`` or when not finite."""
    count = float(result.values["constellation.satellites"])
    if not math.isfinite(count) or count > limits.max_fleet:
        shown = f"{count:,.0f}" if math.isfinite(count) else "not finite"
        raise LimitError("constellation.satellites", shown, f"at most {limits.max_fleet:,} satellites")
    return int(count)


def _feasible(result: Any, what: str) -> None:
    if result.reasons:
        name = str(getattr(result.scenario, "name", "scenario"))
        raise InputError("scenario", name, f"the design is infeasible ({'; '.join(result.reasons)}); {what}")


def report(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``POST /api/report``: the self-contained HTML report of a feasible design of a bounded fleet."""
    from ..model import design as run
    from ..report.build import collect, render_html

    result = run(scenario_from_request(body))
    fleet_size(result, limits)
    _feasible(result, "a report needs a feasible design")
    data = collect(result, None, mc_samples=REPORT_MC_SAMPLES, sim_days=REPORT_SIM_DAYS, sim_step_s=REPORT_SIM_STEP_S)
    return {"html": render_html(data)}


def validate(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``GET /api/validate``: the published reference cases, each check with its tolerance, then the
    presets' published claims with their verdicts (the same body as ``skyrack validate --json``)."""
    from .._json import json_safe
    from ..claims.verdict import check_presets
    from ..validation import run_cases

    cases = [c.to_dict() for c in run_cases()]
    claims = [{"preset": name, **v.to_dict()} for name, vs in check_presets().items() for v in vs]
    return json_safe({"passed": all(c["passed"] for c in cases), "cases": cases, "claims": claims})


def check(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``POST /api/check``: the verdicts on the request's claims, or on the scenario's own ``claims:``."""
    from .._json import json_safe
    from ..claims import check as check_one, check_claims, parse_test

    scn = scenario_from_request(body)
    texts = body.get("claims") or []
    if texts:
        tests = [parse_test(text, field=f"claims[{k}]") for k, text in enumerate(texts)]
        verdicts = [check_one(scn, t) for t in tests]
    elif scn.claims:
        verdicts = check_claims(scn)
    else:
        raise InputError("claims", [], "at least one claim, e.g. 'economics.cost_ratio < 1' (the scenario has none)")
    return json_safe({"verdicts": [v.to_dict() for v in verdicts]})


def check_simulation(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """A simulation job's body, checked as the simulator would, with its satellite sample filled in."""
    from ..model import design as run
    from ..physics.constants import YEAR_S
    from ..simulate import simulate

    days, step_s = float(body["days"]), float(body["step_s"])
    _at_most("days", days, limits.max_sim_days, f"at most {limits.max_sim_days:g}")
    if step_s < limits.min_sim_step_s:
        raise LimitError("step_s", step_s, f"at least {limits.min_sim_step_s:g}")
    result = run(scenario_from_request(body), parity=False)
    fleet = fleet_size(result, limits)  # the size budget first: 413, whatever else is wrong
    _feasible(result, "fix it before simulating")
    sats = body.get("satellites") or min(fleet, DEFAULT_SIM_SATELLITES)
    if sats > fleet:
        raise LimitError("satellites", sats, f"at most the fleet size ({fleet})")
    steps = math.ceil(days * 86400.0 / step_s)
    budget = f"at most {limits.max_sim_sat_steps:,} (fewer satellites, fewer days or a longer step)"
    _at_most("satellites x steps", sats * steps, limits.max_sim_sat_steps, budget)
    life_days = float(result.params["mission.lifetime"]) * YEAR_S / 86400.0
    if days > life_days * (1 + 1e-9):
        raise InputError("days", days, f"at most the mission lifetime ({life_days:,.1f} days)")
    period = float(result.values["orbit.period_s"])
    if step_s > period / 10.0:
        raise InputError("step_s", step_s, f"at most a tenth of the orbital period ({period / 10.0:.0f} s)")
    if days * 86400.0 < step_s:
        raise InputError("days", days, f"at least one step ({step_s:g} s)")
    simulate(result, duration=step_s, step=step_s, satellites=1, seed=body.get("seed", 0), dose=False)
    return {**body, "satellites": sats}


def check_sweep(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """A sweep job's body, checked: its specs parse, its size fits, and its first point designs."""
    from ..analysis.sweep import DEFAULT_OUTPUTS, design_points, parse_vary
    from ..model import design_batch

    scn = scenario_from_request(body)
    varies = [parse_vary(v) for v in body["vary"]]
    if body["method"] == "grid":
        points = math.prod(len(v.values) if v.values is not None else v.count for v in varies)
    else:
        points = body["n"] if body.get("n") is not None else 1024
    _at_most("points", points, limits.max_sweep_points, f"at most {limits.max_sweep_points:,}")
    grid = design_points(varies, body["method"], body.get("n"), body.get("seed", 0))
    design_batch(scn, {k: v[:1] for k, v in grid.items()}, outputs=list(DEFAULT_OUTPUTS))
    return body


def _at_most(field: str, value: float, limit: float, allowed: str) -> None:
    if not value <= limit:
        raise LimitError(field, value, allowed)


TASKS: dict[str, Callable[[dict[str, Any], Limits], Any]] = {
    "design": design,
    "compare": compare,
    "batch": batch,
    "report": report,
    "validate": validate,
    "check": check,
    "check_simulation": check_simulation,
    "check_sweep": check_sweep,
    "orbit": orbit,
}
"""Every task a worker runs, by name."""


def warm_up(limits: Limits) -> None:
    """Import every task's modules and design every preset once, so a fresh worker's first request is not slow
    (each preset read and validated, its unit texts converted, its catalog entries and sizing tables loaded)."""
    import importlib

    from ..model import preset_names

    for module in ("analysis.sweep", "report.build", "simulate", "validation"):
        importlib.import_module(f"skyrack.{module}")
    design({"preset": "suncatcher"}, limits)
    batch({"items": [("design", {"preset": name}) for name in preset_names()]}, limits)
