"""Exploring the design space: sweeps, Monte Carlo and sensitivity (tornado, Sobol).

>>> from skyrack.analysis import sweep, monte_carlo  # doctest: +SKIP
>>> sweep("suncatcher", ["launch.price_per_kg=20..3000:log:50"])  # doctest: +SKIP
>>> monte_carlo("suncatcher", {"launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)"})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .distributions import Distribution, catalog_distributions, parse_distribution, parse_uncertain
    from .montecarlo import MonteCarloResult, monte_carlo
    from .sensitivity import SobolResult, Tornado, sobol, sobol_indices, tornado
    from .sweep import BreakevenSurface, Vary, breakeven_surface, design_points, parse_vary, sweep

_EXPORTS = {
    "Distribution": ".distributions",
    "catalog_distributions": ".distributions",
    "parse_distribution": ".distributions",
    "parse_uncertain": ".distributions",
    "MonteCarloResult": ".montecarlo",
    "monte_carlo": ".montecarlo",
    "SobolResult": ".sensitivity",
    "Tornado": ".sensitivity",
    "sobol": ".sensitivity",
    "sobol_indices": ".sensitivity",
    "tornado": ".sensitivity",
    "BreakevenSurface": ".sweep",
    "Vary": ".sweep",
    "breakeven_surface": ".sweep",
    "design_points": ".sweep",
    "parse_vary": ".sweep",
    "sweep": ".sweep",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "BreakevenSurface",
    "Distribution",
    "MonteCarloResult",
    "SobolResult",
    "Tornado",
    "Vary",
    "breakeven_surface",
    "catalog_distributions",
    "design_points",
    "monte_carlo",
    "parse_distribution",
    "parse_uncertain",
    "parse_vary",
    "sobol",
    "sobol_indices",
    "sweep",
    "tornado",
]
