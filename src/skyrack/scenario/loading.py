"""Reading scenarios: YAML text and files, ``path=value`` overrides, validation messages.

Files and text go through :mod:`skyrack.safe_input` (regular files only, size
capped, UTF-8, aliases and nesting bounded, duplicate keys refused).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import InputError, ScenarioError, excerpt, one_line
from ..safe_input import MAX_OVERRIDE_CHARS, MAX_SCENARIO_BYTES, load_yaml, parse_scalar, read_text
from .model import Scenario
from .registry import parameters

_MAX_REPORTED = 12


def format_validation_error(error: ValidationError) -> str:
    """One line naming every bad field: ``path: problem (got value)``, values shown as bounded excerpts.

    An unknown field is named without its value: it may come from a file that
    is not a scenario at all.
    """
    parts = []
    for item in error.errors():
        loc = one_line(".".join(str(p) for p in item["loc"]))
        message = one_line(item["msg"].removeprefix("Value error, "), 400)
        given = item.get("input")
        if item["type"] == "extra_forbidden":
            message, given = "unknown field (check the spelling; `skyrack schema` lists the fields)", {}
        shown = "" if isinstance(given, dict) or message.startswith("got ") else f" (got {excerpt(given)})"
        if item["type"] in _RANGE_ERRORS and loc in parameters():
            param = parameters()[loc]
            message = f"must be {param.allowed()}"
            if isinstance(given, float) or (isinstance(given, int) and abs(given) < 2**1023):
                shown = f" (got {param.display(float(given))})"  # a longer int keeps its excerpt
        parts.append(f"{loc}: {message}{shown}")
    if len(parts) > _MAX_REPORTED:
        parts = [*parts[:_MAX_REPORTED], f"and {len(parts) - _MAX_REPORTED} more"]
    return "; ".join(parts)


_RANGE_ERRORS = frozenset({"greater_than", "greater_than_equal", "less_than", "less_than_equal"})


def parse_scenario(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate a mapping into a :class:`Scenario`; errors name every bad field."""
    if not isinstance(data, Mapping):
        raise InputError(source, type(data).__name__, "a scenario must be a mapping of sections")
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as error:
        raise ScenarioError(f"{one_line(source)}: {format_validation_error(error)}") from None


def load_yaml_text(text: str, label: str = "YAML") -> Any:
    """Parse YAML text with the project's safe loader (clock times stay strings; aliases and depth bounded)."""
    return load_yaml(text, label)


def read_yaml(path: Path) -> Any:
    """Read a scenario file: a regular UTF-8 file of at most 1 MiB holding a mapping of scenario sections.

    Syntax errors name the line and column. A file that is not a scenario (no
    known section at its top level) is refused without showing its content.
    """
    text = read_text(path, "scenario", MAX_SCENARIO_BYTES)
    data = load_yaml(text, str(path))
    if not isinstance(data, Mapping):
        raise InputError("scenario", str(path), f"a scenario file holds a mapping of sections, not {_kind(data)}")
    if data and not any(isinstance(key, str) and key in Scenario.model_fields for key in data):
        raise InputError("scenario", str(path), "not a scenario file: no known section (see `skyrack schema`)")
    return data


def _kind(data: Any) -> str:
    return "an empty file" if data is None else f"a {type(data).__name__}"


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
            raise InputError("--set", path, f"'{one_line(key)}' is a value, not a section")
        node = child
    node[keys[-1]] = value


def apply_overrides(data: dict[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """Apply ``path=value`` strings to a scenario mapping.

    A value is read as one scalar (number, boolean, null, clock time or text:
    :func:`skyrack.safe_input.parse_scalar`) unless the field it sets holds a
    list or a mapping, where a value in brackets or braces is read as bounded
    YAML without aliases.
    """
    for item in overrides:
        if len(item) > MAX_OVERRIDE_CHARS:
            raise InputError("--set", item, f"at most {MAX_OVERRIDE_CHARS:,} characters")
        if "=" not in item:
            raise InputError("--set", item, "expected path=value, e.g. thermal.emissivity=0.92")
        path, text = item.split("=", 1)
        path = path.strip()
        if text.strip()[:1] in ("[", "{") and _takes_collection(path):
            value = load_yaml(text, f"--set {path}", max_depth=8, max_aliases=0)
        else:
            value = parse_scalar(text, f"--set {path}")
        set_path(data, path, value)
    return data


def _takes_collection(path: str) -> bool:
    """Whether the scenario field at ``path`` holds a list or a mapping (or any value, inside a mapping)."""
    model: Any = Scenario
    for key in path.split("."):
        fields = getattr(model, "model_fields", None)
        if fields is None:  # inside a free mapping (catalog overrides): a record may be a mapping
            return True
        if key not in fields:
            return False
        annotation = fields[key].annotation
        model = _section(annotation)
        if model is None:
            return _is_collection(annotation)
    return True  # a whole section


def _section(annotation: Any) -> Any:
    """The model (or free mapping) an annotation holds, if any."""
    for option in (annotation, *get_args(annotation)):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
        if get_origin(option) is dict:
            return dict
    return None


def _is_collection(annotation: Any) -> bool:
    return any(get_origin(option) in (list, dict, tuple, set) for option in (annotation, *get_args(annotation)))


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
