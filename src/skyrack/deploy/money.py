"""Money along a year-by-year campaign: cohorts of hardware, what they cost and what they deliver.

Every tranche of capacity (the satellites launched in a year, the IT power a ground site adds in a
year, each refresh of its accelerators) is a cohort that enters service at a time ``τ`` and serves
for its life. Its capital is paid when it is built (satellites: the lead time before launch; the
ground's hall: its construction time before power), its running costs and output flow while it
serves, and whatever of its life falls after the planning horizon is credited back as residual
value in proportion to the output it would still deliver there. The levelised cost over the
horizon is then the present value of charged cost over the present value of output, discounted
continuously as in the closed-form design (:mod:`skyrack.economics`), with which it agrees for
a steady programme.

References
----------
.. [1] Brealey, Myers & Allen, *Principles of Corporate Finance*, 13th ed., ch. 2 (present value).
.. [2] NREL, "Simple Levelized Cost of Energy Calculator Documentation" (levelised cost).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["Cohorts", "decaying_integral", "levelised_over_horizon", "yearly_flow", "yearly_payments"]

Array = NDArray[np.float64]


def _a(x: ArrayLike) -> Array:
    return np.asarray(x, dtype=np.float64)


def decaying_integral(start: ArrayLike, end: ArrayLike, born: ArrayLike, decay: ArrayLike, rho: ArrayLike) -> Array:
    """∫ e^(−ρ t) e^(−λ (t − τ)) dt from ``start`` to ``end`` (0 where end <= start).

    Parameters
    ----------
    start, end : array
        Limits of integration [yr].
    born : array
        Time the flow began τ [yr] (its level is 1 there).
    decay : float or array
        Decay rate λ of the flow [1/yr].
    rho : float
        Continuous discount rate ρ = ln(1 + r) [1/yr] (0: undiscounted).

    Returns
    -------
    numpy.ndarray
        Present value (at t = 0) of the flow over the interval, per unit level.

    References
    ----------
    .. [1] Brealey, Myers & Allen, ch. 2.

    Examples
    --------
    One unit a year for a year, undiscounted and not decaying:

    >>> float(decaying_integral(0.0, 1.0, 0.0, 0.0, 0.0))
    1.0
    """
    a, b, tau = _a(start), _a(end), _a(born)
    k = _a(rho) + _a(decay)
    b = np.maximum(a, b)
    safe = np.where(np.abs(k) > 1e-12, k, 1.0)
    pv = np.where(
        np.abs(k) > 1e-12,
        (np.exp(-safe * a) - np.exp(-safe * b)) / safe,
        b - a,
    )
    return np.asarray(pv * np.exp(_a(decay) * tau), dtype=np.float64)


@dataclass(frozen=True)
class Cohorts:
    """Tranches of capacity: when each enters service, how much it is, how long it serves and how it fades.

    ``level`` is the output (or running cost) rate of each cohort when new; ``capital`` is paid at
    ``paid``; output decays at ``decay`` per year. ``life`` is the asset's service life, over which
    its capital is recovered; ``serve`` (default: ``life``) the part of it actually used, after which
    what is left is not charged to the programme.
    """

    born: Array
    level: Array
    life: Array
    decay: Array
    capital: Array
    paid: Array
    serve: Array | None = None

    def pv_output(self, rho: float, horizon: float) -> tuple[Array, Array]:
        """Present value of each cohort's output within the horizon (while used) and over its whole life."""
        used = self.life if self.serve is None else np.minimum(self.serve, self.life)
        within = decaying_integral(self.born, np.minimum(self.born + used, horizon), self.born, self.decay, rho)
        whole = decaying_integral(self.born, self.born + self.life, self.born, self.decay, rho)
        return self.level * within, self.level * whole

    def charged_capital(self, rho: float, horizon: float) -> Array:
        """Present value of each cohort's capital, less the residual value of its life after the horizon."""
        within, whole = self.pv_output(rho, horizon)
        share = np.where(whole > 0, within / np.where(whole > 0, whole, 1.0), 0.0)
        return np.asarray(self.capital * np.exp(-rho * self.paid) * share, dtype=np.float64)


def yearly_flow(cohorts: Cohorts, years: int) -> Array:
    """Undiscounted flow of each year ``[y, y + 1)`` summed over the cohorts (level × time served, faded)."""
    start = np.arange(years, dtype=float)[:, None]
    end = start + 1.0
    born, stop = cohorts.born[None, :], (cohorts.born + cohorts.life)[None, :]
    amount = decaying_integral(np.maximum(start, born), np.minimum(end, stop), born, cohorts.decay[None, :], 0.0)
    return np.asarray((amount * cohorts.level[None, :]).sum(axis=1), dtype=np.float64)


def yearly_payments(amount: ArrayLike, when: ArrayLike, years: int) -> Array:
    """Payments ``amount`` made at times ``when`` [yr], summed by year (before the horizon only)."""
    idx = np.floor(_a(when)).astype(int)
    out = np.zeros(years)
    keep = (idx >= 0) & (idx < years)
    np.add.at(out, np.clip(idx, 0, years - 1)[keep], _a(amount)[keep])
    return out


def levelised_over_horizon(
    output: Cohorts,
    capital: Sequence[Cohorts],
    running: Sequence[Cohorts],
    fixed_usd: float,
    rho: float,
    horizon: float,
) -> tuple[float, float, float]:
    """Present value of the cost charged to the horizon, of the output within it, and their ratio.

    ``output`` carries the output and its own capital; ``capital`` more capital paid at other
    times or recovered over other lives (launches, buildings); ``running`` the flows that last while
    the cohorts serve (operations, insurance, energy, repairs). ``fixed_usd`` is paid at t = 0 in full.

    Returns
    -------
    (float, float, float)
        PV cost [USD], PV output [output unit x yr], cost per unit of output.

    References
    ----------
    .. [1] NREL, "Simple Levelized Cost of Energy Calculator Documentation".
    """
    pv_out, _ = output.pv_output(rho, horizon)
    cost = float(output.charged_capital(rho, horizon).sum()) + fixed_usd
    cost += sum(float(c.charged_capital(rho, horizon).sum()) for c in capital)
    cost += sum(float(r.pv_output(rho, horizon)[0].sum()) for r in running)
    delivered = float(pv_out.sum())
    return cost, delivered, cost / delivered if delivered > 0 else float("nan")
