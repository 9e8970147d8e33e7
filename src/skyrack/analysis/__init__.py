"""Exploring the design space: sweeps, Monte Carlo, sensitivity (tornado, Sobol) and optimisation.

Work is split into chunks run in process, on a local process pool or on Dask
(:mod:`skyrack.analysis.executor`), optionally checkpointed so a killed run resumes.

>>> from skyrack.analysis import sweep, monte_carlo  # doctest: +SKIP
>>> sweep("suncatcher", ["launch.price_per_kg=20..3000 USD/kg:log:50"])  # doctest: +SKIP
>>> monte_carlo("suncatcher", {"launch.price_per_kg": "lognormal(median=200 USD/kg, sigma=0.8)"})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_package

if TYPE_CHECKING:  # the lazy names, re-exported explicitly for type checkers (PEP 484: X as X)
    from .distributions import (
        Distribution as Distribution,
        catalog_distributions as catalog_distributions,
        parse_distribution as parse_distribution,
        parse_uncertain as parse_uncertain,
    )
    from .executor import (
        Checkpoint as Checkpoint,
        DaskExecutor as DaskExecutor,
        PoolExecutor as PoolExecutor,
        SerialExecutor as SerialExecutor,
        make_executor as make_executor,
        run_chunks as run_chunks,
    )
    from .montecarlo import MonteCarloResult as MonteCarloResult, monte_carlo as monte_carlo
    from .optimise import Optimum as Optimum, optimise as optimise, pareto_front as pareto_front
    from .sensitivity import (
        SobolResult as SobolResult,
        Tornado as Tornado,
        sobol as sobol,
        sobol_indices as sobol_indices,
        tornado as tornado,
    )
    from .sweep import (
        BreakevenSurface as BreakevenSurface,
        Vary as Vary,
        breakeven_surface as breakeven_surface,
        design_points as design_points,
        parse_vary as parse_vary,
        simulation_sweep as simulation_sweep,
        sweep as sweep,
    )

__getattr__, __dir__, __all__ = lazy_package(
    __name__,
    {
        ".distributions": "Distribution catalog_distributions parse_distribution parse_uncertain",
        ".executor": "Checkpoint DaskExecutor PoolExecutor SerialExecutor make_executor run_chunks",
        ".optimise": "Optimum optimise pareto_front",
        ".montecarlo": "MonteCarloResult monte_carlo",
        ".sensitivity": "SobolResult Tornado sobol sobol_indices tornado",
        ".sweep": "BreakevenSurface Vary breakeven_surface design_points parse_vary simulation_sweep sweep",
    },
)
