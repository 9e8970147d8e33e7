"""The ``deployment:`` section: launch campaign, pricing mode and the ground's queues.

Unit strings ("24 /yr", "5 yr", "1000 MW/yr") are converted once to floats in
the canonical unit of each field; empty (``None``) fields take their value from
the launcher's catalog entry or from the design. Every default carries its source.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..units import Unit, sourced

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
    years: int = sourced(15, "skyrack assumption: a 15-year planning horizon", "Years to plan, 1-50")
    vehicles: int = sourced(1, "skyrack assumption: one reusable vehicle", "Vehicles (booster + ship) in the fleet")
    flights_per_vehicle: PerYear | None = Field(
        default=None, description="Flights per year per vehicle [1/yr] (default: the launcher's catalog entry)"
    )
    turnaround: Years | None = Field(
        default=None, description="Time between two flights of one vehicle [yr]; caps flights_per_vehicle"
    )
    reuses: Ratio | None = Field(
        default=None, description="Flights per vehicle before it is retired (default: catalog)"
    )
    packing_efficiency: Ratio | None = Field(
        default=None,
        description="Usable share of the fairing volume in the dispenser (default: launch.packing_efficiency)",
    )
    lead_time: Years | None = Field(
        default=None, description="Go decision to first launch [yr] (default: mission.build_time)"
    )
    launch_learning_rate: Ratio | None = Field(
        default=None, description="Launch price drop per doubling of cumulative mass (default: launch.learning_rate)"
    )
    manufacturing_rate: PerYear | None = Field(
        default=None, description="Satellites built per year at the start [1/yr]; empty = not a limit"
    )
    manufacturing_learning_rate: Ratio = sourced(
        0.0,
        "Wright (1936): ~10-20% per doubling for aircraft; off by default",
        "Drop in unit build time and cost per doubling of satellites built",
    )
    replace: bool = sourced(
        True,
        "no repair in orbit: failed and end-of-life satellites are replaced to hold capacity (Starlink practice)",
        "Launch replacements for failed and retired satellites",
    )
    permitting_time: Years = sourced(
        "3 yr",
        "engineering.md sec. 7: conventional build ~4 yr including ~3 yr of planning and permits (Jensen Huang)",
        "Planning and permits before ground construction starts [yr]",
    )
    construction_time: Years | None = Field(
        default=None, description="Ground construction to first power [yr] (default: terrestrial.build_time)"
    )
    interconnection_wait: Years = sourced(
        "5 yr",
        "LBNL 'Queued Up' 2024 edition: median ~5 yr from interconnection request to commercial operation",
        "Grid interconnection queue, from request (at the go decision) to energisation [yr]",
    )
    generation_build_time: Years = sourced(
        "0.33 yr",
        "xAI Colossus: first compute 122 days after start on on-site gas turbines (engineering.md sec. 7)",
        "On-site generation build time, in place of the grid queue [yr]",
    )
    max_power_per_year: WattsPerYear = sourced(
        "1000 MW/yr",
        "Epoch AI data insight on US build-out speeds: the fastest tracked sites reach 1 GW ~1 yr after "
        "construction starts (range 1-3.6 yr)",
        "Most ground IT power that can be added per year [W/yr]",
    )
    target_compute: Flops | None = Field(
        default=None,
        description="Delivered compute each side must reach [FLOP/s] (default: the design's delivered compute)",
    )

    @model_validator(mode="after")
    def _check(self) -> Deployment:
        if not 1 <= self.years <= 50:
            raise ValueError("years must be between 1 and 50")
        if self.vehicles < 1:
            raise ValueError("vehicles must be at least 1")
        for name in ("flights_per_vehicle", "turnaround", "reuses", "max_power_per_year", "target_compute"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be greater than zero")
        if self.manufacturing_rate is not None and not self.manufacturing_rate > 0:
            raise ValueError("manufacturing_rate must be greater than zero")
        if self.packing_efficiency is not None and not 0 < self.packing_efficiency <= 1:
            raise ValueError("packing_efficiency must be in (0, 1]")
        for name in ("launch_learning_rate", "manufacturing_learning_rate"):
            value = getattr(self, name)
            if value is not None and not 0 <= value < 1:
                raise ValueError(f"{name} must be in [0, 1)")
        for name in (
            "lead_time",
            "permitting_time",
            "construction_time",
            "interconnection_wait",
            "generation_build_time",
        ):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"{name} must not be negative")
        return self
