"""Flatten a validated scenario and its catalog entries into numeric parameters.

The design pipeline works on a flat mapping ``scenario path -> float, array or
choice`` so that one code path sizes one design or a million: :func:`resolve`
walks the parameter registry (:mod:`skyrack.scenario.registry`) and fills every
empty field from the catalog entry the scenario names; :func:`skyrack.model.design_batch`
replaces any numeric entry with an array. Units are the registry's canonical
units (SI for physics; USD, yr, 1/yr for economics).

A ground parameter that *follows* an orbital one (the same accelerator's price,
sustained fraction, power or failure rate) is left NaN here and takes the
orbital value in :func:`link`, so that a batch moving the orbital value moves both
sides, unless the ground's own value is given.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .catalog import Catalog, load_default
from .scenario import Scenario
from .scenario.registry import Param, parameters

NAN = math.nan
_ABSENT = object()


def catalog_for(scenario: Scenario, base: Catalog | None = None, root: Path | None = None) -> Catalog:
    """The catalog a scenario sees: built-in, plus its files, plus its overrides."""
    catalog = base or load_default()
    for name in scenario.catalog_files:
        path = Path(name)
        if root is not None and not path.is_absolute():
            path = root / path
        catalog = catalog.extend(path)
    if scenario.catalog:
        catalog = catalog.with_overrides(scenario.catalog)
    return catalog


def scenario_value(scenario: Scenario, path: str) -> Any:
    """The value the scenario itself gives at ``path`` (None when left empty)."""
    node: Any = scenario
    for key in path.split("."):
        node = getattr(node, key)
    return node


def _entry_name(scenario: Scenario, choice: str) -> str:
    name = scenario_value(scenario, choice)
    if name is None and choice == "terrestrial.accelerator":
        return str(scenario.satellite.compute.accelerator)
    return str(name)


def _follows_active(scenario: Scenario, param: Param) -> bool:
    """True when a ground parameter copies its orbital twin (same accelerator, neither side set)."""
    if param.follows is None or scenario_value(scenario, param.path) is not None:
        return False
    return _entry_name(scenario, "terrestrial.accelerator") == scenario.satellite.compute.accelerator


def _from_catalog(scenario: Scenario, catalog: Catalog, param: Param, out: Mapping[str, Any]) -> Any:
    ref = param.catalog
    assert ref is not None
    if ref.unless_set is not None and scenario_value(scenario, ref.unless_set) is not None:
        return NAN
    entry = catalog.entry(ref.kind, _entry_name(scenario, ref.choice), field=ref.choice)
    return _entry_value(entry, param, out)


def _entry_value(entry: Mapping[str, float], param: Param, out: Mapping[str, Any]) -> Any:
    ref = param.catalog
    assert ref is not None
    if ref.field in entry:
        return entry[ref.field]
    if isinstance(ref.missing, str):
        return out[ref.missing]
    if ref.missing is not None:
        return ref.missing
    return entry[ref.field]  # a required field: the catalog loader guarantees it; this names it if not


def _given(scenario: Scenario) -> dict[str, Any]:
    """The value the scenario gives at every parameter's path (None when left empty)."""
    return {path: read(scenario) for path, read in _readers()}


@cache
def _readers() -> tuple[tuple[str, operator.attrgetter[Any]], ...]:
    """Every parameter's path with its dotted attribute getter (once per process)."""
    return tuple((param.path, operator.attrgetter(param.path)) for param in parameters().values())


def resolve(scenario: Scenario, catalog: Catalog | None = None) -> dict[str, Any]:
    """Flat parameters of a scenario by scenario path, with catalog defaults filled in.

    Ground parameters that follow their orbital twin are NaN until :func:`link`.
    """
    cat = catalog or catalog_for(scenario)
    given = _given(scenario)
    ground = given["terrestrial.accelerator"]
    orbit_acc = scenario.satellite.compute.accelerator
    given["terrestrial.accelerator"] = str(orbit_acc) if ground is None else str(ground)
    same_accelerator = given["terrestrial.accelerator"] == orbit_acc
    entries: dict[tuple[str, str], Any] = {}
    memo = _memo(scenario, cat, given)
    out: dict[str, Any] = {}
    deferred: list[Param] = []

    def fallback(param: Param) -> float:  # _catalog_value, remembered in memo when there is one
        value = None if memo is None else memo.get(param.path)
        if value is None:
            value = _catalog_value(scenario, cat, entries, param, given, out)
            if memo is not None:
                memo[param.path] = value
        return value

    for param, path, flat, empty in _steps():
        value = given[path]
        if path == "terrestrial.accelerator":
            out[path] = value
        elif value is not None:
            out[path] = value if flat == "choice" else (1.0 if value else 0.0) if flat == "flag" else float(value)
        elif param.follows is not None and same_accelerator:
            out[path] = NAN
        elif param.catalog is not None:
            if isinstance(param.catalog.missing, str):
                deferred.append(param)
            else:
                out[path] = fallback(param)
        else:
            out[path] = empty
    for param in deferred:
        out[param.path] = fallback(param)
    return out


_MEMO: dict[tuple[Any, ...], dict[str, float]] = {}
_MEMO_MOST = 256  # distinct choices of entries (and what else a fallback reads) remembered


def _memo(scenario: Scenario, catalog: Catalog, given: Mapping[str, Any]) -> dict[str, float] | None:
    """The built-in catalog's fallback values already looked up for scenarios that choose the same entries.

    A fallback reads its entry (named by a choice), whether its ``unless_set`` parameter is given, and
    the parameter its ``missing`` names (:func:`_catalog_value`): scenarios equal in those get the same
    values. Only for the built-in catalog (immutable, one object); None for any other.
    """
    if catalog is not load_default():
        return None
    choices, unless, missing = _memo_reads()

    def read(path: str) -> Any:
        return given[path] if path in given else scenario_value(scenario, path)

    key = (tuple(map(read, choices)), tuple(read(u) is None for u in unless), tuple(map(read, missing)))
    memo = _MEMO.get(key)
    if memo is None:
        if len(_MEMO) >= _MEMO_MOST:
            _MEMO.clear()
        memo = _MEMO[key] = {}
    return memo


@cache
def _memo_reads() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What a catalog fallback reads beyond its entry: the choices, the ``unless_set`` and ``missing`` paths."""
    refs = [p.catalog for p in parameters().values() if p.catalog is not None]
    return (
        tuple(sorted({r.choice for r in refs})),
        tuple(sorted({r.unless_set for r in refs if r.unless_set is not None})),
        tuple(sorted({r.missing for r in refs if isinstance(r.missing, str)})),
    )


@cache
def _steps() -> tuple[tuple[Param, str, str, float], ...]:
    """Every parameter with its path, its kind (choice, flag or number) and its empty value, once per process."""
    return tuple((param, param.path, param.kind, param.empty) for param in parameters().values())


def _catalog_value(
    scenario: Scenario,
    catalog: Catalog,
    entries: dict[tuple[str, str], Any],
    param: Param,
    given: Mapping[str, Any],
    out: Mapping[str, Any],
) -> float:
    """:func:`_from_catalog` with the scenario's values and its catalog entries looked up once per resolve."""
    ref = param.catalog
    assert ref is not None
    if ref.unless_set is not None:
        unless = given[ref.unless_set] if ref.unless_set in given else scenario_value(scenario, ref.unless_set)
        if unless is not None:
            return NAN
    key = (ref.kind, ref.choice)
    if key not in entries:
        name = given[ref.choice] if ref.choice in given else _entry_name(scenario, ref.choice)
        entries[key] = catalog.entry(ref.kind, str(name), field=ref.choice)
    entry = entries[key]
    value = entry.get(ref.field, _ABSENT)  # the field as the entry gives it, else what _entry_value falls back to
    return float(_entry_value(entry, param, out) if value is _ABSENT else value)


def links(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(ground, orbit)`` pairs where the ground parameter follows the orbital one in ``params``."""
    out = []
    for path, follows in _followers():
        if path in params:
            value = params[path]
            if isinstance(value, float) and math.isnan(value):
                out.append((path, follows))
    return out


@cache
def _followers() -> tuple[tuple[str, str], ...]:
    """``(ground, orbit)`` for every ground parameter that may follow an orbital one."""
    return tuple((p.path, p.follows) for p in parameters().values() if p.follows is not None)


def link(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` with every following ground parameter set to its orbital twin's value."""
    out = dict(params)
    for ground, orbit in links(params):
        out[ground] = params[orbit]
    return out


def numeric_names(params: Mapping[str, Any]) -> list[str]:
    """Names of the parameters a batch may vary (every numeric one)."""
    registry = parameters()
    return sorted(k for k in params if k in registry and registry[k].numeric)


def source_of(scenario: Scenario, path: str, catalog: Catalog | None = None) -> str:
    """Where the value of parameter ``path`` in ``scenario`` comes from, in words.

    The scenario itself when it sets the field; else the catalog record the field falls back to;
    else the schema default's source (``skyrack provenance``).
    """
    param = parameters()[path]
    if _explicit(scenario, path):
        return f"scenario {scenario.name}"
    if param.catalog is not None:
        cat = catalog or catalog_for(scenario)
        entry = cat.entry(param.catalog.kind, _entry_name(scenario, param.catalog.choice), field=param.catalog.choice)
        if param.catalog.field in entry:
            return entry.record(param.catalog.field).source
        return f"not in the catalog entry {entry.name}: {param.catalog.missing}"
    return param.source or "no source recorded"


def _explicit(scenario: Scenario, path: str) -> bool:
    """True when the scenario itself gives ``path`` (not the schema's default)."""
    node: Any = scenario
    for key in path.split("."):
        if key not in getattr(node, "model_fields_set", ()):
            return False
        node = getattr(node, key)
    return node is not None
