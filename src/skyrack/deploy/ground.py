"""The ground over time: permits, construction, the grid queue and a cap on power added per year.

A terrestrial data center's first power arrives when both the building and
its power are ready. On the grid the interconnection request is filed at the
go decision and waits in the queue while permits and construction proceed;
with on-site generation the plant is built after the permits, alongside the
hall. From first power on, IT power grows at most ``max_power_per_year``
until the site reaches its full size.

References
----------
.. [1] JLL 2026 Global Data Center Outlook (~4 yr national average wait for utility
       power, 7 yr for 100 MW in Northern Virginia); Dominion Energy letter to large-load
       customers, Aug 2024 (3-4 yr historically, 1-3 yr more now).
.. [2] Epoch AI, "Data-center build-out speeds" data insight, 2025
       (construction start to 1 GW: 1–3.6 yr for tracked US sites).
.. [3] Conventional build ~4 yr including ~3 yr of planning and permits
       (J. Huang, via nextbigfuture); xAI Colossus: 122 days on on-site gas
       turbines (E. Musk, post on X, 2 Sept 2024; see docs/sources.md).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..schedule import first_power_time

__all__ = ["first_power_time", "ground_power_online", "ground_power_yearly"]

_SUBSTEPS = 64


def ground_power_online(
    t_yr: ArrayLike, first_power_yr: float, target_w: float, max_w_per_yr: float
) -> NDArray[np.float64]:
    """IT power online at times ``t`` after the go decision, capped ramp.

    .. math:: P(t) = \\min\\big(P_{target},\\ \\dot P_{max} \\max(0, t - t_0)\\big)

    Parameters
    ----------
    t_yr : array
        Times since the go decision, yr.
    first_power_yr : float
        First power t_0, yr (:func:`first_power_time`).
    target_w : float
        Full IT power of the site, W.
    max_w_per_yr : float
        Most IT power added per year, W/yr.

    Returns
    -------
    numpy.ndarray
        IT power online, W; never above ``target_w``.

    References
    ----------
    .. [1] Epoch AI build-out speeds (2025): the fastest US sites add ~1 GW
           in a year from construction start.

    Examples
    --------
    >>> ground_power_online([5.0, 5.5, 7.0], 5.0, 750e6, 1e9).tolist()
    [0.0, 500000000.0, 750000000.0]
    """
    t = np.asarray(t_yr, dtype=float)
    return np.asarray(np.minimum(target_w, max_w_per_yr * np.maximum(0.0, t - first_power_yr)), dtype=float)


def ground_power_yearly(
    years: int, first_power_yr: float, target_w: float, max_w_per_yr: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """IT power at the end of each year and its mean over the year.

    Parameters
    ----------
    years : int
        Years since the go decision.
    first_power_yr, target_w, max_w_per_yr : float
        As in :func:`ground_power_online`.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        End-of-year IT power and year-mean IT power, W (midpoint rule, 64
        steps a year).

    References
    ----------
    .. [1] JLL 2026 Global Data Center Outlook; Epoch AI build-out speeds (2025).
    """
    end = ground_power_online(np.arange(1, years + 1, dtype=float), first_power_yr, target_w, max_w_per_yr)
    mid = (np.arange(years * _SUBSTEPS, dtype=float) + 0.5) / _SUBSTEPS
    mean = ground_power_online(mid, first_power_yr, target_w, max_w_per_yr).reshape(years, _SUBSTEPS).mean(axis=1)
    return end, np.asarray(mean, dtype=float)
