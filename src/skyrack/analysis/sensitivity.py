"""Sensitivity of an output to uncertain inputs: one-at-a-time tornado and Sobol indices.

The tornado moves one input at a time from its low to its high value (the
P10 and P90 of its distribution by default) holding the others at the
scenario's values, and sorts the inputs by the swing of the output.

Sobol indices [1]_ [2]_ split the output's variance among the inputs: the
first-order index S_i is the share explained by input i alone, the total index
ST_i the share involving i at all (so 0 <= S_i <= ST_i <= 1, up to sampling
error). They are estimated with SALib [4]_ from a Saltelli design [3]_ of
N (d + 2) model runs, with bootstrap confidence intervals; inputs with
non-uniform distributions are sampled through their quantile functions.

References
----------
.. [1] I. M. Sobol', "Sensitivity estimates for nonlinear mathematical models",
   *Math. Model. Comput. Exp.* 1, 407-414, 1993.
.. [2] I. M. Sobol', "Global sensitivity indices for nonlinear mathematical
   models and their Monte Carlo estimates", *Math. Comput. Simul.* 55, 271-280, 2001.
.. [3] A. Saltelli et al., "Variance based sensitivity analysis of model output.
   Design and estimator for the total sensitivity index", *Comput. Phys.
   Commun.* 181(2), 259-270, 2010.
.. [4] J. Herman and W. Usher, "SALib: An open-source Python library for
   sensitivity analysis", *J. Open Source Softw.* 2(9), 97, 2017.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .._json import finite_or_none
from ..errors import InputError
from .distributions import Distribution, as_distributions, model_distributions
from .plans import SaltelliPlan, split_rows

Array = npt.NDArray[np.float64]
DEFAULT_OUTPUT = "economics.cost_ratio"
DEFAULT_SOBOL_N = 2**12
_EPS = 1e-12


@dataclass
class TornadoBar:
    """One input's bar: output at the input's low and high values, and the swing |high - low|."""

    name: str
    low: float
    high: float
    output_low: float
    output_high: float

    @property
    def swing(self) -> float:
        d = abs(self.output_high - self.output_low)
        return d if math.isfinite(d) else math.inf

    def is_inert(self, base: float) -> bool:
        """True when moving this input over its range leaves the output where it was: no lever here."""
        scale = max(1.0, abs(base)) if math.isfinite(base) else 1.0
        return all(math.isfinite(x) and abs(x - base) <= 1e-12 * scale for x in (self.output_low, self.output_high))


@dataclass
class Tornado:
    """Tornado of ``output`` around its ``base`` value; ``bars`` sorted by decreasing swing."""

    output: str
    base: float
    bars: list[TornadoBar]

    @property
    def inert(self) -> list[str]:
        """Inputs that cannot move the output in this scenario (listed, not drawn as bars)."""
        return [b.name for b in self.bars if b.is_inert(self.base)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "base": finite_or_none(self.base),
            "bars": [
                {
                    "name": b.name,
                    "low": b.low,
                    "high": b.high,
                    "output_low": finite_or_none(b.output_low),
                    "output_high": finite_or_none(b.output_high),
                    "swing": finite_or_none(b.swing),
                    "inert": b.is_inert(self.base),
                }
                for b in self.bars
            ],
        }


def _feasible_output(values: Mapping[str, Any], output: str) -> Array:
    v = np.asarray(values[output], dtype=np.float64)
    return np.where(np.asarray(values["feasibility.code"]) == 0, v, np.nan)


def tornado(
    scenario: Any,
    uncertain: Mapping[str, Distribution | Mapping[str, Any] | str] | None = None,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    output: str = DEFAULT_OUTPUT,
    overrides: Sequence[str] = (),
    quantiles: tuple[float, float] = (0.1, 0.9),
) -> Tornado:
    """One-at-a-time sensitivity: each input at its low and high value, the rest at the scenario's.

    Parameters
    ----------
    uncertain : mapping, optional
        ``{param: Distribution}``; low/high are its ``quantiles`` (P10, P90).
    bounds : mapping, optional
        ``{param: (low, high)}`` in canonical units, used as given.
    output : str
        Output key (default the orbit/ground cost ratio). Infeasible designs give NaN
        and an infinite swing.
    """
    from ..model import as_scenario, design_batch

    scn = as_scenario(scenario, overrides)
    ranges: dict[str, tuple[float, float]] = {}
    for name, dist in as_distributions(uncertain or {}).items():
        lo, hi = dist.ppf(np.asarray(quantiles, dtype=np.float64))
        ranges[name] = (float(lo), float(hi))
    for name, (lo, hi) in (bounds or {}).items():
        ranges[name] = (float(lo), float(hi))
    if not ranges:
        raise InputError("uncertain", {}, "give at least one uncertain parameter or bound")
    base_values = design_batch(scn, {}, outputs=[output, "feasibility.code"])
    base = float(_feasible_output(base_values, output).reshape(-1)[0])
    bars = []
    for name, (lo, hi) in ranges.items():
        out = _feasible_output(
            design_batch(
                scn, {name: np.array([lo, hi])}, outputs=[output, "feasibility.code"], on_invalid="infeasible"
            ),
            output,
        )
        bars.append(TornadoBar(name, lo, hi, float(out[0]), float(out[1])))
    bars.sort(key=lambda b: (not b.is_inert(base), b.swing), reverse=True)
    return Tornado(output, base, bars)


@dataclass
class SobolResult:
    """First-order (``S1``) and total (``ST``) Sobol indices with confidence half-widths."""

    output: str
    names: list[str]
    S1: Array
    S1_conf: Array
    ST: Array
    ST_conf: Array
    n_base: int
    n_runs: int
    conf_level: float
    nonfinite: int

    def frame(self) -> Any:
        """DataFrame indexed by input name, sorted by decreasing total index."""
        import pandas as pd

        df = pd.DataFrame(
            {"S1": self.S1, "S1_conf": self.S1_conf, "ST": self.ST, "ST_conf": self.ST_conf}, index=self.names
        )
        return df.sort_values("ST", ascending=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "n_base": self.n_base,
            "n_runs": self.n_runs,
            "conf_level": self.conf_level,
            "nonfinite": self.nonfinite,
            "indices": {
                name: {
                    "S1": finite_or_none(float(self.S1[i])),
                    "S1_conf": finite_or_none(float(self.S1_conf[i])),
                    "ST": finite_or_none(float(self.ST[i])),
                    "ST_conf": finite_or_none(float(self.ST_conf[i])),
                }
                for i, name in enumerate(self.names)
            },
        }


def sobol_indices(
    model: Callable[[dict[str, Array]], Array],
    uncertain: Mapping[str, Distribution | Mapping[str, Any] | str],
    n: int = DEFAULT_SOBOL_N,
    seed: int = 0,
    conf_level: float = 0.95,
    num_resamples: int = 200,
    output: str = "y",
) -> SobolResult:
    """Sobol first-order and total indices of any vectorised ``model(inputs) -> y``.

    ``n`` base samples (a power of two) give ``n (d + 2)`` model runs of a
    scrambled Saltelli design [1]_ [2]_ (:class:`~skyrack.analysis.plans.SaltelliPlan`,
    SALib's layout); estimators and bootstrap confidence intervals are SALib's [3]_, the
    bootstrap seeded from ``seed`` too (see :func:`bootstrap_seed`): the same seed gives the
    same bytes. Non-finite outputs (infeasible designs) make the indices NaN and are counted
    in ``nonfinite``.

    References
    ----------
    .. [1] A. Saltelli et al., *Comput. Phys. Commun.* 181(2), 259-270, 2010.
    .. [2] I. M. Sobol', *Math. Comput. Simul.* 55, 271-280, 2001.
    .. [3] J. Herman and W. Usher, *J. Open Source Softw.* 2(9), 97, 2017.
    """
    dists, plan = _saltelli(uncertain, n, seed)
    y = np.asarray(model(saltelli_inputs(plan, dists, 0, n)), dtype=np.float64).reshape(-1)
    return _indices(list(dists), y, n, seed, conf_level, num_resamples, output)


def _saltelli(uncertain: Mapping[str, Any], n: int, seed: int) -> tuple[dict[str, Distribution], SaltelliPlan]:
    """The inputs' distributions and the Saltelli design of ``n`` base rows over them."""
    if n < 2 or n & (n - 1):
        raise InputError("--sobol", n, "the number of base samples must be a power of two, e.g. 4096")
    dists = model_distributions(uncertain)
    if not dists:
        raise InputError("uncertain", {}, "give at least one uncertain parameter")
    return dists, SaltelliPlan(len(dists), n, seed)


def saltelli_inputs(plan: SaltelliPlan, dists: Mapping[str, Distribution], start: int, stop: int) -> dict[str, Array]:
    """The model runs of base rows ``start .. stop-1``: unit-cube rows mapped through each input's quantiles."""
    u = np.clip(plan.rows(start, stop), _EPS, 1.0 - _EPS)
    return {name: dist.ppf(u[:, i]) for i, (name, dist) in enumerate(dists.items())}


def _indices(
    names: list[str], y: Array, n: int, seed: int, conf_level: float, num_resamples: int, output: str
) -> SobolResult:
    """SALib's first and total indices from the ``n (d + 2)`` outputs ``y`` of a Saltelli design."""
    from SALib.analyze import sobol as sobol_analyze

    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    bad = int(np.count_nonzero(~np.isfinite(y)))
    if len(names) == 1:  # SALib needs two columns of its design; one input's indices are 1 by definition
        s1 = st = np.ones(1)
        c1 = ct = np.zeros(1)
        if bad:
            s1 = st = np.full(1, np.nan)
    else:
        with np.errstate(all="ignore"):
            res = sobol_analyze.analyze(
                problem, y, calc_second_order=False, num_resamples=num_resamples, conf_level=conf_level,
                seed=bootstrap_seed(seed),
            )  # fmt: skip
        s1, c1, st, ct = (np.asarray(res[k], dtype=np.float64) for k in ("S1", "S1_conf", "ST", "ST_conf"))
    return SobolResult(output, names, s1, c1, st, ct, n, int(y.size), conf_level, bad)


def bootstrap_seed(seed: int) -> int:
    """The seed of the bootstrap resampling for ``seed``: never 0, which SALib takes as "unseeded".

    SALib's ``analyze`` draws its bootstrap from the global NumPy state when its
    seed is falsy, so ``seed=0`` gave different confidence intervals each run.
    The bootstrap seed is derived from ``seed`` by a :class:`numpy.random.SeedSequence`
    (a stream apart from the Saltelli sample's) and is at least 1.

    >>> bootstrap_seed(0) == bootstrap_seed(0) != 0
    True
    """
    state = int(np.random.SeedSequence([seed, 1]).generate_state(1, np.uint32)[0])
    return state or 1


def sobol(
    scenario: Any,
    uncertain: Mapping[str, Distribution | Mapping[str, Any] | str],
    output: str = DEFAULT_OUTPUT,
    n: int = DEFAULT_SOBOL_N,
    seed: int = 0,
    overrides: Sequence[str] = (),
    conf_level: float = 0.95,
    *,
    task_size: int = 1 << 17,
    executor: Any = None,
    progress: Any = None,
) -> SobolResult:
    """Sobol indices of a scenario's ``output`` over its uncertain inputs (see :func:`sobol_indices`).

    The ``n (d + 2)`` model runs are split into tasks of whole base rows, about
    ``task_size`` runs each, run by ``executor`` (default: in this process; see
    :func:`skyrack.analysis.executor.make_executor`), ``progress(done, total)``
    after each. A task carries the design's description and its range of base
    rows, generates its runs where it runs and sends back only the output; every
    design is evaluated on its own, so the indices do not depend on the executor
    or the task size.
    """
    from ..model import as_scenario
    from .executor import run_chunks

    if task_size < 1:
        raise InputError("task_size", task_size, "must be at least 1")
    scn = as_scenario(scenario, overrides)
    dists, plan = _saltelli(as_distributions(uncertain), n, seed)
    tasks = [
        (_sobol_task, (scn, plan, dists, start, stop, output))
        for start, stop in split_rows(n, plan.runs_per_row, task_size)
    ]
    y = np.concatenate(run_chunks(tasks, executor, None, progress))
    return _indices(list(dists), y, n, seed, conf_level, 200, output)


def _sobol_task(
    scn: Any, plan: SaltelliPlan, dists: Mapping[str, Distribution], start: int, stop: int, output: str
) -> Array:
    """Base rows ``start .. stop-1`` of :func:`sobol`: their runs' ``output`` (NaN where infeasible)."""
    from ..model import design_batch

    inputs = saltelli_inputs(plan, dists, start, stop)
    values = design_batch(scn, inputs, outputs=[output, "feasibility.code"], on_invalid="infeasible")
    return _feasible_output(values, output)
