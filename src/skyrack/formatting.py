"""Numbers for people: a value written by its output's kind and unit.

:func:`format_value` writes a result by its declared output
(:mod:`skyrack.outputs`): masses in kg, t, kt or Mt; money as ``$1.2 M`` in
:data:`CURRENCY` with a true minus sign; power in W to GW; lengths in m or km;
durations in s, min, h, days or years; fractions as percentages; counts as
integers with thousands separators; missing values as an em dash, with the
reason when one is given. Values keep three significant figures. Numbers are
written as the SI brochure recommends [1]_: a space between number and unit,
one prefix per unit, no prefix on the kilogram (the tonne instead [2]_).

:func:`format_column` (:func:`format_cells` for any unit) writes a table column at once, on one common scale, and
masks infeasible rows with their reasons; :func:`column_header` gives the
ASCII label and unit of a CSV or Parquet column.

>>> format_quantity(1.5e6, "kg", "mass"), format_quantity(-3.82e5, "USD", "money")
('1.5 kt', '−$382 k')
>>> format_quantity(650e3, "m", "length"), format_value("orbit.max_eclipse_s", 2100.0)
('650 km', '35 min')

References
----------
.. [1] BIPM, *The International System of Units (SI)*, 9th ed., 2019, §5.4
       (formatting the value of a quantity; SI prefixes).
.. [2] BIPM, SI brochure, 9th ed., table 8: the tonne, 1 t = 10³ kg, accepted
       for use with the SI (prefixed as kt, Mt).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Final

import numpy as np

from .errors import InputError
from .outputs import CURRENCY, CURRENCY_YEAR, KINDS, label_with_unit, output, unit_symbol
from .units import scale as unit_scale

__all__ = [
    "CURRENCY",
    "CURRENCY_YEAR",
    "MISSING",
    "column_header",
    "format_cells",
    "format_column",
    "format_quantity",
    "format_value",
]

MISSING: Final = "—"
"""What a missing value (NaN, None: an infeasible design, a quantity that does not apply) is written as."""
_MINUS = "−"
_DAY, _YEAR = 86400.0, 365.25 * 86400.0
Rung = tuple[float, float, str]  # (smallest base value it takes, scale, symbol)


def _steps(*rungs: tuple[str, float]) -> tuple[Rung, ...]:
    """Rungs from the largest unit down, each taken from its own size up; the last takes everything below."""
    return tuple((scale if k < len(rungs) - 1 else 0.0, scale, symbol) for k, (symbol, scale) in enumerate(rungs))


def _si(symbol: str, prefixes: str) -> tuple[Rung, ...]:
    return _steps(*((f"{p}{symbol}".strip(), 10.0 ** (3 * k)) for k, p in reversed(list(enumerate(prefixes)))))


_LADDERS: Final[dict[str, tuple[Rung, ...]]] = {
    "mass": _steps(("Gt", 1e12), ("Mt", 1e9), ("kt", 1e6), ("t", 1e3), ("kg", 1.0), ("g", 1e-3)),
    "money": _steps(("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3), ("", 1.0)),
    "money_rate": _steps(("T", 1e12), ("B", 1e9), ("M", 1e6), ("", 1.0)),
    "power": _si("W", " kMGTP"),
    "energy": _si("Wh", " kMGTP"),
    "flops": _si("FLOP/s", " kMGTPEZY"),
    "data": _si("B", " kMGTPE"),
    "bitrate": _si("bit/s", " kMGTP"),
    "area": _steps(("km²", 1e6), ("m²", 1.0)),
    "length": _steps(("km", 1e3), ("m", 1.0), ("mm", 1e-3)),
    "duration": (
        (_YEAR * (1 - 1e-9), _YEAR, "yr"),
        (2 * _DAY, _DAY, "days"),
        (7200.0, 3600.0, "h"),
        (120.0, 60.0, "min"),
        (1.0, 1.0, "s"),
        (0.0, 1e-3, "ms"),
    ),
}


# --------------------------------------------------------------------------- numbers


def _sci(x: float, digits: int = 3) -> str:
    mantissa, exponent = f"{x:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}×10{str(int(exponent)).translate(str.maketrans('0123456789-', '⁰¹²³⁴⁵⁶⁷⁸⁹⁻'))}"


def _num(x: float, digits: int = 3) -> str:
    """``x`` to ``digits`` significant figures, thousands separated, no exponent from 0.001 to 10**15."""
    a = abs(x)
    if a == 0.0:
        return "0"
    if a < 1e-3 or a >= 1e15:
        text = _sci(x, digits)
    else:
        decimals = max(0, digits - 1 - math.floor(math.log10(a)))
        rounded = round(x, decimals)
        if abs(rounded) >= 10**digits or decimals == 0:
            text = f"{rounded:,.0f}"
        else:
            text = f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace("-", _MINUS)


def _big(x: float) -> str:
    """A plain number, with a word for millions and up: ``1.23 million``."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if 1e15 > abs(x) >= scale:
            return f"{_num(x / scale)} {word}"
    return _num(x)


def _rung(ladder: tuple[Rung, ...], magnitude: float) -> Rung:
    if magnitude == 0.0:  # zero in the base unit: "0 kg", "0 s"
        return next((rung for rung in ladder if rung[1] == 1.0), ladder[-1])
    for rung in ladder:
        if magnitude >= rung[0]:
            return rung
    return ladder[-1]


def _missing(reason: str | None) -> str:
    return f"{MISSING} ({reason})" if reason else MISSING


# --------------------------------------------------------------------------- units


def _split_money(unit: str) -> tuple[str, str]:
    """``"USD/kg"`` → (``"USD"``, ``"/kg"``): the currency and the written denominator."""
    currency, slash, denominator = unit.partition("/")
    return currency, (f"/{unit_symbol(denominator)}" if slash else "")


@lru_cache(maxsize=512)
def _factor(unit: str, kind: str) -> float:
    """Factor from ``unit`` to the base unit ``kind`` is written from (1 for kinds without one)."""
    if kind not in KINDS:
        raise InputError("kind", kind, "one of " + ", ".join(KINDS))
    base = KINDS[kind]
    if base is None or (base == "1" and unit in ("", "1")):
        return 1.0
    source = _split_money(unit)[0] if kind == "money" else unit
    factor = unit_scale(source, base)
    if factor is None:
        raise InputError("unit", unit, f"a unit convertible to {base} for a {kind}")
    return factor


# --------------------------------------------------------------------------- one value


def _written(x: float, unit: str, kind: str, rung: Rung | None) -> str:
    """A finite float in ``unit`` written as ``kind`` (``rung`` fixes the prefix)."""
    if kind == "flag":
        return "yes" if x else "no"
    if kind in ("code", "year"):
        return str(round(x)).replace("-", _MINUS)
    v = x * _factor(unit, kind)
    if kind == "money":
        return _money(v, _split_money(unit)[1], rung)
    if kind in _LADDERS:
        scale, symbol = (rung or _rung(_LADDERS[kind], abs(v)))[1:]
        return f"{_num(v / scale)} {symbol}"
    if kind == "fraction":
        return f"{_num(100.0 * v)} %"
    if kind == "count":
        return f"{round(v):,}".replace("-", _MINUS) if abs(v) >= 100 or v == round(v) else _num(v)
    if kind == "ratio":
        return _num(v)
    if kind == "temperature":
        return f"{v:,.1f} K".replace("-", _MINUS)
    if kind == "angle":
        return f"{_num(v)}°"
    if kind == "work":
        return f"{_big(v)} PFLOP-days"
    if kind == "volume":
        return f"{_big(v)} m³"
    symbol = unit_symbol(unit)
    if symbol.startswith("1/"):
        return f"{_big(v)}{symbol[1:]}"
    return f"{_big(v)} {symbol}".rstrip()


def _money(usd: float, per: str, rung: Rung | None) -> str:
    ladder = _LADDERS["money_rate" if per else "money"]
    scale, prefix = (rung or _rung(ladder, abs(usd)))[1:]
    sign = _MINUS if usd < 0 else ""
    amount = _num(abs(usd) / scale) + (f" {prefix}" if prefix else "")
    return f"{sign}${amount}{per}"


def _one(value: Any, unit: str, kind: str, reason: str | None, rung: Rung | None = None) -> str:
    if kind not in KINDS:
        raise InputError("kind", kind, "one of " + ", ".join(KINDS))
    if value is None or reason:
        return _missing(reason)
    if kind == "text":
        return "; ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise InputError("value", value, f"a number for a {kind}") from None
    if math.isnan(x):
        return _missing(reason)
    if math.isinf(x):
        return "∞" if x > 0 else f"{_MINUS}∞"
    return _written(x, unit, kind, rung)


def format_quantity(value: Any, unit: str = "1", kind: str = "quantity", reason: str | None = None) -> Any:
    """Write ``value`` (in ``unit``) for people as a ``kind`` of quantity (see :data:`skyrack.outputs.KINDS`).

    Parameters
    ----------
    value : float, bool, str, None or array
        The number, in ``unit``; NaN or None is missing. An array gives an array of strings.
    unit : str
        Its pint unit, e.g. ``"kg"``, ``"USD/kg"``, ``"MW"``.
    kind : str
        How to write it: ``"mass"``, ``"money"``, ``"power"``, ``"duration"``...
    reason : str, optional
        Why the value is missing; given, the value is masked: ``— (reason)``.

    Returns
    -------
    str or numpy.ndarray of str

    References
    ----------
    .. [1] BIPM, SI brochure, 9th ed., 2019, §5.4.

    Examples
    --------
    >>> format_quantity(4.2e7, "W", "power"), format_quantity(0.973, "1", "fraction")
    ('42 MW', '97.3 %')
    >>> format_quantity(float("nan"), "kg", "mass", reason="radiator below sink")
    '— (radiator below sink)'
    """
    if kind != "text" and not isinstance(value, (str, bytes)) and np.ndim(value) > 0:
        cells = [_one(v, unit, kind, reason) for v in np.asarray(value, dtype=object).reshape(-1)]
        return np.asarray(cells, dtype=object).reshape(np.shape(value))
    return _one(value, unit, kind, reason)


def format_value(name: str, value: Any, reason: str | None = None) -> Any:
    """Write the value of output ``name`` for people (see :func:`format_quantity`).

    Examples
    --------
    >>> format_value("mass.total_kg", 1.5e6), format_value("economics.capex_usd", 3.4e9)
    ('1.5 kt', '$3.4 B')
    >>> format_value("launch.usd_per_kg", 7000.0), format_value("constellation.satellites", 37894.0)
    ('$7,000/kg', '37,894')
    """
    item = output(name)
    return format_quantity(value, item.unit, item.kind, reason)


def format_column(
    name: str, values: Any, reasons: str | Sequence[str | None] | None = None, common_scale: bool = True
) -> list[str]:
    """Write a table column of output ``name``: one prefix for the column, masked rows explained.

    Parameters
    ----------
    name : str
        The output (:data:`skyrack.outputs.OUTPUTS`).
    values : array-like
        The column, in the output's unit.
    reasons : str or sequence of (str or None), optional
        Per row, why it is masked (e.g. an infeasible design's reason); a row
        with a reason is written ``— (reason)`` whatever its value. One string
        explains every missing value.
    common_scale : bool
        Write every row with the prefix the column's median magnitude takes
        (``kt`` for all masses), so rows compare at a glance.

    Returns
    -------
    list of str

    Examples
    --------
    >>> format_column("mass.total_kg", [2.0e6, 4.5e5, float("nan")], reasons="infeasible")
    ['2 kt', '0.45 kt', '— (infeasible)']
    """
    item = output(name)
    return format_cells(values, item.unit, item.kind, reasons, common_scale)


def format_cells(
    values: Any,
    unit: str,
    kind: str,
    reasons: str | Sequence[str | None] | None = None,
    common_scale: bool = True,
) -> list[str]:
    """Write a column of values in ``unit`` as a ``kind`` of quantity (see :func:`format_column`).

    Examples
    --------
    >>> format_cells([650e3, 1.2e6], "m", "length")
    ['650 km', '1,200 km']
    """
    column = list(np.asarray(values, dtype=object).reshape(-1))
    if reasons is None or isinstance(reasons, str):
        given: str | None = reasons
        why = [given if (v is None or (isinstance(v, float) and math.isnan(v))) else None for v in column]
    else:
        why = list(reasons)
        if len(why) != len(column):
            raise InputError("reasons", len(why), f"one per value ({len(column)})")
    rung = _column_rung(unit, kind, column, why) if common_scale else None
    return [_one(v, unit, kind, r, rung) for v, r in zip(column, why, strict=True)]


def _column_rung(unit: str, kind: str, column: list[Any], why: list[str | None]) -> Rung | None:
    if kind not in _LADDERS and kind != "money":
        return None
    shown = [float(v) for v, r in zip(column, why, strict=True) if not r and _finite(v)]
    magnitudes = [abs(v) * _factor(unit, kind) for v in shown if v != 0.0]
    if not magnitudes:
        return None
    ladder = _LADDERS[kind] if kind != "money" else _LADDERS["money_rate" if "/" in unit else "money"]
    return _rung(ladder, float(np.median(magnitudes)))


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def column_header(name: str, stat: str | None = None) -> str:
    """ASCII label and unit of a CSV/Parquet column holding output ``name`` (or a statistic of it).

    Examples
    --------
    >>> column_header("thermal.radiator_area_m2"), column_header("economics.capex_usd")
    ('Radiator area per satellite [m2]', 'Capex (orbit) [2025 USD]')
    >>> column_header("economics.usd_per_pflop_day", "p10")
    'Cost per PFLOP-day, all-in (orbit), P10 [2025 USD/PFLOP-day]'
    """
    return label_with_unit(name, stat, ascii=True)
