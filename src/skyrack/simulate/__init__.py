"""Time-domain simulation of an orbital data-center fleet (see :func:`simulate`).

Design first, then simulate the sized design; the run's settings come from the
scenario's ``simulation:`` section, and keyword arguments override them:

>>> import skyrack
>>> from skyrack.simulate import simulate  # doctest: +SKIP
>>> run = simulate(skyrack.design("suncatcher"), duration="1 day", step="30 s")  # doctest: +SKIP
>>> run.fleet["sunlit_fraction"]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:  # the names of _EXPORTS, for type checkers (re-exported through __all__)
    from ._common import SkyrackWarning  # noqa: F401
    from .engine import simulate  # noqa: F401
    from .result import SimulationResult  # noqa: F401

_EXPORTS = {
    "SkyrackWarning": "._common",
    "SimulationResult": ".result",
    "simulate": ".engine",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = sorted(_EXPORTS)
