"""JSON-safe values: NaN and infinities become None (JSON has no NaN), numpy scalars plain Python."""

from __future__ import annotations

import math
from typing import Any

_PLAIN = frozenset({str, int, bool, type(None)})


def json_safe(value: Any) -> Any:
    """``value`` with non-finite floats as None and numpy scalars as Python numbers, through dicts and lists."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind in _PLAIN:
        return value
    # below, a text, an int or a finite float (x - x is 0) is kept as it is without a call: a summary has hundreds
    if isinstance(value, dict):
        return {
            str(k): v if type(v) in _PLAIN or (type(v) is float and v - v == 0.0) else json_safe(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [v if type(v) in _PLAIN or (type(v) is float and v - v == 0.0) else json_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and callable(value.item) and getattr(value, "ndim", None) == 0:  # numpy scalars
        return json_safe(value.item())
    return value


def finite_or_none(x: float) -> float | None:
    """``x``, or None where it is NaN or infinite (JSON has no NaN)."""
    return x if math.isfinite(x) else None
