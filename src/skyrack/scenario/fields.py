"""Field types and field constructors shared by the scenario sections.

Every dimensional field is ``Annotated[float, Unit(...)]``: unit strings are
converted once, at validation, to a float in the field's canonical unit. Its
allowed range is declared on the field (``gt``, ``ge``, ``lt``, ``le``), so the
same bounds check one scenario and every batch of designs
(:mod:`skyrack.scenario.registry`). The constructors below record, in the JSON
Schema, what the registry needs to know of each parameter:

``source``
    where the default comes from (``skyrack provenance``);
``x-catalog``
    the catalog field a parameter falls back to when the scenario leaves it empty;
``x-role``
    ``design`` for what a designer chooses (the optimiser may move it), else an assumption;
``x-side``
    ``orbit``, ``ground`` or ``both`` (default: from the section);
``x-follows``
    a ground parameter that takes the orbital one's value when both sides use the same part.
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
Seconds = Annotated[float, Unit("s")]
PerYear = Annotated[float, Unit("1/yr")]
Ratio = Annotated[float, Unit("1")]
Mass = Annotated[float, Unit("kg")]
Usd = Annotated[float, Unit("USD")]
UsdPerW = Annotated[float, Unit("USD/W")]
UsdPerWYear = Annotated[float, Unit("USD/W/yr")]
UsdPerKg = Annotated[float, Unit("USD/kg")]
UsdPerKwh = Annotated[float, Unit("USD/kWh")]
UsdPerM2 = Annotated[float, Unit("USD/m**2")]
UsdPerWh = Annotated[float, Unit("USD/(W*h)")]
Irradiance = Annotated[float, Unit("W/m^2")]
Area = Annotated[float, Unit("m^2")]
Volume = Annotated[float, Unit("m**3")]
Density = Annotated[float, Unit("kg/m^3")]
SpecificPower = Annotated[float, Unit("W/kg")]
PowerDensity = Annotated[float, Unit("W/m**3")]
EnergyDensity = Annotated[float, Unit("W*h/m**3")]
AreaPerVolume = Annotated[float, Unit("m**2/m**3")]
ArealDensity = Annotated[float, Unit("kg/m^2")]
SpecificEnergy = Annotated[float, Unit("W*h/kg")]
Angle = Annotated[float, Unit("rad")]
KgPerW = Annotated[float, Unit("kg/W")]
KgPerKwh = Annotated[float, Unit("kg/kWh")]
UsdPerGJ = Annotated[float, Unit("USD/GJ")]
LitrePerKwh = Annotated[float, Unit("L/kWh")]
Flops = Annotated[float, Unit("FLOP/s")]
Dose = Annotated[float, Unit("Gy")]
ClockHours = Annotated[float, Unit("h", clock=True)]
"""A time of day in hours: "18:00" or "18 h"."""

MIN_ALTITUDE_M = 160e3
MAX_ALTITUDE_M = 36000e3
MAX_COUNT = 1_000_000_000
"""Largest satellite or accelerator count a scenario may give (a bound on work, not on ambition)."""
MAX_IT_POWER_W = 1e13
"""Largest IT power a scenario may give, 10 TW (about 3 times the world's mean electric power)."""

# The scenario field that names the catalog entry of each kind, for the orbital side.
KIND_CHOICE: dict[str, str] = {
    "accelerators": "satellite.compute.accelerator",
    "solar_cells": "satellite.power.cell",
    "batteries": "satellite.power.battery",
    "radiators": "satellite.thermal.radiator",
    "launchers": "launch.vehicle",
    "terrestrial": "terrestrial.kind",
}


def _extra(
    source: str | None = None,
    role: str | None = None,
    side: str | None = None,
    catalog: dict[str, Any] | None = None,
    follows: str | None = None,
) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for key, value in (
        ("source", source),
        ("x-role", role),
        ("x-side", side),
        ("x-catalog", catalog),
        ("x-follows", follows),
    ):
        if value is not None:
            extra[key] = value
    return extra


def sourced(
    default: Any,
    source: str,
    description: str = "",
    *,
    role: str | None = None,
    side: str | None = None,
    **constraints: Any,
) -> Any:
    """A field whose default carries its ``source`` (for ``skyrack provenance``)."""
    return Field(default=default, description=description, json_schema_extra=_extra(source, role, side), **constraints)


def optional(description: str, *, role: str | None = None, side: str | None = None, **constraints: Any) -> Any:
    """A field that may be left empty; the design then derives it (the description says how)."""
    return Field(default=None, description=description, json_schema_extra=_extra(None, role, side), **constraints)


def from_catalog(
    kind: str,
    field: str,
    description: str,
    *,
    choice: str | None = None,
    missing: float | str | None = None,
    follows: str | None = None,
    unless_set: str | None = None,
    role: str | None = None,
    side: str | None = None,
    **constraints: Any,
) -> Any:
    """A field that defaults to ``field`` of the ``kind`` catalog entry the scenario names.

    ``choice`` is the scenario field naming the entry (default: :data:`KIND_CHOICE`);
    ``missing`` is used when the entry does not have the (optional) field: a number,
    or the path of another parameter; ``follows`` names the orbital parameter a
    ground one copies when both sides use the same entry and the scenario sets neither;
    ``unless_set`` names a field whose presence in the scenario turns the catalog fallback off.
    """
    ref: dict[str, Any] = {"kind": kind, "field": field, "choice": choice or KIND_CHOICE[kind]}
    if missing is not None:
        ref["missing"] = missing
    if unless_set is not None:
        ref["unless_set"] = unless_set
    return Field(
        default=None,
        description=f"{description} (default: from the catalog entry)",
        json_schema_extra=_extra(None, role, side, ref, follows),
        **constraints,
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)
