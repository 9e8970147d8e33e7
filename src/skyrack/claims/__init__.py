"""Claim checks: test a published claim against a design, with the numbers behind the verdict.

>>> from skyrack.claims import check  # doctest: +SKIP
>>> check("suncatcher", "energy cost <= 50 USD/MWh if launch.price_per_kg = 200 USD/kg").verdict  # doctest: +SKIP
'does not hold'

:mod:`.parse` reads a test (``quantity op value unit``); :mod:`.verdict` evaluates it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_package

if TYPE_CHECKING:  # the lazy names, re-exported explicitly for type checkers (PEP 484: X as X)
    from .parse import (
        ALIASES as ALIASES,
        Quantity as Quantity,
        Test as Test,
        parse_test as parse_test,
        resolve_quantity as resolve_quantity,
    )
    from .verdict import (
        FAILS as FAILS,
        HOLDS as HOLDS,
        HOLDS_ONLY_IF as HOLDS_ONLY_IF,
        Verdict as Verdict,
        check as check,
        check_claims as check_claims,
        check_presets as check_presets,
    )

__getattr__, __dir__, __all__ = lazy_package(
    __name__,
    {
        ".parse": "ALIASES Quantity Test parse_test resolve_quantity",
        ".verdict": "FAILS HOLDS HOLDS_ONLY_IF Verdict check check_claims check_presets",
    },
)
