"""Feasibility, computed in one place: the bits, the deployment checks and the reasons in words.

A design is feasible when its ``feasibility.code`` is 0; every other code is the sum of the
:data:`REASONS` bits that apply. :func:`skyrack.sizing.size` sets the physical bits (no
sun-synchronous orbit, radiator below its sink, ...), :func:`assess` adds the deployment
bits (the launch cadence and the satellite production cannot complete the fleet within
the planning horizon, or cannot hold it against retirements and replaced failures), and
the pipeline (:mod:`skyrack.pipeline`) the economic one. :func:`reasons` writes a code in
words with the numbers behind it; ``design``, ``compare``, ``deploy``, the report and the
web page all print these same reasons, and every command exits 2 on them.

References
----------
.. [1] Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed., 1999, ch. 18-19
       (launch cadence, constellation build-up and replenishment).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .scenario.deployment import MEDIUM_SATELLITE_KG, SMALL_SATELLITE_KG
from .schedule import fleet_cadence, orbit_schedule, production_rate

Array = npt.NDArray[np.float64]

# Feasibility reason bits (a design is feasible when its code is 0).
NO_SSO = 1
RADIATOR_BELOW_SINK = 2
SATELLITE_TOO_BIG = 4
NOT_ENOUGH_POWER = 8
BAD_HEAT_PUMP = 16
CHIPS_TOO_HOT = 32
NO_USEFUL_COMPUTE = 64  # set by the pipeline: nothing left to price per unit of compute
INPUT_OUT_OF_RANGE = 128  # set by skyrack.model.design_batch for drawn inputs outside their allowed range
LAUNCH_CADENCE = 256  # set by assess: the launch fleet cannot complete or hold the constellation
PRODUCTION_RATE = 512  # set by assess: satellite production cannot complete or hold the constellation
ORBIT_BITS = (
    NO_SSO
    | RADIATOR_BELOW_SINK
    | SATELLITE_TOO_BIG
    | NOT_ENOUGH_POWER
    | BAD_HEAT_PUMP
    | CHIPS_TOO_HOT
    | LAUNCH_CADENCE
    | PRODUCTION_RATE
)
"""Bits that concern only the orbital design (cleared for a terrestrial-only scenario)."""

REASONS = {
    NO_SSO: "no sun-synchronous orbit exists at this altitude",
    RADIATOR_BELOW_SINK: "radiator is at or below its sink temperature: it cannot reject heat",
    SATELLITE_TOO_BIG: "one satellite exceeds the launch vehicle's payload or fairing",
    NOT_ENOUGH_POWER: "the array cannot supply even the bus load",
    BAD_HEAT_PUMP: "heat-pump hot side must be hotter than the radiator loop",
    CHIPS_TOO_HOT: "the radiator loop is hotter than the chip-to-radiator ladder allows: junctions exceed their limit",
    NO_USEFUL_COMPUTE: "the design delivers no measurable compute (a fraction such as utilisation is vanishing)",
    INPUT_OUT_OF_RANGE: "a drawn input is outside its allowed range (see skyrack parameters)",
    LAUNCH_CADENCE: "the launch fleet cannot complete the constellation within the planning horizon or hold it",
    PRODUCTION_RATE: "satellite production cannot complete the constellation within the planning horizon or hold it",
}

SHORT = {
    NO_SSO: "no sun-synchronous orbit",
    RADIATOR_BELOW_SINK: "radiator below its sink",
    SATELLITE_TOO_BIG: "satellite too big for the launcher",
    NOT_ENOUGH_POWER: "array short of the bus load",
    BAD_HEAT_PUMP: "heat pump colder than the loop",
    CHIPS_TOO_HOT: "junctions above their limit",
    NO_USEFUL_COMPUTE: "no useful compute",
    INPUT_OUT_OF_RANGE: "input out of range",
    LAUNCH_CADENCE: "launch cadence",
    PRODUCTION_RATE: "satellite production",
}
"""A few words naming each reason (for a verdict's headline)."""

# The scenario field to change for each reason.
REASON_FIELDS = {
    NO_SSO: "orbit.altitude",
    RADIATOR_BELOW_SINK: "satellite.thermal.radiator_temperature",
    SATELLITE_TOO_BIG: "launch.vehicle",
    NOT_ENOUGH_POWER: "satellite.power.max_array_area",
    BAD_HEAT_PUMP: "satellite.thermal.heat_pump.radiator_temperature",
    CHIPS_TOO_HOT: "satellite.thermal.radiator_temperature",
    NO_USEFUL_COMPUTE: "satellite.compute.utilisation",
    INPUT_OUT_OF_RANGE: "uncertainty",
    LAUNCH_CADENCE: "deployment.vehicles",
    PRODUCTION_RATE: "deployment.manufacturing_rate",
}

_TOL = 1e-9


def _a(x: Any) -> Array:
    return np.asarray(x, dtype=np.float64)


def assess(p: Mapping[str, Any], s: Mapping[str, Array], loss_rate: Array) -> dict[str, npt.NDArray[Any]]:
    """The deployment schedule of a sized design and the bits it fails, vectorised.

    Parameters
    ----------
    p : mapping
        Flat parameters (:func:`skyrack.params.resolve`, linked).
    s : mapping
        Sized quantities (:func:`skyrack.sizing.size`).
    loss_rate : array
        Permanent losses in orbit [1/yr] (whole satellites plus accelerators); the
        replacement flights to hold the fleet count them when ``economics.replacement``.

    Returns
    -------
    dict
        ``schedule.*`` outputs (cadence, production, first launch, completion, flights and
        satellites a year to hold the fleet) and ``feasibility.code`` with the
        :data:`LAUNCH_CADENCE` and :data:`PRODUCTION_RATE` bits added.

    References
    ----------
    .. [1] SMAD 3rd ed. ch. 19 (replenishment: N/L a year plus failures).
    """
    sats, launches = s["constellation.satellites"], s["launch.launches"]
    cadence = fleet_cadence(p["deployment.vehicles"], p["deployment.flights_per_vehicle"], p["deployment.turnaround"])
    prod = production_rate(
        s["mass.per_satellite_kg"],
        p["deployment.production_small"],
        p["deployment.production_medium"],
        p["deployment.production_large_mass"],
        p["deployment.manufacturing_rate"],
    )
    first, complete = orbit_schedule(sats, launches, cadence, prod, p["mission.build_time"])
    # a satellite assembled in orbit from n launches serves from its last part on
    parts = launches / sats
    service = np.minimum(first + np.maximum(parts - 1.0, 0.0) / cadence, complete)
    horizon, life = _a(p["deployment.years"]), _a(p["mission.lifetime"])
    replace = _a(p["deployment.replace"]) > 0.5
    replaced = np.where(_a(p["economics.replacement"]) > 0.5, loss_rate, 0.0)
    hold_sats = np.where(replace, sats * (1.0 / life + replaced), 0.0)
    hold_launches = hold_sats * launches / sats
    launch_years, build_years = launches / cadence, sats / prod
    slow = (1.0 + _TOL) * horizon
    late_launch = (first + launch_years > slow) | (hold_launches > cadence * (1.0 + _TOL))
    late_launch |= ~replace & (launch_years > life * (1.0 + _TOL))
    late_build = (build_years > slow) | (hold_sats > prod * (1.0 + _TOL))
    late_build |= ~replace & (build_years - first > life * (1.0 + _TOL))
    code = (
        _a(s["feasibility.code"]).astype(np.int64)
        | np.where(late_launch, LAUNCH_CADENCE, 0)
        | np.where(late_build, PRODUCTION_RATE, 0)
    )
    return {
        "schedule.cadence_per_year": _a(cadence),
        "schedule.production_per_year": _a(prod),
        "schedule.first_launch_yr": _a(first),
        "schedule.first_service_yr": _a(service),
        "schedule.fleet_complete_yr": _a(complete),
        "schedule.hold_launches_per_year": _a(hold_launches),
        "schedule.hold_satellites_per_year": _a(hold_sats),
        "feasibility.code": code,
    }


def _class_name(mass_kg: float) -> str:
    if mass_kg <= SMALL_SATELLITE_KG:
        return "small-satellite class rate"
    if mass_kg <= MEDIUM_SATELLITE_KG:
        return "Starlink-class rate"
    return "large-satellite line rate (tonnes a year)"


def _cadence_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    launches, cadence = v["launch.launches"], v["schedule.cadence_per_year"]
    first, horizon, life = v["schedule.first_launch_yr"], float(p["deployment.years"]), float(p["mission.lifetime"])
    hold = v["schedule.hold_launches_per_year"]
    parts = [
        f"the fleet needs {launches:,.0f} {p['launch.vehicle']} launches: {first + launches / cadence:,.1f} yr "
        f"at {cadence:,.0f} flights/yr after the {first:g}-yr lead, against a {horizon:g}-yr planning horizon"
    ]
    if hold > cadence * (1.0 + _TOL):
        sats = v["constellation.satellites"]
        parts.append(
            f"holding {sats:,.0f} satellites of {life:g}-yr life needs {hold:,.0f} launches/yr against {cadence:,.0f}"
        )
    elif float(p["deployment.replace"]) < 0.5 and launches / cadence > life * (1.0 + _TOL):
        parts.append(f"the first satellites retire ({life:g}-yr life) before the last is launched")
    return "; ".join(parts) + " (add vehicles or flights_per_vehicle, or a bigger launcher)"


def _production_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    sats, prod, mass = v["constellation.satellites"], v["schedule.production_per_year"], v["mass.per_satellite_kg"]
    given = float(p["deployment.manufacturing_rate"])
    basis = "deployment.manufacturing_rate" if np.isfinite(given) else _class_name(mass)
    horizon, life = float(p["deployment.years"]), float(p["mission.lifetime"])
    hold = v["schedule.hold_satellites_per_year"]
    parts = [
        f"building {sats:,.0f} satellites of {mass:,.0f} kg at {prod:,.0f}/yr ({basis}) takes {sats / prod:,.1f} yr "
        f"against a {horizon:g}-yr planning horizon"
    ]
    if hold > prod * (1.0 + _TOL):
        parts.append(f"holding the fleet ({life:g}-yr life) needs {hold:,.0f} satellites/yr against {prod:,.0f}")
    return "; ".join(parts)


def short_reasons(code: int) -> list[str]:
    """The reasons of ``code`` in a few words each."""
    return [text for bit, text in SHORT.items() if code & bit]


def reasons(code: int, v: Mapping[str, float], p: Mapping[str, Any]) -> list[str]:
    """The reasons of a feasibility ``code`` in words, each led by the scenario field to change.

    Parameters
    ----------
    code : int
        ``feasibility.code`` of one design.
    v : mapping
        Its outputs (scalars).
    p : mapping
        Its flat parameters.

    Returns
    -------
    list of str
        One "field: reason" line per bit, with the numbers behind it.
    """
    out = []
    for bit, text in REASONS.items():
        if not code & bit:
            continue
        if bit == RADIATOR_BELOW_SINK:
            text = (
                f"radiator at {v['thermal.radiator_temperature_k']:.1f} K is at or below its sink "
                f"temperature {v['thermal.sink_temperature_k']:.1f} K: it cannot reject heat"
            )
        elif bit == CHIPS_TOO_HOT:
            text = (
                f"a radiator loop at {v['thermal.loop_temperature_k']:.1f} K puts the junctions above their limit: "
                f"the ladder allows at most {v['thermal.ladder_temperature_k']:.1f} K (junction_max minus the "
                "junction-to-coolant and coolant-to-radiator rises); lower it or lift heat with a heat pump"
            )
        elif bit == SATELLITE_TOO_BIG:
            text = (
                f"one satellite ({v['mass.per_satellite_kg']:,.0f} kg, {v['mass.stowed_volume_m3']:,.1f} m3) "
                f"exceeds {p['launch.vehicle']}'s payload ({v['launch.payload_kg']:,.0f} kg) or usable "
                "fairing; use a bigger vehicle, smaller satellites or launch.in_orbit_assembly: true"
            )
        elif bit == LAUNCH_CADENCE:
            text = "launch cadence: " + _cadence_text(v, p)
        elif bit == PRODUCTION_RATE:
            text = "satellite production: " + _production_text(v, p)
        out.append(f"{REASON_FIELDS[bit]}: {text}")
    return out
