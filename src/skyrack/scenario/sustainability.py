"""Sustainability settings: disposal, collision avoidance, propulsion and the sky observer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..units import Unit, sourced
from .fields import Angle, Area, Length, PerYear, Ratio, Years, _Model, _open_fraction, _positive

Speed = Annotated[float, Unit("m/s")]


class Sustainability(_Model):
    disposal_reliability: Ratio = sourced(
        0.9,
        "NASA-STD-8719.14C req. 4.6-4: disposal success probability >= 0.9",
        "Probability that a satellite that stops working is disposed of",
    )
    disposal_decay: Years = sourced(
        "1 yr",
        "skyrack assumption: lowered to an orbit that decays within a year (FCC 22-74 allows five)",
        "Natural decay time of the disposal orbit [yr]",
    )
    failure_rate: PerYear = sourced(
        "0.02 1/yr",
        "skyrack assumption; early Starlink lost ~3% of its first satellites (engineering.md sec. 9)",
        "Random failures per satellite-year [1/yr]",
    )
    manoeuvre_threshold: Ratio = sourced(
        1e-4, "industry practice Pc 1e-4 (SpaceX reports 3e-7)", "Collision probability that triggers a manoeuvre"
    )
    position_sigma: Length = sourced(
        "100 m", "skyrack assumption: 1-sigma position uncertainty at closest approach", "Covariance 1-sigma [m]"
    )
    hard_body_radius: Length | None = Field(
        default=None, description="Combined hard-body radius [m]; default from the panel areas"
    )
    avoidance_dv: Speed = sourced(
        "0.1 m/s", "skyrack assumption per avoidance manoeuvre", "Delta-v per manoeuvre [m/s]"
    )
    min_separation: Length = sourced(
        "1 km",
        "skyrack assumption for slotting (cf. Arnas et al., Adv. Space Res. 67, 3696, 2021)",
        "Separation counted as a conjunction and used for shell capacity [m]",
    )
    propulsion: Literal["hall-argon", "hall-xenon", "hall-krypton", "hydrazine", "bipropellant"] = sourced(
        "hall-argon", "Starlink V2 mini argon Hall thrusters (SpaceX, 2023)", "Propulsion kind (sets Isp)"
    )
    isp: float | None = Field(default=None, description="Specific impulse [s]; default from the propulsion kind")
    tank_fraction: Ratio = sourced(0.1, "skyrack estimate: tanks ~10% of propellant", "Tank mass per kg propellant")
    bus_area: Area = sourced("4 m^2", "skyrack assumption: ~2 m x 2 m bus", "Bus frontal area [m^2]")
    array_albedo: Ratio = sourced(0.05, "skyrack assumption: dark cells and backsheet", "Array diffuse albedo")
    radiator_albedo: Ratio = sourced(0.1, "skyrack assumption: white radiator seen edge-on", "Radiator diffuse albedo")
    bus_albedo: Ratio = sourced(0.2, "Hainaut & Williams, A&A 636, A121 (2020) use ~0.2", "Bus diffuse albedo")
    observer_latitude: Angle = sourced("40 deg", "mid-latitude observatories (skyrack choice)", "Observer latitude")
    min_elevation: Angle = sourced("30 deg", "SATCON1 (2020): the sky above 30 deg", "Lowest elevation counted")

    @model_validator(mode="after")
    def _check(self) -> Sustainability:
        for name in ("disposal_reliability", "tank_fraction", "array_albedo", "radiator_albedo", "bus_albedo"):
            _open_fraction(getattr(self, name), name, allow_zero=True)
        _open_fraction(self.manoeuvre_threshold, "manoeuvre_threshold")
        for name in ("disposal_decay", "position_sigma", "hard_body_radius", "min_separation", "isp"):
            _positive(getattr(self, name), name)
        if self.failure_rate < 0 or self.avoidance_dv < 0:
            raise ValueError("failure_rate and avoidance_dv must not be negative")
        if not -1.5708 <= self.observer_latitude <= 1.5708:
            raise ValueError("observer_latitude must be between -90 and 90 deg")
        if not 0 <= self.min_elevation < 1.5708:
            raise ValueError("min_elevation must be in [0, 90) deg")
        return self
