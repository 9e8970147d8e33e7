"""Monte Carlo propagation of uncertain inputs through the vectorised design pipeline.

Samples are drawn from a seeded :class:`numpy.random.Generator` (PCG64 [1]_),
one chunk at a time, and evaluated by :func:`skyrack.model.design_batch` keeping
only the requested outputs, so memory stays bounded: per output, one buffer of
N values for the percentiles (float64 up to 4,000,000 draws, float32 above,
whose relative precision of 6e-8 is far below the sampling error) plus float64
running sums for the means.

References
----------
.. [1] M. E. O'Neill, "PCG: A family of simple fast space-efficient statistically
   good algorithms for random number generation", Harvey Mudd College,
   HMC-CS-2014-0905, 2014.
.. [2] N. Metropolis and S. Ulam, "The Monte Carlo method", *J. Am. Stat. Assoc.*
   44(247), 335-341, 1949.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InputError
from .distributions import Distribution, as_distributions

Array = npt.NDArray[np.float64]

RATIO = "economics.cost_ratio"
FEASIBILITY = "feasibility.code"
DEFAULT_OUTPUTS: tuple[str, ...] = (
    "economics.usd_per_pflop_day",
    "terrestrial.usd_per_pflop_day",
    RATIO,
    "breakeven.launch_usd_per_kg",
    "mass.total_kg",
)
QUANTILES = (0.1, 0.5, 0.9)
FLOAT64_LIMIT = 4_000_000
EVAL_CHUNK = 1 << 16  # designs per vectorised evaluation: large enough to amortise, small enough for the cache


@dataclass
class MonteCarloResult:
    """Summary of a Monte Carlo run.

    ``stats`` maps each output to ``{"mean", "p10", "p50", "p90", "valid"}`` over
    feasible draws with finite values (``valid`` counts them).
    ``p_orbit_wins`` is the fraction of all draws that are feasible with
    ``cost_ratio < 1``; ``p_infeasible`` the fraction that are infeasible (counted
    as losses). ``samples`` holds inputs and outputs per draw when kept.
    """

    scenario: str
    n: int
    seed: int
    uncertain: dict[str, Distribution]
    stats: dict[str, dict[str, float]]
    p_orbit_wins: float
    p_infeasible: float
    chunk: int
    samples: Any = None  # pandas.DataFrame when kept
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (NaN as None)."""

        def clean(x: float) -> float | None:
            return x if math.isfinite(x) else None

        return {
            "scenario": self.scenario,
            "n": self.n,
            "seed": self.seed,
            "chunk": self.chunk,
            "uncertain": {k: d.spec() for k, d in self.uncertain.items()},
            "p_orbit_wins": self.p_orbit_wins,
            "p_infeasible": self.p_infeasible,
            "stats": {k: {s: clean(v) for s, v in st.items()} for k, st in self.stats.items()},
        }


def _quantiles(values: npt.NDArray[Any], q: Sequence[float] = QUANTILES) -> list[float]:
    """Quantiles of the finite entries (numpy's default linear interpolation); reorders ``values`` in place.

    One partition for all quantiles, with no copy when every entry is finite.
    """
    finite = values[np.isfinite(values)] if not np.isfinite(values).all() else values
    m = finite.size
    if m == 0:
        return [math.nan] * len(q)
    positions = [(m - 1) * p for p in q]
    kth = sorted({k for h in positions for k in (math.floor(h), min(math.floor(h) + 1, m - 1))})
    finite.partition(kth)
    out = []
    for h in positions:
        lo = math.floor(h)
        a = float(finite[lo])
        b = float(finite[min(lo + 1, m - 1)])
        out.append(a + (h - lo) * (b - a))
    return out


def draw(uncertain: Mapping[str, Distribution], n: int, rng: np.random.Generator) -> dict[str, Array]:
    """``n`` draws of every uncertain input, in the mapping's order, from ``rng``."""
    return {name: dist.sample(rng, n) for name, dist in uncertain.items()}


def monte_carlo(
    scenario: Any,
    uncertain: Mapping[str, Distribution | Mapping[str, Any] | str],
    n: int = 100_000,
    seed: int = 0,
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    overrides: Sequence[str] = (),
    chunk: int = 1 << 18,
    keep_samples: bool | None = None,
) -> MonteCarloResult:
    """Propagate input distributions to P10/P50/P90 and means of outputs.

    Parameters
    ----------
    scenario : Scenario or str
        A scenario, preset name or file.
    uncertain : mapping
        ``{parameter: Distribution}`` (or a mapping of its fields, or a
        ``"kind(...)"`` string); parameters are :func:`skyrack.params.resolve`
        names in their canonical units.
    n : int
        Number of draws.
    seed : int
        Seed of the ``Generator(PCG64(seed))``; same seed, ``n`` and ``chunk``
        give bit-identical results.
    outputs : sequence of str
        Output keys to summarise (``economics.cost_ratio`` and
        ``feasibility.code`` are always evaluated).
    chunk : int
        Draws evaluated at once (memory bound).
    keep_samples : bool, optional
        Keep every draw's inputs and outputs as a DataFrame (default: when
        ``n <= 1,000,000``).

    Returns
    -------
    MonteCarloResult

    References
    ----------
    .. [1] N. Metropolis and S. Ulam, "The Monte Carlo method", *J. Am. Stat.
       Assoc.* 44(247), 335-341, 1949.
    """
    from ..model import design_batch, load_scenario
    from ..scenario import Scenario

    if n < 1:
        raise InputError("n", n, "the number of draws must be at least 1")
    if chunk < 1:
        raise InputError("chunk", chunk, "must be at least 1")
    scn = scenario if isinstance(scenario, Scenario) else load_scenario(scenario, overrides)
    dists = as_distributions(uncertain)
    if not dists:
        raise InputError("uncertain", {}, "give at least one uncertain parameter")
    keep = n <= 1_000_000 if keep_samples is None else keep_samples
    wanted = list(dict.fromkeys([*outputs, RATIO, FEASIBILITY]))
    rng = np.random.Generator(np.random.PCG64(seed))
    dtype = np.float64 if n <= FLOAT64_LIMIT else np.float32
    buffers = {k: np.empty(n, dtype=dtype) for k in outputs if k != FEASIBILITY}
    sums = dict.fromkeys(buffers, 0.0)
    counts = dict.fromkeys(buffers, 0)
    wins = infeasible = 0
    kept_in: dict[str, list[Array]] = {k: [] for k in dists}
    kept_out: dict[str, list[Array]] = {k: [] for k in wanted}
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        inputs = draw(dists, m, rng)
        values = design_batch(scn, inputs, chunk=EVAL_CHUNK, outputs=wanted)
        feasible = np.asarray(values[FEASIBILITY]) == 0
        ratio = np.asarray(values[RATIO], dtype=np.float64)
        wins += int(np.count_nonzero(feasible & (ratio < 1.0)))
        infeasible += int(m - np.count_nonzero(feasible))
        for key, buf in buffers.items():
            v = np.asarray(values[key], dtype=np.float64)
            v = np.where(feasible, v, np.nan)
            buf[start : start + m] = v
            ok = np.isfinite(v)
            sums[key] += float(v[ok].sum())
            counts[key] += int(ok.sum())
        if keep:
            for k in dists:
                kept_in[k].append(inputs[k])
            for k in wanted:
                kept_out[k].append(np.array(values[k]))
    stats: dict[str, dict[str, float]] = {}
    for key, buf in buffers.items():
        p10, p50, p90 = _quantiles(buf)
        mean = sums[key] / counts[key] if counts[key] else math.nan
        stats[key] = {"mean": mean, "p10": p10, "p50": p50, "p90": p90, "valid": float(counts[key])}
    samples = None
    if keep:
        import pandas as pd

        cols = {k: np.concatenate(v) for k, v in kept_in.items()}
        cols.update({k: np.concatenate(v) for k, v in kept_out.items() if k not in cols})
        samples = pd.DataFrame(cols)
    return MonteCarloResult(
        scenario=scn.name,
        n=n,
        seed=seed,
        uncertain=dists,
        stats=stats,
        p_orbit_wins=wins / n,
        p_infeasible=infeasible / n,
        chunk=chunk,
        samples=samples,
    )
