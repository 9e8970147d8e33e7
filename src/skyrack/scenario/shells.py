"""Constellation shells: the architecture of a large constellation, shell by shell."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from .fields import MAX_ALTITUDE_M, MIN_ALTITUDE_M, Angle, ClockHours, Length, _Model, optional, sourced

MAX_SHELL_SATELLITES = 2_000_000


class Shell(_Model):
    """One shell: P planes of S satellites at one altitude band, Walker-phased (or sun-synchronous)."""

    kind: Literal["walker", "sso"] = sourced(
        "walker",
        "Walker delta pattern i: T/P/F (Walker, JBIS 37, 559, 1984); sso takes i from J2",
        "walker (give inclination) or sso (inclination from J2, planes spread over LTAN)",
    )
    altitude: Length = Field(description="Mean altitude of the shell [m]", ge=MIN_ALTITUDE_M, le=MAX_ALTITUDE_M)
    thickness: Length = sourced(
        "0 km", "skyrack assumption: a thin shell unless given", "Radial thickness of the shell [m]", ge=0
    )
    inclination: Angle | None = optional("Inclination [rad]; required for walker shells", ge=0, le=math.pi)
    planes: int = Field(description="Orbital planes P", ge=1, le=MAX_SHELL_SATELLITES)
    per_plane: int = Field(description="Satellites per plane S", ge=1, le=MAX_SHELL_SATELLITES)
    phasing: int = sourced(0, "Walker F (0 <= F < P)", "Walker phasing F", ge=0)
    ltan: ClockHours | None = optional("Local time of the ascending node of an sso shell, 'HH:MM'", ge=0, le=24)

    @model_validator(mode="after")
    def _check(self) -> Shell:
        if self.thickness > self.altitude - MIN_ALTITUDE_M:
            raise ValueError("thickness reaches below 160 km")
        if self.kind == "walker" and self.inclination is None:
            raise ValueError("a walker shell needs an inclination, e.g. '53 deg'")
        if self.kind == "sso" and self.altitude > 5900e3:
            raise ValueError("no sun-synchronous orbit exists above about 5,900 km")
        if self.planes * self.per_plane > MAX_SHELL_SATELLITES:
            raise ValueError(f"at most {MAX_SHELL_SATELLITES:,} satellites per shell")
        if not self.phasing < self.planes:
            raise ValueError("phasing must satisfy 0 <= phasing < planes")
        return self

    @property
    def satellites(self) -> int:
        return self.planes * self.per_plane
