"""Deployment settings: the launch campaign, the pricing mode and the ground's queues.

A :class:`Deployment` is the ``deployment:`` section of a scenario. Unit strings
("24 /yr", "5 yr", "1000 MW/yr") are converted once to floats in the canonical
unit of each field; empty (``None``) fields take their value from the launcher's
catalog entry or from the design. Every default carries its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError
from ..units import Unit, sourced

if TYPE_CHECKING:
    from ..model import Result

__all__ = ["Deployment", "parse_deployment", "settings_for"]

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


def settings_for(result: Result, overrides: Mapping[str, Any] | None = None) -> Deployment:
    """The deployment settings of a design: its scenario's section over its preset's campaign.

    Layers, later winning: the defaults; :data:`PRESET_CAMPAIGNS` for the
    scenario's name (only fields the scenario does not set); the scenario's
    ``deployment`` section (a :class:`Deployment` attribute once the Scenario
    carries one, else an extra mapping); ``overrides``.

    Parameters
    ----------
    result : skyrack.model.Result
        A sized design.
    overrides : mapping, optional
        Field values (unit strings allowed) laid over the settings.

    Returns
    -------
    Deployment
        Validated settings; bad values raise :class:`skyrack.errors.InputError`.
    """
    scenario = result.scenario
    own = getattr(scenario, "deployment", None)
    if not isinstance(own, Deployment):
        section = (getattr(scenario, "model_extra", None) or {}).get("deployment")
        own = parse_deployment(section) if isinstance(section, Mapping) else Deployment()
    for layer in (dict(overrides or {}),):
        if layer:
            parsed = parse_deployment(layer)
            own = own.model_copy(update={key: getattr(parsed, key) for key in layer})
    return own


def parse_deployment(data: Mapping[str, Any]) -> Deployment:
    """Validate a mapping into :class:`Deployment`; errors name every bad field."""
    try:
        return Deployment.model_validate(dict(data))
    except ValidationError as error:
        first = error.errors()[0]
        loc = [str(p) for p in first["loc"]]
        given = first.get("input")
        message = str(first["msg"]).removeprefix("Value error, ")
        named = message.split(" ", 1)[0]
        if not loc and named in Deployment.model_fields:  # a model-level check names its field first
            loc, given = [named], data.get(named)
        if first["type"] == "extra_forbidden":
            message = "unknown field; fields: " + ", ".join(Deployment.model_fields)
        elif message.startswith("got "):
            message = message.split("; ", 1)[-1]
        allowed = message if loc else "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
        raise InputError(".".join(["deployment", *loc]), given, allowed) from None
