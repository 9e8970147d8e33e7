"""Constellation shells: the architecture of a large constellation, shell by shell."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..units import sourced
from .fields import MAX_ALTITUDE_M, MIN_ALTITUDE_M, Angle, Length, _Model, _non_negative


class Shell(_Model):
    """One shell: P planes of S satellites at one altitude band, Walker-phased (or sun-synchronous)."""

    kind: Literal["walker", "sso"] = sourced(
        "walker",
        "Walker delta pattern i: T/P/F (Walker, JBIS 37, 559, 1984); sso takes i from J2",
        "walker (give inclination) or sso (inclination from J2, planes spread over LTAN)",
    )
    altitude: Length = Field(description="Mean altitude of the shell [m]")
    thickness: Length = sourced(
        "0 km", "skyrack assumption: a thin shell unless given", "Radial thickness of the shell [m]"
    )
    inclination: Angle | None = Field(default=None, description="Inclination [rad]; required for walker shells")
    planes: int = Field(description="Orbital planes P")
    per_plane: int = Field(description="Satellites per plane S")
    phasing: int = sourced(0, "Walker F (0 <= F < P)", "Walker phasing F")
    ltan: float | None = Field(default=None, description="Local time of ascending node of an sso shell, hours")

    @model_validator(mode="after")
    def _check(self) -> Shell:
        if not MIN_ALTITUDE_M <= self.altitude <= MAX_ALTITUDE_M:
            raise ValueError("altitude must be between 160 km and 36,000 km")
        _non_negative(self.thickness, "thickness")
        if self.thickness > self.altitude - MIN_ALTITUDE_M:
            raise ValueError("thickness reaches below 160 km")
        if self.kind == "walker" and self.inclination is None:
            raise ValueError("a walker shell needs an inclination, e.g. '53 deg'")
        if self.inclination is not None and not 0 <= self.inclination <= 3.1416:
            raise ValueError("inclination must be between 0 and 180 deg")
        if self.kind == "sso" and self.altitude > 5900e3:
            raise ValueError("no sun-synchronous orbit exists above about 5,900 km")
        if self.planes < 1 or self.per_plane < 1:
            raise ValueError("planes and per_plane must be at least 1")
        if self.planes * self.per_plane > 2_000_000:
            raise ValueError("at most 2,000,000 satellites per shell")
        if not 0 <= self.phasing < self.planes:
            raise ValueError("phasing must satisfy 0 <= phasing < planes")
        if self.ltan is not None and not 0 <= self.ltan <= 24:
            raise ValueError("ltan must be between 0 and 24 hours")
        return self

    @property
    def satellites(self) -> int:
        return self.planes * self.per_plane
