"""Scenarios named by a request: a built-in preset or an inline mapping, never a file path.

The service reads only the presets shipped with the package; a scenario sent
inline may not name catalog files (``catalog_files``), so no request can make
the server read a path of its choosing. Overrides arrive as JSON values
(``{"launch.price_per_kg": "500 USD/kg"}``) and are set into the scenario as
they are: a text is never parsed as YAML.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..scenario import Scenario, parse_scenario, read_yaml, set_path
from ..scenario.registry import override_path
from .errors import NotFoundError

__all__ = ["NotFoundError", "override_items", "preset_mapping", "scenario_from_request", "scenario_mapping"]

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")
MAX_PATH_CHARS = 200
MAX_INTEGER = 2**63 - 1
"""Largest integer an override may be (larger ones are refused, not rounded to a float)."""


def preset_mapping(name: str) -> dict[str, Any]:
    """The YAML mapping of a built-in preset (a fresh copy); :class:`NotFoundError` for any other name."""
    presets = _presets()
    if name not in presets:
        raise NotFoundError("preset", name[:64], "one of " + ", ".join(presets))
    return copy.deepcopy(presets[name])


@functools.cache
def _presets() -> dict[str, dict[str, Any]]:
    """Every built-in preset's mapping, read once per process (they ship with the package)."""
    from ..model import _preset_path, preset_names

    return {name: read_yaml(_preset_path(name)) for name in preset_names()}


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
    preset, inline = request.get("preset"), request.get("scenario")
    if (preset is None) == (inline is None):
        raise InputError("preset/scenario", None, "exactly one of 'preset' (a name) or 'scenario' (a mapping)")
    if inline is not None:
        if not isinstance(inline, Mapping):
            raise InputError("scenario", type(inline).__name__, "a mapping of scenario sections")
        if inline.get("catalog_files"):
            raise InputError("scenario.catalog_files", "(file names)", "no files: use 'catalog:' entries")
        data = copy.deepcopy(dict(inline))
    else:
        data = preset_mapping(str(preset))
    for path, value in override_items(request.get("overrides") or {}):
        try:
            set_path(data, override_path(path), value)
        except InputError as error:
            raise InputError("overrides", path, error.allowed) from None
    return data


def scenario_from_request(request: Mapping[str, Any]) -> Scenario:
    """The validated scenario of a request body (see :func:`scenario_mapping`)."""
    return parse_scenario(scenario_mapping(request), source="scenario")
