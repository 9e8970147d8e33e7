"""Reading scenarios: YAML text and files, ``path=value`` overrides, validation messages."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError, ScenarioError
from .model import Scenario
from .registry import parameters


def format_validation_error(error: ValidationError) -> str:
    """One line naming every bad field: ``path: problem (got value)``."""
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        given = item.get("input")
        shown = "" if isinstance(given, dict) or message.startswith("got ") else f" (got {given!r})"
        if item["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; `skyrack schema` lists the fields)"
        elif item["type"] in _RANGE_ERRORS and loc in parameters():
            param = parameters()[loc]
            message = f"must be {param.allowed()}"
            if isinstance(given, (int, float)):
                shown = f" (got {param.display(float(given))})"
        parts.append(f"{loc}: {message}{shown}")
    return "; ".join(parts)


_RANGE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


def parse_scenario(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate a mapping into a :class:`Scenario`; errors name every bad field."""
    if not isinstance(data, Mapping):
        raise InputError(source, type(data).__name__, "a scenario must be a mapping of sections")
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as error:
        raise ScenarioError(f"{source}: {format_validation_error(error)}") from None


class _Loader(yaml.SafeLoader):
    """YAML 1.1 safe loader that keeps clock times ("18:00") as text instead of base-60 numbers."""


_CLOCK = re.compile(r"^[0-9]{1,2}:[0-5][0-9](?::[0-5][0-9])?$")
_Loader.yaml_implicit_resolvers = {
    key: ([("tag:yaml.org,2002:str", _CLOCK)] if key in "0123456789" else []) + list(resolvers)
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with :class:`_Loader` (clock times stay strings)."""
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects


def read_yaml(path: Path) -> Any:
    """Read a YAML file; syntax errors name the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("scenario", str(path), "file not found; give a preset name or an existing file") from None
    except OSError as error:
        raise InputError("scenario", str(path), f"cannot read file ({error.strerror})") from None
    try:
        return load_yaml_text(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise InputError(str(path), where, f"malformed YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise InputError(str(path), "YAML", f"malformed YAML: {error}") from None


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``a.b.c = value`` in nested dicts, creating sections as needed."""
    keys = path.split(".")
    if not path or any(not k for k in keys):
        raise InputError("--set", path, "expected a dotted path such as thermal.emissivity")
    node = data
    for key in keys[:-1]:
        child = node.get(key)
        if child is None:
            child = node[key] = {}
        if not isinstance(child, dict):
            raise InputError("--set", path, f"'{key}' is a value, not a section")
        node = child
    node[keys[-1]] = value


def apply_overrides(data: dict[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """Apply ``path=value`` strings (values parsed as YAML scalars) to a scenario mapping."""
    for item in overrides:
        if "=" not in item:
            raise InputError("--set", item, "expected path=value, e.g. thermal.emissivity=0.92")
        path, text = item.split("=", 1)
        try:
            value = load_yaml_text(text) if text.strip() else None
        except yaml.YAMLError:
            value = text
        set_path(data, path.strip(), value)
    return data


def walk_defaults(model: type[BaseModel] = Scenario, prefix: str = "") -> Iterator[tuple[str, Any, str]]:
    """Yield (path, default, source) for every sourced default of the schema."""
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from walk_defaults(annotation, f"{path}.")
            continue
        extra = field.json_schema_extra
        if isinstance(extra, dict) and "source" in extra:
            yield path, field.default, str(extra["source"])


def json_schema() -> dict[str, Any]:
    """The scenario JSON Schema (draft 2020-12), with units as ``x-unit``."""
    return Scenario.model_json_schema()
