"""The Starlink avoidance-manoeuvre validation case of ``skyrack validate``."""

from __future__ import annotations

import copy

import pytest

from skyrack.physics import debris
from skyrack.validation import RUNNERS, load_cases, run_cases

CASE_ID = "starlink-avoidance-manoeuvres"


def _case() -> dict:
    return next(c for c in load_cases() if c["id"] == CASE_ID)


def test_the_case_compares_both_reported_periods() -> None:
    result = next(r for r in run_cases() if r.id == CASE_ID)
    assert "FCC" in result.source and "148,696" in result.source and "207,152" in result.source
    reported = [c.expected for c in result.checks]
    # 148,696 manoeuvres in six months by 9,400 satellites = 31.64 per satellite-year;
    # 207,152 by 9,555 = 43.36 per satellite-year
    assert reported == pytest.approx([148_696 / 0.5 / 9_400, 207_152 / 0.5 / 9_555], rel=1e-12)
    predicted = float(
        debris.avoidance_manoeuvres_per_year(550e3, 3e-7, position_sigma_m=100.0, hard_body_radius_m=10.0)
    )
    assert all(c.computed == pytest.approx(predicted, rel=1e-12) for c in result.checks)
    assert all("estimate" in c.note and not c.flagged for c in result.checks)
    assert result.passed


def test_the_case_fails_when_the_report_disagrees() -> None:
    case = copy.deepcopy(_case())
    for row in case["periods"]:
        row["manoeuvres"] = 10 * row["manoeuvres"]  # ten times the reported count: outside +-50 %
    checks = list(RUNNERS[CASE_ID](case))
    assert checks and not any(c.passed for c in checks)
