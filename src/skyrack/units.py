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
from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler
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


@dataclass(frozen=True)
class Unit:
    """Pydantic metadata: a float field that accepts unit strings, ``Annotated[float, Unit("m")]``.

    The JSON Schema says: a string with a unit convertible to ``unit`` (or a
    number, for dimensionless fields), with the unit as ``x-unit``.
    """

    unit: str

    def _parse(self, value: Any) -> Any:
        try:
            return to_unit(value, self.unit)
        except InputError as error:
            raise ValueError(f"got {value!r}; {error.allowed}") from None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self._parse, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        kinds: list[dict[str, str]] = [{"type": "string"}]
        if self.unit in ("", "1"):
            kinds.append({"type": "number"})
        return {"anyOf": kinds, "x-unit": self.unit}


def sourced(default: Any, source: str, description: str = "", **kwargs: Any) -> Any:
    """A pydantic Field whose default carries its source (for ``skyrack provenance``)."""
    return Field(default=default, description=description, json_schema_extra={"source": source}, **kwargs)
