"""The one pipeline behind every design: sizing, then orbital and terrestrial economics.

:func:`evaluate` takes flat parameters (:func:`skyrack.params.resolve`; floats or
arrays that broadcast) and returns every output, keyed as in
:mod:`skyrack.outputs`. A single design and a batch of a million run the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from . import economics
from .params import link
from .sizing import NO_USEFUL_COMPUTE, size

Array = npt.NDArray[np.float64]


def evaluate(params: Mapping[str, Any]) -> dict[str, Array]:
    """Size and cost flat parameters (scalars or arrays): the one pipeline behind every design.

    Ground parameters that follow their orbital twin take its value first
    (:func:`skyrack.params.link`). Infeasible designs carry NaN in the quantities
    that do not exist (and a non-zero ``feasibility.code``), so numpy's warnings
    about them are silenced.
    """
    with np.errstate(all="ignore"):
        return _evaluate(link(params))


def _evaluate(params: Mapping[str, Any]) -> dict[str, Array]:
    s = size(params)
    orb = economics.orbital(params, s)
    ground = economics.terrestrial(params, orb["delivered_flops"])
    lev_o, lev_g = economics.levelised(orb), economics.levelised(ground)
    out: dict[str, Array] = dict(s)
    out.update({f"economics.{k}": v for k, v in orb.items()})
    out.update({f"economics.{k}": v for k, v in lev_o.items()})
    out.update({f"terrestrial.{k}": v for k, v in ground.items()})
    out.update({f"terrestrial.{k}": v for k, v in lev_g.items()})
    out["breakeven.launch_usd_per_kg"] = economics.breakeven_launch_usd_per_kg(
        orb, lev_g["usd_per_pflop_day"], s["mass.total_kg"]
    )
    out["economics.cost_ratio"] = lev_o["usd_per_pflop_day"] / lev_g["usd_per_pflop_day"]
    priced = np.isfinite(lev_o["usd_per_pflop_day"]) & np.isfinite(lev_g["usd_per_pflop_day"])
    code = out["feasibility.code"]
    out["feasibility.code"] = np.where((code == 0) & ~priced, NO_USEFUL_COMPUTE, code)
    return out
