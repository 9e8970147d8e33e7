"""The ``deployment:`` section: launch campaign, pricing mode and the ground's queues.

Unit strings ("24 /yr", "5 yr", "1000 MW/yr") are converted once to floats in
the canonical unit of each field; empty (``None``) fields take their value from
the launcher's catalog entry or from the design. Every default carries its source.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..units import Unit
from .fields import sourced

Years = Annotated[float, Unit("yr")]
PerYear = Annotated[float, Unit("1/yr")]
Ratio = Annotated[float, Unit("1")]
Watts = Annotated[float, Unit("W")]
WattsPerYear = Annotated[float, Unit("W/yr")]
Flops = Annotated[float, Unit("FLOP/s")]


class Deployment(BaseModel):
    """How the fleet is launched and how fast the ground can build (``deployment:`` section)."""

    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)

    pricing: Literal["market", "at_cost"] = sourced(
        "market",
        "market: the price a customer pays (catalog or scenario); at_cost: what the vehicle's owner pays",
        "Launch pricing mode: market | at_cost",
    )
    years: int = sourced(15, "skyrack assumption: a 15-year planning horizon", "Years to plan, 1-50", ge=1, le=50)
    vehicles: int = sourced(
        1, "skyrack assumption: one reusable vehicle", "Vehicles (booster + ship) in the fleet", ge=1, le=100000
    )
    flights_per_vehicle: PerYear | None = Field(
        default=None, description="Flights per year per vehicle [1/yr] (default: the launcher's catalog entry)", gt=0
    )
    turnaround: Years | None = Field(
        default=None, description="Time between two flights of one vehicle [yr]; caps flights_per_vehicle", gt=0
    )
    reuses: Ratio | None = Field(
        default=None, description="Flights per vehicle before it is retired (default: catalog)", gt=0
    )
    packing_efficiency: Ratio | None = Field(
        default=None,
        description="Usable share of the fairing volume in the dispenser (default: launch.packing_efficiency)",
        gt=0,
        le=1,
    )
    lead_time: Years | None = Field(
        default=None, description="Go decision to first launch [yr] (default: mission.build_time)", ge=0, le=50
    )
    launch_learning_rate: Ratio | None = Field(
        default=None,
        description="Launch price drop per doubling of cumulative mass (default: launch.learning_rate)",
        ge=0,
        lt=1,
    )
    manufacturing_rate: PerYear | None = Field(
        default=None, description="Satellites built per year at the start [1/yr]; empty = not a limit", gt=0
    )
    manufacturing_learning_rate: Ratio = sourced(
        0.0,
        "Wright (1936): ~10-20% per doubling for aircraft; off by default",
        "Drop in unit build time and cost per doubling of satellites built",
        ge=0,
        lt=1,
    )
    replace: bool = sourced(
        True,
        "no repair in orbit: failed and end-of-life satellites are replaced to hold capacity (Starlink practice)",
        "Launch replacements for failed and retired satellites",
    )
    permitting_time: Years = sourced(
        "3 yr",
        "conventional build ~4 yr including ~3 yr of planning and permits (J. Huang, via nextbigfuture.com)",
        "Planning and permits before ground construction starts [yr]",
        ge=0,
        le=50,
    )
    construction_time: Years | None = Field(
        default=None,
        description="Ground construction to first power [yr] (default: terrestrial.build_time)",
        ge=0,
        le=50,
    )
    interconnection_wait: Years = sourced(
        "5 yr",
        "LBNL 'Queued Up' 2024 edition: median ~5 yr from interconnection request to commercial operation",
        "Grid interconnection queue, from request (at the go decision) to energisation [yr]",
        ge=0,
        le=50,
    )
    generation_build_time: Years = sourced(
        "0.33 yr",
        "xAI Colossus: first compute 122 days after start on on-site gas turbines (E. Musk, post on X, 2 Sept 2024)",
        "On-site generation build time, in place of the grid queue [yr]",
        ge=0,
        le=50,
    )
    max_power_per_year: WattsPerYear = sourced(
        "1000 MW/yr",
        "Epoch AI data insight on US build-out speeds: the fastest tracked sites reach 1 GW ~1 yr after "
        "construction starts (range 1-3.6 yr)",
        "Most ground IT power that can be added per year [W/yr]",
        gt=0,
    )
    target_compute: Flops | None = Field(
        default=None,
        description="Delivered compute each side must reach [FLOP/s] (default: the design's delivered compute)",
        gt=0,
    )
