"""Reading a claim's test: which quantity, which comparison, which threshold in which unit.

A quantity is an output of the design (:data:`skyrack.outputs.OUTPUTS`), a
numeric parameter (:func:`skyrack.scenario.registry.parameters`), the ratio of
two of them (``compute.it_power_per_satellite_w / mass.per_satellite_kg``), a
friendly alias (:data:`ALIASES`) or an output's label ("cost per PFLOP-day").
The registry name is the canonical form; the unit of a quantity is always the
registry's, and the threshold is converted to it with pint.

>>> t = parse_test("energy cost <= 0.05 USD/kWh")
>>> t.quantity.text, t.threshold, t.unit
('economics.energy_usd_per_mwh', 50.0, 'USD/kWh')
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InputError
from ..outputs import OUTPUTS
from ..scenario.claims import split_test
from ..scenario.registry import canonical_name, parameter, parameters
from ..units import registry, to_unit

Array = npt.NDArray[np.float64]

DEFAULT_TOLERANCE = 0.10
"""Relative tolerance of ``==`` when the claim gives none: published figures are rounded ("about 100 kW")."""

ALIASES: dict[str, tuple[str, ...]] = {
    "energy cost": ("economics.energy_usd_per_mwh",),
    "infrastructure cost per mwh": ("economics.infrastructure_usd_per_mwh",),
    "cost per mwh": ("economics.infrastructure_usd_per_mwh",),
    "cost per pflop-day": ("economics.usd_per_pflop_day",),
    "$/pflop-day": ("economics.usd_per_pflop_day",),
    "cost per gpu-hour": ("economics.usd_per_accelerator_hour",),
    "$/gpu-hour": ("economics.usd_per_accelerator_hour",),
    "cost ratio": ("economics.cost_ratio",),
    "all-in ratio": ("economics.cost_ratio",),
    "orbit / ground": ("economics.cost_ratio",),
    "infrastructure ratio": ("economics.cost_ratio_infrastructure",),
    "infrastructure-only ratio": ("economics.cost_ratio_infrastructure",),
    "breakeven launch price": ("breakeven.launch_usd_per_kg",),
    "launch price": ("launch.price_per_kg",),
    "satellite mass": ("mass.per_satellite_kg",),
    "fleet mass": ("mass.total_kg",),
    "mass to orbit": ("mass.total_kg",),
    "launches": ("launch.launches",),
    "sunlit fraction": ("orbit.sunlit_fraction",),
    "compute per tonne": ("compute.it_power_per_satellite_w / mass.per_satellite_kg",),
    "kw per tonne": ("compute.it_power_per_satellite_w / mass.per_satellite_kg",),
    "w/kg": ("compute.it_power_per_satellite_w / mass.per_satellite_kg",),
    "radiator flux": ("thermal.radiator_net_flux_w_per_m2",),
}
"""Friendly words for common quantities: each maps to registry expressions, the first that exists wins."""

RETIRED: dict[str, str] = {
    "lcoe": "skyrack names no LCOE (neither cost per MWh is a levelised cost of energy): use 'energy cost' "
    "(economics.energy_usd_per_mwh, the power supply alone) or 'cost per mwh' (economics.infrastructure_usd_per_mwh, "
    "everything but the accelerators), or terrestrial.energy_usd_per_mwh / terrestrial.infrastructure_usd_per_mwh",
    "economics.lcoe_usd_per_mwh": "renamed: economics.energy_usd_per_mwh (the power supply alone) or "
    "economics.infrastructure_usd_per_mwh (everything but the accelerators; the old figure)",
    "terrestrial.lcoe_usd_per_mwh": "renamed: terrestrial.energy_usd_per_mwh (the power supply alone) or "
    "terrestrial.infrastructure_usd_per_mwh (everything but the accelerators; the old figure)",
}
"""Names a claim may still use that no longer name a quantity, with what to write instead."""

OTHER_RESULTS = ("simulate.", "deploy.", "workload.", "links.", "montecarlo.", "sobol.", "optimise.", "simsweep.")
"""Output name prefixes of results other than the design's (:mod:`skyrack.outputs`); a claim check computes none."""
_NOT_DESIGN = (
    "an output of the design (sizing and costs); simulation, deployment, workload, link and analysis outputs "
    "are not computed by a claim check"
)
_RATIO = re.compile(r"\s+/\s+")
_UNIT_SPELLING = ((re.compile(r"PFLOP[- ]days?", re.IGNORECASE), "PFLOP_day"), (re.compile("·"), "*"))
_NUMBER = re.compile(r"^\s*(?P<currency>\$)?\s*(?P<number>[-+]?(\d[\d,_]*\.?\d*|\.\d+)([eE][-+]?\d+)?)\s*(?P<unit>.*)$")


@dataclass(frozen=True)
class Quantity:
    """A quantity a claim can test: one registry name, or the ratio of two."""

    text: str
    terms: tuple[str, ...]
    unit: str
    label: str

    @property
    def is_parameter(self) -> bool:
        """True when every term is an input parameter (no driver can move it but itself)."""
        return all(term in parameters() for term in self.terms)

    def measure(self, outputs: Mapping[str, Any], params: Mapping[str, Any]) -> Array:
        """The quantity's value (canonical unit) from a design's outputs and (linked) parameters."""
        values = [_term(name, outputs, params) for name in self.terms]
        with np.errstate(all="ignore"):
            return values[0] if len(values) == 1 else values[0] / values[1]


def _term(name: str, outputs: Mapping[str, Any], params: Mapping[str, Any]) -> Array:
    if name in outputs:
        return np.asarray(outputs[name], dtype=np.float64)
    if name in params:
        return np.asarray(params[name], dtype=np.float64)
    raise InputError(
        "quantity",
        name,
        "an output of the design (sizing and costs); simulation, deployment and workload outputs "
        "are not computed by a claim check",
    )


@dataclass(frozen=True)
class Test:
    """A parsed test: ``quantity op threshold``, in the quantity's canonical unit, and its conditions."""

    text: str
    quantity: Quantity
    op: str
    threshold: float
    unit: str
    tolerance: float = 0.0
    tolerance_text: str = ""
    conditions: dict[str, Any] = field(default_factory=dict)

    def gap(self, value: Any) -> Array:
        """Signed distance from holding (canonical unit): ≤ 0 where the test holds; NaN stays NaN."""
        x = np.asarray(value, dtype=np.float64)
        if self.op in ("<", "<="):
            return x - self.threshold
        if self.op in (">", ">="):
            return self.threshold - x
        return np.abs(x - self.threshold) - self.tolerance

    def holds(self, value: float) -> bool:
        """True when ``value`` (canonical unit, finite) passes the test."""
        gap = float(self.gap(value))
        if not math.isfinite(gap):
            return False
        return gap < 0.0 if self.op in ("<", ">") else gap <= 0.0

    def in_unit(self, value: float) -> float:
        """``value`` (canonical unit) in the unit the claim is written in."""
        return convert(value, self.quantity.unit, self.unit)

    def describe(self) -> str:
        """The test in canonical form: ``economics.lcoe_usd_per_mwh <= 50 USD/kWh``."""
        tol = f" ± {self.tolerance_text}" if self.op == "==" else ""
        value = f"{number(self.in_unit(self.threshold))} {display_unit(self.unit)}".rstrip()
        return f"{self.quantity.text} {self.op} {value}{tol}"


def convert(value: float, unit: str, to: str) -> float:
    """``value`` from pint unit ``unit`` to ``to`` (``"1"`` or ``""`` is dimensionless)."""
    if not math.isfinite(value) or unit == to:
        return value
    ureg = registry()
    return float(ureg.Quantity(value, _pint(unit)).to(_pint(to)).magnitude)


def number(value: float) -> str:
    """A value to four significant figures with thousands separators (an em dash when missing)."""
    if not math.isfinite(value):
        return "—" if math.isnan(value) else ("∞" if value > 0 else "−∞")
    if value != 0 and (abs(value) >= 1e12 or abs(value) < 1e-3):
        return f"{value:.4g}"
    digits = max(0, 3 - math.floor(math.log10(abs(value)))) if value else 0
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def display_unit(unit: str) -> str:
    """A written unit for people: ``percent`` as ``%``, ``m**2`` as ``m²``, ``PFLOP_day`` as ``PFLOP-day``."""
    if unit == "percent":
        return "%"
    return unit.replace("**2", "²").replace("^2", "²").replace("**3", "³").replace("PFLOP_day", "PFLOP-day")


def param_text(path: str, value: Any) -> str:
    """A parameter's value in its usual unit ("650 km"); "not set" when empty."""
    if not isinstance(value, (int, float)):
        return str(value)
    if math.isnan(value):
        return "not set"
    param = parameter(path)
    if param.unit in (None, "", "1"):
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e4 else number(float(value))
    unit = param.example_unit
    return f"{number(convert(float(value), param.unit, unit))} {display_unit(unit)}"


def _pint(unit: str) -> str:
    return "dimensionless" if unit in ("", "1") else unit


# --------------------------------------------------------------------------- quantities


def resolve_quantity(text: str, field: str = "quantity") -> Quantity:
    """The quantity named by ``text``: a registry name, an alias, a label, or ``a / b`` of those."""
    text = " ".join(text.split())
    if _normal(text) in RETIRED or text in RETIRED:
        raise InputError(field, text, RETIRED.get(text) or RETIRED[_normal(text)])
    found = _alias(text) or _single(text)  # an alias names the design's own figure where a label is ambiguous
    if found is not None:
        return found
    parts = _RATIO.split(text)
    if len(parts) == 2:
        a, b = (_alias(p) or _single(p) for p in parts)
        if a is not None and b is not None and len(a.terms) == len(b.terms) == 1:
            return Quantity(
                f"{a.text} / {b.text}", a.terms + b.terms, _ratio_unit(a.unit, b.unit), f"{a.label} / {b.label}"
            )
    raise InputError(field, text, _allowed(text))


def _single(text: str) -> Quantity | None:
    if text in OUTPUTS:
        item = OUTPUTS[text]
        if item.kind == "text":
            raise InputError("quantity", text, "a number; this output is text")
        if text.startswith(OTHER_RESULTS):
            raise InputError("quantity", text, _NOT_DESIGN)
        return Quantity(text, (text,), item.unit or "1", item.label)
    if text in parameters() or "." in text:
        try:
            path = canonical_name(text, field="quantity")
        except InputError:
            return None
        param = parameters()[path]
        if not param.numeric:
            raise InputError("quantity", text, "a number; this parameter is a choice")
        return Quantity(path, (path,), param.unit or "1", param.label)
    return _by_label(text)


def _by_label(text: str) -> Quantity | None:
    key = _normal(text)
    hits = [o for o in OUTPUTS.values() if key in (_normal(o.label), _normal(o.label.removesuffix(" (orbit)")))]
    if len(hits) > 1:  # prefer the design's own outputs (the registry's naming: simulate., deploy.... are not)
        hits = [o for o in hits if not o.name.startswith(OTHER_RESULTS)] or hits
    if len(hits) > 1:
        raise InputError("quantity", text, "ambiguous label; use one of " + ", ".join(o.name for o in hits))
    return _single(hits[0].name) if hits else None


def _alias(text: str) -> Quantity | None:
    for expression in ALIASES.get(_normal(text), ()):
        try:
            return resolve_quantity(expression)
        except InputError:
            continue
    return None


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def _ratio_unit(a: str, b: str) -> str:
    """The unit of a ratio: ``"(W)/(kg)"``, or ``"1"`` when it is a pure number (USD over USD)."""
    unit = f"({_pint(a)})/({_pint(b)})"
    one = registry().Quantity(1.0, unit)
    return "1" if one.dimensionless and math.isclose(float(one.to("dimensionless").magnitude), 1.0) else unit


def _allowed(text: str) -> str:
    names = [*OUTPUTS, *parameters(), *ALIASES]
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    return (
        f"unknown quantity; {hint}give an output name (e.g. economics.usd_per_pflop_day), a parameter path "
        f"(`skyrack parameters`), 'a / b' of two of them, or an alias: {', '.join(ALIASES)}"
    )


# --------------------------------------------------------------------------- values


def _normal_unit_text(text: str) -> str:
    for pattern, replacement in _UNIT_SPELLING:
        text = pattern.sub(replacement, text)
    return text


def parse_value(text: str, unit: str, field: str = "value") -> tuple[float, str]:
    """``"0.05 USD/kWh"`` as (value in ``unit``, the unit written): ``(50.0, "USD/kWh")`` for ``unit="USD/MWh"``."""
    match = _NUMBER.match(_normal_unit_text(str(text)))
    if match is None:
        raise InputError(field, text, f"a number with a unit convertible to {unit}, e.g. '1 {_example(unit)}'")
    written = match.group("unit").strip()
    if match.group("currency"):
        written = f"USD{written}" if written.startswith("/") or not written else f"USD {written}"
    if written in ("%", "percent"):
        written = "percent"
    digits = match.group("number").replace(",", "").replace("_", "")
    value = to_unit(f"{digits} {written}".strip() if written else float(digits), unit or "1", field)
    return value, written or ("" if unit in ("", "1") else unit)


def _example(unit: str) -> str:
    return "" if unit in ("", "1") else unit


def _tolerance(text: str | None, threshold: float, unit: str, field: str) -> tuple[float, str]:
    if text is None:
        return DEFAULT_TOLERANCE * abs(threshold), f"{DEFAULT_TOLERANCE:.0%} (default)"
    match = _NUMBER.match(text)
    if match is not None and match.group("unit").strip() in ("%", "percent"):
        relative = float(match.group("number").replace(",", "")) / 100.0
        if not relative >= 0:
            raise InputError(f"{field} tolerance", text, "a tolerance of at least 0")
        return relative * abs(threshold), text
    zero = to_unit(f"0 {parse_value(text, unit, field + ' tolerance')[1]}", unit) if unit not in ("", "1") else 0.0
    value = parse_value(text, unit, f"{field} tolerance")[0] - zero
    if not value >= 0:
        raise InputError(f"{field} tolerance", text, "a tolerance of at least 0")
    return value, text


# --------------------------------------------------------------------------- tests


def parse_test(text: str, conditions: Mapping[str, Any] | None = None, field: str = "claim") -> Test:
    """Parse ``"quantity op value unit [± tolerance] [if path = value, ...]"`` into a :class:`Test`.

    ``conditions`` (parameter path -> value, as in a scenario file) are merged after those in the text.

    Raises
    ------
    InputError
        For an unparsable test, an unknown quantity, a value in the wrong unit or an unknown
        condition, naming what is allowed.
    """
    parts = split_test(text, field)
    quantity = resolve_quantity(parts.quantity, f"{field} quantity")
    threshold, written = parse_value(parts.value, quantity.unit, f"{field} value")
    tolerance, tolerance_text = (0.0, "")
    if parts.op == "==":
        tolerance, tolerance_text = _tolerance(parts.tolerance, threshold, quantity.unit, field)
    merged = _conditions({**parts.conditions, **dict(conditions or {})}, field)
    return Test(text.strip(), quantity, parts.op, threshold, written, tolerance, tolerance_text, merged)


def _conditions(conditions: Mapping[str, Any], field: str) -> dict[str, Any]:
    """Conditions by canonical parameter path, each value checked against the parameter's range."""
    out: dict[str, Any] = {}
    for raw, value in conditions.items():
        path = canonical_name(str(raw), field=f"{field} conditions")
        if value is not None:
            parameters()[path].parse(value, f"{field} conditions {path}")
        out[path] = value
    return out
