"""Scenarios named by a request: a built-in preset or an inline mapping, never a file path.

The service reads only the presets shipped with the package; a scenario sent
inline may not name catalog files (``catalog_files``), so no request can make
the server read a path of its choosing. Overrides arrive as JSON values
(``{"launch.price_per_kg": "500 USD/kg"}``) and are set into the scenario as
they are: a text is never parsed as YAML.

A preset is read and validated once per version of its file (its modification
time and size; a bounded cache): a request on a preset then validates only the
scenario sections its overrides touch and takes the others, already validated
and immutable, from the preset's :class:`~skyrack.scenario.Scenario`. The
answer is the one a full validation gives (tested field by field).
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import InputError
from ..scenario import Scenario, parse_scenario, read_yaml, set_path
from ..scenario.registry import override_path
from .errors import NotFoundError

__all__ = ["NotFoundError", "override_items", "preset_mapping", "scenario_from_request", "scenario_mapping"]

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")
MAX_PATH_CHARS = 200
GROUND_ONLY_READS = ("satellite", "terrestrial")
"""Sections a terrestrial scenario's validation reads as mappings (its chip): always validated from the mapping."""
MAX_INTEGER = 2**63 - 1
"""Largest integer an override may be (larger ones are refused, not rounded to a float)."""


PRESET_CACHE_SIZE = 64
"""Versions of preset files kept read and validated (one per preset unless a file changes on disk)."""


def preset_mapping(name: str) -> dict[str, Any]:
    """The YAML mapping of a built-in preset (a fresh copy); :class:`NotFoundError` for any other name."""
    return copy.deepcopy(_preset(name)[0])


def _preset(name: str) -> tuple[dict[str, Any], Scenario | None]:
    """A preset's mapping and its validated scenario (None if it does not validate), as its file is now."""
    from ..model import preset_names

    if name not in preset_names():
        raise NotFoundError("preset", name[:64], "one of " + ", ".join(preset_names()))
    path = _preset_file(name)
    stat = path.stat()
    return _read_preset(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=PRESET_CACHE_SIZE)
def _preset_file(name: str) -> Path:
    """Where a built-in preset's file is (found once per name)."""
    from ..model import _preset_path

    return _preset_path(name)


@functools.lru_cache(maxsize=PRESET_CACHE_SIZE)
def _read_preset(path: str, mtime_ns: int, size: int) -> tuple[dict[str, Any], Scenario | None]:
    """One version of a preset file (``mtime_ns`` and ``size`` key the cache): its mapping, validated once."""
    data = read_yaml(Path(path))
    try:
        scenario: Scenario | None = parse_scenario(copy.deepcopy(data), source="scenario")
    except Exception:  # a preset that does not validate is validated (and refused) with each request
        scenario = None
    return data, scenario


def override_items(overrides: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``(path, value)`` pairs of a request's overrides, each path and value checked.

    A value is a number, true/false, null (the catalog's value), a one-line text
    such as ``"500 USD/kg"`` or a list of those; integers beyond 2**63 and
    non-finite numbers are refused rather than rounded.
    """
    out = []
    for path, value in overrides.items():
        if len(path) > MAX_PATH_CHARS or not _PATH.match(path):
            raise InputError("overrides", path[:80], "a dotted field path such as launch.price_per_kg")
        if path.split(".")[0] == "catalog_files":
            raise InputError("overrides", path, "catalog files (paths) are not accepted by the service")
        items = value if isinstance(value, list) else [value]
        for item in items:
            _check_value(f"overrides.{path}", item)
        out.append((path, list(value) if isinstance(value, list) else value))
    return out


def _check_value(field: str, value: Any) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_INTEGER:
            raise InputError(field, f"an integer of {len(str(abs(value)))} digits", "an integer below 2**63")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(field, value, "a finite number")
        return
    if isinstance(value, str):
        if "\n" in value or "\r" in value:
            raise InputError(field, value[:80], "a one-line text such as '500 USD/kg'")
        return
    raise InputError(field, type(value).__name__, "a number, true/false, null or a text such as '500 USD/kg'")


def scenario_mapping(request: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario mapping of a request body: ``preset`` or ``scenario``, with ``overrides`` set into it."""
    return copy.deepcopy(_mapping(request)[0])


def _mapping(request: Mapping[str, Any]) -> tuple[dict[str, Any], Scenario | None, set[str]]:
    """The request's scenario mapping, the preset's validated scenario (if any), the sections overrides touch.

    The sections no override touches are the preset's cached ones, not copies: read them only.
    """
    preset, inline = request.get("preset"), request.get("scenario")
    if (preset is None) == (inline is None):
        raise InputError("preset/scenario", None, "exactly one of 'preset' (a name) or 'scenario' (a mapping)")
    mapping: dict[str, Any] | None = None
    base: Scenario | None = None
    if inline is not None:
        if not isinstance(inline, Mapping):
            raise InputError("scenario", type(inline).__name__, "a mapping of scenario sections")
        if inline.get("catalog_files"):
            raise InputError("scenario.catalog_files", "(file names)", "no files: use 'catalog:' entries")
        data = copy.deepcopy(dict(inline))
    else:
        mapping, base = _preset(str(preset))
    paths = [(path, override_path(path), value) for path, value in override_items(request.get("overrides") or {})]
    touched = {target.split(".")[0] for _, target, _ in paths}
    if mapping is not None:  # a copy of what the overrides touch (all of it if the preset did not validate)
        data = {k: copy.deepcopy(v) if k in touched or base is None else v for k, v in mapping.items()}
    for path, target, value in paths:
        try:
            set_path(data, target, value)
        except InputError as error:
            raise InputError("overrides", path, error.allowed) from None
    return data, base, touched


def scenario_from_request(request: Mapping[str, Any]) -> Scenario:
    """The validated scenario of a request body (see :func:`scenario_mapping`).

    On a preset, the sections no override touches are the preset's own validated
    sections (immutable models), so only the touched ones are validated again.
    """
    data, base, touched = _mapping(request)
    if base is not None:
        data = {key: _validated(base, key, data) if key not in touched else value for key, value in data.items()}
    return parse_scenario(data, source="scenario")


def _validated(base: Scenario, key: str, data: Mapping[str, Any]) -> Any:
    """The preset's validated section ``key`` in place of its mapping, where that validates to the same scenario.

    Plain values (names, lists, mappings) are copied from the mapping; so are the
    sections a ground-only scenario's own checks read as mappings.
    """
    value = getattr(base, key, None)
    if data.get("kind") == "terrestrial" and key in GROUND_ONLY_READS:
        return copy.deepcopy(data[key])
    if isinstance(value, BaseModel):
        return value
    if isinstance(value, list) and all(_immutable(item) for item in value):
        return list(value)  # claims and sources: validated models and texts, validated again as they are
    if isinstance(value, dict) and all(type(k) is str and _immutable(item) for k, item in value.items()):
        return dict(value)  # uncertainty: distributions and texts
    return copy.deepcopy(data[key])


def _immutable(value: Any) -> bool:
    """A text, a number, or a frozen model (the scenario's models are all frozen)."""
    if isinstance(value, BaseModel):
        return bool(type(value).model_config.get("frozen"))
    return value is None or type(value) in (str, int, float, bool)
