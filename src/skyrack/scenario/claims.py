"""The ``claims:`` section: published claims about a system, quoted with their source, and the test each makes.

A claim is the statement as its author made it, who made it, where and when,
and the test skyrack checks: ``quantity op value unit``, for example
``economics.energy_usd_per_mwh <= 50 USD/MWh``, optionally with a tolerance for
``==`` (``== 100 W/kg ± 20 %``) and the conditions it was made under
(``conditions: {launch.price_per_kg: 500 USD/kg}``, or ``... if
launch.price_per_kg = 500 USD/kg`` in the test itself). This module checks the
*form* of a test; what the quantity means and its unit are checked when the
claim is evaluated (:mod:`skyrack.claims`), against the output and parameter
registries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import Field, field_validator

from ..errors import InputError
from .fields import _Model

__all__ = ["OPERATORS", "Claim", "TestParts", "split_test"]

OPERATORS: dict[str, str] = {
    "<=": "<=",
    "≤": "<=",
    ">=": ">=",
    "≥": ">=",
    "==": "==",
    "≈": "==",
    "~=": "==",
    "=": "==",
    "~": "==",
    "<": "<",
    ">": ">",
}
"""Comparison symbols a test may use, and the canonical operator each means."""

MAX_TEST_CHARS = 400
_OPERATOR = re.compile("|".join(re.escape(k) for k in sorted(OPERATORS, key=len, reverse=True)))
_CONDITION_WORD = re.compile(r"\s+(?:if|when|once)\s+", re.IGNORECASE)
_TOLERANCE = re.compile(r"\s*(?:±|\+/-|\+-|\bwithin\b)\s*")
_NEXT_CONDITION = re.compile(r"\s*(?:,|;|\band\b)\s*(?=[A-Za-z_][\w.]*\s*=)")
ALLOWED = (
    "a test 'quantity op value unit', e.g. 'economics.energy_usd_per_mwh <= 50 USD/MWh', with op one of "
    "<, <=, >, >=, == (== takes an optional tolerance: '== 100 W/kg ± 10 %'), optionally followed by "
    "'if path = value, path = value' conditions"
)


@dataclass(frozen=True)
class TestParts:
    """The pieces of a test as written: quantity, canonical operator, value, tolerance and conditions."""

    quantity: str
    op: str
    value: str
    tolerance: str | None
    conditions: dict[str, Any]


def split_test(text: str, field: str = "claim") -> TestParts:
    """Split ``"quantity op value [± tolerance] [if path = value, ...]"`` into its parts.

    Raises
    ------
    InputError
        When the text has no comparison, no quantity or no value, naming what is allowed.

    Examples
    --------
    >>> split_test("energy cost <= 0.05 USD/kWh if launch.price_per_kg = 500 USD/kg")
    TestParts(quantity='energy cost', op='<=', value='0.05 USD/kWh', tolerance=None, conditions={'launch.price_per_kg': '500 USD/kg'})
    """  # noqa: E501
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEST_CHARS:
        raise InputError(field, text, ALLOWED + f" (at most {MAX_TEST_CHARS} characters)")
    body, conditions = _split_conditions(text.strip(), field)
    match = _OPERATOR.search(body)
    if match is None:
        raise InputError(field, text, "no comparison found; " + ALLOWED)
    quantity, rest = body[: match.start()].strip(), body[match.end() :].strip()
    op = OPERATORS[match.group(0)]
    parts = _TOLERANCE.split(rest, maxsplit=1)
    value = parts[0].strip()
    tolerance = parts[1].strip() if len(parts) > 1 else None
    if not quantity or not value or (tolerance is not None and not tolerance):
        raise InputError(field, text, ALLOWED)
    if tolerance is not None and op != "==":
        raise InputError(field, text, "a tolerance (±) goes only with ==; " + ALLOWED)
    return TestParts(quantity, op, value, tolerance, conditions)


def _split_conditions(text: str, field: str) -> tuple[str, dict[str, Any]]:
    """The test before ``if``/``when``/``once`` and the ``path = value`` conditions after it."""
    match = _CONDITION_WORD.search(text)
    if match is None:
        return text, {}
    conditions: dict[str, Any] = {}
    for item in _NEXT_CONDITION.split(text[match.end() :]):
        path, sep, value = item.partition("=")
        if not sep or not path.strip() or not value.strip():
            raise InputError(f"{field} conditions", item, "'path = value', e.g. 'launch.price_per_kg = 500 USD/kg'")
        conditions[path.strip()] = value.strip()
    return text[: match.start()], conditions


class Claim(_Model):
    """One published claim: the words, their author and source, and the test skyrack checks."""

    statement: str = Field(min_length=1, max_length=2000, description="The claim as its author made it (quoted)")
    by: str = Field(min_length=1, max_length=200, description="Who made the claim")
    source: str = Field(min_length=1, max_length=500, description="Where: URL or document, with section or page")
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="When it was made: YYYY, YYYY-MM or YYYY-MM-DD")
    test: str = Field(
        max_length=MAX_TEST_CHARS,
        description="What skyrack checks: 'quantity op value unit', e.g. 'economics.cost_ratio < 1'",
    )
    conditions: dict[str, str | float | int | bool | None] = Field(
        default_factory=dict,
        max_length=20,
        description="Parameter values the claim was made under, e.g. {'launch.price_per_kg': '500 USD/kg'}",
    )
    note: str = Field(default="", max_length=2000, description="How skyrack reads the claim into its test")

    @field_validator("test")
    @classmethod
    def _test_form(cls, value: str) -> str:
        try:
            parts = split_test(value, "test")
        except InputError as error:
            raise ValueError(error.allowed) from None
        del parts
        return value

    def parts(self) -> TestParts:
        """The test's parts, with the ``conditions`` mapping merged after any written in the test."""
        parts = split_test(self.test, "test")
        merged: dict[str, Any] = {**parts.conditions, **self.conditions}
        return TestParts(parts.quantity, parts.op, parts.value, parts.tolerance, merged)
