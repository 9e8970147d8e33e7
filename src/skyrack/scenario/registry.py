"""The parameter registry: every number and choice of a scenario, declared once.

Each parameter is named by its path in the scenario (``orbit.altitude``,
``satellite.thermal.radiator_temperature``): that one name is what ``--set``,
``--vary``, ``-u``, ``design_batch``, the web API, share links and stored runs
accept. Everything the registry knows comes from the scenario schema
(:mod:`skyrack.scenario.fields`): the canonical unit, the allowed range, the
catalog field it falls back to, whether it is a design variable or an
assumption, which side (orbit, ground or both) it moves, and its source.

>>> from skyrack.scenario.registry import parameter
>>> p = parameter("orbit.altitude")
>>> p.unit, p.role, p.parse("650 km")
('m', 'design', 650000.0)
>>> parameter("thermal.emissivity").path  # an old short name still works, with a warning once
'satellite.thermal.emissivity'
"""

from __future__ import annotations

import difflib
import math
import types
import typing
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import annotated_types
import numpy as np
import numpy.typing as npt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..errors import InputError, SkyrackWarning
from ..units import Unit, to_unit
from .model import Scenario

Kind = Literal["number", "integer", "flag", "choice"]

# Scalar fields of the scenario that are not parameters (text, lists and mappings).
_NOT_PARAMETERS = frozenset({"name", "description", "sources", "uncertainty", "catalog", "catalog_files"})
# Sections inside ``satellite``: old flat names left the "satellite." out.
_SATELLITE_SECTIONS = ("compute", "power", "thermal", "shielding", "bus")
# Catalog kinds of the fields that name a catalog entry.
_ENTRY_KINDS = {
    "satellite.compute.accelerator": "accelerators",
    "satellite.power.cell": "solar_cells",
    "satellite.power.battery": "batteries",
    "satellite.thermal.radiator": "radiators",
    "launch.vehicle": "launchers",
    "terrestrial.kind": "terrestrial",
    "terrestrial.accelerator": "accelerators",
}
_SECTION_SIDE = {"terrestrial": "ground", "deployment": "both"}
# Unset fields that mean "no limit" rather than "derive it".
_UNLIMITED = frozenset({"satellite.power.max_array_area", "satellite.thermal.max_radiator_area"})


@dataclass(frozen=True)
class Bounds:
    """The allowed range of a number: any of ``gt``, ``ge``, ``lt``, ``le`` (canonical unit)."""

    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None

    def contains(self, value: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """True where ``value`` is finite and inside the range (element-wise)."""
        x = np.asarray(value, dtype=np.float64)
        ok = np.isfinite(x)
        with np.errstate(invalid="ignore"):
            if self.gt is not None:
                ok &= x > self.gt
            if self.ge is not None:
                ok &= x >= self.ge
            if self.lt is not None:
                ok &= x < self.lt
            if self.le is not None:
                ok &= x <= self.le
        return np.asarray(ok)

    def describe(self, unit: str | None) -> str:
        """The range in words, e.g. "in (0, 1]" or "at least 160,000 m"."""
        u = "" if unit in (None, "", "1") else f" {unit}"
        low = self.gt if self.gt is not None else self.ge
        high = self.lt if self.lt is not None else self.le
        if low is not None and high is not None:
            left, right = ("(" if self.gt is not None else "["), (")" if self.lt is not None else "]")
            return f"in {left}{_number(low)}, {_number(high)}{right}{u}"
        if low is not None:
            return f"{'greater than' if self.gt is not None else 'at least'} {_number(low)}{u}"
        if high is not None:
            return f"{'less than' if self.lt is not None else 'at most'} {_number(high)}{u}"
        return f"a finite number{u}"


def _number(x: float) -> str:
    """A bound as people write it: whole numbers with thousands separators, others to 6 digits."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e10 else f"{x:.6g}"


@dataclass(frozen=True)
class CatalogRef:
    """The catalog field a parameter falls back to: ``kind``, ``field``, the ``choice`` naming the entry."""

    kind: str
    field: str
    choice: str
    missing: float | str | None = None
    unless_set: str | None = None


@dataclass(frozen=True)
class Param:
    """One parameter of a scenario, named by its scenario ``path``."""

    path: str
    kind: Kind
    unit: str | None
    label: str
    description: str
    source: str | None
    default: Any
    role: Literal["design", "assumption"]
    side: Literal["orbit", "ground", "both"]
    bounds: Bounds
    catalog: CatalogRef | None = None
    follows: str | None = None
    options: tuple[Any, ...] | None = None
    entry_kind: str | None = None
    clock: bool = False

    @property
    def numeric(self) -> bool:
        """True for numbers, integers and flags (a batch may vary them); False for choices."""
        return self.kind != "choice"

    @property
    def empty(self) -> float:
        """The flat value of this parameter when neither the scenario nor a catalog gives one."""
        return math.inf if self.path in _UNLIMITED else math.nan

    def allowed(self) -> str:
        """What this parameter accepts, in words."""
        if self.kind == "choice":
            if self.entry_kind:
                return f"the name of an entry of the {self.entry_kind} catalog"
            return "one of " + ", ".join(map(str, self.options or ()))
        if self.kind == "flag":
            return "true or false"
        text = self._bounds_in(self.example_unit).describe(self.example_unit)
        return f"{'a whole number ' if self.kind == 'integer' else ''}{text}"

    def _bounds_in(self, unit: str) -> Bounds:
        """The bounds converted to ``unit`` (for messages)."""
        if unit == self.unit or self.unit is None:
            return self.bounds
        scale = to_unit(f"1 {self.unit}", unit)
        offset = to_unit(f"0 {self.unit}", unit)
        convert = {k: (None if v is None else v * (scale - offset) + offset) for k, v in vars(self.bounds).items()}
        return Bounds(**convert)

    def parse(self, value: Any, field: str | None = None) -> Any:
        """One value as the design pipeline reads it: a float in :attr:`unit` (range-checked), or a choice."""
        where = field or self.path
        if self.kind == "choice":
            return self._choice(value, where)
        if self.kind == "flag":
            return _flag(value, where)
        if self.options is not None and value in self.options:
            return float(value)
        try:
            number = Unit(self.unit or "1", clock=self.clock).parse(value, where)
        except InputError as error:
            if not error.allowed.startswith("give a unit"):
                raise
            example = "'18:00' or '18 h'" if self.clock else f"'{str(value).strip()} {self.example_unit}'"
            raise InputError(where, value, f"give a unit, e.g. {example} (canonical unit: {self.unit})") from None
        return self.check(number, where, shown=value)

    def display(self, number: float) -> str:
        """``number`` (canonical unit) written in :attr:`example_unit`, e.g. 650000.0 m as "650 km"."""
        unit = self.example_unit
        if self.unit in (None, "", "1") or not math.isfinite(number):
            return f"{number:g}"
        if unit != self.unit:
            number = to_unit(f"{number!r} {self.unit}", unit)
        return f"{number:g} {unit}"

    @property
    def example_unit(self) -> str:
        """The unit the schema's default is written in ("km" for altitude), else the canonical unit."""
        if isinstance(self.default, str):
            number, _, unit = self.default.strip().partition(" ")
            if unit and number.replace(".", "", 1).replace("-", "", 1).isdigit():
                return unit
        return self.unit or ""

    def check(self, number: float, field: str | None = None, shown: Any = None) -> float:
        """``number`` (canonical unit) if it is allowed; else an :class:`InputError` saying what is."""
        where = field or self.path
        ok = bool(self.bounds.contains(number))
        if ok and self.kind == "integer":
            ok = float(number).is_integer()
        if ok and self.options is not None:
            ok = number in self.options
        if not ok:
            raise InputError(where, shown if shown is not None else self.display(number), f"must be {self.allowed()}")
        return float(number)

    def _choice(self, value: Any, where: str) -> Any:
        if self.options is not None and value not in self.options:
            raise InputError(where, value, f"must be {self.allowed()}")
        if not isinstance(value, str) or not value.strip():
            raise InputError(where, value, f"must be {self.allowed()}")
        return value


def _flag(value: Any, where: str) -> float:
    """A yes/no value as 1.0 or 0.0: true/false (any case), or the numbers 1 and 0."""
    text = str(value).strip().lower()
    if isinstance(value, bool) or text in ("true", "false", "1", "0", "1.0", "0.0"):
        return 1.0 if text in ("true", "1", "1.0") else 0.0
    raise InputError(where, value, "expected true or false")


# -- building the registry from the schema --------------------------------------------------------


def _annotation_parts(annotation: Any) -> tuple[Any, list[Any]]:
    """The core type of a field annotation (``None`` stripped) and any ``Annotated`` metadata."""
    metadata: list[Any] = []
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else annotation
    if typing.get_origin(annotation) is typing.Annotated:
        annotation, *metadata = typing.get_args(annotation)
    return annotation, metadata


def _kind(core: Any) -> tuple[Kind, tuple[Any, ...] | None]:
    if typing.get_origin(core) is Literal:
        options = typing.get_args(core)
        return ("number" if all(isinstance(o, int) for o in options) else "choice"), options
    if core is bool:
        return "flag", None
    if core is int:
        return "integer", None
    if core is str:
        return "choice", None
    return "number", None


def _bounds(metadata: list[Any]) -> Bounds:
    found: dict[str, float] = {}
    for item in metadata:
        for name in ("gt", "ge", "lt", "le"):
            cls = getattr(annotated_types, name.capitalize())
            if isinstance(item, cls):
                found[name] = float(getattr(item, name))
    return Bounds(**found)


def _label(description: str) -> str:
    text = description.split(" (default:")[0]
    text = text.split(";")[0]
    if text.endswith("]") and " [" in text:
        text = text[: text.rindex(" [")]
    return text.strip() or description


def _param(path: str, info: FieldInfo) -> Param:
    core, inner = _annotation_parts(info.annotation)
    metadata = [*inner, *info.metadata]
    unit = next((m for m in metadata if isinstance(m, Unit)), None)
    kind, options = _kind(core)
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    ref = extra.get("x-catalog")
    catalog = CatalogRef(**typing.cast(dict[str, Any], ref)) if isinstance(ref, dict) else None
    section = path.split(".")[0]
    description = info.description or ""
    default = None if info.is_required() else info.get_default(call_default_factory=False)
    return Param(
        path=path,
        kind=kind,
        unit=unit.unit if unit is not None else ("1" if kind in ("number", "integer", "flag") else None),
        label=_label(description) if description else path.rsplit(".", 1)[-1].replace("_", " "),
        description=description,
        source=str(extra["source"]) if "source" in extra else None,
        default=default,
        role="design" if extra.get("x-role") == "design" else "assumption",
        side=extra.get("x-side") or _SECTION_SIDE.get(section, "orbit"),  # type: ignore[arg-type]
        bounds=_bounds(metadata),
        catalog=catalog,
        follows=extra.get("x-follows"),  # type: ignore[arg-type]
        options=options,
        entry_kind=_ENTRY_KINDS.get(path),
        clock=bool(unit is not None and unit.clock),
    )


def _walk(model: type[BaseModel], prefix: str = "") -> Iterator[Param]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        if not prefix and name in _NOT_PARAMETERS:
            continue
        core, _ = _annotation_parts(info.annotation)
        if isinstance(core, type) and issubclass(core, BaseModel):
            yield from _walk(core, f"{path}.")
        elif typing.get_origin(core) in (list, dict, typing.Union, types.UnionType) or core in (list, dict):
            continue  # lists, mappings and text-or-number fields (e.g. a start date) are not parameters
        else:
            yield _param(path, info)


@cache
def parameters() -> Mapping[str, Param]:
    """Every parameter of a scenario, by scenario path, in schema order."""
    return types.MappingProxyType({p.path: p for p in _walk(Scenario)})


def design_variables() -> list[str]:
    """The parameters a designer chooses (the optimiser may move only these)."""
    return [p.path for p in parameters().values() if p.role == "design"]


# -- names ----------------------------------------------------------------------------------------

_warned: set[str] = set()


def alias_of(name: str) -> str | None:
    """The scenario path an old short name stands for (``thermal.x`` -> ``satellite.thermal.x``), or None."""
    head = name.partition(".")[0]
    if head in _SATELLITE_SECTIONS:
        path = f"satellite.{name}"
        return path if path in parameters() else None
    return None


def canonical_name(name: str, field: str = "parameter") -> str:
    """The scenario path of parameter ``name``; an old short name warns once; unknown names are refused."""
    name = name.strip()
    if name in parameters():
        return name
    path = alias_of(name)
    if path is not None:
        if name not in _warned:
            _warned.add(name)
            warnings.warn(f"'{name}' is an old name: use '{path}'", SkyrackWarning, stacklevel=3)
        return path
    close = difflib.get_close_matches(name, list(parameters()), n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise InputError(field, name, f"unknown parameter; {hint}`skyrack parameters` lists them all")


def override_path(path: str) -> str:
    """The scenario path an override sets: a parameter's (old short names accepted, with a warning), or ``path``."""
    try:
        return canonical_name(path, field="overrides")
    except InputError:
        return path  # not a parameter (e.g. name, catalog_files, uncertainty): the schema validates it


def parameter(name: str, field: str = "parameter") -> Param:
    """The :class:`Param` named ``name`` (a scenario path, or an old short name)."""
    return parameters()[canonical_name(name, field)]


def unit_of(name: str) -> str | None:
    """The canonical unit of parameter ``name`` (``"1"`` for ratios; None for choices)."""
    return parameter(name).unit
