"""Shared types of the simulation engine (and its warning class, defined in :mod:`skyrack.errors`)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ..errors import SkyrackWarning

FloatArray = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]

__all__ = ["Float32Array", "FloatArray", "SkyrackWarning"]
