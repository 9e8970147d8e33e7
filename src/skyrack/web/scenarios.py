"""Scenarios named by a request: a built-in preset or an inline mapping, never a file path.

The service reads only the presets shipped with the package; a scenario sent
inline may not name catalog files (``catalog_files``), so no request can make
the server read a path of its choosing.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..scenario import Scenario, read_yaml

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$")


class NotFoundError(InputError):
    """A preset, job or other name the service does not have (HTTP 404)."""


def preset_mapping(name: str) -> dict[str, Any]:
    """The YAML mapping of a built-in preset (a fresh copy); :class:`NotFoundError` for any other name."""
    presets = _presets()
    if name not in presets:
        raise NotFoundError("preset", name, "one of " + ", ".join(presets))
    return copy.deepcopy(presets[name])


@functools.cache
def _presets() -> dict[str, dict[str, Any]]:
    """Every built-in preset's mapping, read once per process (they ship with the package)."""
    from ..model import _preset_path, preset_names

    return {name: read_yaml(_preset_path(name)) for name in preset_names()}


def checked_overrides(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``{"launch.price_per_kg": "500 USD/kg"}`` with paths and values checked; values are never parsed as YAML.

    A value is a one-line text (a quantity such as "500 USD/kg", or a choice), a number
    (dimensionless fields), true/false, or null (clear the field).
    """
    out: dict[str, Any] = {}
    for path, value in overrides.items():
        if not _PATH.match(path):
            raise InputError("overrides", path, "a dotted field path such as launch.price_per_kg")
        if path.split(".")[0] == "catalog_files":
            raise InputError("overrides", path, "catalog files (paths) are not accepted by the service")
        if value is not None and (not isinstance(value, (str, int, float, bool)) or "\n" in str(value)):
            raise InputError(
                f"overrides.{path}", value, "a number, true/false, null or a one-line text such as '500 USD/kg'"
            )
        out[path] = value
    return out


def scenario_from_request(request: Mapping[str, Any]) -> Scenario:
    """The scenario of a request body: ``preset`` or ``scenario``, then ``overrides``."""
    from ..model import load_scenario

    preset, inline = request.get("preset"), request.get("scenario")
    if (preset is None) == (inline is None):
        raise InputError("preset/scenario", None, "exactly one of 'preset' (a name) or 'scenario' (a mapping)")
    if inline is not None:
        if not isinstance(inline, Mapping):
            raise InputError("scenario", type(inline).__name__, "a mapping of scenario sections")
        if inline.get("catalog_files"):
            raise InputError("scenario.catalog_files", inline["catalog_files"], "no files: use 'catalog:' entries")
        data = dict(inline)
    else:
        data = preset_mapping(str(preset))
    return load_scenario(data, checked_overrides(request.get("overrides") or {}))
