"""Field types and checks shared by the scenario sections.

Every dimensional field is ``Annotated[float, Unit(...)]``: unit strings are
converted once, at validation, to a float in the field's canonical unit.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..units import Unit

Length = Annotated[float, Unit("m")]
Watts = Annotated[float, Unit("W")]
Temperature = Annotated[float, Unit("K")]
TemperatureDelta = Annotated[float, Unit("K")]
Years = Annotated[float, Unit("yr")]
PerYear = Annotated[float, Unit("1/yr")]
Ratio = Annotated[float, Unit("1")]
Mass = Annotated[float, Unit("kg")]
Usd = Annotated[float, Unit("USD")]
UsdPerW = Annotated[float, Unit("USD/W")]
UsdPerKg = Annotated[float, Unit("USD/kg")]
UsdPerKwh = Annotated[float, Unit("USD/kWh")]
Irradiance = Annotated[float, Unit("W/m^2")]
Area = Annotated[float, Unit("m^2")]
Density = Annotated[float, Unit("kg/m^3")]
SpecificPower = Annotated[float, Unit("W/kg")]
ArealDensity = Annotated[float, Unit("kg/m^2")]
SpecificEnergy = Annotated[float, Unit("W*h/kg")]
Angle = Annotated[float, Unit("rad")]
KgPerW = Annotated[float, Unit("kg/W")]
UsdPerGJ = Annotated[float, Unit("USD/GJ")]
LitrePerKwh = Annotated[float, Unit("L/kWh")]

MIN_ALTITUDE_M = 160e3
MAX_ALTITUDE_M = 36000e3


def from_catalog(description: str) -> Any:
    """A field that defaults to the value of the catalog entry the scenario names."""
    return Field(default=None, description=f"{description} (default: from the catalog entry)")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)


def _open_fraction(value: float | None, name: str, *, allow_zero: bool = False) -> float | None:
    if value is None:
        return None
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise ValueError(f"{name} must be in {interval}")
    return value


def _positive(value: float | None, name: str) -> float | None:
    if value is not None and not value > 0:
        raise ValueError(f"{name} must be greater than zero")
    return value


def _non_negative(value: float | None, name: str) -> float | None:
    if value is not None and value < 0:
        raise ValueError(f"{name} must not be negative")
    return value
