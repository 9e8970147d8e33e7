"""Reconciliation of two assumption sets: a bridge from one headline figure to the other, term by term.

>>> from skyrack.reconcile import reconcile  # doctest: +SKIP
>>> r = reconcile("mccalip-1gw", "mccalip")  # doctest: +SKIP
>>> [(s.group, s.delta) for s in r.bridges[0].steps]  # doctest: +SKIP

The logic is in :mod:`.bridge`; the assumption files shipped with skyrack
(``mccalip.yaml``: McCalip's calculator defaults) sit beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .bridge import (
        DEFAULT_OUTPUTS,
        GROUPS,
        AssumptionFile,
        Bridge,
        Reconciliation,
        Step,
        assumption_names,
        group_paths,
        reconcile,
    )

__all__ = [
    "DEFAULT_OUTPUTS",
    "GROUPS",
    "AssumptionFile",
    "Bridge",
    "Reconciliation",
    "Step",
    "assumption_names",
    "group_paths",
    "reconcile",
]
__getattr__, __dir__ = lazy_exports(__name__, dict.fromkeys(__all__, ".bridge"))
