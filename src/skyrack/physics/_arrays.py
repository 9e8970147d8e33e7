"""Array conventions shared by the physics modules: float64 in, scalar or array out."""

from __future__ import annotations

import math
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray: TypeAlias = NDArray[np.float64]
Floats: TypeAlias = np.float64 | FloatArray


def _f(x: Any) -> Any:
    """``x`` as float64: one number as a numpy scalar, anything else as an array (no copy when it is one).

    The values are ``np.asarray(x, dtype=np.float64)``'s. Arithmetic on a numpy scalar skips the ufunc
    machinery that a 0-d array goes through (about 60 ns an operation instead of 700 ns), so a single
    design's fixed cost is its arithmetic, not its bookkeeping. + − × ÷ and numpy's functions give the
    same IEEE result on either; ``**`` may differ in the last bit (numpy's scalar power calls the C
    library's pow, its array loop a vectorised one). Typed ``Any``: callers mix it with arrays as numpy
    does.
    """
    kind = type(x)
    if kind is np.float64:
        return x
    if kind is float or kind is int:
        return np.float64(x)
    a = np.asarray(x, dtype=np.float64)
    return a[()] if a.ndim == 0 else a


def _out(x: ArrayLike) -> Floats:
    """A result: one number as a numpy scalar, anything else as the array (:func:`_f`)."""
    r: Floats = _f(x)
    return r


def _nan_to(x: Any, nan: float = 0.0) -> Any:
    """``np.nan_to_num(x, nan=nan)`` (infinities to the largest floats); one finite number as it is."""
    if (type(x) is np.float64 or (type(x) is np.ndarray and x.ndim == 0)) and math.isfinite(x):
        return x
    if type(x) is np.float64 and math.isnan(x):
        return np.float64(nan)
    return np.nan_to_num(x, nan=nan)


def _zeros_like(x: Any) -> Any:
    """Zeros of ``x``'s shape to add to a result (broadcasting it like ``x``); 0.0 for one number."""
    return np.zeros_like(x, dtype=np.float64) if np.ndim(x) else 0.0


_FLOAT = (float, np.float64)


def _where(condition: Any, if_true: Any, if_false: Any) -> Any:
    """``np.where(condition, if_true, if_false)``; one condition between two numbers picks a numpy scalar.

    The value and dtype are np.where's; a single design skips its 0-d array (and the slow arithmetic on it).
    """
    if type(condition) is np.bool_ and type(if_true) in _FLOAT and type(if_false) in _FLOAT:
        return np.float64(if_true if condition else if_false)
    return np.where(condition, if_true, if_false)


def read_only(value: Any) -> Any:
    """``value``, as a read-only view if it is an array (a value kept and shared by later callers)."""
    if isinstance(value, np.ndarray):
        value = value.view()
        value.flags.writeable = False
    return value
