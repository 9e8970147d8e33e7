"""Units at the edge: parse "650 km", "40 MW", "0.04 USD/kWh" once into floats.

Inside skyrack every number is a plain float in the field's canonical unit
(SI for physics; USD, years and per-year rates for economics). This module is
the only place that knows about unit strings; it uses pint [1]_.

References
----------
.. [1] pint, https://pint.readthedocs.io
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import math
import os
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from ._version import __version__
from .errors import InputError, excerpt


@lru_cache(maxsize=1)
def pint_module() -> Any:
    """pint, imported on first use without its optional dask and Babel integrations.

    skyrack hands pint plain numbers only; pint imports dask and Babel when they are installed
    (about a third of a second at every start), so they are hidden from it while it loads.
    """
    hidden = [name for name in ("dask", "babel") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # find_spec says "absent", import raises
    try:
        import pint as module
    finally:
        for name in hidden:
            del sys.modules[name]
    return module


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


def cache_dir() -> str | None:
    """Where skyrack keeps what it computes once per machine: ``$SKYRACK_CACHE_DIR`` (``off`` for none)
    or the user cache directory (pint's parsed definitions and conversions, traced geomagnetic grids,
    the catalog's parsed data, NRLMSISE-00 orbit averages)."""
    env = os.environ.get("SKYRACK_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "none") else env
    return platformdirs.user_cache_dir("skyrack")


@lru_cache(maxsize=1)
def registry() -> Any:
    """The shared unit registry (pint), with US dollars as a base unit.

    pint's parsed default definitions are cached on disk (about 0.2 s saved on every
    later start); an unusable cache folder falls back to parsing them.
    """
    ureg: Any = None
    folder = cache_dir()
    if folder is not None:
        try:
            ureg = pint_module().UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=Path(folder) / "pint")
        except Exception:
            ureg = None
    if ureg is None:
        ureg = pint_module().UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


# --------------------------------------------------------------------------- conversions kept between runs
# pint (import and registry) is the largest part of a cold start. Every conversion it makes
# for a unit string is a pure function of the strings, so the results are kept in the cache
# folder and read back by later runs, which then never load pint. Only successful results are
# kept (errors are always pint's), and the file is dropped when skyrack, this module, its unit
# definitions or pint change.
_MEMO_KINDS = ("quantity", "scale", "affine")
_MEMO_LIMIT = 2_000
"""Results kept in the file per kind: those this run used first, then older ones (reading stays ~1 ms)."""
_memo_lock = threading.Lock()
_memo_changed = False
_memo_used: dict[str, dict[str, None]] = {kind: {} for kind in _MEMO_KINDS}  # insertion-ordered sets


def _memo_path() -> Path | None:
    folder = cache_dir()
    return None if folder is None else Path(folder) / "conversions.json"


@lru_cache(maxsize=1)
def _memo_stamp() -> str:
    """What the kept results depend on: skyrack's version, this module's source, pint's installed files."""
    digest = hashlib.sha256(f"{__version__}\n{_DEFINITIONS}".encode())
    digest.update(Path(__file__).read_bytes())
    spec = importlib.util.find_spec("pint")
    if spec is None or spec.origin is None:
        return ""
    st = os.stat(spec.origin)
    digest.update(f"{spec.origin}|{st.st_size}|{st.st_mtime_ns}".encode())
    return digest.hexdigest()


def _valid_result(kind: str, value: Any) -> bool:
    def number(x: Any) -> bool:
        return isinstance(x, float) and math.isfinite(x)

    if kind == "affine":
        return isinstance(value, list) and len(value) == 2 and all(number(x) for x in value)
    return number(value) or (kind == "scale" and value is None)


@lru_cache(maxsize=1)
def _memo() -> dict[str, dict[str, Any]]:
    """The results kept by earlier runs, ``{kind: {key: result}}`` (empty if none, stale or unreadable)."""
    memo: dict[str, dict[str, Any]] = {kind: {} for kind in _MEMO_KINDS}
    path = _memo_path()
    if path is not None:
        try:
            saved = json.loads(path.read_text("utf-8"))
            if saved["stamp"] == _memo_stamp() and all(
                _valid_result(kind, v) for kind in _MEMO_KINDS for v in saved[kind].values()
            ):
                memo = {kind: dict(saved[kind]) for kind in _MEMO_KINDS}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # no file, or one this version did not write: start afresh
    atexit.register(_save_memo)
    return memo


def _remembered(kind: str, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its result from this or an earlier run (``kind`` and ``key`` name it)."""
    global _memo_changed
    table = _memo()[kind]
    value: Any = table.get(key)
    if value is None and key not in table:
        value = compute()  # an error propagates: errors are never kept
        value = list(value) if kind == "affine" else value
        with _memo_lock:
            if len(table) < 4 * _MEMO_LIMIT:  # bounded in a long-lived process too
                table[key] = value
                _memo_changed = True
    if len(_memo_used[kind]) < _MEMO_LIMIT:
        _memo_used[kind][key] = None
    return tuple(value) if kind == "affine" else value


def _save_memo() -> None:
    """Write the kept results if this run added some (atomically; an unusable folder is skipped)."""
    path = _memo_path()
    if not _memo_changed or path is None:
        return
    kept: dict[str, Any] = {"stamp": _memo_stamp()}
    with _memo_lock:
        for kind, table in _memo().items():
            used = list(_memo_used[kind])
            keys = [k for k in used if k in table] + [k for k in list(table) if k not in _memo_used[kind]]
            kept[kind] = {k: table[k] for k in keys[:_MEMO_LIMIT]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(kept), "utf-8")
        os.replace(partial, path)
    except OSError:
        pass


def scale(unit: str, base: str) -> float | None:
    """The number of ``base`` in one ``unit`` (pint), or None if ``unit`` is not convertible to ``base``.

    ``scale("km", "m")`` is 1000.0; an offset unit gives the value of 1 of it
    (``scale("degC", "K")`` is 274.15).
    """
    return _remembered("scale", f"{unit}\x1f{base}", lambda: _scale(unit, base))


def _scale(unit: str, base: str) -> float | None:
    try:
        return float(registry().Quantity(1.0, unit or "1").to(base).magnitude)
    except Exception:  # pint raises several kinds for an unknown or incompatible unit
        return None


def affine(unit: str, canonical: str) -> tuple[float, float]:
    """``(a, b)`` with ``value in canonical = a * value in unit + b`` (b != 0 only for offset units).

    Raises pint's errors for unknown or incompatible units (see :func:`is_dimensionality_error`).
    """
    return _remembered("affine", f"{unit}\x1f{canonical}", lambda: _affine(unit, canonical))


def _affine(unit: str, canonical: str) -> tuple[float, float]:
    ureg = registry()
    source: Any = ureg.Quantity(_pint_text(unit))
    target: Any = ureg.Quantity(_pint_text(canonical)).units

    def convert(x: float) -> float:
        return float(ureg.Quantity(x * source.magnitude, source.units).to(target).magnitude)

    b = convert(0.0)
    return convert(1.0) - b, b


def _pint_text(unit: str) -> str:
    text = unit.strip()
    return "dimensionless" if text in ("", "1") else text.replace("%", " percent ")


def is_dimensionality_error(error: BaseException) -> bool:
    """Whether ``error`` is pint's "incompatible units" (rather than an unknown unit or bad syntax)."""
    return isinstance(error, pint_module().DimensionalityError)


_PLAIN_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_SQUARED = re.compile(r"\b(m|cm|mm|km)([23])\b")
MAX_QUANTITY_CHARS = 120
"""Longest quantity string handed to pint (its parser is super-linear in the length)."""
_EXPONENT = re.compile(r"\s*\(?\s*[-+]?\s*[0-9]{1,2}(\.[0-9]+)?\s*\)?")


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> Any:
    ureg = registry()
    text = _SQUARED.sub(r"\1**\2", text.replace("$", " USD ").replace("%", " percent "))
    return ureg.Quantity(text)


@lru_cache(maxsize=4096)
def _converted(text: str, unit: str) -> float:
    """The magnitude of quantity ``text`` in ``unit`` (a pure function of the two: remembered)."""
    return float(_parse_text(text).to(unit or "dimensionless").magnitude)


def check_quantity_text(text: str, field: str, unit: str = "") -> None:
    """Refuse a quantity or unit string before pint parses it: too long, non-ASCII digits, huge integer powers.

    Raises
    ------
    skyrack.errors.InputError
        Naming ``field`` and what is allowed.
    """
    if len(text) > MAX_QUANTITY_CHARS:
        raise InputError(field, text, f"at most {MAX_QUANTITY_CHARS} characters, e.g. '1 {_example_unit(unit)}'")
    for ch in text:
        if ch.isdecimal() and not ch.isascii():
            raise InputError(field, text, f"write numbers with the ASCII digits 0-9 (found {ch!r})")
    _check_powers(text, field)


def _check_powers(text: str, field: str) -> None:
    """Powers only of units (or unit groups) by small exponents: pint would evaluate '9**9**9' as an integer."""
    flat = text.replace("**", "^")
    for k, ch in enumerate(flat):
        if ch != "^":
            continue
        base, rest = flat[:k].rstrip(), flat[k + 1 :]
        exponent = _EXPONENT.match(rest)
        if (
            exponent is None
            or rest[exponent.end() :].lstrip().startswith("^")
            or not (base[-1:].isalpha() or base[-1:] == "_" or _unit_group(base))
        ):
            raise InputError(field, text, "powers apply to units with small exponents only, e.g. 'W/m**2'")


def _unit_group(text: str) -> bool:
    """True if ``text`` ends with a parenthesised group holding no digits (units only)."""
    if not text.endswith(")"):
        return False
    depth = 0
    for k in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[k], 0)
        if depth == 0:
            return not any(ch.isdigit() for ch in text[k:])
    return False


def to_unit(value: Any, unit: str, field: str = "value") -> float:
    """Convert ``value`` ("650 km", 650.0 for a dimensionless unit) to ``unit``.

    Plain numbers are accepted only where ``unit`` is dimensionless ("1"):
    a dimensional field needs its unit written out, so "650" for an altitude
    is an error rather than a guess. Strings longer than
    :data:`MAX_QUANTITY_CHARS` are refused before they are parsed.
    """
    dimensionless = unit in ("", "1")
    if isinstance(value, bool):
        raise InputError(field, value, f"expected a quantity in {unit}")
    if isinstance(value, (int, float)):
        number = _finite(_to_float(value, field, value), field, value)
        if not dimensionless:
            raise InputError(field, value, f"give a unit, e.g. '{value} {_example_unit(unit)}'")
        return number
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, value, f"expected a quantity in {unit or 'no unit'}")
    text = value.strip()
    check_quantity_text(text, field, unit)
    if not dimensionless and _PLAIN_NUMBER.match(text):  # "1.57" for an angle: degrees or radians?
        _finite(float(text), field, value)
        raise InputError(field, value, f"give a unit, e.g. '{text} {unit}'")
    fast = _number_times_unit(text, unit)
    if fast is not None:
        return _finite(fast, field, value)
    return _remembered("quantity", f"{text}\x1f{unit}", lambda: _quantity(text, unit, field, value))


_NUMBER_THEN_UNIT = re.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s+(\S.*)$")
_POWER = re.compile(r"(\*\*|\^)\s*-?\d+")


def _number_times_unit(text: str, unit: str) -> float | None:
    """ "<number> <unit>" as the number times the unit's factor to ``unit``, or None to let pint parse it all.

    pint converts a quantity by multiplying its magnitude by the factor between the units, so this is
    the value pint gives, without parsing the text again for every number (a service or a batch sees a
    new number in each request). Only a plain number followed by a unit with no other number in it (an
    exponent, or the 1 of 1/yr, aside) takes this path, and only to a unit without an offset.
    """
    match = _NUMBER_THEN_UNIT.match(text)
    if match is None:
        return None
    number, unit_text = match.groups()
    unit_text = _SQUARED.sub(r"\1**\2", unit_text.replace("$", " USD ").replace("%", " percent "))
    if any(ch.isdigit() for ch in _POWER.sub("", re.sub(r"^1\s*/", "", unit_text.strip()))):
        return None
    try:
        a, b = affine(unit_text, unit or "1")
    except Exception:  # not a unit, or not this one's dimension: pint's own error, from the whole text
        return None
    return None if b != 0.0 else float(number) * a


def _quantity(text: str, unit: str, field: str, value: Any) -> float:
    """``text`` parsed by pint and converted to ``unit``: a finite float, or an :class:`InputError`."""
    try:
        quantity = _parse_text(text)
        magnitude = _to_float(quantity.magnitude, field, value)
    except InputError:
        raise
    except Exception:  # pint's parser raises many kinds (tokenize, syntax, lookup): all mean "not a quantity"
        raise InputError(field, value, f"not a quantity; expected e.g. '1 {_example_unit(unit)}'") from None
    _finite(magnitude, field, value)
    try:
        number = _converted(text, unit)
    except pint_module().DimensionalityError as error:
        if str(error.units1) == "dimensionless" or "dimensionless" in repr(error.dim1):
            raise InputError(field, value, f"give a unit, e.g. '{text} {unit}'") from None
        raise InputError(field, value, f"wrong unit: expected something convertible to {unit}") from None
    except Exception:
        raise InputError(field, value, f"not a quantity; expected e.g. '1 {_example_unit(unit)}'") from None
    return _finite(number, field, value)


def _to_float(number: Any, field: str, value: Any) -> float:
    try:
        return float(number)
    except OverflowError:
        raise InputError(field, value, "a number too large: at most about 1.8e308") from None


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
        raise InputError(field, value, "a time of day from 00:00 to 24:00, e.g. '18:00' or '06:30'")
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
            kind = type(value)  # a scenario's values repeat from one validation to the next: kept converted
            if kind is str or kind is int or (kind is float and value != 0.0):  # -0.0 == 0.0 as a key: not kept
                return _parsed(value, self.unit, self.clock)
            return self.parse(value)
        except InputError as error:
            raise ValueError(f"got {excerpt(value)}; {error.allowed}") from None

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


PARSED_VALUES = 4096
"""Values (texts and numbers but zero floats) :class:`Unit` keeps converted: the conversion is a pure
function of the value, its type, the unit and the clock flag."""


@lru_cache(maxsize=PARSED_VALUES, typed=True)
def _parsed(value: str | float, unit: str, clock: bool) -> float:
    """:meth:`Unit.parse` of a text or a number (an error is raised each time, never kept)."""
    return Unit(unit, clock).parse(value)
