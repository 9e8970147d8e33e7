"""Uncertain inputs: the one-line spec syntax and the distributions of a scenario or catalog.

The CLI spelling of a :class:`skyrack.scenario.uncertainty.Distribution` is
``kind(name=value, ...)``, e.g. ``lognormal(median=500 USD/kg, sigma=0.8)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..scenario.registry import Param, alias_of, canonical_name, parameter, parameters
from ..scenario.uncertainty import _REQUIRED, Distribution

__all__ = [
    "Distribution",
    "as_distributions",
    "catalog_distributions",
    "parse_distribution",
    "parse_uncertain",
    "scenario_distributions",
]

_SPEC = re.compile(r"^\s*([A-Za-z_]+)\s*\((.*)\)\s*$")


def parse_distribution(text: str, field: str = "distribution") -> Distribution:
    """Parse ``kind(name=value, ...)``, e.g. ``"pert(low=0.05, mode=0.1, high=0.3 1/yr)"``."""
    match = _SPEC.match(text)
    if match is None:
        raise InputError(field, text, "expected kind(name=value, ...), e.g. 'uniform(low=100 USD/kg, high=500 USD/kg)'")
    kind = match.group(1).lower()
    if kind not in _REQUIRED:
        raise InputError(field, kind, "unknown distribution; use " + ", ".join(_REQUIRED))
    args: dict[str, Any] = {"kind": kind}
    body = match.group(2).strip()
    for part in filter(None, (p.strip() for p in body.split(",") if body)):
        key, eq, value = part.partition("=")
        if not eq:
            raise InputError(field, part, "expected name=value inside the parentheses")
        if key.strip() in args:
            raise InputError(field, text, f"{key.strip()} is given twice")
        args[key.strip()] = value.strip()
    try:
        return Distribution(**args)
    except ValidationError as error:
        bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise InputError(
            field, text, f"invalid distribution ({bad}); {kind} takes {', '.join(_REQUIRED[kind])}"
        ) from None


def parse_uncertain(spec: str) -> tuple[str, Distribution]:
    """Parse a CLI ``--uncertain`` spec: ``param=kind(name=value, ...)``."""
    name, eq, dist = spec.partition("=")
    if not eq or not name.strip():
        raise InputError(
            "--uncertain",
            spec,
            "expected param=kind(...), e.g. launch.price_per_kg=uniform(low=50 USD/kg, high=500 USD/kg)",
        )
    param = canonical_name(name, field="--uncertain")
    return param, parse_distribution(dist, field=f"--uncertain {param}")


def as_distributions(uncertain: Mapping[str, Distribution | Mapping[str, Any] | str]) -> dict[str, Distribution]:
    """Normalise ``{param: Distribution | mapping | spec string}`` to canonical :class:`Distribution` objects."""
    out: dict[str, Distribution] = {}
    for raw_name, value in uncertain.items():
        name = canonical_name(raw_name, field="uncertain")
        if isinstance(value, Distribution):
            dist = value
        elif isinstance(value, str):
            dist = parse_distribution(value, field=name)
        elif isinstance(value, Mapping):
            try:
                dist = Distribution(**dict(value))
            except ValidationError as error:
                bad = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
                raise InputError(name, dict(value), f"invalid distribution ({bad})") from None
        else:
            raise InputError(name, value, "expected a Distribution, a mapping or a 'kind(...)' string")
        param = parameter(name)
        if not param.numeric:
            raise InputError(name, dist.spec(), "is a choice, not a number: it cannot have a distribution")
        out[name] = _within_range(param, dist if dist.is_canonical else dist.canonical(name, param.unit))
    return out


def model_distributions(uncertain: Mapping[str, Distribution | Mapping[str, Any] | str]) -> dict[str, Distribution]:
    """Like :func:`as_distributions`, but inputs that are not parameters (a generic model's) are dimensionless."""
    out: dict[str, Distribution] = {}
    for name, value in uncertain.items():
        if name in parameters() or alias_of(name) is not None:
            out.update(as_distributions({name: value}))
            continue
        dist = value if isinstance(value, Distribution) else _generic(name, value)
        out[name] = dist if dist.is_canonical else dist.canonical(name, "1")
    return out


def _generic(name: str, value: Mapping[str, Any] | str) -> Distribution:
    if isinstance(value, str):
        return parse_distribution(value, field=name)
    try:
        return Distribution(**dict(value))
    except ValidationError as error:
        raise InputError(name, dict(value), f"invalid distribution ({error.errors()[0]['msg']})") from None


def _within_range(param: Param, dist: Distribution) -> Distribution:
    """``dist`` if the values it names (bounds, mode, mean, median) are allowed for ``param``.

    Draws in a distribution's tails may still fall outside the range: those designs are
    marked infeasible with the reason (see :func:`skyrack.model.design_batch`).
    """
    for key in ("low", "high", "mode", "mean", "median"):
        value = getattr(dist, key)
        if value is not None and key in _REQUIRED[dist.kind]:
            param.check(float(value), f"{param.path} ({dist.kind}).{key}")
    return dist


def scenario_distributions(scenario: Any) -> dict[str, Distribution]:
    """The distributions a scenario declares in its ``uncertainty:`` section (empty if it has none).

    The section maps parameter names to distributions, e.g.
    ``launch.price_per_kg: {kind: lognormal, median: 200 USD/kg, sigma: 0.8}``
    or ``launch.price_per_kg: "lognormal(median=200 USD/kg, sigma=0.8)"``.
    """
    section = getattr(scenario, "uncertainty", None)
    if not section:
        return {}
    items = {k: (v.model_dump(exclude_none=True) if isinstance(v, BaseModel) else v) for k, v in dict(section).items()}
    return as_distributions(items)


def catalog_distributions(scenario: Any, names: list[str] | None = None) -> dict[str, Distribution]:
    """Distributions from the catalog's provenance records for catalog-derived parameters.

    A parameter gets one when the catalog entry the scenario uses carries a
    ``distribution`` and the scenario does not override the catalog value. A
    number both sides share (the same accelerator in orbit and on the ground) is
    drawn once, for the orbital parameter; the ground one follows it
    (:func:`skyrack.params.link`), so both move together.
    """
    from ..params import catalog_for, resolve

    catalog = catalog_for(scenario)
    params = resolve(scenario, catalog)
    records = {(r.kind, r.entry, r.field): r for r in catalog.records()}
    out: dict[str, Distribution] = {}
    for param in parameters().values():
        ref = param.catalog
        if ref is None or (names is not None and param.path not in names):
            continue
        rec = records.get((ref.kind, str(params[ref.choice]), ref.field))
        value = float(params[param.path])
        if rec is None or not rec.distribution or not math.isclose(value, rec.value, rel_tol=1e-12):
            continue  # no distribution, a following ground number (NaN), or a value the scenario overrides
        spec = {k: v for k, v in rec.distribution.items() if k in Distribution.model_fields}
        try:
            out[param.path] = Distribution.checked(param.path, **spec)
        except (ValidationError, InputError):
            continue
    return out
