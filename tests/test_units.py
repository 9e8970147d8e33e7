"""Unit strings at the edge: converted once, errors name the problem."""

import math

import pytest

from skyrack.errors import InputError
from skyrack.units import to_unit


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("650 km", "m", 650e3),
        ("40 MW", "W", 40e6),
        ("0.04 USD/kWh", "USD/kWh", 0.04),
        ("$0.04/kWh", "USD/kWh", 0.04),
        ("5 yr", "yr", 5.0),
        ("293.15 K", "K", 293.15),
        ("20 degC", "K", 293.15),
        ("0.75 %/yr", "1/yr", 0.0075),
        ("240 W/m2", "W/m^2", 240.0),
        ("5 MUSD", "USD", 5e6),
        ("989 TFLOP/s", "FLOP/s", 989e12),
        ("97.98 deg", "rad", math.radians(97.98)),
        ("10000 t", "kg", 1e7),
    ],
)
def test_converts_to_canonical_unit(text: str, unit: str, expected: float) -> None:
    assert to_unit(text, unit) == pytest.approx(expected, rel=1e-12)


def test_plain_number_is_fine_for_dimensionless() -> None:
    assert to_unit(0.92, "1") == 0.92


@pytest.mark.parametrize(
    ("value", "unit", "fragment"),
    [
        (650, "m", "give a unit"),
        ("650", "m", "give a unit"),
        ("650 kg", "m", "wrong unit"),
        ("abc km", "m", "not a quantity"),
        ("", "m", "expected a quantity"),
        (True, "1", "expected a quantity"),
        (float("nan"), "1", "finite"),
    ],
)
def test_bad_units_are_clear(value: object, unit: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        to_unit(value, unit, field="orbit.altitude")
