"""The ``simulation:`` section: how a time-domain run of the fleet is set up.

Every setting of :func:`skyrack.simulate.simulate` lives here with its source,
so a run is reproducible from its scenario file; keyword arguments and
command-line flags override it for one run (:func:`skyrack.simulate.settings.override`),
and the run records the settings it used. The fleet files (``--tle``/``--omm``) are inputs,
not settings: a scenario never names a file to read.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, field_validator

from ..units import Unit
from .fields import Angle, Length, _Model, optional, sourced

__all__ = ["Simulation"]

Seconds = Annotated[float, Unit("s")]
BitsPerSecond = Annotated[float, Unit("bit/s")]

_EARLIEST, _LATEST = np.datetime64("1900-01-01", "us"), np.datetime64("2200-01-01", "us")
_JD_EARLIEST, _JD_LATEST = 2415020.5, 2524593.5  # the same dates as Julian dates
_MAX_STATIONS = 1000
_MAX_CLUSTER_RADIUS_M = 100e3  # the lattice is a linear offset from one orbit: radius << semi-major axis


class Simulation(_Model):
    """Settings of a fleet simulation (``simulation:`` section)."""

    duration: Seconds | None = optional(
        "Length of the run [s]; empty = one year, or the mission lifetime if shorter", gt=0
    )
    step: Seconds = sourced(
        "30 s",
        "skyrack assumption: 1/195 of a 650 km orbit; eclipse entry and exit are interpolated within the step",
        "Time step [s]; at most a tenth of the orbital period",
        gt=0,
    )
    start: str | float | None = Field(
        default=None,
        description="Start of the run, UTC (e.g. '2035-01-01T00:00'; a number is a Julian date); empty = "
        "1 January of mission.start_year, or the latest element epoch of a TLE/OMM fleet",
    )
    satellites: int | None = optional(
        "Simulate a seeded random sample of this many satellites (fleet totals scale up); empty = all",
        ge=1,
        le=10_000_000,
    )
    seed: int = sourced(
        0,
        "skyrack convention: a fixed seed, so that a scenario gives the same numbers every run",
        "Seed of every random draw (sample, failures, upset counts)",
        ge=0,
        le=2**32 - 1,
    )
    propagator: Literal["j2", "sgp4"] = sourced(
        "j2",
        "mean-element J2 theory (Vallado 2013, sec. 9.6): within about 0.4 km of SGP4 over a day",
        "Propagator of design orbits: j2 (secular J2 with short-period terms) or sgp4",
    )
    cluster_radius: Length = sourced(
        "1 km",
        "Suncatcher: 81 satellites within a 1 km radius (arXiv:2511.19468)",
        "Radius of a cluster layout [m]",
        ge=0,
        le=_MAX_CLUSTER_RADIUS_M,
    )
    planes: int | None = optional(
        "Orbital planes of a Walker layout; empty = chosen by the layout", ge=1, le=10_000_000
    )
    elevation_mask: Angle = sourced(
        "10 deg",
        "skyrack assumption: the 10° mask of the links ground segment (skyrack.links.ground)",
        "Lowest elevation of a ground contact [rad]",
        ge=0,
        lt=0.5 * np.pi,
    )
    stations: list[str] | None = Field(
        default=None, description="Ground stations (catalog keys); empty = every station in the catalog"
    )
    downlink_rate: BitsPerSecond = sourced(
        "10 Gbit/s",
        "Ka-band (26 GHz EO band) downlink, 10 Gbit/s with dual polarisation (Tesat Hi-SIDE demonstration)",
        "Downlink rate during a contact [bit/s]",
        gt=0,
    )
    checkpoint_time: Seconds = sourced("60 s", "skyrack assumption", "Time to write a checkpoint [s]", gt=0)
    restart_time: Seconds = sourced("300 s", "skyrack assumption", "Time to restart a job from a checkpoint [s]", gt=0)
    solar: Literal["max", "min", "worst"] = sourced(
        "max",
        "AE8/AP8 solar-maximum maps (Sawyer & Vette 1976; Vette 1991); worst pairs AE8MAX with AP8MIN",
        "Solar-cycle phase of the trapped-radiation model: max, min or worst",
    )
    dose: bool = sourced(
        True, "skyrack: the AE8/AP8 dose table (false: no dose and no upsets)", "Compute radiation dose and upsets"
    )
    bins: int = sourced(
        2000,
        "skyrack choice: a year at about 4.4 h per point",
        "Approximate number of points of the down-sampled fleet time series",
        ge=1,
        le=1_000_000,
    )

    @field_validator("stations")
    @classmethod
    def _stations(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and not 1 <= len(v) <= _MAX_STATIONS:
            raise ValueError(f"stations must list between 1 and {_MAX_STATIONS} catalog keys")
        return v

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v: Any) -> Any:
        return _start_text(v)


def _start_text(value: Any) -> Any:
    """A start time as ISO text (UTC) or a Julian date, checked to lie in 1900-2200."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("start must be a date/time such as 2035-01-01T00:00 or a Julian date")
    if isinstance(value, datetime):
        value = (value.astimezone(UTC) if value.tzinfo else value).replace(tzinfo=None).isoformat()
    elif isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, (int, float)):
        if not _JD_EARLIEST <= value < _JD_LATEST:
            raise ValueError(f"a Julian date between {_JD_EARLIEST} (1900) and {_JD_LATEST} (2200)")
        return float(value)
    if not isinstance(value, str) or len(value) > 64:
        raise ValueError("start must be a date/time such as 2035-01-01T00:00 or a Julian date")
    try:
        stamp = np.datetime64(value.strip().removesuffix("Z"), "us")
    except ValueError:
        raise ValueError("start must be a date/time such as 2035-01-01T00:00 (UTC)") from None
    if not _EARLIEST <= stamp < _LATEST:
        raise ValueError("start must lie between 1900 and 2200")
    return value.strip()
