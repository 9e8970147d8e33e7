"""Many single designs at once: :func:`design_many`, the batch path behind the service's micro-batching.

Each scenario is resolved and checked on its own (its errors stay its own);
the designs that share their choices, their orbit and every parameter that
sizes the satellites are then evaluated together, one vectorised
:func:`skyrack.pipeline.evaluate` for the group and one for each step of the
group's parity solve (:func:`skyrack.parity.parity_many`). Only the economic
assumptions (``economics.*``, ``terrestrial.*``, launch prices) differ within a
group: their arithmetic is elementwise, so every answer is the one
:func:`skyrack.model.design` gives that scenario alone, bit for bit. A group's
sizing (and its lifetime scan's) is kept for the next batch of the same group
(:data:`GROUP_SIZINGS` groups at most): the service's designs of one preset that
differ in their economics are sized once, not once a batch.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, overload

import numpy as np

from .errors import InputError
from .feasibility import reasons
from .model import Overrides, Result, Source, _f, as_scenario
from .params import catalog_for, link, resolve
from .parity import parity_many
from .physics._arrays import read_only
from .pipeline import check, evaluate, evaluate_sized, size_reading
from .scenario import Scenario
from .sizing import PRICED

__all__ = ["VARIES_IN_GROUP", "design_many"]

VARIES_IN_GROUP = ("economics.", "terrestrial.", "launch.price", "launch.price_per_kg")
"""Parameters (by path prefix) that may differ between the designs of one group; all others must be equal."""

GROUP_SIZINGS = 64
"""Groups (by their key, :func:`_group_key`) whose sizing is kept for the next designs of the same group."""


@dataclass
class _Kept:
    """A group's sizing and its parity rows' sizings, kept while they cannot depend on what varies in it."""

    sizing: tuple[dict[str, Any], frozenset[str]] | None = None
    rows: dict[Any, Any] = field(default_factory=dict)


_KEPT: OrderedDict[tuple[Any, ...], _Kept] = OrderedDict()
_KEPT_LOCK = threading.Lock()


@overload
def design_many(
    scenarios: Sequence[Source], overrides: Overrides = ..., parity: bool = ..., errors: Literal["raise"] = ...
) -> list[Result]: ...


@overload
def design_many(
    scenarios: Sequence[Source], overrides: Overrides = ..., parity: bool = ..., *, errors: Literal["return"]
) -> list[Result | Exception]: ...


def design_many(
    scenarios: Sequence[Source],
    overrides: Overrides = (),
    parity: bool = True,
    errors: Literal["raise", "return"] = "raise",
) -> list[Result] | list[Result | Exception]:
    """:func:`skyrack.model.design` of each scenario (and ``overrides``), grouped into vectorised evaluations.

    Each result is the one :func:`~skyrack.model.design` gives that scenario alone, bit for bit; designs
    that differ only in their economics (:data:`VARIES_IN_GROUP`) are sized and costed together, so a
    list of them costs a fraction of a loop over ``design``. With ``errors="raise"`` the first
    scenario that ``design`` would refuse raises its error; with ``"return"`` each such scenario's
    exception takes its place in the list.

    Examples
    --------
    >>> results = design_many(["suncatcher", "starcloud-40mw"], ["launch.price_per_kg=200 USD/kg"])
    >>> [r.scenario.name for r in results]
    ['suncatcher', 'starcloud-40mw']
    """
    if errors not in ("raise", "return"):
        raise InputError("errors", errors, "'raise' or 'return'")
    loaded: list[Scenario | Exception] = []
    for source in scenarios:
        try:
            loaded.append(as_scenario(source, overrides))
        except Exception as error:
            loaded.append(error)
    out = _design_each(loaded, parity)
    if errors == "raise":
        for result in out:
            if isinstance(result, Exception):
                raise result
    return out


def _design_each(scenarios: Sequence[Scenario | Exception], parity: bool) -> list[Result | Exception]:
    """Each scenario's result, or its exception (one given in place of a scenario stays as it is)."""
    out: list[Result | Exception | None] = [None] * len(scenarios)
    groups: dict[tuple[Any, ...], list[tuple[int, Scenario, dict[str, Any]]]] = {}
    for i, scn in enumerate(scenarios):
        if isinstance(scn, Exception):
            out[i] = scn
            continue
        try:
            params = resolve(scn, catalog_for(scn))
            check(params)
        except Exception as error:
            out[i] = error
            continue
        groups.setdefault(_group_key(params), []).append((i, scn, params))
    for key, members in groups.items():
        try:
            results: Sequence[Result | Exception] = _design_group(
                [s for _, s, _ in members], [p for _, _, p in members], parity, key
            )
        except Exception:  # not expected: then each design alone, so that the error is its own
            results = [_design_alone(s, p, parity) for _, s, p in members]
        for (i, _, _), result in zip(members, results, strict=True):
            out[i] = result
    return [r for r in out if r is not None]


def _design_alone(scenario: Scenario, params: dict[str, Any], parity: bool) -> Result | Exception:
    try:
        return _design_group([scenario], [params], parity)[0]
    except Exception as error:
        return error


def _group_key(params: Mapping[str, Any]) -> tuple[Any, ...]:
    """What designs of one group share: every parameter outside :data:`VARIES_IN_GROUP`, and which are NaN.

    The key is the parameters' names, then per parameter its value, or for a float that may vary only
    whether it is NaN (a NaN that must be shared is keyed as ``"nan"``, since NaN equals nothing).
    """
    names = tuple(params)
    values = list(params.values())
    for i in _varying(names):
        if isinstance(values[i], float):
            values[i] = values[i] != values[i]
    return names, tuple(["nan" if value != value else value for value in values])


@functools.lru_cache(maxsize=64)
def _varies(names: tuple[str, ...]) -> tuple[bool, ...]:
    """Per name, whether that parameter may differ within a group (:data:`VARIES_IN_GROUP`)."""
    return tuple(name.startswith(VARIES_IN_GROUP) for name in names)


@functools.lru_cache(maxsize=64)
def _varying(names: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of the parameters that may differ within a group (:func:`_varies`)."""
    return tuple(i for i, varies in enumerate(_varies(names)) if varies)


def _kept(key: tuple[Any, ...]) -> _Kept:
    """What is kept for the group ``key`` (the least recently used of :data:`GROUP_SIZINGS` groups goes)."""
    with _KEPT_LOCK:
        kept = _KEPT.pop(key, None) or _Kept()
        _KEPT[key] = kept
        while len(_KEPT) > GROUP_SIZINGS:
            _KEPT.popitem(last=False)
        return kept


def _sizing(trial: Mapping[str, Any], kept: _Kept) -> tuple[dict[str, Any], frozenset[str]]:
    """The group's sizing: kept from an earlier batch of the same group, or sized here (and kept when it is
    one value per output and reads nothing that may vary in the group, so the group's key fixes it)."""
    if kept.sizing is not None:
        return kept.sizing
    sized = size_reading(trial)
    physical = {k: v for k, v in sized[0].items() if k not in PRICED}  # the launch prices are applied again
    if all(np.ndim(v) == 0 for v in physical.values()) and not any(r.startswith(VARIES_IN_GROUP) for r in sized[1]):
        kept.sizing = ({**{k: read_only(v) for k, v in physical.items()}, **dict.fromkeys(PRICED, np.nan)}, sized[1])
    return sized


def _design_group(
    scenarios: Sequence[Scenario], group: Sequence[dict[str, Any]], parity: bool, key: tuple[Any, ...] | None = None
) -> list[Result]:
    """The designs of one group: one evaluation, rows taken apart as :func:`skyrack.model.design` would.

    ``key`` (:func:`_group_key`) lets the group's sizing and its parity scan's sizings be kept for the
    next batch of the same group (the same bits: sizing is a function of the parameters it reads).
    """
    trial = dict(group[0])
    if len(group) > 1:  # only what VARIES_IN_GROUP names may differ: the group key holds every other value equal
        for (name, first), varies in zip(group[0].items(), _varies(tuple(group[0])), strict=True):
            if (
                varies
                and isinstance(first, float)
                and any(not (p[name] == first or p[name] != p[name]) for p in group[1:])
            ):
                trial[name] = np.array([float(p[name]) for p in group])
    scan = parity and group[0].get("kind") != "terrestrial"  # a ground-only design has no parity to scan
    kept = _kept(key) if scan and key is not None else None
    # sized once for the outputs and the parity scan
    sized = (size_reading(trial) if kept is None else _sizing(trial, kept)) if scan else None
    evaluated = evaluate(trial) if sized is None else evaluate_sized(trial, sized[0])
    results = []
    need_parity: list[int] = []
    for j, (scn, params, values) in enumerate(zip(scenarios, group, _rows(evaluated, len(group)), strict=True)):
        code = int(values["feasibility.code"])
        linked = link(params)
        results.append(Result(scn, linked, values, code == 0, reasons(code, values, linked)))
        if parity and np.isfinite(values["economics.cost_ratio"]):
            need_parity.append(j)
    if need_parity:
        shared = sized if len(need_parity) == len(group) else None  # the sizing of exactly these designs
        rows = kept.rows if kept is not None and kept.sizing is not None else None
        solved_all = parity_many([group[j] for j in need_parity], sizing=shared, rows=rows)
        for j, solved in zip(need_parity, solved_all, strict=True):
            results[j].parity = solved
    return results


def _rows(evaluated: Mapping[str, Any], n: int) -> list[dict[str, float]]:
    """Each design's outputs as plain floats, in the pipeline's order: ``_f(v)`` of a scalar, ``_f(v[j])`` of a column.

    A float64 column is converted once (``tolist`` gives the floats ``_f`` gives its elements).
    """
    columns: list[Any] = []
    for v in evaluated.values():
        kind = type(v)
        if kind is float:
            columns.append(itertools.repeat(v, n))
        elif kind is np.float64 or (kind is np.ndarray and v.ndim == 0 and v.dtype == np.float64):
            columns.append(itertools.repeat(float(v), n))  # what _f gives a float64 scalar
        elif kind is np.ndarray and v.shape == (n,) and v.dtype == np.float64:
            columns.append(v.tolist())
        elif np.ndim(v) == 0:
            columns.append(itertools.repeat(_f(v), n))
        else:
            columns.append([_f(v[j]) for j in range(n)])
    keys = list(evaluated)
    return (
        [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)] if columns else [{} for _ in range(n)]
    )
