"""Sustainability settings: disposal, collision avoidance, propulsion and the sky observer."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from ..units import Unit
from .fields import Angle, Area, Length, PerYear, Ratio, Years, _Model, optional, sourced

Speed = Annotated[float, Unit("m/s")]
Seconds = Annotated[float, Unit("s")]


class Sustainability(_Model):
    disposal_reliability: Ratio = sourced(
        0.9,
        "NASA-STD-8719.14C req. 4.6-4: disposal success probability >= 0.9",
        "Probability that a satellite that stops working is disposed of",
        ge=0,
        le=1,
    )
    disposal_decay: Years = sourced(
        "1 yr",
        "skyrack assumption: lowered to an orbit that decays within a year (FCC 22-74 allows five)",
        "Natural decay time of the disposal orbit [yr]",
        gt=0,
    )
    failure_rate: PerYear = sourced(
        "0.02 1/yr",
        "skyrack assumption; early Starlink lost ~3% of its first satellites (J. McDowell, via Universe Today, 2020)",
        "Random failures per satellite-year [1/yr]",
        ge=0,
        lt=5,
    )
    manoeuvre_threshold: Ratio = sourced(
        1e-4,
        "industry practice Pc 1e-4 (SpaceX reports 3e-7)",
        "Collision probability that triggers a manoeuvre",
        gt=0,
        le=1,
    )
    position_sigma: Length = sourced(
        "100 m", "skyrack assumption: 1-sigma position uncertainty at closest approach", "Covariance 1-sigma [m]", gt=0
    )
    hard_body_radius: Length | None = optional("Combined hard-body radius [m]; default from the panel areas", gt=0)
    avoidance_dv: Speed = sourced(
        "0.1 m/s", "skyrack assumption per avoidance manoeuvre", "Delta-v per manoeuvre [m/s]", ge=0
    )
    min_separation: Length = sourced(
        "1 km",
        "skyrack assumption for slotting (cf. Arnas et al., Adv. Space Res. 67, 3696, 2021)",
        "Separation counted as a conjunction and used for shell capacity [m]",
        gt=0,
    )
    propulsion: Literal["hall-argon", "hall-xenon", "hall-krypton", "hydrazine", "bipropellant"] = sourced(
        "hall-argon", "Starlink V2 mini argon Hall thrusters (SpaceX, 2023)", "Propulsion kind (sets Isp)"
    )
    isp: Seconds | None = optional("Specific impulse [s]; default from the propulsion kind", gt=0)
    tank_fraction: Ratio = sourced(
        0.1, "skyrack estimate: tanks ~10% of propellant", "Tank mass per kg propellant", ge=0, le=1
    )
    bus_area: Area = sourced("4 m^2", "skyrack assumption: ~2 m x 2 m bus", "Bus frontal area [m^2]", ge=0)
    array_albedo: Ratio = sourced(
        0.05, "skyrack assumption: dark cells and backsheet", "Array diffuse albedo", ge=0, le=1
    )
    radiator_albedo: Ratio = sourced(
        0.1, "skyrack assumption: white radiator seen edge-on", "Radiator diffuse albedo", ge=0, le=1
    )
    bus_albedo: Ratio = sourced(
        0.2, "Hainaut & Williams, A&A 636, A121 (2020) use ~0.2", "Bus diffuse albedo", ge=0, le=1
    )
    observer_latitude: Angle = sourced(
        "40 deg", "mid-latitude observatories (skyrack choice)", "Observer latitude", ge=-math.pi / 2, le=math.pi / 2
    )
    min_elevation: Angle = sourced(
        "30 deg", "SATCON1 (2020): the sky above 30 deg", "Lowest elevation counted", ge=0, lt=math.pi / 2
    )
