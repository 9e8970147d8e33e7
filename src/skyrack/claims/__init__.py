"""Claim checks: test a published claim against a design, with the numbers behind the verdict.

>>> from skyrack.claims import check  # doctest: +SKIP
>>> check("suncatcher", "energy cost <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg").verdict  # doctest: +SKIP
'does not hold'

:mod:`.parse` reads a test (``quantity op value unit``); :mod:`.verdict` evaluates it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .parse import ALIASES, Quantity, Test, parse_test, resolve_quantity
    from .verdict import FAILS, HOLDS, HOLDS_ONLY_IF, Verdict, check, check_claims, check_presets

_EXPORTS = {
    "ALIASES": ".parse",
    "Quantity": ".parse",
    "Test": ".parse",
    "parse_test": ".parse",
    "resolve_quantity": ".parse",
    "FAILS": ".verdict",
    "HOLDS": ".verdict",
    "HOLDS_ONLY_IF": ".verdict",
    "Verdict": ".verdict",
    "check": ".verdict",
    "check_claims": ".verdict",
    "check_presets": ".verdict",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ALIASES",
    "FAILS",
    "HOLDS",
    "HOLDS_ONLY_IF",
    "Quantity",
    "Test",
    "Verdict",
    "check",
    "check_claims",
    "check_presets",
    "parse_test",
    "resolve_quantity",
]
