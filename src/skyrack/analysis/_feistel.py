"""Compiled kernel of the Latin hypercube's keyed permutation (:func:`skyrack.analysis.plans.latin_strata`).

References
----------
.. [1] M. Luby and C. Rackoff, "How to construct pseudorandom permutations from
   pseudorandom functions", *SIAM J. Comput.* 17(2), 373-386, 1988.
.. [2] J. Black and P. Rogaway, "Ciphers with arbitrary finite domains",
   *CT-RSA 2002*, LNCS 2271, 114-130, 2002.
.. [3] G. L. Steele, D. Lea and C. H. Flood, "Fast splittable pseudorandom
   number generators", *OOPSLA 2014*, 453-472, 2014.
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt


@numba.njit(cache=True)
def _mix64(x: np.uint64) -> np.uint64:  # pragma: no cover - compiled
    """SplitMix64's output function [3]_: a bijective avalanche of 64 bits (arithmetic modulo 2**64)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@numba.njit(cache=True)
def feistel_strata(
    start: int, stop: int, n: int, half_bits: int, keys: npt.NDArray[np.uint64], out: npt.NDArray[np.int64]
) -> None:  # pragma: no cover - compiled
    """``out[k - start] = pi(k)`` for ``start <= k < stop``: a keyed permutation of ``0 .. n-1``.

    A balanced Feistel network on ``2 * half_bits`` bits is a permutation of
    ``0 .. 4**half_bits - 1`` [1]_; applying it again while the value is ``>= n``
    (cycle walking [2]_) restricts it to a permutation of ``0 .. n-1``.
    """
    mask = np.uint64((1 << half_bits) - 1)
    shift = np.uint64(half_bits)
    for k in range(start, stop):
        x = np.uint64(k)
        while True:
            left, right = x >> shift, x & mask
            for key in keys:
                left, right = right, left ^ (_mix64(right ^ key) & mask)
            x = (left << shift) | right
            if x < np.uint64(n):
                break
        out[k - start] = np.int64(x)
