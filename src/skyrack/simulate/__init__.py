"""Time-domain simulation of an orbital data-center fleet (see :func:`simulate`).

>>> from skyrack.simulate import simulate  # doctest: +SKIP
>>> run = simulate("suncatcher", duration_s=86400.0, step_s=30.0)  # doctest: +SKIP
>>> run.fleet["sunlit_fraction"]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._common import SkyrackWarning
    from .engine import SimulationResult, simulate

_EXPORTS = {
    "SkyrackWarning": "._common",
    "SimulationResult": ".engine",
    "simulate": ".engine",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "SimulationResult",
    "SkyrackWarning",
    "simulate",
]
