"""Failures, checkpointing and goodput.

Checkpoint/restart arithmetic for training jobs interrupted by random faults
(radiation-induced functional interrupts, hardware failures), and sampling of
random (exponential, constant-hazard) failure times for a fleet without repair.

References
----------
.. [1] Young, J. W., *A first order approximation to the optimum checkpoint
       interval*, Communications of the ACM 17(9), 530–531 (1974).
.. [2] Daly, J. T., *A higher order estimate of the optimum checkpoint interval
       for restart dumps*, Future Generation Computer Systems 22(3), 303–312
       (2006).
.. [3] Barlow, R. E. & Proschan, F., *Mathematical Theory of Reliability*,
       Wiley (1965), ch. 2 (exponential law for a constant failure rate).
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._arrays import _f, _where

__all__ = [
    "checkpoint_goodput",
    "sample_failure_times",
    "surviving_fraction",
    "young_daly_interval",
]

FloatArray: TypeAlias = NDArray[np.float64]


def _out(x: FloatArray) -> FloatArray:
    r: FloatArray = x[()] if x.ndim == 0 else x
    return r


def young_daly_interval(mtbf_s: ArrayLike, checkpoint_s: ArrayLike, higher_order: bool = False) -> FloatArray:
    """Optimum compute time between checkpoints, s.

    First order (Young 1974; Daly 2006, first-order estimate):

    .. math:: \\tau_{opt} = \\sqrt{2\\,\\delta\\,M}

    With ``higher_order=True``, Daly's (2006) higher-order estimate for
    δ < 2M: τ = √(2δM)·[1 + ⅓√(δ/2M) + δ/(18M)] − δ, and τ = M for δ ≥ 2M.

    Parameters
    ----------
    mtbf_s : float or array
        Mean time between interrupts M, s (``inf`` for none).
    checkpoint_s : float or array
        Time to write one checkpoint δ, s.
    higher_order : bool, default False
        Use Daly's higher-order estimate.

    Returns
    -------
    float or array
        Interval τ, s (``inf`` when M is infinite). M = 1 day, δ = 60 s →
        √(2·60·86,400) = 3,220 s.

    References
    ----------
    .. [1] Young, CACM 17(9), 530–531 (1974).
    .. [2] Daly, FGCS 22(3), 303–312 (2006).
    """
    m = _f(mtbf_s)
    d = _f(checkpoint_s)
    with np.errstate(invalid="ignore", over="ignore"):
        tau = np.sqrt(2.0 * d * m)
        if higher_order:
            ratio = np.where(np.isinf(m), 0.0, d / np.where(m > 0, m, np.inf))
            ho = tau * (1.0 + np.sqrt(ratio / 2.0) / 3.0 + ratio / 18.0) - d
            tau = np.where(d < 2.0 * m, ho, m)
    return _out(np.asarray(tau, dtype=np.float64))


def checkpoint_goodput(
    mtbf_s: ArrayLike,
    checkpoint_s: ArrayLike,
    restart_s: ArrayLike,
    interval_s: ArrayLike | None = None,
) -> FloatArray:
    """Fraction of wall-clock time doing useful work under checkpoint/restart.

    First-order waste model (Young 1974; Daly 2006): checkpoints cost δ/τ,
    and each interrupt (rate 1/M) loses on average half an interval of work
    plus the restart time R:

    .. math:: W = \\frac{\\delta}{\\tau} + \\frac{\\tau/2 + R}{M},\\qquad
              G = \\min(\\max(1 - W, 0), 1)

    At the optimum τ = √(2δM) this is W = √(2δ/M) + R/M.

    Parameters
    ----------
    mtbf_s : float or array
        Mean time between interrupts M, s (``inf`` for none).
    checkpoint_s : float or array
        Checkpoint write time δ, s.
    restart_s : float or array
        Restart (reload and re-initialise) time R, s.
    interval_s : float or array, optional
        Checkpoint interval τ, s; the first-order optimum when omitted.

    Returns
    -------
    float or array
        Goodput fraction in [0, 1]. M = 86,400 s, δ = 60 s, R = 300 s →
        W = √(120/86,400) + 300/86,400 = 0.04074, G = 0.95926.

    References
    ----------
    .. [1] Young, CACM 17(9), 530–531 (1974).
    .. [2] Daly, FGCS 22(3), 303–312 (2006).
    """
    m, d, r = _f(mtbf_s), _f(checkpoint_s), _f(restart_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        inv_m = _where(np.isinf(m), 0.0, 1.0 / m)
        if interval_s is None:
            waste = np.sqrt(2.0 * d * inv_m) + r * inv_m
        else:
            tau = _f(interval_s)
            waste = _where(tau > 0, d / tau, np.inf) + (0.5 * tau + r) * inv_m
    waste = _where(np.isnan(waste), np.inf, waste)
    # np.clip's values: 1 − waste is never −0, where np.maximum and np.clip would differ
    return _out(np.asarray(np.minimum(np.maximum(1.0 - waste, 0.0), 1.0), dtype=np.float64))


def sample_failure_times(shape: int | tuple[int, ...], rate_per_s: ArrayLike, rng: np.random.Generator) -> FloatArray:
    """Random failure times of items with a constant hazard rate, s.

    Exponential law, T = E/λ with E ~ Exp(1): mean 1/λ, no ageing, no repair.

    Parameters
    ----------
    shape : int or tuple
        Output shape (e.g. (n_satellites, n_accelerators)).
    rate_per_s : float or array
        Failure rate λ, 1/s, broadcastable to ``shape``; 0 gives ``inf``.
    rng : numpy.random.Generator
        Seeded generator (reproducible draws).

    Returns
    -------
    array
        Failure times from the start, s.

    References
    ----------
    .. [1] Barlow & Proschan, *Mathematical Theory of Reliability* (1965), ch. 2.
    """
    lam = _f(rate_per_s)
    if np.any(lam < 0) or not np.all(np.isfinite(lam)):
        raise ValueError(f"rate_per_s must be finite and >= 0, got {rate_per_s!r}")
    e = rng.standard_exponential(shape)
    with np.errstate(divide="ignore"):
        t = e / np.broadcast_to(lam, e.shape)
    return np.asarray(t, dtype=np.float64)


def surviving_fraction(t_s: ArrayLike, rate_per_s: ArrayLike) -> FloatArray:
    """Expected fraction of items still working at time t (constant hazard).

    .. math:: S(t) = e^{-\\lambda t}

    Parameters
    ----------
    t_s : float or array
        Time since start, s.
    rate_per_s : float or array
        Failure rate λ, 1/s.

    Returns
    -------
    float or array
        Survival probability. λ = 1e-8 /s, t = 1 yr (3.15576e7 s) → e^−0.315576 = 0.7293.

    References
    ----------
    .. [1] Barlow & Proschan (1965), ch. 2.
    """
    return _out(np.asarray(np.exp(-_f(rate_per_s) * _f(t_s)), dtype=np.float64))
