"""Mission, orbit and constellation sections of a scenario."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ..units import sourced, to_unit
from .fields import (
    MAX_ALTITUDE_M,
    MIN_ALTITUDE_M,
    Angle,
    Length,
    Watts,
    Years,
    _Model,
    _non_negative,
    _positive,
)


class Mission(_Model):
    lifetime: Years = sourced(
        "5 yr",
        "Starlink design life ~5 yr (DLR, F. Huber); Suncatcher arXiv:2511.19468 sec. 2.4 uses L = 5 yr",
        "Operating life of each satellite [yr]",
    )
    start_year: int = sourced(2030, "skyrack assumption: first operations in 2030", "Calendar year operations start")
    build_time: Years = sourced(
        "1 yr",
        "skyrack assumption (manufacture and launch campaign); see engineering.md sec. 7 for the ground",
        "Time from spending the capital to delivering compute [yr]",
    )

    @field_validator("lifetime")
    @classmethod
    def _life(cls, v: float) -> float:
        if not 0 < v <= 50:
            raise ValueError("lifetime must be in (0, 50] yr")
        return v

    @field_validator("start_year")
    @classmethod
    def _year(cls, v: int) -> int:
        if not 1957 <= v <= 2100:
            raise ValueError("start_year must be between 1957 and 2100")
        return v

    @field_validator("build_time")
    @classmethod
    def _build(cls, v: float) -> float:
        _non_negative(v, "build_time")
        return v


def _parse_ltan(value: Any) -> Any:
    """A local time: 'HH:MM' or 'HH:MM:SS' (00:00 to 24:00, minutes and seconds below 60) or a quantity in hours."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*", value)
        if match:
            hours, minutes, seconds = (int(g or 0) for g in match.groups())
            if minutes >= 60 or seconds >= 60 or hours > 24 or (hours == 24 and minutes + seconds > 0):
                raise ValueError(f"got {value!r}; a time of day from 00:00 to 24:00, e.g. '18:00' or '06:30'")
            return hours + minutes / 60.0 + seconds / 3600.0
        return to_unit(value, "hour", "orbit.ltan")
    return value


class Orbit(_Model):
    kind: Literal["sun_synchronous", "circular"] = sourced(
        "sun_synchronous",
        "Suncatcher (arXiv:2511.19468) and Project Sunrise (FCC, 2026) both choose SSO",
        "sun_synchronous (inclination from J2) or circular (give inclination)",
    )
    altitude: Length = sourced(
        "650 km",
        "Suncatcher mean altitude ~650 km (arXiv:2511.19468)",
        "Circular orbit altitude above the equatorial radius [m]",
    )
    ltan: float = sourced(
        18.0, "dawn-dusk orbit (Suncatcher)", "Local time of the ascending node, hours 0-24 or 'HH:MM'"
    )
    inclination: Angle | None = Field(default=None, description="Inclination [rad]; required for circular orbits")
    shadow: Literal["cylindrical", "conical"] = sourced(
        "conical", "Montenbruck & Gill, Satellite Orbits (2000), sec. 3.4.2", "Earth shadow model"
    )

    @field_validator("ltan", mode="before")
    @classmethod
    def _ltan_text(cls, v: Any) -> Any:
        return _parse_ltan(v)

    @field_validator("altitude")
    @classmethod
    def _alt(cls, v: float) -> float:
        if not MIN_ALTITUDE_M <= v <= MAX_ALTITUDE_M:
            raise ValueError("altitude must be between 160 km and 36,000 km")
        return v

    @field_validator("ltan")
    @classmethod
    def _ltan(cls, v: float) -> float:
        if not 0 <= v <= 24:
            raise ValueError("ltan must be between 00:00 and 24:00")
        return v

    @model_validator(mode="after")
    def _need_inclination(self) -> Orbit:
        if self.kind == "circular" and self.inclination is None:
            raise ValueError("a circular orbit needs an inclination, e.g. '53 deg'")
        if self.inclination is not None and not 0 <= self.inclination <= 3.1416:
            raise ValueError("inclination must be between 0 and 180 deg")
        if self.kind == "sun_synchronous" and self.altitude > 5900e3:
            raise ValueError("no sun-synchronous orbit exists above about 5,900 km; use kind: circular")
        return self


class Constellation(_Model):
    satellites: int | None = Field(default=None, description="Number of satellites")
    it_power: Watts | None = Field(default=None, description="Total IT power [W]; the count follows")
    layout: Literal["auto", "cluster", "train", "walker"] = sourced(
        "auto",
        "skyrack: a train in one plane for SSO, a Walker pattern otherwise",
        "How the simulator places satellites: cluster (Suncatcher-style formation), train (one plane) or walker",
    )

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
        if self.satellites is not None and self.satellites < 1:
            raise ValueError("satellites must be at least 1")
        _positive(self.it_power, "it_power")
        return self
