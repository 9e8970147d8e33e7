"""skyrack: design, simulate and cost AI data centers in Earth orbit.

The public facade::

    import skyrack
    result = skyrack.design("suncatcher")
    batch = skyrack.design_batch("suncatcher", {"launch.price_per_kg": [100.0, 200.0]})  # USD/kg
    skyrack.parameter("orbit.altitude").unit  # 'm': every parameter, its unit, range and source
"""

from ._version import __version__
from .model import Result, compare, design, design_batch, load_scenario, preset_names
from .scenario.registry import parameter, parameters

__all__ = [
    "Result",
    "__version__",
    "compare",
    "design",
    "design_batch",
    "load_scenario",
    "parameter",
    "parameters",
    "preset_names",
]
