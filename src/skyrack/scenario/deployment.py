"""The ``deployment:`` section: launch campaign, satellite production, pricing mode and the ground's queues.

Unit strings ("24 /yr", "5 yr", "1000 MW/yr") are converted once to floats in
the canonical unit of each field; empty (``None``) fields take their value from
the launcher's catalog entry or from the design. Every default carries its source.
The closed-form design (:mod:`skyrack.schedule`, :mod:`skyrack.feasibility`) and
``skyrack deploy`` read the same fields, so they reach the same verdict.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..units import Unit
from .fields import from_catalog, sourced

Years = Annotated[float, Unit("yr")]
PerYear = Annotated[float, Unit("1/yr")]
Ratio = Annotated[float, Unit("1")]
Watts = Annotated[float, Unit("W")]
WattsPerYear = Annotated[float, Unit("W/yr")]
KgPerYear = Annotated[float, Unit("kg/yr")]
Flops = Annotated[float, Unit("FLOP/s")]

SMALL_SATELLITE_KG = 500.0
"""Dry mass up to which a satellite is in the small class (OneWeb-like, ~150 kg) [kg]."""
MEDIUM_SATELLITE_KG = 3000.0
"""Dry mass up to which a satellite is in the Starlink class (V2 mini ~800 kg, V3 ~2 t) [kg]."""


class Deployment(BaseModel):
    """How the fleet is built and launched and how fast the ground can build (``deployment:`` section)."""

    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)

    pricing: Literal["market", "at_cost"] = sourced(
        "market",
        "market: the price a customer pays (catalog or scenario); at_cost: what the vehicle's owner pays "
        "(propellant, refurbishment, vehicle share, operations; catalog launchers)",
        "Launch pricing mode, in the design and the campaign: market | at_cost",
        side="orbit",
    )
    years: int = sourced(
        15,
        "skyrack assumption: a 15-year planning horizon (the ground facility life of SemiAnalysis' comparison)",
        "Planning horizon: the fleet must be complete within it, 1-50 yr",
        ge=1,
        le=50,
    )
    vehicles: int = sourced(
        1,
        "skyrack assumption: one reusable vehicle",
        "Vehicles (booster + ship) in the fleet",
        ge=1,
        le=100000,
        side="orbit",
    )
    flights_per_vehicle: PerYear | None = from_catalog(
        "launchers", "flights_per_year", "Flights per year per vehicle [1/yr]", missing=float("nan"), gt=0, side="orbit"
    )
    turnaround: Years | None = Field(
        default=None, description="Time between two flights of one vehicle [yr]; caps flights_per_vehicle", gt=0
    )
    manufacturing_rate: PerYear | None = Field(
        default=None,
        description="Satellites built per year at the start [1/yr] (default: the production rate of the "
        "satellite's class by dry mass: production_small, production_medium or production_large_mass)",
        gt=0,
    )
    production_small: PerYear = sourced(
        "730 1/yr",
        "OneWeb Satellites (Airbus JV), Florida factory built for two satellites a day (Airbus, 2019)",
        "Satellites built per year, class up to 500 kg dry [1/yr]",
        gt=0,
        side="orbit",
    )
    production_medium: PerYear = sourced(
        "2000 1/yr",
        "SpaceX launched ~2,000 Starlink satellites a year in 2023-2024 (J. McDowell, Starlink statistics, "
        "planet4589.org); the factory must build at least that",
        "Satellites built per year, class 500 kg - 3 t dry (Starlink V2 mini to V3) [1/yr]",
        gt=0,
        side="orbit",
    )
    production_large_mass: KgPerYear = sourced(
        "1600 t/yr",
        "skyrack assumption: a line for larger satellites turns out the tonnage of the Starlink line "
        "(~2,000 a year x ~800 kg V2 mini, SpaceX 2023-2024)",
        "Satellite dry mass built per year, class above 3 t [kg/yr]",
        gt=0,
        side="orbit",
    )
    manufacturing_learning_rate: Ratio = sourced(
        0.0,
        "Wright (1936): ~10-20% per doubling for aircraft; off by default",
        "Drop in unit build time and cost per doubling of satellites built (campaign)",
        ge=0,
        lt=1,
        side="orbit",
    )
    replace: bool = sourced(
        True,
        "no repair in orbit: retired satellites are replaced to hold the fleet over the horizon (Starlink practice)",
        "Replace satellites at the end of their life (hold the fleet over the planning horizon)",
        side="orbit",
    )
    permitting_time: Years = sourced(
        "3 yr",
        "conventional build ~4 yr including ~3 yr of planning and permits (J. Huang, via nextbigfuture.com)",
        "Planning and permits before ground construction starts [yr]",
        ge=0,
        le=50,
        side="ground",
    )
    interconnection_wait: Years = sourced(
        "4 yr",
        "data-center loads: JLL 2026 Global Data Center Outlook, ~4 yr national average wait for utility power "
        "(7 yr for 100 MW in Northern Virginia); Dominion Energy letter to large customers (Aug 2024, via Axios "
        "4 Sep 2024): 3-4 yr historically, 1-3 yr more now",
        "Grid connection of a large load, from request (at the go decision) to energisation [yr]",
        ge=0,
        le=50,
        side="ground",
    )
    generation_build_time: Years = sourced(
        "0.33 yr",
        "xAI Colossus: first compute 122 days after start on on-site gas turbines (E. Musk, post on X, 2 Sept 2024)",
        "On-site generation build time, in place of the grid queue [yr]",
        ge=0,
        le=50,
        side="ground",
    )
    max_power_per_year: WattsPerYear = sourced(
        "1000 MW/yr",
        "Epoch AI data insight on US build-out speeds: the fastest tracked sites reach 1 GW ~1 yr after "
        "construction starts (range 1-3.6 yr)",
        "Most ground IT power that can be added per year [W/yr]",
        gt=0,
        side="ground",
    )
    target_compute: Flops | None = Field(
        default=None,
        description="Delivered compute each side must reach [FLOP/s] (default: the design's delivered compute)",
        gt=0,
    )
