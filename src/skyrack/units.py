"""Units at the edge: parse "650 km", "40 MW", "0.04 USD/kWh" once into floats.

Inside skyrack every number is a plain float in the field's canonical unit
(SI for physics; USD, years and per-year rates for economics). This module is
the only place that knows about unit strings; it uses pint [1]_.

References
----------
.. [1] pint, https://pint.readthedocs.io
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pint
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from .errors import InputError

_DEFINITIONS = """
USD = [currency] = usd = dollar
kUSD = 1e3 USD
MUSD = 1e6 USD
BUSD = 1e9 USD
EUR = 1.08 USD = eur
percent_per_year = 0.01 / year
tCO2e = 1000 * kilogram
FLOP = [computation] = flop
PFLOP_day = 1e15 * FLOP / second * day
krad = 1000 * rads
"""


@lru_cache(maxsize=1)
def registry() -> Any:
    """The shared unit registry (pint), with US dollars as a base unit."""
    ureg: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


_PLAIN_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_SQUARED = re.compile(r"\b(m|cm|mm|km)([23])\b")


@lru_cache(maxsize=4096)
def _convert_text(text: str, unit: str) -> float:
    ureg = registry()
    text = _SQUARED.sub(r"\1**\2", text.replace("$", " USD ").replace("%", " percent "))
    quantity: Any = ureg.Quantity(text)
    return float(quantity.to(unit).magnitude)


def to_unit(value: Any, unit: str, field: str = "value") -> float:
    """Convert ``value`` ("650 km", 650.0 for a dimensionless unit) to ``unit``.

    Plain numbers are accepted only where ``unit`` is dimensionless ("1"):
    a dimensional field needs its unit written out, so "650" for an altitude
    is an error rather than a guess.
    """
    dimensionless = unit in ("", "1")
    if isinstance(value, bool):
        raise InputError(field, value, f"expected a quantity in {unit}")
    if isinstance(value, (int, float)):
        number = float(value)
        if not dimensionless:
            raise InputError(field, value, f"give a unit, e.g. '{value} {_example_unit(unit)}'")
        return _finite(number, field, value)
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, value, f"expected a quantity in {unit or 'no unit'}")
    if not dimensionless and _PLAIN_NUMBER.match(value):  # "1.57" for an angle: degrees or radians?
        raise InputError(field, value, f"give a unit, e.g. '{value.strip()} {unit}'")
    try:
        number = _convert_text(value.strip(), unit or "dimensionless")
    except pint.DimensionalityError as error:
        if str(error.units1) == "dimensionless" or "dimensionless" in repr(error.dim1):
            raise InputError(field, value, f"give a unit, e.g. '{value.strip()} {unit}'") from None
        raise InputError(field, value, f"wrong unit: expected something convertible to {unit}") from None
    except Exception:  # pint's parser raises many kinds (tokenize, syntax, lookup): all mean "not a quantity"
        raise InputError(field, value, f"not a quantity; expected e.g. '1 {_example_unit(unit)}'") from None
    return _finite(number, field, value)


def _finite(number: float, field: str, value: Any) -> float:
    if not math.isfinite(number):
        raise InputError(field, value, "expected a finite number")
    return number


def _example_unit(unit: str) -> str:
    return unit if unit not in ("", "1") else ""


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def clock_hours(value: Any, field: str = "value") -> Any:
    """A clock time "HH:MM" or "HH:MM:SS" as "<hours> h" (other values pass through unchanged)."""
    if not isinstance(value, str):
        return value
    match = _CLOCK.match(value)
    if match is None:
        return value
    hours, minutes, seconds = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and minutes + seconds > 0):
        raise InputError(field, value, "not a time of day; expected HH:MM from 00:00 to 24:00")
    return f"{hours + minutes / 60.0 + seconds / 3600.0!r} h"


@dataclass(frozen=True)
class Unit:
    """Pydantic metadata: a float field that accepts unit strings, ``Annotated[float, Unit("m")]``.

    The JSON Schema says: a string with a unit convertible to ``unit`` (or a
    number, for dimensionless fields), with the unit as ``x-unit``. With
    ``clock=True`` a time of day "HH:MM" is read as hours.
    """

    unit: str
    clock: bool = False

    def parse(self, value: Any, field: str = "value") -> float:
        """``value`` as a float in :attr:`unit`; an :class:`InputError` naming ``field`` if it is not one."""
        if self.clock:
            value = clock_hours(value, field)
        return to_unit(value, self.unit, field)

    def _parse(self, value: Any) -> Any:
        try:
            return self.parse(value)
        except InputError as error:
            raise ValueError(f"got {value!r}; {error.allowed}") from None

    def _dump(self, value: Any) -> Any:
        """A dimensional number written back with its unit, so that a dumped scenario validates again."""
        if self.unit in ("", "1") or isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        return f"{float(value)!r} {self.unit}"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(
            self._parse,
            handler(source),
            serialization=core_schema.plain_serializer_function_ser_schema(self._dump, when_used="always"),
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        kinds: list[dict[str, str]] = [{"type": "string"}]
        if self.unit in ("", "1"):
            kinds.append({"type": "number"})
        return {"anyOf": kinds, "x-unit": self.unit}
