"""The sourced data catalog: accelerators, launchers, cells, radiators, batteries, ...

Every number skyrack takes from the outside world lives in one YAML file per kind
in this package, as a *record*::

    tdp: {value: 700, unit: W, source: "NVIDIA H100 datasheet (2023)", date: "2023",
          confidence: high, basis: datasheet, range: [650, 700],
          distribution: {kind: triangular, low: 650, mode: 700, high: 700}}

The loader checks every file against :data:`CANONICAL_UNITS` (which fields a kind
has and the unit the design code reads them in), converts every value, range and
distribution parameter to that canonical unit once, and keeps the provenance.

Record keys
-----------
value, unit
    The number as published and its unit (any unit pint understands, plus USD,
    kUSD, MUSD, BUSD, EUR, FLOP; "%" and "%/yr" work; dimensionless is "1").
source, date
    The original source (datasheet, paper, agency page) and when it was published.
confidence
    ``high`` | ``medium`` | ``low``.
basis
    ``datasheet`` (an official published figure: manufacturer datasheet, price
    list, agency statistic), ``measured``, ``paper``, ``press``, ``estimate`` (our
    own placeholder), ``claim`` (a company's unverified claim) or ``derived``
    (arithmetic on sourced numbers, shown in the source or note).
range (optional)
    ``[low, high]`` in the same unit as ``value``; the value must lie inside it.
distribution (optional)
    For Monte Carlo: ``{kind: triangular|uniform|normal|lognormal|pert, ...}`` with
    parameters in the record's unit (``low``, ``mode``, ``high``, ``mean``, ``sd``,
    ``median``); ``lognormal.sigma`` and ``pert.lambda`` are dimensionless.
note (optional)
    Free text about this one number.

Non-numeric entry fields (``name``, ``notes``, ``fuel``, ``reusable`` ...) are
plain values and appear in :attr:`Entry.text`.

Inheritance
-----------
An entry may start from another entry of the same kind with ``base: <entry>``
(one shipped in the catalog, in an earlier file, or earlier in the same file):
it takes every field of the base, each record keeping its source, and the
fields it writes replace the base's. ``Entry.text["base"]`` names the base.

Usage
-----
>>> from skyrack.catalog import load_default
>>> cat = load_default()
>>> cat.value("accelerators", "h100-sxm", "tdp")
700.0
>>> cat.entry("launchers", "falcon-9")["payload_leo"]
22800.0
>>> cat2 = cat.with_overrides({"accelerators": {"h100-sxm": {"tdp": "650 W"}}})
>>> cat2.record("accelerators", "h100-sxm", "tdp").source
'scenario override'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field as dc_field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .. import safe_input
from .._disk_cache import cached_json
from .._version import __version__
from ..errors import CatalogError, InputError, Note, one_line
from ..safe_input import MAX_CATALOG_BYTES, load_yaml, read_text
from ..units import affine, cache_dir, check_quantity_text, is_dimensionality_error, to_unit

__all__ = [
    "BASIS",
    "CANONICAL_UNITS",
    "CONFIDENCE",
    "DISTRIBUTIONS",
    "OPTIONAL_FIELDS",
    "TEXT_FIELDS",
    "Catalog",
    "Entry",
    "Record",
    "load_default",
]

CONFIDENCE: tuple[str, ...] = ("high", "medium", "low")
"""Allowed values of a record's ``confidence``."""

BASIS: tuple[str, ...] = ("datasheet", "measured", "paper", "press", "estimate", "claim", "derived")
"""Allowed values of a record's ``basis``."""

DISTRIBUTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # kind: (parameters in the record's unit, required dimensionless, optional dimensionless)
    "triangular": (("low", "mode", "high"), (), ()),
    "uniform": (("low", "high"), (), ()),
    "normal": (("mean", "sd"), (), ()),
    "lognormal": (("median",), ("sigma",), ()),
    "pert": (("low", "mode", "high"), (), ("lambda",)),
}
"""Distribution kinds and their parameters (see the module docstring)."""

CANONICAL_UNITS: dict[str, dict[str, str]] = {
    "accelerators": {
        "tdp": "W",
        "bf16_dense": "FLOP/s",
        "fp8_dense": "FLOP/s",
        "hbm": "byte",
        "hbm_bandwidth": "byte/s",
        "accelerators_per_unit": "1",
        "server_overhead": "1",
        "server_mass": "kg",
        "unit_price": "USD",
        "sustained_fraction": "1",
        "annual_failure_rate": "1/yr",
        "tid_tolerance": "Gy",
        "tid_first_anomaly": "Gy",
        "annual_interruption_rate": "1/yr",
        "train_tokens_per_s": "1/s",
        "joules_per_token": "J",
        "measured_power_w": "W",
        "train_model_params": "1",
        "idle_power": "W",
    },
    "launchers": {
        "payload_leo": "kg",
        "payload_leo_reusable": "kg",
        "payload_sso": "kg",
        "fairing_volume": "m**3",
        "fairing_diameter": "m",
        "price": "USD",
        "price_per_kg": "USD/kg",
        "minimum_price": "USD",
        "minimum_mass": "kg",
        "reuses": "1",
        "propellant_fuel_mass": "kg",
        "co2e_per_launch": "kg",
        "flights_per_year": "1/yr",
        "propellant_cost": "USD",
        "refurbishment_cost": "USD",
        "vehicle_cost": "USD",
        "operations_cost": "USD",
        "propellant_production_co2e": "kg",
        "black_carbon_per_launch": "kg",
    },
    "solar_cells": {
        "efficiency": "1",
        "temperature_derating": "1",
        "packing_factor": "1",
        "degradation": "1/yr",
        "array_specific_power": "W/kg",
        "array_cost": "USD/W",
        "stowed_power_density": "W/m**3",
    },
    "radiators": {
        "areal_density": "kg/m**2",
        "emissivity": "1",
        "solar_absorptivity": "1",
        "cost": "USD/m**2",
        "stowed_area_density": "m**2/m**3",
    },
    "batteries": {
        "specific_energy": "W*h/kg",
        "max_depth_of_discharge": "1",
        "round_trip_efficiency": "1",
        "cost": "USD/(W*h)",
        "energy_density": "W*h/m**3",
    },
    "terrestrial": {
        "facility_capex": "USD/W",
        "generation_capex": "USD/W",
        "electricity_price": "USD/kWh",
        "fuel_price": "USD/GJ",
        "heat_rate": "1",
        "pue": "1",
        "wue": "L/kWh",
        "build_time": "yr",
        "grid_co2": "kg/kWh",
        "fixed_om": "USD/W/yr",
        "generation_fixed_om": "USD/W/yr",
        "availability": "1",
        "capacity_factor": "1",
        "lifetime": "yr",
    },
    "ground_stations": {
        "latitude_deg": "deg",
        "longitude_deg": "deg",
        "altitude_m": "m",
    },
    "emission_factors": {
        "co2_per_kg_fuel": "1",
        "co2_per_kwh": "kg/kWh",
        "co2_per_fuel_energy": "kg/GJ",
    },
}
"""For each kind, every numeric field it may have and the canonical unit the loader
converts it to. ``fuel_price`` is in USD/GJ because pint has no MMBtu (write
``USD/(1e6*Btu)`` in YAML); ``heat_rate`` is the dimensionless ratio of fuel to
electric energy (6,200 Btu/kWh = 1.817); ``tid_*`` doses are written in ``krad`` (krad(Si);
pint's "rad" is the angle, its dose unit is "rads")."""

OPTIONAL_FIELDS: dict[str, frozenset[str]] = {
    "accelerators": frozenset(
        {
            "hbm",
            "hbm_bandwidth",
            "tid_tolerance",
            "tid_first_anomaly",
            "annual_interruption_rate",
            "train_tokens_per_s",
            "joules_per_token",
            "measured_power_w",
            "train_model_params",
            "idle_power",
        }
    ),
    "launchers": frozenset(
        {
            "payload_leo_reusable",
            "price",
            "price_per_kg",
            "minimum_price",
            "minimum_mass",
            "reuses",
            "flights_per_year",
            "propellant_cost",
            "refurbishment_cost",
            "vehicle_cost",
            "operations_cost",
            "propellant_production_co2e",
            "black_carbon_per_launch",
        }
    ),
    "solar_cells": frozenset(),
    "radiators": frozenset(),
    "batteries": frozenset({"energy_density"}),
    "terrestrial": frozenset(
        {"electricity_price", "fuel_price", "heat_rate", "capacity_factor", "generation_fixed_om"}
    ),
    "ground_stations": frozenset(),
    "emission_factors": frozenset({"co2_per_kg_fuel", "co2_per_kwh", "co2_per_fuel_energy"}),
}
"""Numeric fields an entry may omit; every other field in :data:`CANONICAL_UNITS` is required."""

ONE_OF: dict[str, tuple[frozenset[str], ...]] = {
    "launchers": (frozenset({"price", "price_per_kg"}),),
    "emission_factors": (frozenset({"co2_per_kg_fuel", "co2_per_kwh", "co2_per_fuel_energy"}),),
}
"""Groups of optional fields of which each entry must give at least one."""

_COMMON_TEXT: dict[str, type] = {"name": str, "notes": str}

TEXT_FIELDS: dict[str, dict[str, type]] = {
    "accelerators": {**_COMMON_TEXT, "vendor": str},
    "launchers": {**_COMMON_TEXT, "provider": str, "reusable": bool, "fuel": str},
    "solar_cells": {**_COMMON_TEXT, "technology": str},
    "radiators": {**_COMMON_TEXT, "coating": str},
    "batteries": {**_COMMON_TEXT, "chemistry": str},
    "terrestrial": dict(_COMMON_TEXT),
    "ground_stations": {**_COMMON_TEXT, "operator": str, "country": str},
    "emission_factors": dict(_COMMON_TEXT),
}
"""Non-numeric fields each kind allows, with their Python type."""

REQUIRED_TEXT: dict[str, frozenset[str]] = {
    kind: frozenset({"name"}) | (frozenset({"reusable", "fuel"}) if kind == "launchers" else frozenset())
    for kind in TEXT_FIELDS
}

TEXT_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("launchers", "fuel"): ("methane", "rp1", "hydrogen", "solid"),
}

_RECORD_KEYS = frozenset({"value", "unit", "source", "date", "confidence", "basis", "range", "distribution", "note"})
_FILE_KEYS = frozenset({"kind", "description", "entries", "fields", "required"})
_OVERRIDE_SOURCE = "scenario override"


class _ReadOnlyDict(dict[str, Any]):
    """A dict that refuses changes but still pickles (unlike MappingProxyType),
    so catalogs can travel to worker processes."""

    def _readonly(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("catalog data is read-only; use Catalog.with_overrides()")

    __setitem__ = __delitem__ = _readonly
    clear = pop = popitem = setdefault = update = _readonly
    __ior__ = _readonly

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __copy__(self) -> _ReadOnlyDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _ReadOnlyDict:
        return self


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Record:
    """One sourced number, converted to its canonical unit.

    ``given`` keeps the value and unit as written in the file (or override);
    ``range`` and ``distribution`` are in the canonical unit too. ``origin`` names
    the file the record came from (or ``"override"``) and ``replaced`` the record an
    override replaced.
    """

    kind: str
    entry: str
    field: str
    value: float
    unit: str
    given: str
    source: str
    date: str
    confidence: str
    basis: str
    range: tuple[float, float] | None = None
    distribution: dict[str, Any] | None = dc_field(default=None, hash=False)
    note: str = ""
    origin: str = ""
    replaced: Record | None = dc_field(default=None, hash=False, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str, str]:
        """``(kind, entry, field)``, the sort key."""
        return (self.kind, self.entry, self.field)


class _LookupError(CatalogError, KeyError):
    """An unknown kind, entry or field: a CatalogError that is also a KeyError."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _unknown(what: str, value: object, valid: Iterable[str]) -> _LookupError:
    return _LookupError(what, value, "valid: " + ", ".join(sorted(valid)))


class Entry(Mapping[str, float]):
    """One catalog entry: a read-only mapping ``field -> value`` in canonical units.

    ``text`` holds the non-numeric fields (``name``, ``notes``, ``fuel``, ...);
    ``records`` holds the full :class:`Record` for each numeric field.
    """

    __slots__ = ("_values", "kind", "name", "origin", "records", "text")

    def __init__(
        self,
        kind: str,
        name: str,
        records: Mapping[str, Record],
        text: Mapping[str, Any],
        origin: str = "",
    ) -> None:
        self.kind = kind
        self.name = name
        self.origin = origin
        self.records: Mapping[str, Record] = _ReadOnlyDict(dict(records))
        self.text: Mapping[str, Any] = _ReadOnlyDict(dict(text))
        self._values: dict[str, float] = {f: r.value for f, r in records.items()}

    def __getitem__(self, field: str) -> float:
        try:
            return self._values[field]
        except KeyError:
            raise _unknown(f"{self.kind}.{self.name}", field, self._values) from None

    def __contains__(self, field: object) -> bool:
        return field in self._values  # without building the "unknown field" error Mapping's default would

    def get(self, field: str, default: Any = None) -> Any:
        return self._values.get(field, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def record(self, field: str) -> Record:
        """The :class:`Record` behind ``self[field]``."""
        try:
            return self.records[field]
        except KeyError:
            raise _unknown(f"{self.kind}.{self.name}", field, self._values) from None

    def __repr__(self) -> str:
        return f"Entry({self.kind}/{self.name}: {dict(self._values)!r})"


# --------------------------------------------------------------------------- kinds


@dataclass(frozen=True)
class _KindSpec:
    """Which fields a kind has (canonical units), which are required, which text."""

    name: str
    units: Mapping[str, str]
    required: frozenset[str]
    one_of: tuple[frozenset[str], ...] = ()
    text: Mapping[str, type] | None = None  # None: any scalar text field allowed
    required_text: frozenset[str] = frozenset({"name"})


def _builtin_spec(kind: str) -> _KindSpec:
    units = CANONICAL_UNITS[kind]
    return _KindSpec(
        name=kind,
        units=_ReadOnlyDict(dict(units)),
        required=frozenset(units) - OPTIONAL_FIELDS.get(kind, frozenset()),
        one_of=ONE_OF.get(kind, ()),
        text=_ReadOnlyDict(dict(TEXT_FIELDS.get(kind, _COMMON_TEXT))),
        required_text=REQUIRED_TEXT.get(kind, frozenset({"name"})),
    )


@dataclass(frozen=True)
class _Kind:
    spec: _KindSpec
    description: str
    entries: Mapping[str, Entry]
    files: tuple[str, ...]


# --------------------------------------------------------------------------- units


def _converter(unit: object, canonical: str, where: str) -> tuple[float, float]:
    if not isinstance(unit, str):
        raise CatalogError(where, unit, f"unit must be a string convertible to {canonical}")
    try:
        check_quantity_text(unit, where)
    except InputError as exc:
        raise CatalogError(exc.field, exc.value, exc.allowed) from None
    try:
        return affine(unit, canonical)
    except Exception as error:  # pint raises many parser errors (UndefinedUnitError, SyntaxError, ...)
        problem = "wrong unit:" if is_dimensionality_error(error) else "not a unit;"
        raise CatalogError(where, unit, f"{problem} expected something convertible to {canonical}") from None


def _number(raw: object, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        raise CatalogError(where, raw, "expected a number")
    try:
        number = float(raw)
    except ValueError:
        raise CatalogError(where, raw, "expected a number") from None
    if not math.isfinite(number):
        raise CatalogError(where, raw, "expected a finite number")
    return number


def _format_given(value: float, unit: str) -> str:
    text = format(value, ".10g")
    return text if unit in ("", "1") else f"{text} {unit}"


# --------------------------------------------------------------------------- parsing


def _read_yaml(text: str, label: str) -> Any:
    return load_yaml(text, label, error=CatalogError)


def _builtin_yaml(texts: Mapping[str, str]) -> dict[str, Any]:
    """The YAML data of each built-in catalog file (label -> data), kept in the cache folder between runs.

    Keyed by the files' text, skyrack's and PyYAML's versions and the YAML loader's source, so an
    edited file or loader is read afresh (about 30 ms of a cold start otherwise).
    """
    key = (__version__, yaml.__version__, Path(safe_input.__file__).read_bytes(), sorted(texts.items()))

    def parse() -> dict[str, Any]:
        return {label: _read_yaml(text, label) for label, text in texts.items()}

    data = cached_json(cache_dir(), "catalog", key, parse)
    return data if isinstance(data, dict) and data.keys() == texts.keys() else parse()


def _date_text(raw: object, where: str) -> str:
    if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
        raise CatalogError(where, raw, "every record needs a date (year or ISO date)")
    if hasattr(raw, "isoformat"):
        return str(raw.isoformat())
    if isinstance(raw, (int, float, str)):
        return str(raw).strip()
    raise CatalogError(where, raw, "date must be a year or an ISO date")


def _parse_distribution(
    raw: object, unit: str, canonical: str, convert: tuple[float, float], where: str
) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise CatalogError(where, raw, "distribution must be a mapping with a 'kind'")
    kind = raw.get("kind")
    if kind not in DISTRIBUTIONS:
        raise CatalogError(f"{where}.kind", kind, "allowed: " + ", ".join(DISTRIBUTIONS))
    dimensional, dimensionless, optional = DISTRIBUTIONS[kind]
    allowed = {"kind", *dimensional, *dimensionless, *optional}
    for key in raw:
        if key not in allowed:
            raise CatalogError(f"{where}.{key}", raw[key], f"unknown {kind} parameter; allowed: {sorted(allowed)}")
    a, b = convert
    out: dict[str, Any] = {"kind": kind}
    for key in (*dimensional, *dimensionless):
        if key not in raw:
            raise CatalogError(f"{where}.{key}", None, f"{kind} distribution needs {key}")
    for key in dimensional:
        number = _number(raw[key], f"{where}.{key}")
        # spreads convert without the offset
        out[key] = a * number if key == "sd" else a * number + b
    for key in (*dimensionless, *optional):
        if key in raw:
            out[key] = _number(raw[key], f"{where}.{key}")
    if "low" in out and "high" in out and not out["low"] <= out["high"]:
        raise CatalogError(where, dict(raw), "distribution needs low <= high")
    if "mode" in out and not out["low"] <= out["mode"] <= out["high"]:
        raise CatalogError(where, dict(raw), "distribution needs low <= mode <= high")
    if kind == "normal" and out["sd"] <= 0:
        raise CatalogError(f"{where}.sd", raw["sd"], "sd must be > 0")
    if kind == "lognormal" and (out["median"] <= 0 or out["sigma"] <= 0):
        raise CatalogError(where, dict(raw), "lognormal needs median > 0 and sigma > 0")
    if kind == "pert" and out.get("lambda", 4.0) <= 0:
        raise CatalogError(f"{where}.lambda", raw.get("lambda"), "lambda must be > 0")
    if a < 0:  # a negative scale would swap low and high
        raise CatalogError(where, unit, f"unit {unit!r} maps to {canonical} with a negative scale")
    return _ReadOnlyDict(out)


def _parse_record(raw: object, kind: str, entry: str, field: str, canonical: str, label: str, origin: str) -> Record:
    where = f"{label}: {kind}.{entry}.{field}"
    if not isinstance(raw, Mapping):
        raise CatalogError(
            where,
            raw,
            "give a record {value, unit, source, date, confidence, basis} rather than a bare value",
        )
    for key in raw:
        if key not in _RECORD_KEYS:
            raise CatalogError(
                f"{where}.{key}", raw[key], "unknown record key; allowed: " + ", ".join(sorted(_RECORD_KEYS))
            )
    for key in ("value", "unit", "source", "date", "confidence", "basis"):
        if key not in raw or raw[key] is None:
            raise CatalogError(f"{where}.{key}", None, f"missing; every record needs {key}")
    value = _number(raw["value"], f"{where}.value")
    unit = raw["unit"]
    unit = str(unit) if isinstance(unit, (int, float)) and not isinstance(unit, bool) else unit
    a, b = _converter(unit, canonical, f"{where}.unit")
    source = raw["source"]
    if not isinstance(source, str) or not source.strip():
        raise CatalogError(f"{where}.source", source, "every record needs a non-empty source")
    date = _date_text(raw["date"], f"{where}.date")
    confidence = raw["confidence"]
    if confidence not in CONFIDENCE:
        raise CatalogError(f"{where}.confidence", confidence, "allowed: " + ", ".join(CONFIDENCE))
    basis = raw["basis"]
    if basis not in BASIS:
        raise CatalogError(f"{where}.basis", basis, "allowed: " + ", ".join(BASIS))
    canonical_value = a * value + b
    span: tuple[float, float] | None = None
    if raw.get("range") is not None:
        rng = raw["range"]
        if not isinstance(rng, (list, tuple)) or len(rng) != 2:
            raise CatalogError(f"{where}.range", rng, "range must be [low, high] in the record's unit")
        low = a * _number(rng[0], f"{where}.range") + b
        high = a * _number(rng[1], f"{where}.range") + b
        if low > high:
            raise CatalogError(f"{where}.range", list(rng), "range needs low <= high")
        tolerance = 1e-9 * max(abs(low), abs(high), 1e-300)
        if not low - tolerance <= canonical_value <= high + tolerance:
            raise CatalogError(f"{where}.range", list(rng), f"value {value} lies outside its range")
        span = (low, high)
    distribution = None
    if raw.get("distribution") is not None:
        distribution = _parse_distribution(raw["distribution"], unit, canonical, (a, b), f"{where}.distribution")
    note = raw.get("note") or ""
    if not isinstance(note, str):
        raise CatalogError(f"{where}.note", note, "note must be text")
    return Record(
        kind=kind,
        entry=entry,
        field=field,
        value=canonical_value,
        unit=canonical,
        given=_format_given(value, unit),
        source=source.strip(),
        date=date,
        confidence=confidence,
        basis=basis,
        range=span,
        distribution=distribution,
        note=note.strip(),
        origin=origin,
    )


def _check_text(spec: _KindSpec, entry: str, field: str, raw: object, label: str) -> object:
    where = f"{label}: {spec.name}.{entry}.{field}"
    if spec.text is None:
        if isinstance(raw, (str, bool, int, float)) or raw is None:
            return raw
        raise CatalogError(where, raw, "text fields must be plain values (string, number, boolean)")
    expected = spec.text[field]
    if not isinstance(raw, expected) or (expected is not bool and isinstance(raw, bool)):
        raise CatalogError(where, raw, f"expected {expected.__name__}")
    choices = TEXT_CHOICES.get((spec.name, field))
    if choices is not None and raw not in choices:
        raise CatalogError(where, raw, "allowed: " + ", ".join(choices))
    return raw


def _is_text_field(spec: _KindSpec, field: str, value: object) -> bool:
    """A declared text field, or (for user-defined kinds) any non-mapping value."""
    if spec.text is None:
        return not isinstance(value, Mapping)
    return field in spec.text


def _inherited(base: Entry | None, name: str) -> tuple[dict[str, Record], dict[str, Any]]:
    """The records and text an entry called ``name`` starts from: its base's, relabelled, or none."""
    if base is None:
        return {}, {}
    records = {
        field: replace(record, entry=name, note="; ".join(filter(None, (f"inherited from {base.name}", record.note))))
        for field, record in base.records.items()
    }
    text = {k: v for k, v in base.text.items() if k not in ("shadows", "base")}
    text["base"] = base.name
    return records, text


def _base_of(raw: object, kind: str, name: str, label: str, candidates: Mapping[str, Entry]) -> Entry | None:
    """The entry named by ``raw``'s ``base:`` key, among ``candidates`` of the same kind; None without one."""
    if not isinstance(raw, Mapping) or "base" not in raw:
        return None
    wanted = raw["base"]
    if not isinstance(wanted, str) or wanted not in candidates:
        raise CatalogError(
            f"{label}: {kind}.{name}.base",
            wanted,
            f"a {kind} entry of the catalog or earlier in this file; valid: " + ", ".join(sorted(candidates)),
        )
    return candidates[wanted]


def _parse_entry(spec: _KindSpec, name: str, raw: object, label: str, origin: str, base: Entry | None = None) -> Entry:
    where = f"{label}: {spec.name}.{name}"
    if not isinstance(raw, Mapping):
        raise CatalogError(where, raw, "an entry must be a mapping of fields")
    records, text = _inherited(base, name)
    for field, value in raw.items():
        if field == "base":  # resolved by the caller into ``base``
            continue
        if not isinstance(field, str):
            raise CatalogError(where, field, "field names must be strings")
        if field in spec.units:
            records[field] = _parse_record(value, spec.name, name, field, spec.units[field], label, origin)
        elif _is_text_field(spec, field, value):
            text[field] = _check_text(spec, name, field, value, label)
        else:
            allowed = sorted(spec.units) + sorted(spec.text or ())
            raise CatalogError(f"{where}.{field}", field, "unknown field; allowed: " + ", ".join(allowed))
    for field in sorted(spec.required - records.keys()):
        raise CatalogError(f"{where}.{field}", None, f"missing required field (unit {spec.units[field]})")
    for field in sorted(spec.required_text - text.keys()):
        raise CatalogError(f"{where}.{field}", None, "missing required field")
    for group in spec.one_of:
        if not group & records.keys():
            raise CatalogError(where, None, "needs at least one of: " + ", ".join(sorted(group)))
    return Entry(spec.name, name, records, text, origin)


def _new_kind_spec(kind: str, data: Mapping[str, Any], label: str) -> _KindSpec:
    fields = data.get("fields")
    if not isinstance(fields, Mapping) or not fields:
        raise CatalogError(
            f"{label}: fields",
            fields,
            f"kind {kind!r} is new: declare its numeric fields as 'fields: {{field: canonical unit}}' "
            "(known kinds: " + ", ".join(sorted(CANONICAL_UNITS)) + ")",
        )
    units: dict[str, str] = {}
    for field, unit in fields.items():
        _converter(unit, str(unit), f"{label}: fields.{field}")  # the unit must parse
        units[str(field)] = str(unit)
    required_raw = data.get("required", [])
    if not isinstance(required_raw, list) or any(r not in units for r in required_raw):
        raise CatalogError(f"{label}: required", required_raw, "a list of declared field names")
    return _KindSpec(name=kind, units=_ReadOnlyDict(units), required=frozenset(required_raw), text=None)


def _parse_file(
    text: str,
    label: str,
    known: Mapping[str, _KindSpec],
    allow_new_kinds: bool = True,
    existing: Mapping[str, Mapping[str, Entry]] | None = None,
    parsed: Any = None,
) -> tuple[_KindSpec, str, dict[str, Entry]]:
    data = _read_yaml(text, label) if parsed is None else parsed
    if not isinstance(data, Mapping) or not isinstance(data.get("kind"), str) or "entries" not in data:
        # not a catalog file at all: say so without showing any of its content
        raise CatalogError("catalog file", label, "not a catalog file: it needs 'kind: <name>' and 'entries:'")
    for key in data:
        if key not in _FILE_KEYS:
            raise CatalogError(
                f"{label}: {one_line(str(key), 60)}",
                Note("an unknown top-level key (its value is not shown)"),
                "allowed: " + ", ".join(sorted(_FILE_KEYS)),
            )
    kind = data["kind"]
    if not kind:
        raise CatalogError(f"{label}: kind", kind, "every catalog file needs 'kind: <name>'")
    if kind in known:
        if "fields" in data or "required" in data:
            raise CatalogError(f"{label}: fields", data.get("fields"), f"fields are fixed for the known kind {kind!r}")
        spec = known[kind]
    elif allow_new_kinds:
        spec = _new_kind_spec(kind, data, label)
    else:
        raise _unknown(f"{label}: kind", kind, known)
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise CatalogError(f"{label}: description", description, "description must be text")
    entries_raw = data.get("entries")
    if not isinstance(entries_raw, Mapping) or not entries_raw:
        raise CatalogError(f"{label}: entries", entries_raw, "a non-empty mapping of entry name -> fields")
    entries: dict[str, Entry] = {}
    for name, raw in entries_raw.items():
        if not isinstance(name, str) or not name.strip():
            raise CatalogError(f"{label}: entries", name, "entry names must be non-empty strings")
        base = _base_of(raw, kind, name, label, {**(existing or {}).get(kind, {}), **entries})
        entries[name] = _parse_entry(spec, name, raw, label, label, base)
    return spec, description.strip(), entries


# --------------------------------------------------------------------------- catalog


class Catalog:
    """An immutable set of sourced catalog entries, grouped by kind.

    Build it with :meth:`load` (built-in files plus optional user files) or
    :func:`load_default`; derive variants with :meth:`extend` and
    :meth:`with_overrides`.
    """

    def __init__(self, kinds: Mapping[str, _Kind], notes: Iterable[str] = ()) -> None:
        self._kinds: Mapping[str, _Kind] = _ReadOnlyDict(dict(kinds))
        self._notes: tuple[str, ...] = tuple(notes)

    # ---- construction

    @classmethod
    def load(cls, extra_files: Iterable[str | Path] = ()) -> Catalog:
        """The built-in catalog, extended by ``extra_files`` in order."""
        catalog = cls._builtin()
        for path in extra_files:
            catalog = catalog.extend(path)
        return catalog

    @classmethod
    def _builtin(cls) -> Catalog:
        known = {kind: _builtin_spec(kind) for kind in CANONICAL_UNITS}
        kinds: dict[str, _Kind] = {}
        package = resources.files(__name__)
        texts = {
            f"catalog/{item.name}": item.read_text(encoding="utf-8")
            for item in sorted(package.iterdir(), key=lambda p: p.name)
            if item.name.endswith(".yaml")
        }
        parsed = _builtin_yaml(texts)
        for label, text in texts.items():
            spec, description, entries = _parse_file(text, label, known, False, parsed=parsed[label])
            if spec.name in kinds:
                raise CatalogError(label, spec.name, f"kind already defined by {kinds[spec.name].files[0]}")
            kinds[spec.name] = _Kind(spec, description, _ReadOnlyDict(entries), (label,))
        return cls(kinds)

    def extend(self, path: str | Path) -> Catalog:
        """A new catalog with the entries of the YAML file at ``path`` merged in.

        The file has the built-in format. It may add entries to a known kind (an
        entry with a built-in's name shadows it; see :attr:`notes`) or define a new
        kind, declaring its numeric fields as ``fields: {field: unit}``.
        """
        file = Path(path)
        label = str(file)
        try:
            text = read_text(file, "catalog file", MAX_CATALOG_BYTES)
        except InputError as exc:
            raise CatalogError(exc.field, exc.value, exc.allowed) from None
        known = {name: kind.spec for name, kind in self._kinds.items()}
        existing = {name: kind.entries for name, kind in self._kinds.items()}
        spec, description, entries = _parse_file(text, label, known, True, existing)
        kinds = dict(self._kinds)
        notes = list(self._notes)
        old = kinds.get(spec.name)
        merged: dict[str, Entry] = dict(old.entries) if old else {}
        for name, entry in entries.items():
            if name in merged:
                previous = merged[name].origin
                message = f"{spec.name}/{name}: entry from {label} shadows the one from {previous}"
                notes.append(message)
                text_fields = dict(entry.text)
                text_fields.setdefault("shadows", previous)
                entry = Entry(entry.kind, name, entry.records, text_fields, entry.origin)
            merged[name] = entry
        kinds[spec.name] = _Kind(
            spec,
            description or (old.description if old else ""),
            _ReadOnlyDict(merged),
            (*(old.files if old else ()), label),
        )
        return Catalog(kinds, notes)

    # ---- queries

    def kinds(self) -> list[str]:
        """Every kind, sorted."""
        return sorted(self._kinds)

    def _kind(self, kind: str, field: str | None = None) -> _Kind:
        try:
            return self._kinds[kind]
        except (KeyError, TypeError):
            raise _unknown(field or "catalog kind", kind, self._kinds) from None

    def names(self, kind: str, field: str | None = None) -> list[str]:
        """The entry names of ``kind``, sorted."""
        return sorted(self._kind(kind, field).entries)

    def entries(self, kind: str) -> Mapping[str, Entry]:
        """``name -> Entry`` for every entry of ``kind``."""
        return self._kind(kind).entries

    def entry(self, kind: str, name: str, field: str | None = None) -> Entry:
        """One entry; an unknown kind or name raises a :class:`CatalogError` listing the
        valid ones, reported under ``field`` (e.g. ``"compute.accelerator"``)."""
        entries = self._kind(kind, field).entries
        try:
            return entries[name]
        except (KeyError, TypeError):
            raise _unknown(field or f"{kind}", name, entries) from None

    def value(self, kind: str, name: str, field: str) -> float:
        """``entry(kind, name)[field]`` in the field's canonical unit."""
        return self.entry(kind, name)[field]

    def record(self, kind: str, name: str, field: str) -> Record:
        """The :class:`Record` behind :meth:`value`."""
        return self.entry(kind, name).record(field)

    def records(self) -> Iterator[Record]:
        """Every record of every entry, sorted by (kind, entry, field)."""
        everything = [r for kind in self._kinds.values() for e in kind.entries.values() for r in e.records.values()]
        return iter(sorted(everything, key=lambda r: r.key))

    def units(self, kind: str) -> Mapping[str, str]:
        """``field -> canonical unit`` for ``kind``."""
        return self._kind(kind).spec.units

    def description(self, kind: str) -> str:
        """The description line of ``kind``."""
        return self._kind(kind).description

    def files(self, kind: str) -> tuple[str, ...]:
        """The files ``kind`` was read from (built-in first)."""
        return self._kind(kind).files

    @property
    def notes(self) -> tuple[str, ...]:
        """Messages about the merge, e.g. user entries shadowing built-ins."""
        return self._notes

    def __contains__(self, kind: object) -> bool:
        return kind in self._kinds

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}: {len(v.entries)}" for k, v in sorted(self._kinds.items()))
        return f"Catalog({counts})"

    # ---- overrides

    def with_overrides(self, overrides: Mapping[str, Any]) -> Catalog:
        """A new catalog with some values replaced.

        ``overrides`` is ``{kind: {entry: {field: value}}}`` (or flat
        ``{"kind.entry.field": value}``). A value is a quantity string ("650 W"), a
        number (dimensionless fields only), a full record mapping in the file format,
        or a plain value for a text field. Units are checked; the new record's source
        is ``"scenario override"`` and its ``replaced`` attribute keeps the old one.
        Range and distribution are dropped unless given in a record mapping.
        """
        if not isinstance(overrides, Mapping):
            raise CatalogError("catalog", type(overrides).__name__, "expected {kind: {entry: {field: value}}}")
        kinds = dict(self._kinds)
        for kind, name, field, value in _flatten_overrides(overrides):
            current = kinds.get(kind)
            if current is None:
                raise _unknown("catalog", kind, kinds)
            spec = current.spec
            entries = dict(current.entries)
            if name not in entries:
                raise _unknown(f"catalog.{kind}", name, entries)
            entries[name] = _override_entry(entries[name], spec, field, value)
            kinds[kind] = _Kind(spec, current.description, _ReadOnlyDict(entries), current.files)
        return Catalog(kinds, self._notes)


def _flatten_overrides(overrides: Mapping[str, Any]) -> Iterator[tuple[str, str, str, Any]]:
    for key, value in overrides.items():
        if not isinstance(key, str):
            raise CatalogError("catalog", key, "keys must be strings")
        if "." in key and not isinstance(value, Mapping):
            parts = key.split(".")
            if len(parts) != 3:
                raise CatalogError("catalog", key, "flat keys are 'kind.entry.field'")
            yield parts[0], parts[1], parts[2], value
            continue
        if not isinstance(value, Mapping):
            raise CatalogError(f"catalog.{key}", value, "expected {entry: {field: value}}")
        for name, fields in value.items():
            if not isinstance(fields, Mapping):
                raise CatalogError(f"catalog.{key}.{name}", fields, "expected {field: value}")
            for field, new in fields.items():
                yield key, str(name), str(field), new


def _override_entry(entry: Entry, spec: _KindSpec, field: str, value: Any) -> Entry:
    where = f"catalog.{spec.name}.{entry.name}.{field}"
    records = dict(entry.records)
    text = dict(entry.text)
    if field in spec.units:
        canonical = spec.units[field]
        previous = records.get(field)
        if isinstance(value, Mapping):
            raw = dict(value)
            raw.setdefault("source", _OVERRIDE_SOURCE)
            raw.setdefault("date", "n/a")
            raw.setdefault("confidence", "medium")
            raw.setdefault("basis", "estimate")
            record = _parse_record(raw, spec.name, entry.name, field, canonical, "override", "override")
        else:
            try:
                number = to_unit(value, canonical, field=where)
            except InputError as exc:
                raise CatalogError(exc.field, exc.value, exc.allowed) from None
            given = value.strip() if isinstance(value, str) else _format_given(float(value), "1")
            record = Record(
                kind=spec.name,
                entry=entry.name,
                field=field,
                value=number,
                unit=canonical,
                given=given,
                source=_OVERRIDE_SOURCE,
                date="n/a",
                confidence="medium",
                basis="estimate",
                origin="override",
            )
        records[field] = _replace_previous(record, previous)
    elif _is_text_field(spec, field, value):
        text[field] = _check_text(spec, entry.name, field, value, "override")
    else:
        allowed = sorted(spec.units) + sorted(spec.text or ())
        raise _LookupError(f"catalog.{spec.name}.{entry.name}", field, "valid: " + ", ".join(allowed))
    return Entry(entry.kind, entry.name, records, text, entry.origin)


def _replace_previous(record: Record, previous: Record | None) -> Record:
    """``record`` as an override that replaces ``previous``."""
    return replace(record, origin="override", replaced=previous)


@cache
def load_default() -> Catalog:
    """The built-in catalog (read once and cached; the catalog is immutable)."""
    return Catalog.load()
