"""Time-domain simulation of an orbital data-center fleet (see :func:`simulate`).

>>> from skyrack.simulate import simulate  # doctest: +SKIP
>>> run = simulate("suncatcher", duration_s=86400.0, step_s=30.0)  # doctest: +SKIP
>>> run.fleet["sunlit_fraction"]  # doctest: +SKIP
"""

from __future__ import annotations

from ._common import SkyrackWarning
from .engine import SimulationResult, simulate

__all__ = ["SimulationResult", "SkyrackWarning", "simulate"]
