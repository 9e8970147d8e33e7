"""The ``simulation:`` section: how a time-domain run of the fleet is set up.

Every setting of :func:`skyrack.simulate.simulate` lives here with its source,
so a run is reproducible from its scenario file; keyword arguments and
command-line flags override it for one run (:func:`override`), and the run
records the settings it used. The fleet files (``--tle``/``--omm``) are inputs,
not settings: a scenario never names a file to read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, get_args

import numpy as np
from pydantic import Field, ValidationError, field_validator

from ..errors import InputError
from ..units import Unit, sourced
from .fields import Angle, Length, _Model

__all__ = ["Simulation", "as_section", "override"]

Seconds = Annotated[float, Unit("s")]
BitsPerSecond = Annotated[float, Unit("bit/s")]

_EARLIEST, _LATEST = np.datetime64("1900-01-01", "us"), np.datetime64("2200-01-01", "us")
_JD_EARLIEST, _JD_LATEST = 2415020.5, 2524593.5  # the same dates as Julian dates
_MAX_STATIONS = 1000
_MAX_CLUSTER_RADIUS_M = 100e3  # the lattice is a linear offset from one orbit: radius << semi-major axis


class Simulation(_Model):
    """Settings of a fleet simulation (``simulation:`` section)."""

    duration: Seconds | None = Field(
        default=None,
        description="Length of the run [s]; empty = one year, or the mission lifetime if shorter",
    )
    step: Seconds = sourced(
        "30 s",
        "skyrack assumption: 1/195 of a 650 km orbit; eclipse entry and exit are interpolated within the step",
        "Time step [s]; at most a tenth of the orbital period",
    )
    start: str | float | None = Field(
        default=None,
        description="Start of the run, UTC (e.g. '2035-01-01T00:00'; a number is a Julian date); empty = "
        "1 January of mission.start_year, or the latest element epoch of a TLE/OMM fleet",
    )
    satellites: int | None = Field(
        default=None,
        description="Simulate a seeded random sample of this many satellites (fleet totals scale up); empty = all",
    )
    seed: int = sourced(
        0,
        "skyrack convention: a fixed seed, so that a scenario gives the same numbers every run",
        "Seed of every random draw (sample, failures, upset counts)",
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
    )
    planes: int | None = Field(
        default=None, description="Orbital planes of a Walker layout; empty = chosen by the layout"
    )
    elevation_mask: Angle = sourced(
        "10 deg",
        "skyrack assumption: the 10° mask of the links ground segment (skyrack.links.ground)",
        "Lowest elevation of a ground contact [rad]",
    )
    stations: list[str] | None = Field(
        default=None, description="Ground stations (catalog keys); empty = every station in the catalog"
    )
    downlink_rate: BitsPerSecond = sourced(
        "10 Gbit/s",
        "Ka-band (26 GHz EO band) downlink, 10 Gbit/s with dual polarisation (Tesat Hi-SIDE demonstration)",
        "Downlink rate during a contact [bit/s]",
    )
    checkpoint_time: Seconds = sourced("60 s", "skyrack assumption", "Time to write a checkpoint [s]")
    restart_time: Seconds = sourced("300 s", "skyrack assumption", "Time to restart a job from a checkpoint [s]")
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
    )

    @field_validator("duration", "step", "checkpoint_time", "restart_time", "downlink_rate")
    @classmethod
    def _positive(cls, v: float | None) -> float | None:
        if v is not None and not v > 0:
            raise ValueError("must be greater than zero")
        return v

    @field_validator("cluster_radius")
    @classmethod
    def _radius(cls, v: float) -> float:
        if not 0 <= v <= _MAX_CLUSTER_RADIUS_M:
            raise ValueError("cluster_radius must be between 0 and 100 km (a tight formation about one orbit)")
        return v

    @field_validator("satellites", "planes")
    @classmethod
    def _count(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 10_000_000:
            raise ValueError("must be between 1 and 10,000,000")
        return v

    @field_validator("seed")
    @classmethod
    def _seed(cls, v: int) -> int:
        if not 0 <= v < 2**63:
            raise ValueError("seed must be a non-negative integer below 2**63")
        return v

    @field_validator("bins")
    @classmethod
    def _bins(cls, v: int) -> int:
        if not 1 <= v <= 1_000_000:
            raise ValueError("bins must be between 1 and 1,000,000")
        return v

    @field_validator("elevation_mask")
    @classmethod
    def _mask(cls, v: float) -> float:
        if not 0.0 <= v < 0.5 * np.pi:
            raise ValueError("elevation_mask must be at least 0 and below 90 deg")
        return v

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


def _unit(name: str) -> str | None:
    """The unit of a dimensional field of :class:`Simulation`, or None."""
    info = Simulation.model_fields[name]
    candidates: list[Any] = [*info.metadata]
    for arg in get_args(info.annotation):
        candidates += [*get_args(arg)[1:]]
    return next((c.unit for c in candidates if isinstance(c, Unit)), None)


def override(settings: Simulation, changes: Mapping[str, Any]) -> Simulation:
    """``settings`` with ``changes`` applied, each checked as in a scenario file.

    Parameters
    ----------
    settings : Simulation
        The scenario's settings.
    changes : mapping
        Field names of :class:`Simulation` to new values; None keeps the setting. A number for a
        dimensional field is in the field's unit (s, m, rad, bit/s); a string may carry any unit
        ("30 day").

    Raises
    ------
    skyrack.errors.InputError
        For an unknown name or a value the section would refuse.
    """
    given = {name: value for name, value in changes.items() if value is not None}
    for name in given:
        if name not in Simulation.model_fields:
            allowed = "a setting of the simulation section: " + ", ".join(Simulation.model_fields)
            raise InputError(f"simulation.{name}", given[name], allowed)
    data: dict[str, Any] = {}
    for name, value in given.items():
        unit = _unit(name)
        number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
        data[name] = f"{float(value)!r} {unit}" if unit and number else value
    try:
        checked = Simulation.model_validate(data)
    except ValidationError as error:
        item = error.errors()[0]
        name = str(item["loc"][0]) if item["loc"] else ""
        message = item["msg"].removeprefix("Value error, ")
        raise InputError(f"simulation.{name}", given.get(name), message) from None
    return settings.model_copy(update={name: getattr(checked, name) for name in given})


def as_section(settings: Simulation) -> dict[str, Any]:
    """The settings as a ``simulation:`` section of a scenario file (dimensional values with their unit).

    Reading it back gives the same floats: ``override(Simulation(), as_section(s)) == s``.
    """
    out: dict[str, Any] = {}
    for name, value in settings.model_dump(mode="json").items():
        unit = _unit(name)
        out[name] = f"{float(value)!r} {unit}" if unit and value is not None else value
    return out
