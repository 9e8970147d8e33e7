"""Reconciliation: why two assumption sets give different headline figures, term by term.

Side A and side B are each a scenario (preset or file) or an *assumption file*
describing another model's assumptions as registry parameters (:class:`AssumptionFile`).
Both are resolved to flat parameters (:func:`skyrack.params.resolve`). Starting from
A, one assumption group (:data:`GROUPS`) at a time takes B's values, in the stated
order; the last group, "everything else", holds every remaining difference, so that
after the last step the parameters *are* B's. Each step's change of a figure is its
share of the gap, and the steps telescope: their sum is B's figure minus A's exactly
(to floating-point rounding). The order matters where assumptions interact (a launch
price swap weighs more when the satellite is heavier): it is stated in every output.

A group that A and B set alike shows a zero step marked ``same``; one that differs but
does not move the figure shows a zero step marked ``inert``.

This is sequential (one-at-a-time) substitution: it leaves no residual, but each step's
size depends on the order, as Ang [1]_ discusses for decomposition analysis; hence the
fixed, stated order.

References
----------
.. [1] B. W. Ang, "Decomposition analysis for policymaking in energy: which is the
       preferred method?", Energy Policy 32 (2004) 1131-1139.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..claims.parse import Quantity, display_unit, number, param_text, resolve_quantity
from ..errors import InputError
from ..feasibility import reasons
from ..formatting import format_value
from ..model import as_scenario, preset_names
from ..outputs import OUTPUTS
from ..params import catalog_for, link, resolve
from ..pipeline import evaluate
from ..scenario import Scenario, read_yaml
from ..scenario.registry import canonical_name, parameters

EVERYTHING_ELSE = "everything else"
DEFAULT_OUTPUTS = ("economics.usd_per_pflop_day", "economics.cost_ratio", "economics.cost_ratio_infrastructure")
"""The headline figures a reconciliation explains unless told otherwise: orbit's cost and both ratios (all-in,
and infrastructure only, the basis of the published comparisons that leave the accelerators out)."""

LINE_ITEMS = (
    "mass.total_kg",
    "launch.launches",
    "economics.hardware_bus_usd",
    "economics.hardware_accelerators_usd",
    "economics.launch_usd",
    "economics.opex_usd_per_year",
    "economics.pv_cost_usd",
    "economics.pv_infrastructure_usd",
    "economics.tco_undiscounted_usd",
    "economics.energy_mwh",
    "economics.infrastructure_usd_per_mwh",
    "economics.energy_usd_per_mwh",
    "schedule.first_service_yr",
    "schedule.fleet_complete_yr",
    "terrestrial.pv_cost_usd",
    "terrestrial.pv_infrastructure_usd",
    "terrestrial.tco_undiscounted_usd",
    "terrestrial.energy_mwh",
    "terrestrial.infrastructure_usd_per_mwh",
    "terrestrial.energy_usd_per_mwh",
    "terrestrial.full_power_yr",
)
"""Line items shown side by side; outputs about replacements and operations are added as the registry declares them."""


@dataclass(frozen=True)
class Group:
    """An assumption group: a name and the registry paths it swaps (``section.*`` takes a whole section)."""

    name: str
    paths: tuple[str, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "mass per kW",
        (
            "satellite.power.specific_power",
            "satellite.power.areal_density",
            "satellite.power.battery_specific_energy",
            "satellite.power.depth_of_discharge",
            "satellite.power.bus_power_fraction",
            "satellite.compute.mass_per_unit",
            "satellite.compute.eclipse_policy",
            "satellite.thermal.areal_density",
            "satellite.thermal.heat_pump.mass_per_kw",
            "satellite.shielding.thickness",
            "satellite.shielding.kg_per_kw",
            "satellite.shielding.packaging_density",
            "satellite.bus.*",
        ),
    ),
    Group(
        "cost base",
        (
            "economics.satellite_cost_per_w",
            "economics.satellite_cost_per_kg",
            "economics.bus_cost_per_kg",
            "satellite.power.array_cost",
            "satellite.power.battery_cost",
            "satellite.thermal.radiator_cost",
            "satellite.compute.unit_price",
            "terrestrial.unit_price",
            "economics.space_hardware_premium",
            "economics.nre",
            "economics.ground_segment",
        ),
    ),
    Group(
        "cost basis",
        (
            "economics.satellite_cost_basis",
            "deployment.pricing",
            "launch.vehicle_cost",
            "launch.reuses",
            "launch.propellant_cost",
            "launch.refurbishment_cost",
            "launch.operations_cost",
        ),
    ),
    Group(
        "launch price",
        (
            "launch.price",
            "launch.price_per_kg",
            "launch.learning_rate",
            "launch.prior_cumulative_mass",
            "economics.launch_insurance",
        ),
    ),
    Group("discounting", ("economics.discount_rate",)),
    Group(
        "schedule",
        (
            "mission.build_time",
            "launch.in_orbit_assembly",
            "terrestrial.build_time",
            "deployment.*",
        ),
    ),
    Group(
        "utilisation",
        (
            "satellite.compute.utilisation",
            "satellite.compute.idle_fraction",
            "economics.service_availability",
            "terrestrial.availability",
        ),
    ),
    Group(
        "attrition and replacement",
        (
            "economics.satellite_failure_rate",
            "economics.accelerator_failure_rate",
            "economics.orbit_failure_multiplier",
            "economics.replacement",
            "terrestrial.accelerator_failure_rate",
        ),
    ),
    Group("operations and insurance", ("economics.operations", "economics.in_orbit_insurance")),
    Group("ground baseline", ("terrestrial.*",)),
    Group("lifetime", ("mission.lifetime",)),
)
"""The assumption groups, in the order they are swapped; "everything else" follows them.

"cost basis" is what the satellite's price is per (array or IT watt, kilogram, or bottom-up) and whether
launch is bought at the market price or at the operator's cost; "schedule" is when the fleet and the
ground site are built and paid for (build time, launch cadence, production, the planning horizon), which
moves money along the schedule and decides feasibility.
"""


def group_paths(groups: Sequence[Group] = GROUPS) -> dict[str, tuple[str, ...]]:
    """Each group's registry paths, wildcards expanded; a path belongs to the first group naming it."""
    registry = list(parameters())
    taken: set[str] = set()
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        paths: list[str] = []
        for item in group.paths:
            matches = [p for p in registry if p.startswith(item[:-1])] if item.endswith(".*") else [item]
            for path in matches:
                if path not in registry:
                    raise InputError(f"group {group.name}", path, "a registry parameter path")
                if path not in taken:
                    taken.add(path)
                    paths.append(path)
        out[group.name] = tuple(paths)
    out[EVERYTHING_ELSE] = tuple(p for p in registry if p not in taken)
    return out


# --------------------------------------------------------------------------- the two sides


class NotMapped(BaseModel):
    """An assumption of the other model that no skyrack parameter expresses."""

    model_config = ConfigDict(extra="forbid")
    assumption: str = Field(max_length=500)
    reason: str = Field(max_length=1000)


class AssumptionFile(BaseModel):
    """Another model's assumptions as skyrack parameters (a small YAML format).

    ``parameters`` maps registry paths to values with units (or ``{value, note}``);
    ``based_on`` names the scenario whose other assumptions complete them (default:
    the other side of the reconciliation); ``not_mapped`` lists what cannot be expressed.
    """

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    source: str = Field(min_length=1, max_length=1000)
    date: str = Field(default="", max_length=20)
    based_on: str | None = Field(default=None, max_length=500)
    parameters: dict[str, Any] = Field(max_length=300)
    not_mapped: list[NotMapped] = Field(default_factory=list, max_length=100)

    def values(self) -> dict[str, Any]:
        """Parameter values by canonical path (each checked against its parameter's range)."""
        out: dict[str, Any] = {}
        for raw, item in self.parameters.items():
            path = canonical_name(str(raw), field=f"{self.name} parameters")
            value = item.get("value") if isinstance(item, Mapping) else item
            if value is not None:
                parameters()[path].parse(value, f"{self.name} parameters {path}")
            out[path] = value
        return out

    def notes(self) -> dict[str, str]:
        """The note given with each parameter, by canonical path."""
        return {
            canonical_name(str(k), field="parameters"): str(v.get("note", ""))
            for k, v in self.parameters.items()
            if isinstance(v, Mapping)
        }


@dataclass
class Side:
    """One side of a reconciliation: its name, where it comes from, and its flat parameters."""

    name: str
    source: str
    params: dict[str, Any]
    assumptions: AssumptionFile | None = None
    reasons: list[str] = field(default_factory=list)
    """Why the side's design is infeasible (:func:`skyrack.feasibility.reasons`); empty when it is feasible."""


def assumption_names() -> list[str]:
    """Names of the assumption files shipped with skyrack."""
    folder = resources.files(__package__)
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _assumption_file(spec: str) -> AssumptionFile | None:
    """The assumption file ``spec`` names (a shipped name or a YAML file with ``parameters:``), else None."""
    if spec in assumption_names() and spec not in preset_names():
        data = read_yaml(Path(str(resources.files(__package__) / f"{spec}.yaml")))
    elif spec.endswith((".yaml", ".yml")) and Path(spec).exists():
        data = read_yaml(Path(spec))
        if not (isinstance(data, Mapping) and "parameters" in data and "satellite" not in data):
            return None
    else:
        return None
    try:
        return AssumptionFile.model_validate(data)
    except Exception as error:  # pydantic's ValidationError: one line naming the fields
        raise InputError(spec, "assumption file", f"name, source and parameters ({error})".replace("\n", " ")) from None


Spec = str | Scenario


def load_side(spec: Spec, other: Spec | None = None, overrides: Sequence[str] = ()) -> Side:
    """Side ``spec``: a preset, scenario file or Scenario, or an assumption file completed by its base or ``other``."""
    file = None if isinstance(spec, Scenario) else _assumption_file(spec)
    if file is None:
        scn = as_scenario(spec, overrides)
        return Side(scn.name, spec if isinstance(spec, str) else scn.name, resolve(scn, catalog_for(scn)))
    base = file.based_on or other
    if base is None:
        raise InputError(
            str(spec), "based_on", "a scenario to complete the assumption file (based_on, or the other side)"
        )
    scn = as_scenario(as_scenario(base, overrides), file.values())
    where = base if isinstance(base, str) else base.name
    return Side(file.name, f"{file.source} (on {where})", resolve(scn, catalog_for(scn)), file)


# --------------------------------------------------------------------------- the bridge


@dataclass
class Step:
    """One swap of the bridge: the group, the parameters it changed, and the figure's move."""

    group: str
    changes: list[tuple[str, Any, Any]]
    before: float
    after: float
    share: float
    status: str

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class Bridge:
    """A waterfall of one figure from side A's value to side B's, one step per group."""

    quantity: Quantity
    a: float
    b: float
    steps: list[Step]

    @property
    def difference(self) -> float:
        return self.b - self.a

    @property
    def residual(self) -> float:
        """B − A minus the sum of the steps: zero to floating-point rounding."""
        return self.difference - math.fsum(s.delta for s in self.steps)


@dataclass
class Reconciliation:
    """Two sides, the order of the swaps, a bridge per figure and the line items side by side."""

    a: Side
    b: Side
    order: list[str]
    bridges: list[Bridge]
    line_items: list[tuple[str, float, float]]
    feasible: list[bool] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the order, each bridge with its steps and shares, the line items and the unmapped."""
        return {
            "a": _side_dict(self.a),
            "b": _side_dict(self.b),
            "order": list(self.order),
            "bridges": [_bridge_dict(b) for b in self.bridges],
            "line_items": [
                {"output": n, "label": OUTPUTS[n].label, "unit": OUTPUTS[n].unit, "a": _num(x), "b": _num(y)}
                for n, x, y in self.line_items
            ],
            "not_mapped": [] if self.b.assumptions is None else [m.model_dump() for m in self.b.assumptions.not_mapped],
        }


def _side_dict(side: Side) -> dict[str, Any]:
    return {"name": side.name, "source": side.source, "feasible": not side.reasons, "reasons": list(side.reasons)}


def _num(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else _num(float(value))


def _bridge_dict(b: Bridge) -> dict[str, Any]:
    q = b.quantity
    return {
        "output": q.text,
        "label": q.label,
        "unit": q.unit,
        "a": _num(b.a),
        "b": _num(b.b),
        "difference": _num(b.difference),
        "residual": _num(b.residual),
        "steps": [
            {
                "group": s.group,
                "status": s.status,
                "before": _num(s.before),
                "after": _num(s.after),
                "delta": _num(s.delta),
                "share": _num(s.share),
                "changes": [{"parameter": p, "a": _text(x), "b": _text(y)} for p, x, y in s.changes],
            }
            for s in b.steps
        ],
    }


def _differs(x: Any, y: Any) -> bool:
    if isinstance(x, str) or isinstance(y, str):
        return bool(x != y)
    fx, fy = float(x), float(y)
    return not (fx == fy or (math.isnan(fx) and math.isnan(fy)))


def reconcile(
    a: Spec, b: Spec, outputs: Sequence[str] = DEFAULT_OUTPUTS, overrides: Sequence[str] = ()
) -> Reconciliation:
    """Explain B's figures against A's, one assumption group at a time (see the module docstring).

    Examples
    --------
    >>> r = reconcile("mccalip-1gw", "mccalip")  # doctest: +SKIP
    >>> [s.group for s in r.bridges[0].steps][:3]  # doctest: +SKIP
    ['mass per kW', 'cost base', 'cost basis']
    """
    quantities = [resolve_quantity(o, "output") for o in outputs]
    side_a = load_side(a, b, overrides)
    side_b = load_side(b, a, overrides)
    states, changes = _states(side_a.params, side_b.params)
    results = [evaluate(s) for s in states]
    feasible = [int(np.asarray(r["feasibility.code"]).reshape(-1)[0]) == 0 for r in results]
    side_a.reasons, side_b.reasons = _reasons(results[0], states[0]), _reasons(results[-1], states[-1])
    bridges = [_bridge(q, states, results, changes) for q in quantities]
    items = [*LINE_ITEMS, *_extra_items()]
    first, last = results[0], results[-1]
    line_items = [(n, _scalar(first[n]), _scalar(last[n])) for n in items if n in OUTPUTS and n in first]
    return Reconciliation(side_a, side_b, [*group_paths()], bridges, line_items, feasible)


def _reasons(outputs: Mapping[str, Any], params: Mapping[str, Any]) -> list[str]:
    """The feasibility verdict of one state in words (the same reasons ``skyrack design`` prints)."""
    values = {k: _scalar(v) for k, v in outputs.items()}
    return reasons(int(values["feasibility.code"]), values, link(params))


def _extra_items() -> list[str]:
    pattern = re.compile(r"replac|operat")
    return [n for n in OUTPUTS if n.startswith("economics.") and pattern.search(n) and n not in LINE_ITEMS]


def _scalar(x: Any) -> float:
    return float(np.asarray(x, dtype=np.float64).reshape(-1)[0])


def _states(
    a: Mapping[str, Any], b: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[list[tuple[str, Any, Any]]]]:
    """The parameter sets A, A + group 1 of B, ..., B, and the changes each step makes."""
    state = dict(a)
    states, changes = [dict(state)], []
    for paths in group_paths().values():
        step = [(p, a[p], b[p]) for p in paths if _differs(a[p], b[p])]
        state.update({p: b[p] for p, _, _ in step})
        states.append(dict(state))
        changes.append(step)
    return states, changes


def _bridge(
    q: Quantity, states: list[dict[str, Any]], results: list[dict[str, Any]], changes: list[list[Any]]
) -> Bridge:
    values = [_scalar(q.measure(r, link(s))) for r, s in zip(results, states, strict=True)]
    total = values[-1] - values[0]
    steps = []
    for k, (name, step) in enumerate(zip(group_paths(), changes, strict=True)):
        before, after = values[k], values[k + 1]
        delta = after - before
        if not step:
            status = "same"
        elif not (math.isfinite(before) and math.isfinite(after)):
            status = "infeasible"
        elif abs(delta) <= 1e-12 * max(abs(before), abs(after), 1e-300):
            status = "inert"
        else:
            status = "moves"
        share = delta / total if total and math.isfinite(total) else math.nan
        steps.append(Step(name, step, before, after, share, status))
    return Bridge(q, values[0], values[-1], steps)


def format_level(q: Quantity, value: float, change: bool = False) -> str:
    """A figure's level, or a change with its sign (an output keeps the registry's formatting)."""
    text = str(format_value(q.text, value)) if q.text in OUTPUTS else f"{number(value)} {display_unit(q.unit)}"
    return f"+{text}" if change and value > 0 else text


BRIDGE_COLUMNS = ("step", "swapped to B's values", "figure after", "change", "share", "note")
_STATUS_NOTES = {"same": "inert (A and B agree)", "inert": "inert (differs, no effect)"}


def bridge_rows(r: Reconciliation, bridge: Bridge, most_changes: int | None = None) -> list[tuple[str, ...]]:
    """One figure's bridge as text rows under :data:`BRIDGE_COLUMNS`: A's figure, a row per step, B's figure.

    ``most_changes`` caps the parameter changes listed on a step ("; and N more" counts the rest).
    """
    q = bridge.quantity
    rows: list[tuple[str, ...]] = [(f"A: {r.a.name}", "", format_level(q, bridge.a), "", "", "")]
    for k, s in enumerate(bridge.steps, start=1):
        shown = s.changes[:most_changes]
        changed = "; ".join(f"{p}: {param_text(p, x)} → {param_text(p, y)}" for p, x, y in shown)
        if len(s.changes) > len(shown):
            changed += f"; and {len(s.changes) - len(shown)} more"
        share = f"{s.share:+.1%}" if math.isfinite(s.share) else "—"
        after, delta = format_level(q, s.after), format_level(q, s.delta, change=True)
        rows.append((f"{k}. {s.group}", changed or "—", after, delta, share, _STATUS_NOTES.get(s.status, s.status)))
    difference = format_level(q, bridge.difference, change=True)
    rows.append((f"B: {r.b.name}", "", format_level(q, bridge.b), difference, "100%", ""))
    return rows
