"""Tables for people: every column labelled and written from the output and parameter registries.

A column of a result frame is named by its machine name: an output
(:data:`skyrack.outputs.OUTPUTS`, e.g. ``economics.cost_ratio``), a scenario
parameter (:func:`skyrack.scenario.registry.parameters`, e.g.
``orbit.altitude``) or a key of one result group (``availability`` in the
``simulate`` group). :func:`describe` finds its label, unit and kind;
:func:`frame_table` writes a frame as a rich table with those labels, each
cell with its unit (:mod:`skyrack.formatting`), infeasible rows masked and
their reasons in a *Feasible* column; :func:`write_frame` writes CSV (machine
names as the header, nothing else: every reader keeps working) or Parquet
(machine names too, and each field's label, unit and meaning as Parquet field
metadata).

>>> describe("orbit.altitude").kind, describe("economics.cost_ratio").label
('length', 'Orbit / ground cost, all-in')
>>> cells("orbit.altitude", [650e3, 1.2e6])
['650 km', '1,200 km']
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from .errors import InputError
from .formatting import MISSING, format_cells
from .outputs import CURRENCY, OUTPUTS, STATISTICS, unit_symbol
from .units import scale

__all__ = [
    "FEASIBILITY",
    "Quantity",
    "cells",
    "describe",
    "feasible_cells",
    "frame_table",
    "header",
    "override_text",
    "parameter_kind",
    "write_frame",
]

FEASIBILITY: Final = "feasibility.code"
"""The column whose non-zero rows are infeasible designs (masked, with their reasons)."""

_KIND_UNITS: Final = (
    ("mass", "kg"),
    ("power", "W"),
    ("energy", "W*h"),
    ("area", "m**2"),
    ("volume", "m**3"),
    ("length", "m"),
    ("temperature", "K"),
    ("duration", "s"),
    ("flops", "FLOP/s"),
    ("data", "B"),
    ("bitrate", "bit/s"),
    ("angle", "deg"),
)


@dataclass(frozen=True)
class Quantity:
    """What a column holds: its machine ``name``, human ``label``, canonical ``unit``, ``kind`` and ``meaning``."""

    name: str
    label: str
    unit: str
    kind: str
    meaning: str

    @property
    def numeric(self) -> bool:
        """True unless the column holds text."""
        return self.kind != "text"

    @property
    def dimensionless(self) -> bool:
        """True for numbers without a unit (ratios, counts, codes, flags, years)."""
        return self.kind in ("ratio", "count", "code", "flag", "year") and self.unit in ("", "1")


@lru_cache(maxsize=256)
def parameter_kind(unit: str | None, kind: str = "number") -> str:
    """The presentation kind of a parameter in ``unit`` (``"USD/kg"`` → ``"money"``, ``"m"`` → ``"length"``).

    >>> parameter_kind("km"), parameter_kind("USD/W"), parameter_kind("1"), parameter_kind("W/m^2")
    ('length', 'money', 'ratio', 'quantity')
    """
    if kind == "choice" or unit is None:
        return "text"
    if kind == "flag":
        return "flag"
    if unit in ("", "1"):
        return "ratio"
    if unit.split("/")[0].strip() == "USD":
        return "money"
    for name, base in _KIND_UNITS:
        if scale(unit, base) is not None:
            return name
    return "quantity"


@lru_cache(maxsize=1024)
def describe(name: str, group: str | None = None) -> Quantity:
    """The :class:`Quantity` a column called ``name`` holds (an output, a parameter, or a key of ``group``).

    Raises
    ------
    InputError
        For a name neither registry declares.
    """
    from .scenario.registry import alias_of, parameters

    for candidate in ([f"{group}.{name}"] if group else []) + [name]:
        if candidate in OUTPUTS:
            item = OUTPUTS[candidate]
            return Quantity(name, item.label, item.unit, item.kind, item.meaning)
    params = parameters()
    path = name if name in params else alias_of(name)
    if path is not None and path in params:
        p = params[path]
        unit = "" if p.unit is None else p.unit
        return Quantity(name, p.label, unit, parameter_kind(p.unit, p.kind), p.description)
    raise InputError("column", name, "an output (skyrack.outputs.OUTPUTS) or a parameter (skyrack parameters)")


def _described(name: str, group: str | None) -> Quantity:
    """:func:`describe`, or the name itself as an undeclared plain number (a table never fails on a column)."""
    try:
        return describe(name, group)
    except InputError:
        return Quantity(name, name, "1", "quantity", "")


def header(name: str, stat: str | None = None, group: str | None = None, with_unit: bool = False) -> str:
    """A column's label (and ``stat`` of it): ``"Altitude"``, ``"Cost per PFLOP-day, all-in (orbit), P90"``.

    Cells written by :func:`cells` carry their unit (money its currency, the
    header its year: ``[2025 USD]``); ``with_unit`` adds the canonical unit
    in brackets for raw numbers (``"Altitude [m]"``).
    """
    q = describe(name, group)
    text = q.label if stat is None else f"{q.label}, {STATISTICS[stat]}"
    symbol = unit_symbol(q.unit) if with_unit and q.kind != "text" else ""
    if not symbol and q.kind == "money":  # "$83/PFLOP-day" in the cells: the header gives the dollar's year
        symbol = CURRENCY
    return f"{text} [{symbol}]" if symbol else text


def cells(
    name: str, values: Any, masked: Sequence[bool] | None = None, group: str | None = None, common_scale: bool = True
) -> list[str]:
    """A column's values written for people (with their units); ``masked`` rows as an em dash."""
    return _cells(describe(name, group), values, masked, common_scale)


def _cells(q: Quantity, values: Any, masked: Sequence[bool] | None, common_scale: bool = True) -> list[str]:
    column = list(np.asarray(values, dtype=object).reshape(-1))
    if q.kind == "text":
        out = [MISSING if v is None else str(v) for v in column]
    else:
        out = format_cells(column, q.unit, q.kind, None, common_scale)
    if masked is not None:
        out = [MISSING if m else text for text, m in zip(out, masked, strict=True)]
    return out


def feasible_cells(codes: Any) -> list[str]:
    """The *Feasible* column: ``yes`` or ``no:`` with the reasons of each feasibility code in a few words."""
    from .feasibility import short_reasons

    out = []
    for code in np.asarray(codes, dtype=np.float64).reshape(-1):
        if not math.isfinite(code):
            out.append(MISSING)
        elif int(code) == 0:
            out.append("yes")
        else:
            out.append("no: " + "; ".join(short_reasons(int(code))))
    return out


def override_text(spec: str) -> str:
    """A ``path=value`` override for people: ``"orbit.altitude=500000.0 m"`` → ``"Altitude … = 500 km"``.

    The value is read as ``number unit`` in the parameter's canonical unit; anything else is kept as given.
    """
    name, eq, value = spec.strip().partition("=")
    try:
        q = describe(name.strip())
    except InputError:
        return spec.strip()
    text = value.strip()
    number, _, unit = text.partition(" ")
    try:
        x = float(number)
    except ValueError:
        return f"{q.label} = {text}" if eq else spec.strip()
    if unit.strip() in ("", q.unit) and q.kind != "text":
        text = cells(name.strip(), [x])[0]
    return f"{q.label} = {text}"


def frame_table(
    frame: Any,
    title: str,
    limit: int | None = None,
    group: str | None = None,
    inputs: Sequence[str] = (),
) -> Any:
    """A rich table of a result frame, labelled from the registries (about ``limit`` evenly spaced rows).

    Rows whose ``feasibility.code`` is not 0 are infeasible: their outputs are
    masked (an em dash) and the *Feasible* column gives the reasons; the
    ``inputs`` columns (and every scenario parameter) are shown as given.
    """
    from rich.markup import escape
    from rich.table import Table

    shown = frame if limit is None or len(frame) <= limit else frame.iloc[:: max(1, len(frame) // limit)]
    masked = None
    if FEASIBILITY in shown.columns:
        masked = [bool(c) for c in (np.nan_to_num(shown[FEASIBILITY].to_numpy(dtype=np.float64), nan=1.0) != 0)]
    table = Table(title=escape(title), header_style="bold")
    columns = []
    for col in shown.columns:
        name = str(col)
        if name == FEASIBILITY:
            table.add_column("Feasible", justify="left")
            columns.append(feasible_cells(shown[col]))
            continue
        q = _described(name, group)
        title = header(name, group=group) if q.label != name else name
        table.add_column(escape(title), justify="left" if q.kind == "text" else "right")
        hide = masked if masked is not None and name in OUTPUTS and name not in inputs else None
        columns.append(_cells(q, shown[col].to_numpy(), hide))
    for row in zip(*columns, strict=True):
        table.add_row(*(escape(cell) for cell in row))
    return table


def write_frame(frame: Any, out: Path, group: str | None = None, field: str = "--out") -> None:
    """Write a result frame to ``.csv`` (machine names) or ``.parquet`` (plus each field's label, unit, meaning).

    The Parquet schema's field metadata holds ``label``, ``unit`` (as people
    write it, money with its currency year), ``canonical_unit`` (pint) and
    ``meaning`` for every column the registries declare.
    """
    suffix = out.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(out, index=False)
    elif suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        fields = [f.with_metadata(_field_metadata(f.name, group)) for f in table.schema]
        pq.write_table(table.cast(pa.schema(fields, metadata=table.schema.metadata)), out)
    else:
        raise InputError(field, str(out), "use a .csv or .parquet file name")


def _field_metadata(name: str, group: str | None) -> dict[str, str]:
    try:
        q = describe(name, group)
    except InputError:
        return {}
    return {"label": q.label, "unit": unit_symbol(q.unit), "canonical_unit": q.unit, "meaning": q.meaning}
