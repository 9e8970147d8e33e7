"""Mission, orbit and constellation sections of a scenario."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, model_validator

from .fields import (
    MAX_ALTITUDE_M,
    MAX_COUNT,
    MAX_IT_POWER_W,
    MIN_ALTITUDE_M,
    Angle,
    ClockHours,
    Length,
    Watts,
    Years,
    _Model,
    optional,
    sourced,
)
from .shells import Shell


class Mission(_Model):
    lifetime: Years = sourced(
        "5 yr",
        "Starlink design life ~5 yr (DLR, F. Huber); Suncatcher arXiv:2511.19468 sec. 2.4 uses L = 5 yr",
        "Operating life of each satellite [yr]",
        side="both",
        gt=0,
        le=50,
    )
    start_year: int = sourced(
        2030, "skyrack assumption: first operations in 2030", "Calendar year operations start", ge=1957, le=2100
    )
    build_time: Years = sourced(
        "2.5 yr",
        "Starlink: FCC application (Nov 2016) to the first 60 production satellites launched (May 2019), ~2.5 yr; "
        "Project Kuiper took ~6 yr (FCC filing Jul 2019, first production launch Apr 2025)",
        "Go decision to first launch: licensing, design and first production [yr]",
        ge=0,
        le=50,
    )


class Orbit(_Model):
    kind: Literal["sun_synchronous", "circular"] = sourced(
        "sun_synchronous",
        "Suncatcher (arXiv:2511.19468) and Project Sunrise (FCC, 2026) both choose SSO",
        "sun_synchronous (inclination from J2) or circular (give inclination)",
        role="design",
    )
    altitude: Length = sourced(
        "650 km",
        "Suncatcher mean altitude ~650 km (arXiv:2511.19468)",
        "Circular orbit altitude above the equatorial radius [m]",
        role="design",
        ge=MIN_ALTITUDE_M,
        le=MAX_ALTITUDE_M,
    )
    ltan: ClockHours = sourced(
        "18:00",
        "dawn-dusk orbit (Suncatcher)",
        "Local time of the ascending node, 'HH:MM' or hours ('18 h')",
        role="design",
        ge=0,
        le=24,
    )
    inclination: Angle | None = optional(
        "Inclination [rad]; required for circular orbits", role="design", ge=0, le=math.pi
    )
    shadow: Literal["cylindrical", "conical"] = sourced(
        "conical", "Montenbruck & Gill, Satellite Orbits (2000), sec. 3.4.2", "Earth shadow model"
    )

    @model_validator(mode="after")
    def _need_inclination(self) -> Orbit:
        if self.kind == "circular" and self.inclination is None:
            raise ValueError("a circular orbit needs an inclination, e.g. '53 deg'")
        if self.kind == "sun_synchronous" and self.altitude > 5900e3:
            raise ValueError("no sun-synchronous orbit exists above about 5,900 km; use kind: circular")
        return self


class Constellation(_Model):
    satellites: int | None = optional("Number of satellites", role="design", ge=1, le=MAX_COUNT)
    it_power: Watts | None = optional("Total IT power [W]; the count follows", role="design", gt=0, le=MAX_IT_POWER_W)
    layout: Literal["auto", "cluster", "train", "walker"] = sourced(
        "auto",
        "skyrack: a train in one plane for SSO, a Walker pattern otherwise",
        "How the simulator places satellites: cluster (Suncatcher-style formation), train (one plane) or walker",
    )
    shells: list[Shell] | None = Field(default=None, description="Constellation architecture, shell by shell")

    @model_validator(mode="before")
    @classmethod
    def _default_one_satellite(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("satellites") is None and data.get("it_power") is None:
            return {**data, "satellites": 1}
        return data

    @model_validator(mode="after")
    def _one(self) -> Constellation:
        if self.satellites is not None and self.it_power is not None:
            raise ValueError("give satellites or it_power, not both")
        return self
