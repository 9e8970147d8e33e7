"""Compute payload: accelerator count, IT power, peak and delivered FLOP/s, mass.

The compute payload is counted in accelerators (GPUs or TPUs). Each draws its
board power P_acc plus a server/rack overhead — CPUs, switches, NICs, memory,
fans or pumps and power conversion — expressed as a fraction of accelerator
power. For an NVIDIA DGX H100 the maximum system power is 10.2 kW against
8 × 700 W = 5.6 kW of GPUs, an overhead of +82 % at maximum [1]_; an NVL72
rack draws ~120–132 kW against 72 × 1.2 kW of GPUs, +40–53 % [2]_.

All functions are pure and vectorised and do not validate input. Counts are
returned as floats; rounding to whole accelerators is the caller's decision.

References
----------
.. [1] NVIDIA, *DGX H100/H200 User Guide* (system specifications: 10.2 kW max,
       8 × H100 SXM5 at 700 W).
.. [2] NVIDIA, *GB200 NVL72* product specifications (72 Blackwell GPUs at
       1.2 kW; rack power ~120–132 kW as reported by trade press).
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import Floats, _f, _out

__all__ = [
    "accelerator_count",
    "compute_mass",
    "delivered_flops",
    "it_power",
    "peak_flops",
]

"""Return type: a numpy float for scalar input, else a float64 array."""


def accelerator_count(it_power_w: ArrayLike, accelerator_power_w: ArrayLike, server_overhead: ArrayLike) -> Floats:
    """Number of accelerators an IT power budget supports.

    .. math:: N = \\frac{P_{IT}}{P_{acc} (1 + o)}

    Parameters
    ----------
    it_power_w : float or array
        IT power (accelerators plus servers, before power conversion from the
        bus), W.
    accelerator_power_w : float or array
        Power per accelerator (board/TDP), W.
    server_overhead : float or array
        Non-accelerator server and rack power as a fraction of accelerator
        power o (0.45 = +45 %).

    Returns
    -------
    float or array
        Accelerator count (not rounded); ``inf`` where the per-accelerator
        power is 0.

    References
    ----------
    .. [1] NVIDIA, *DGX H100/H200 User Guide* (10.2 kW system for 8 × 700 W
           GPUs, i.e. o = 0.82 at maximum).

    Examples
    --------
    40 MW of IT at 1 kW per B200 and +45 % overhead: 40e6/(1000·1.45) = 27,586.2.

    >>> round(float(accelerator_count(40e6, 1000.0, 0.45)), 1)
    27586.2
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(it_power_w) / (_f(accelerator_power_w) * (1.0 + _f(server_overhead))))


def it_power(count: ArrayLike, accelerator_power_w: ArrayLike, server_overhead: ArrayLike) -> Floats:
    """IT power drawn by ``count`` accelerators with their servers.

    .. math:: P_{IT} = N \\, P_{acc} (1 + o)

    Parameters
    ----------
    count : float or array
        Number of accelerators N.
    accelerator_power_w : float or array
        Power per accelerator, W.
    server_overhead : float or array
        Non-accelerator power as a fraction of accelerator power o.

    Returns
    -------
    float or array
        IT power, W.

    References
    ----------
    .. [1] NVIDIA, *DGX H100/H200 User Guide* (system vs GPU power).
    """
    return _out(_f(count) * _f(accelerator_power_w) * (1.0 + _f(server_overhead)))


def peak_flops(count: ArrayLike, flops_per_accelerator: ArrayLike) -> Floats:
    """Aggregate peak throughput.

    Parameters
    ----------
    count : float or array
        Number of accelerators, or of catalog units (an accelerator or a
        multi-accelerator board) with ``flops_per_accelerator`` per unit.
    flops_per_accelerator : float or array
        Peak dense throughput per accelerator at the chosen precision,
        FLOP/s (B200 HGX: 2.25e15 BF16 dense).

    Returns
    -------
    float or array
        Peak throughput, FLOP/s.

    References
    ----------
    .. [1] NVIDIA, *Blackwell / HGX B200* datasheet (dense BF16 2.25 PFLOP/s
           per GPU at 1,000 W).
    """
    return _out(_f(count) * _f(flops_per_accelerator))


def compute_mass(count: ArrayLike, kg_per_accelerator: ArrayLike) -> Floats:
    """Mass of the compute payload.

    Parameters
    ----------
    count : float or array
        Number of accelerators, or of catalog units with ``kg_per_accelerator``
        per unit (as the sizing counts them).
    kg_per_accelerator : float or array
        Mass per accelerator including its share of boards, servers and rack,
        kg (GB200 NVL72: ~1,360 kg / 72 ≈ 18.9 kg; HGX B200 board alone
        32 kg / 8 = 4 kg).

    Returns
    -------
    float or array
        Compute payload mass, kg.

    References
    ----------
    .. [1] NVIDIA, *DGX H100/H200 User Guide* (130.45 kg per 8-GPU system)
           and GB200 NVL72 rack specifications (~1.36 t per 72 GPUs).
    """
    return _out(_f(count) * _f(kg_per_accelerator))


def delivered_flops(peak: ArrayLike, *factors: ArrayLike) -> Floats:
    """Delivered throughput: peak times a chain of efficiency factors.

    .. math:: F_{del} = F_{peak} \\prod_i f_i

    Typical factors: utilisation (fraction of time busy), model FLOP
    utilisation (MFU, ~0.3–0.5 for large-model training), thermal or power
    throttling, availability after failures.

    Parameters
    ----------
    peak : float or array
        Peak throughput, FLOP/s.
    *factors : float or array
        Dimensionless factors, 0..1, all broadcast together.

    Returns
    -------
    float or array
        Delivered throughput, FLOP/s (``peak`` unchanged if no factors).

    References
    ----------
    .. [1] Chowdhery, A. et al., "PaLM: Scaling Language Modeling with
           Pathways", arXiv:2204.02311, 2022, appendix B (model FLOPs
           utilisation as delivered/peak).
    """
    return _out(functools.reduce(np.multiply, (_f(x) for x in factors), _f(peak)))
