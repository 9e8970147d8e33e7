"""skyrack: design, simulate and cost AI data centers in Earth orbit.

The public facade::

    import skyrack
    result = skyrack.design("suncatcher")
    batch = skyrack.design_batch("suncatcher", {"launch.price_per_kg": [100.0, 200.0]})  # USD/kg
    results = skyrack.design_many(["suncatcher", "starcloud-40mw"])  # each as design() gives it, together
    skyrack.parameter("orbit.altitude").unit  # 'm': every parameter, its unit, range and source

Names load on first use (PEP 562), so ``import skyrack`` and ``skyrack --help`` stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_package
from ._version import __version__

if TYPE_CHECKING:  # the lazy names, re-exported explicitly for type checkers (PEP 484: X as X)
    from .batched import design_many as design_many
    from .model import (
        Result as Result,
        compare as compare,
        design as design,
        design_batch as design_batch,
        load_scenario as load_scenario,
        preset_names as preset_names,
    )
    from .scenario.registry import parameter as parameter, parameters as parameters

__getattr__, __dir__, _NAMES = lazy_package(
    __name__,
    {
        ".batched": "design_many",
        ".model": "Result compare design design_batch load_scenario preset_names",
        ".scenario.registry": "parameter parameters",
    },
)
__all__ = sorted([*_NAMES, "__version__"])
