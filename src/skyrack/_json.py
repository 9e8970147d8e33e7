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
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if isinstance(value, dict):  # plain texts and finite floats are kept without a call (a summary has hundreds)
        return {str(k): v if type(v) in _PLAIN or (type(v) is float and v - v == 0.0) else json_safe(v)
                for k, v in value.items()}  # fmt: skip
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
