"""Published figures: what a design states about itself, held fixed instead of derived.

A published design often states its satellite mass or specific power, its array and
radiator areas, its battery, its compute mass per kW, its dose per year, its launch count
or its launch cost. Each field here, when given, replaces the quantity the design would
derive (it drives the masses, launches and costs that follow), and the design checks it
against the physics (:mod:`skyrack.feasibility`): a figure physics cannot meet is a named
finding, never a silent override. Every field left empty (the default) leaves the design
as it was. Cite the figures in the scenario's ``sources``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import model_validator

from ..units import Unit
from .fields import MAX_COUNT, Area, KgPerW, Mass, SpecificPower, Usd, _Model, optional

Energy = Annotated[float, Unit("W*h")]
DoseRate = Annotated[float, Unit("Gy/yr")]

MAX_SATELLITE_KG = 1e8
"""Largest satellite mass a scenario may state, 100,000 t (a bound on input, not on ambition)."""
MAX_AREA_M2 = 1e9
"""Largest array or radiator area a scenario may state, 1,000 km²."""


class Published(_Model):
    """Figures a published design states, held fixed and checked (all optional)."""

    satellite_mass: Mass | None = optional(
        "Whole-satellite dry mass as published [kg]; drives launch mass and cost; checked against its parts",
        gt=0,
        le=MAX_SATELLITE_KG,
    )
    specific_power: SpecificPower | None = optional(
        "Whole-satellite specific power as published, IT power per kg of satellite [W/kg]; "
        "the satellite mass follows (give this or satellite_mass)",
        gt=0,
        le=1e5,
    )
    array_area: Area | None = optional(
        "Solar array area per satellite as published [m^2]; checked against the load at end of life",
        gt=0,
        le=MAX_AREA_M2,
    )
    radiator_area: Area | None = optional(
        "Radiator area per satellite as published [m^2]; checked against the heat to reject",
        gt=0,
        le=MAX_AREA_M2,
    )
    battery_capacity: Energy | None = optional(
        "Battery capacity per satellite as published [Wh]; checked against the longest darkness",
        ge=0,
        le=1e12,
    )
    compute_mass_per_kw: KgPerW | None = optional(
        "Flight compute mass per IT power as published, e.g. '10 kg/kW' [kg/W]; replaces the catalog's server mass",
        gt=0,
        le=1.0,
    )
    dose_per_year: DoseRate | None = optional(
        "Total ionising dose per year behind the shield as published, Si, e.g. '0.15 krad/yr' [Gy/yr]; "
        "checked against the shield's computed dose",
        ge=0,
        le=1e6,
    )
    launches: int | None = optional(
        "Launches that put up the fleet as published; checked against the fleet's mass and volume",
        ge=1,
        le=MAX_COUNT,
    )
    launch_cost: Usd | None = optional(
        "Cost of launching the fleet once as published [USD]; replaces the launch pricing", ge=0, le=1e13
    )

    @model_validator(mode="after")
    def _one_mass(self) -> Published:
        if self.satellite_mass is not None and self.specific_power is not None:
            raise ValueError("give published.satellite_mass or published.specific_power, not both")
        return self
