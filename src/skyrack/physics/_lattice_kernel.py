"""The compiled inner loops of :mod:`skyrack.physics.station_keeping`'s lattice blends.

:func:`drag_terms_kernel` is the batch pass of ``lifetime_drag_terms``;
:func:`corner_sum_kernel` the weighted sum of ``tracking_area_factors``.

The first takes, for each design and each of the four lattice corners around
its orbit plane, the mission-mean density, the dead satellite's natural decay
time and the disposal altitude from the corner's node tables, and sums them with
the bilinear weights (in log for the first two). Both perform, element by
element and in the same order, the operations of the numpy code they stand for
in :mod:`skyrack.physics.station_keeping` (for the first: ``_log_mean_density_at``,
``_log_decay_years_at``, ``_disposal_altitude_at`` and ``_weighted``), so they give
the same floats; one pass over the designs replaces about 150 array operations
and a sort. The physics and its sources are documented there.

They take no numba-only construct, so a single design runs their Python source
(``_lazy.call``): the same operations on numpy scalars, without loading numba.
"""

from __future__ import annotations

import numpy as np

from .._lazy import numba  # numba loads when the kernel first runs
from ._arrays import FloatArray

__all__ = ["corner_sum_kernel", "corners_kernel", "drag_terms_kernel"]


@numba.njit(cache=True, inline="always")
def _at_least(x: float, low: float) -> float:  # pragma: no cover - compiled
    """``np.maximum(x, low)``: NaN stays NaN."""
    return x if (x >= low or x != x) else low


@numba.njit(cache=True, inline="always")
def _clip(x: float, low: float, high: float) -> float:  # pragma: no cover - compiled
    """``np.minimum(np.maximum(x, low), high)``: NaN stays NaN."""
    x = _at_least(x, low)
    return x if (x <= high or x != x) else high


@numba.njit(cache=True, inline="always")
def _index(j: float, last: int) -> int:  # pragma: no cover - compiled
    """A table index clipped to [0, last] (0 for NaN)."""
    return 0 if j != j else int(_clip(j, 0.0, last))


@numba.njit(cache=True, inline="always")
def _wrap(year: float, start: float, end: float, cycle: float) -> float:  # pragma: no cover - compiled
    """A date moved into [start, end] by whole forecast cycles."""
    early = np.ceil(_at_least(start - year, 0.0) / cycle)
    late = np.ceil(_at_least(year - end, 0.0) / cycle)
    return year + (early - late) * cycle


@numba.njit(cache=True, inline="always")
def _month(year: float, months: FloatArray) -> tuple[int, float]:  # pragma: no cover - compiled
    """The monthly tables' column at or before ``year`` and the weight of the next one."""
    x = _clip((year - months[0]) / months[1], 0.0, months[2])
    k = int(np.floor(x)) if x == x else 0
    return k, x - k


@numba.njit(cache=True, inline="always")
def _integral(cum: FloatArray, row: int, k: int, a: float) -> float:  # pragma: no cover - compiled
    """∫ρ dt from the table start to month ``k`` + ``a`` along row ``row`` of the stacked monthly tables."""
    return cum[row, k] * (1.0 - a) + cum[row, k + 1] * a


@numba.njit(cache=True, inline="always")
def _decay(table: FloatArray, s: int, h: float, j: int, grid: FloatArray) -> float:  # pragma: no cover - compiled
    """The decay integral of node slot ``s`` at altitude ``h`` (in cell ``j`` of the uniform ``grid``)."""
    n = grid.size
    if h < grid[0]:
        return table[s, 0]
    if h >= grid[n - 1]:
        return table[s, n - 1]
    lo, hi = table[s, j], table[s, j + 1]
    return (hi - lo) / (grid[j + 1] - grid[j]) * (h - grid[j]) + lo


@numba.njit(cache=True, inline="always")
def _count_at_most(row: FloatArray, y: float, hint: int) -> int:  # pragma: no cover - compiled
    """``np.searchsorted(row, y, side="right")`` for an increasing ``row`` and a number ``y``, searched
    outward from index ``hint`` (1, 2, 4 … steps, then halving): few reads when the answer is near it."""
    n = row.size
    if row[hint] <= y:  # the answer lies above hint
        lo, step = hint + 1, 1
        while hint + step < n and row[hint + step] <= y:
            lo, step = hint + step + 1, 2 * step
        hi = min(hint + step, n)
    else:
        hi, step = hint, 1
        while hint - step >= 0 and row[hint - step] > y:
            hi, step = hint - step, 2 * step
        lo = max(hint - step + 1, 0)
    while lo < hi:
        mid = (lo + hi) // 2
        if row[mid] <= y:
            lo = mid + 1
        else:
            hi = mid
    return lo


@numba.njit(cache=True, inline="always")
def _altitude(table: FloatArray, s: int, y: float, j: int, grid: FloatArray) -> float:  # pragma: no cover - compiled
    """Where node slot ``s``'s increasing decay table reaches ``y`` (in cell ``j`` of ``grid``), interpolated."""
    n = grid.size
    if y < table[s, 0]:
        return grid[0]
    if y >= table[s, n - 1]:
        return grid[n - 1]
    x0, x1 = table[s, j], table[s, j + 1]
    return (grid[j + 1] - grid[j]) / (x1 - x0) * (y - x0) + grid[j]


@numba.njit(cache=True)
def corners_kernel(
    inc: FloatArray, lt: FloatArray, inc_step: float, lt_step: float, codes: np.ndarray, weights: FloatArray
) -> None:  # pragma: no cover - compiled
    """The lattice nodes around each (inclination rad, LTAN h) and their bilinear weights, into (4, n).

    Inclinations are clipped to [0, π] (a non-finite one is looked up at 0: the
    caller masks it); a NaN LTAN (a drifting plane) puts its LTAN weight on the
    drifting node. Node codes number inclination rows of ``24 / lt_step`` LTANs
    and the drifting node each.
    """
    n_inc, per_day = round(np.pi / inc_step), round(24.0 / lt_step)
    for d in range(inc.size):
        i = inc[d]
        x = (np.minimum(np.maximum(i, 0.0), np.pi) if np.isfinite(i) else 0.0) / inc_step
        i0 = np.minimum(np.floor(x), n_inc - 1.0)
        wi = x - i0
        sso = np.isfinite(lt[d])
        t = lt[d] if sso else 0.0
        y = (t if 0.0 <= t < 24.0 else np.mod(t, 24.0)) / lt_step  # np.mod's value, without its call
        j0 = np.floor(y)
        wj = y - j0 if sso else 0.0
        row = int(i0) * (per_day + 1)
        j0c = int(j0) % per_day if sso else per_day  # j0 is a whole number >= 0: np.mod(j0, per_day)
        j1c = (int(j0) + 1) % per_day if sso else per_day
        nxt = row + per_day + 1
        codes[0, d], codes[1, d], codes[2, d], codes[3, d] = row + j0c, row + j1c, nxt + j0c, nxt + j1c
        weights[0, d], weights[1, d] = (1.0 - wi) * (1.0 - wj), (1.0 - wi) * wj
        weights[2, d], weights[3, d] = wi * (1.0 - wj), wi * wj


@numba.njit(cache=True, error_model="numpy")
def drag_terms_kernel(
    slot: np.ndarray,
    weight: FloatArray,
    values: FloatArray,
    cum: FloatArray,
    decay: FloatArray,
    altitudes: FloatArray,
    grid: FloatArray,
    months: FloatArray,
    out: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Σ over the four corners of weight × (log ρ̄, log decay years, disposal altitude), into ``out`` (3, m).

    ``slot`` and ``weight`` are (4, m): the corners' node slots and bilinear
    weights (a corner of weight 0 adds nothing). ``values`` is (5, m): altitude
    m, start year, mission years, dead ballistic coefficient kg/m², allowed decay
    years. ``cum`` is the stacked ∫ρ dt tables (slot × altitude row, month),
    ``decay`` the decay integrals (slot, ``grid``); ``altitudes`` is
    (first altitude m, step m, last fractional row, rows per slot) and ``months``
    is (first year, step years, last fractional month, table end year, forecast
    cycle years, seconds per year).
    """
    h0, dh, h_last, rows = altitudes[0], altitudes[1], altitudes[2], int(altitudes[3])
    t0, t_end, cycle, year_s = months[0], months[3], months[4], months[5]
    n, cell = grid.size, grid[1] - grid[0]
    for d in range(slot.shape[1]):
        h, life, b = values[0, d], values[2, d], values[3, d]
        x = _clip((h - h0) / dh, 0.0, h_last)
        i = int(np.floor(x)) if x == x else 0
        wa = x - i
        start = _wrap(values[1, d], t0, t_end, cycle)
        end = start + life
        back = np.ceil(_at_least(end - t_end, 0.0) / cycle)
        start, end = start - back * cycle, end - back * cycle
        (k0, a0), (k1, a1) = _month(start, months), _month(end, months)
        span = life * year_s
        # every corner's mean densities first, so that their reads of the large ∫ρ dt table (cache misses)
        # go out together rather than one corner at a time (about 10 % off the pass on random designs)
        lo0 = hi0 = lo1 = hi1 = lo2 = hi2 = lo3 = hi3 = 1.0
        for c in range(4):
            if weight[c, d] > 0.0:
                row = slot[c, d] * rows + i
                lo = (_integral(cum, row, k1, a1) - _integral(cum, row, k0, a0)) / span
                hi = (_integral(cum, row + 1, k1, a1) - _integral(cum, row + 1, k0, a0)) / span
                if c == 0:
                    lo0, hi0 = lo, hi
                elif c == 1:
                    lo1, hi1 = lo, hi
                elif c == 2:
                    lo2, hi2 = lo, hi
                else:
                    lo3, hi3 = lo, hi
        j_h = _index(np.floor((h - grid[0]) / cell), n - 2)
        y = values[4, d] * year_s / b
        j_y = n - 2 if y != y else -1  # y's decay-table cell: searched at the first corner, then from the last
        for c in range(4):
            w = weight[c, d]
            if not w > 0.0:
                terms = (0.0, 0.0, 0.0)
            else:
                s = slot[c, d]
                lo, hi = (lo0, hi0) if c == 0 else (lo1, hi1) if c == 1 else (lo2, hi2) if c == 2 else (lo3, hi3)
                log_rho = np.log(lo) * (1.0 - wa) + np.log(hi) * wa
                years = b * _decay(decay, s, h, j_h, grid) / year_s
                if y == y:
                    found = np.searchsorted(decay[s], y, side="right") if j_y < 0 else _count_at_most(decay[s], y, j_y)
                    j_y = _index(found - 1.0, n - 2)
                terms = (w * log_rho, w * np.log(years), w * _altitude(decay, s, y, j_y, grid))
            if c == 0:
                out[0, d], out[1, d], out[2, d] = terms
            else:
                out[0, d] += terms[0]
                out[1, d] += terms[1]
                out[2, d] += terms[2]


@numba.njit(cache=True)
def corner_sum_kernel(code: np.ndarray, weight: FloatArray, table: FloatArray, out: FloatArray) -> None:
    """``out[k, d] = Σ_c weight[c, d] · table[code[c, d], k]`` over the four corners, summed in corner order.

    ``(weight[..., None] * table[code]).sum(axis=0).T`` in one pass: ``code``
    and ``weight`` are (4, m), ``table`` (nodes, k), ``out`` (k, m).
    """
    for d in range(code.shape[1]):
        for k in range(table.shape[1]):
            total = weight[0, d] * table[code[0, d], k]
            for c in range(1, 4):
                total += weight[c, d] * table[code[c, d], k]
            out[k, d] = total
