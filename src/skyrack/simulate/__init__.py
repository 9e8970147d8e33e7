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

from .._lazy import lazy_package

if TYPE_CHECKING:  # the lazy names, re-exported explicitly for type checkers (PEP 484: X as X)
    from ._common import SkyrackWarning as SkyrackWarning
    from .engine import simulate as simulate
    from .result import SimulationResult as SimulationResult

__getattr__, __dir__, __all__ = lazy_package(
    __name__,
    {
        "._common": "SkyrackWarning",
        ".result": "SimulationResult",
        ".engine": "simulate",
    },
)
