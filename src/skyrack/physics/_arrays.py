"""Array conventions shared by the physics modules: float64 in, scalar or array out."""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray: TypeAlias = NDArray[np.float64]
Floats: TypeAlias = np.float64 | FloatArray


def _f(x: ArrayLike) -> FloatArray:
    """``x`` as a float64 array (no copy when it already is one)."""
    return np.asarray(x, dtype=np.float64)


def _out(x: ArrayLike) -> Floats:
    """A 0-d result as a numpy scalar, anything else as the array."""
    a = _f(x)
    r: Floats = a[()] if a.ndim == 0 else a
    return r
