"""Exploring the design space: sweeps, Monte Carlo, sensitivity (tornado, Sobol) and optimisation.

Work is split into chunks run in process, on a local process pool or on Dask
(:mod:`skyrack.analysis.executor`), optionally checkpointed so a killed run resumes.

>>> from skyrack.analysis import sweep, monte_carlo  # doctest: +SKIP
>>> sweep("suncatcher", ["launch.price_per_kg=20..3000 USD/kg:log:50"])  # doctest: +SKIP
>>> monte_carlo("suncatcher", {"launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)"})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .distributions import Distribution, catalog_distributions, parse_distribution, parse_uncertain
    from .executor import Checkpoint, DaskExecutor, PoolExecutor, SerialExecutor, make_executor, run_chunks
    from .montecarlo import MonteCarloResult, monte_carlo
    from .optimise import Optimum, optimise, pareto_front
    from .sensitivity import SobolResult, Tornado, sobol, sobol_indices, tornado
    from .sweep import BreakevenSurface, Vary, breakeven_surface, design_points, parse_vary, simulation_sweep, sweep

_EXPORTS = {
    "Distribution": ".distributions",
    "catalog_distributions": ".distributions",
    "parse_distribution": ".distributions",
    "parse_uncertain": ".distributions",
    "Checkpoint": ".executor",
    "DaskExecutor": ".executor",
    "PoolExecutor": ".executor",
    "SerialExecutor": ".executor",
    "make_executor": ".executor",
    "run_chunks": ".executor",
    "Optimum": ".optimise",
    "optimise": ".optimise",
    "pareto_front": ".optimise",
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
    "simulation_sweep": ".sweep",
    "sweep": ".sweep",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "BreakevenSurface",
    "Checkpoint",
    "DaskExecutor",
    "Distribution",
    "MonteCarloResult",
    "Optimum",
    "PoolExecutor",
    "SerialExecutor",
    "SobolResult",
    "Tornado",
    "Vary",
    "breakeven_surface",
    "catalog_distributions",
    "design_points",
    "make_executor",
    "monte_carlo",
    "optimise",
    "pareto_front",
    "parse_distribution",
    "parse_uncertain",
    "parse_vary",
    "run_chunks",
    "simulation_sweep",
    "sobol",
    "sobol_indices",
    "sweep",
    "tornado",
]
