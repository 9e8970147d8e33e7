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

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .formatting import format_quantity, format_value
from .physics._arrays import _f as _a, _where
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
# Published figures (``published.*``) that physics cannot meet; set by :func:`published_code`.
GIVEN_RADIATOR_SMALL = 1024
GIVEN_ARRAY_SMALL = 2048
GIVEN_BATTERY_SMALL = 4096
GIVEN_LAUNCHES_SHORT = 8192
GIVEN_MASS_LIGHT = 16384
GIVEN_DOSE_LOW = 32768
GIVEN_BITS = (
    GIVEN_RADIATOR_SMALL
    | GIVEN_ARRAY_SMALL
    | GIVEN_BATTERY_SMALL
    | GIVEN_LAUNCHES_SHORT
    | GIVEN_MASS_LIGHT
    | GIVEN_DOSE_LOW
)
"""Bits of published figures that fail their physics check."""
PROPELLANT_RUNAWAY = 65536  # set by sizing: the tanks cannot carry the propellant their own mass needs
ORBIT_BITS = (
    NO_SSO
    | RADIATOR_BELOW_SINK
    | SATELLITE_TOO_BIG
    | NOT_ENOUGH_POWER
    | BAD_HEAT_PUMP
    | CHIPS_TOO_HOT
    | LAUNCH_CADENCE
    | PRODUCTION_RATE
    | GIVEN_BITS
    | PROPELLANT_RUNAWAY
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
    GIVEN_RADIATOR_SMALL: "the published radiator cannot reject the heat",
    GIVEN_ARRAY_SMALL: "the published array cannot carry the load at end of life",
    GIVEN_BATTERY_SMALL: "the published battery cannot ride through the longest darkness",
    GIVEN_LAUNCHES_SHORT: "the published launches cannot carry the fleet",
    GIVEN_MASS_LIGHT: "the published satellite mass (or W/kg) is lighter than its parts",
    GIVEN_DOSE_LOW: "the published dose per year is below what the shield lets through",
    PROPELLANT_RUNAWAY: "drag, avoidance and disposal need more propellant than tanks can carry (rocket equation)",
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
    GIVEN_RADIATOR_SMALL: "published radiator too small",
    GIVEN_ARRAY_SMALL: "published array too small",
    GIVEN_BATTERY_SMALL: "published battery too small",
    GIVEN_LAUNCHES_SHORT: "published launches too few",
    GIVEN_MASS_LIGHT: "published mass below its parts",
    GIVEN_DOSE_LOW: "published dose too low",
    PROPELLANT_RUNAWAY: "propellant runaway",
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
    GIVEN_RADIATOR_SMALL: "published.radiator_area",
    GIVEN_ARRAY_SMALL: "published.array_area",
    GIVEN_BATTERY_SMALL: "published.battery_capacity",
    GIVEN_LAUNCHES_SHORT: "published.launches",
    GIVEN_MASS_LIGHT: "published.satellite_mass",
    GIVEN_DOSE_LOW: "published.dose_per_year",
    PROPELLANT_RUNAWAY: "orbit.altitude",
}

_TOL = 1e-9

MARGINS = {
    GIVEN_RADIATOR_SMALL: "published.radiator_margin",
    GIVEN_ARRAY_SMALL: "published.array_margin",
    GIVEN_BATTERY_SMALL: "published.battery_margin",
    GIVEN_LAUNCHES_SHORT: "published.launch_margin",
    GIVEN_MASS_LIGHT: "published.mass_margin",
    GIVEN_DOSE_LOW: "published.dose_margin",
}
"""The margin output behind each published-figure bit: what the figure gives over what physics needs."""


def not_given(figure: Any) -> bool:
    """Whether a published figure (float64) is given for no design of a batch: one NaN. What follows from
    it is that one NaN, not an array of NaN for every design."""
    return type(figure) is np.float64 and math.isnan(figure)


def given_margin(given: Any, needed: Any) -> Array:
    """What a published figure gives over what physics needs, as a ratio (vectorised).

    Parameters
    ----------
    given : float or array
        The figure's capacity (heat rejected [W], power [W], energy [Wh], launches, mass [kg],
        dose [krad/yr]); NaN where the scenario does not give the figure.
    needed : float or array
        What physics needs, in the same unit.

    Returns
    -------
    numpy.ndarray
        ``given / needed``: at least 1 where the check is met, below 1 where it fails;
        ``inf`` where nothing is needed; NaN where the figure is not given.
    """
    g, n = _a(given), _a(needed)
    if not_given(g):  # no design has a margin
        return np.asarray(np.nan)
    if type(g) is np.float64 and type(n) is np.float64:  # one design: the same values without the masks
        if math.isnan(g) or math.isnan(n):
            return np.asarray(np.nan)
        return np.asarray(float(g) / float(n) if n > 0 else np.inf)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(n > 0, g / np.where(n > 0, n, 1.0), np.inf)
    return np.where(np.isnan(g) | np.isnan(n), np.nan, ratio)


def published_code(s: Mapping[str, Any]) -> npt.NDArray[np.int64]:
    """The bits of the published figures whose margin (:data:`MARGINS`) falls below 1."""
    code = np.zeros(np.shape(s[MARGINS[GIVEN_RADIATOR_SMALL]]), dtype=np.int64)
    with np.errstate(invalid="ignore"):
        for bit, name in MARGINS.items():
            code = code | np.where(_a(s[name]) < 1.0 - _TOL, bit, 0)
    return code


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
    replaced = _where(_a(p["economics.replacement"]) > 0.5, loss_rate, 0.0)
    hold_sats = _where(replace, sats * (1.0 / life + replaced), 0.0)
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
        elif bit in _PUBLISHED_TEXT:
            text = _PUBLISHED_TEXT[bit](v, p)
        field = REASON_FIELDS[bit]
        if bit == GIVEN_MASS_LIGHT and np.isfinite(float(p.get("published.specific_power", np.nan))):
            field = "published.specific_power"
        out.append(f"{field}: {text}")
    return out


# -- published figures against physics: each finding says what was given and what physics needs


def _radiator_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    return (
        f"the given {format_value('thermal.radiator_area_m2', v['thermal.radiator_area_m2'])} radiator at "
        f"{v['thermal.radiator_temperature_k']:.1f} K rejects "
        f"{format_value('published.radiator_heat_capacity_w', v['published.radiator_heat_capacity_w'])} "
        f"({v['thermal.radiator_net_flux_w_per_m2']:,.1f} W/m² net: emissivity "
        f"{float(p['satellite.thermal.emissivity']):g}, Earth view factor {v['thermal.earth_view_factor']:.3g}, "
        f"sink {v['thermal.sink_temperature_k']:.1f} K); physics needs "
        f"{format_value('published.radiator_area_needed_m2', v['published.radiator_area_needed_m2'])} for the "
        f"{format_value('thermal.heat_rejected_w', v['thermal.heat_rejected_w'])} to reject "
        f"(margin {v['published.radiator_margin']:.3f})"
    )


def _array_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    return (
        f"the given {format_value('power.array_area_m2', v['power.array_area_m2'])} array delivers "
        f"{format_value('published.array_power_eol_w', v['published.array_power_eol_w'])} in sunlight at end of "
        f"life ({float(p['mission.lifetime']):g} yr); the load "
        f"({format_value('power.load_sunlit_w', v['power.load_sunlit_w'])} in sunlight, "
        f"{format_value('power.load_eclipse_w', v['power.load_eclipse_w'])} through the darkness) needs "
        f"{format_value('published.array_power_needed_w', v['published.array_power_needed_w'])}: physics needs "
        f"{format_value('published.array_area_needed_m2', v['published.array_area_needed_m2'])} "
        f"(margin {v['published.array_margin']:.3f})"
    )


def _battery_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    return (
        f"the given {format_value('power.battery_wh', v['power.battery_wh'])} battery at "
        f"{float(p['satellite.power.depth_of_discharge']):.0%} depth of discharge cannot carry "
        f"{format_value('power.load_eclipse_w', v['power.load_eclipse_w'])} through the longest darkness "
        f"({format_value('orbit.max_darkness_s', v['orbit.max_darkness_s'])}, umbra plus half the penumbra): "
        f"physics needs {format_value('published.battery_needed_wh', v['published.battery_needed_wh'])} "
        f"(margin {v['published.battery_margin']:.3f})"
    )


def _launches_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    n = v["launch.launches"]
    return (
        f"{n:,.0f} {p['launch.vehicle']} {'launch carries' if n == 1 else 'launches carry'} "
        f"{format_value('published.launch_capacity_kg', v['published.launch_capacity_kg'])} "
        f"({format_value('launch.payload_kg', v['launch.payload_kg'])} each); the fleet's "
        f"{format_value('mass.total_kg', v['mass.total_kg'])} "
        f"({format_quantity(v['mass.stowed_volume_m3'] * v['constellation.satellites'], 'm**3', 'volume')} stowed) "
        f"needs {v['published.launches_needed']:,.0f} ({v['launch.launches_by_mass']:,.0f} by mass, "
        f"{v['launch.launches_by_volume']:,.0f} by volume)"
    )


def _mass_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    wkg = float(p.get("published.specific_power", np.nan))
    parts = {
        "compute": v["compute.mass_kg"],
        "shielding": v["shielding.mass_kg"],
        "array": v["power.array_mass_kg"],
        "battery": v["power.battery_mass_kg"],
        "radiator": v["thermal.radiator_mass_kg"] + v["thermal.heat_pump_mass_kg"],
    }
    listed = ", ".join(f"{k} {format_value('mass.payload_kg', x)}" for k, x in parts.items() if x > 0)
    given = f"a {format_value('mass.per_satellite_kg', v['mass.per_satellite_kg'])} satellite"
    if np.isfinite(wkg):
        it = format_value("compute.it_power_per_satellite_w", v["compute.it_power_per_satellite_w"])
        given = f"{wkg:,.3g} W/kg for {it} of IT power means {given}"
    return (
        f"{given}, but its parts alone weigh {format_value('mass.payload_kg', v['mass.payload_kg'])} "
        f"({listed}) before bus, structure and margin (skyrack's bottom-up satellite: "
        f"{format_value('published.bottom_up_mass_kg', v['published.bottom_up_mass_kg'])}); the parts allow at most "
        f"{v['published.parts_specific_power_w_per_kg']:,.3g} W/kg (margin {v['published.mass_margin']:.3f})"
    )


def _dose_text(v: Mapping[str, float], p: Mapping[str, Any]) -> str:
    return (
        f"the given {v['radiation.dose_krad_per_year']:.3g} krad/yr is below the "
        f"{v['published.shield_dose_krad_per_year']:.3g} krad/yr (Si) that "
        f"{format_quantity(v['radiation.shield_thickness_m'], 'm', 'length')} of aluminium-equivalent shield lets "
        f"through at {float(p['orbit.altitude']) / 1e3:,.0f} km (AE8/AP8 orbit average; margin "
        f"{v['published.dose_margin']:.3f})"
    )


_PUBLISHED_TEXT = {
    GIVEN_RADIATOR_SMALL: _radiator_text,
    GIVEN_ARRAY_SMALL: _array_text,
    GIVEN_BATTERY_SMALL: _battery_text,
    GIVEN_LAUNCHES_SHORT: _launches_text,
    GIVEN_MASS_LIGHT: _mass_text,
    GIVEN_DOSE_LOW: _dose_text,
}
