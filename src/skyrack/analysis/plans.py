"""Compact descriptions of a run's points, expanded one chunk at a time where the chunk runs.

A sweep of forty million points is fully described by a handful of numbers: the
swept parameters, the design method, the number of points and the seed. Tasks
carry that description and a range of point indices, and the worker expands its
own range, so neither the client nor the scheduler ever holds the points. Every
range expands to exactly the values the whole design has at those indices, so a
run gives the same numbers bit for bit however it is chunked and wherever its
chunks run.

- grid: flat index ``k`` is unravelled in C order over the axes (the order of
  ``numpy.meshgrid(..., indexing="ij")`` flattened);
- random: PCG64 [1]_ draws one 64-bit output per double, so a chunk starting at
  point ``k`` advances the generator by ``k * d`` outputs;
- Sobol: the scrambled sequence [2]_ [3]_ is fast-forwarded to the chunk's first point;
- Latin hypercube [4]_: in dimension ``j`` point ``k`` falls in stratum
  ``pi_j(k)`` of ``n``, where ``pi_j`` is a keyed pseudo-random permutation of
  ``0 .. n-1`` evaluated point by point (a balanced Feistel network [5]_ over the
  next even power of two, restricted to ``n`` by cycle walking [6]_, with the
  SplitMix64 finaliser [7]_ as round function), and the position inside the
  stratum is a PCG64 draw advanced to the chunk. Every stratum of every
  dimension holds exactly one point, as in any Latin hypercube; a permutation
  drawn by shuffling (scipy's ``LatinHypercube``) cannot be evaluated for one
  chunk without drawing it whole, so skyrack's designs differ from scipy's for
  the same seed;
- Saltelli [8]_: base row ``i`` of a Sobol sensitivity design expands to its
  ``d + 2`` model runs (A, the d cross-samples AB, then B) from the
  fast-forwarded ``2d``-dimensional Sobol sequence, the layout of SALib [9]_.

References
----------
.. [1] M. E. O'Neill, "PCG: A family of simple fast space-efficient statistically
   good algorithms for random number generation", Harvey Mudd College,
   HMC-CS-2014-0905, 2014.
.. [2] S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
   two-dimensional projections", *SIAM J. Sci. Comput.* 30(5), 2635-2654, 2008.
.. [3] A. B. Owen, "Scrambling Sobol' and Niederreiter-Xing points",
   *J. Complexity* 14(4), 466-489, 1998.
.. [4] M. D. McKay, R. J. Beckman and W. J. Conover, "A comparison of three
   methods for selecting values of input variables in the analysis of output
   from a computer code", *Technometrics* 21(2), 239-245, 1979.
.. [5] M. Luby and C. Rackoff, "How to construct pseudorandom permutations from
   pseudorandom functions", *SIAM J. Comput.* 17(2), 373-386, 1988.
.. [6] J. Black and P. Rogaway, "Ciphers with arbitrary finite domains",
   *CT-RSA 2002*, LNCS 2271, 114-130, 2002.
.. [7] G. L. Steele, D. Lea and C. H. Flood, "Fast splittable pseudorandom
   number generators", *OOPSLA 2014*, 453-472, 2014.
.. [8] A. Saltelli et al., "Variance based sensitivity analysis of model output.
   Design and estimator for the total sensitivity index", *Comput. Phys.
   Commun.* 181(2), 259-270, 2010.
.. [9] J. Herman and W. Usher, "SALib: An open-source Python library for
   sensitivity analysis", *J. Open Source Softw.* 2(9), 97, 2017.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..errors import InputError

if TYPE_CHECKING:
    from .sweep import Vary

Array = npt.NDArray[np.float64]
METHODS: tuple[str, ...] = ("grid", "random", "lhs", "sobol")
FEISTEL_ROUNDS = 6
_BELOW_ONE = math.nextafter(1.0, 0.0)
_JITTER_STREAM, _KEY_STREAM = 1, 2  # spawn keys of the Latin hypercube's two random streams


def latin_strata(n: int, seed: int, dims: int, start: int, stop: int) -> npt.NDArray[np.int64]:
    """Strata ``pi_j(k)`` of points ``start .. stop-1`` of an ``n``-point Latin hypercube, shape (m, dims).

    Column ``j`` over all ``k`` in ``0 .. n-1`` is a permutation of ``0 .. n-1``;
    the permutations of the dimensions are keyed by ``SeedSequence(seed)``.

    References
    ----------
    .. [1] Luby and Rackoff, *SIAM J. Comput.* 17(2), 373-386, 1988.
    .. [2] Black and Rogaway, *CT-RSA 2002*, LNCS 2271, 114-130, 2002.
    """
    from ._feistel import feistel_strata

    state = np.random.SeedSequence(seed, spawn_key=(_KEY_STREAM,)).generate_state(dims * FEISTEL_ROUNDS, np.uint64)
    keys = np.asarray(state, dtype=np.uint64)
    half_bits = max(1, ((n - 1).bit_length() + 1) // 2)
    out = np.empty((dims, stop - start), dtype=np.int64)
    for j in range(dims):
        feistel_strata(start, stop, n, half_bits, keys[j * FEISTEL_ROUNDS : (j + 1) * FEISTEL_ROUNDS], out[j])
    return out.T


def _advanced_pcg(seed: Any, draws: int) -> np.random.Generator:
    """A PCG64 generator of ``seed`` (an int or a SeedSequence) advanced by ``draws`` 64-bit outputs [1]_."""
    bits = np.random.PCG64(seed)
    bits.advance(draws)
    return np.random.Generator(bits)


def _sobol(d: int, seed: int, start: int, count: int) -> Array:
    """Points ``start .. start+count-1`` of the Owen-scrambled Sobol sequence of dimension ``d`` [2]_ [3]_."""
    from scipy.stats import qmc

    engine = qmc.Sobol(d, scramble=True, seed=seed)
    if start:
        engine.fast_forward(start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the "n is not a power of two" balance warning
        return np.asarray(engine.random(count))


def unit_points(method: str, n: int, d: int, seed: int, start: int, stop: int) -> Array:
    """Points ``start .. stop-1`` of an ``n``-point design in the unit cube ``[0, 1)**d``, shape (m, d).

    ``method`` is ``"random"`` (uniform, PCG64), ``"lhs"`` (Latin hypercube) or
    ``"sobol"`` (scrambled Sobol); any range equals the same rows of the whole
    design, bit for bit (see the module notes).
    """
    m = stop - start
    if method == "random":
        return _advanced_pcg(seed, start * d).random((m, d))
    if method == "sobol":
        return _sobol(d, seed, start, m)
    if method == "lhs":
        jitter = _advanced_pcg(np.random.SeedSequence(seed, spawn_key=(_JITTER_STREAM,)), start * d).random((m, d))
        u = (latin_strata(n, seed, d, start, stop) + jitter) / n
        return np.minimum(u, _BELOW_ONE, out=u)  # (n - 1 + 0.99...) / n may round up to 1
    raise InputError("--method", method, "use grid, random, lhs or sobol")


@dataclass(frozen=True)
class SweepPlan:
    """The points of a sweep, described compactly: what varies, how, how many and the seed.

    ``points(start, stop)`` expands flat indices ``start .. stop-1`` on whichever
    process calls it; :func:`skyrack.analysis.sweep.design_points` is
    ``points(0, size)``.
    """

    varies: tuple[Vary, ...]
    method: str = "grid"
    n: int = 1024
    seed: int = 0

    def __post_init__(self) -> None:
        if not self.varies:
            raise InputError("--vary", [], "give at least one parameter to vary")
        names = [v.name for v in self.varies]
        if len(set(names)) != len(names):
            raise InputError("--vary", names, "each parameter may be varied once")
        if self.method not in METHODS:
            raise InputError("--method", self.method, "use grid, random, lhs or sobol")
        if self.method != "grid" and self.n < 1:
            raise InputError("-n", self.n, "the number of points must be at least 1")

    @property
    def shape(self) -> tuple[int, ...]:
        """Values per axis of a grid (``(n,)`` for the sampled methods)."""
        if self.method == "grid":
            return tuple(len(v.values) if v.values is not None else v.count for v in self.varies)
        return (self.n,)

    @property
    def size(self) -> int:
        """Number of points."""
        return math.prod(self.shape)

    def points(self, start: int = 0, stop: int | None = None) -> dict[str, Array]:
        """``{name: values}`` of points ``start .. stop-1`` (default: all), in canonical units."""
        stop = self.size if stop is None else stop
        if not 0 <= start <= stop <= self.size:
            raise InputError("points", (start, stop), f"a range within 0..{self.size}")
        if self.method == "grid":
            index = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
            return {v.name: v.grid()[i] for v, i in zip(self.varies, index, strict=True)}
        u = unit_points(self.method, self.n, len(self.varies), self.seed, start, stop)
        return {v.name: v.scale(u[:, j]) for j, v in enumerate(self.varies)}

    def describe(self) -> dict[str, Any]:
        """JSON-ready description (what a checkpoint's hash is taken over)."""
        return {
            "method": self.method,
            "n": self.size,
            "seed": self.seed if self.method != "grid" else None,
            "varies": [
                {"name": v.name, "low": v.low, "high": v.high, "count": v.count, "log": v.log, "values": v.values}
                for v in self.varies
            ],
            "generator": "skyrack.plans/1",
        }


def chunks(total: int, size: int) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges of at most ``size`` covering ``0 .. total-1`` in order."""
    if size < 1:
        raise InputError("task_size", size, "must be at least 1")
    return [(start, min(start + size, total)) for start in range(0, total, size)]


@dataclass(frozen=True)
class SaltelliPlan:
    """A Saltelli design for first and total Sobol indices [8]_: ``n`` base rows of ``d + 2`` runs each.

    Equal to ``SALib.sample.sobol.sample(problem, n, calc_second_order=False,
    seed=seed)`` on the unit cube, row for row, but expandable one range of base
    rows at a time.
    """

    d: int
    n: int
    seed: int = 0

    @property
    def runs_per_row(self) -> int:
        """Model runs per base row: A, the ``d`` cross-samples, B."""
        return self.d + 2

    def rows(self, start: int, stop: int) -> Array:
        """Unit-cube runs of base rows ``start .. stop-1``, shape ((stop - start) (d + 2), d)."""
        base = _sobol(2 * self.d, self.seed, start, stop - start)
        a, b = base[:, : self.d], base[:, self.d :]
        out = np.empty((stop - start, self.runs_per_row, self.d))
        out[:, 0, :] = a
        for k in range(self.d):
            out[:, 1 + k, :] = a
            out[:, 1 + k, k] = b[:, k]
        out[:, -1, :] = b
        return out.reshape(-1, self.d)


def split_rows(total_rows: int, runs_per_row: int, task_runs: int) -> Sequence[tuple[int, int]]:
    """Ranges of base rows holding about ``task_runs`` model runs each (at least one row)."""
    return chunks(total_rows, max(1, task_runs // runs_per_row))
