"""The nested, JSON-ready summary of a design (``skyrack design --json``), its cost breakdown and its verdict.

:func:`verdict` writes the one sentence every view opens with (``design``, ``compare``, the
report and the web page): which side is cheaper per delivered PFLOP-day and by how much,
what decides it, and what would have to change for parity.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._json import finite_or_none, json_safe
from .feasibility import short_reasons
from .formatting import format_value
from .physics.illumination import ECLIPSE_DEFINITION
from .scenario.registry import parameter, parameters
from .units import to_unit

if TYPE_CHECKING:
    from .model import Result

BASIS_WORDS = {
    "array_bol": "USD/W of array power at beginning of life",
    "array_eol": "USD/W of array power at end of life",
    "it_power": "USD/W of IT power",
    "mass": "USD/kg of satellite without its compute",
}


def _count(x: float) -> int | None:
    return int(x) if math.isfinite(x) else None


def cost_basis(p: Mapping[str, Any]) -> str:
    """The satellite cost basis in force, named: top-down with its number and base, or BOTTOM-UP and why.

    >>> cost_basis({"economics.satellite_cost_basis": "array_bol", "economics.satellite_cost_per_w": 22.0,
    ...             "economics.satellite_cost_per_kg": float("nan")})
    'top-down: 22 USD/W of array power at beginning of life'
    """
    basis = str(p["economics.satellite_cost_basis"])
    if basis == "bottom_up":
        return "bottom-up: per subsystem (economics.satellite_cost_basis: bottom_up)"
    field = "economics.satellite_cost_per_kg" if basis == "mass" else "economics.satellite_cost_per_w"
    value = float(p[field])
    if not math.isfinite(value):
        return f"BOTTOM-UP: per subsystem, because {field} is not given (basis {basis})"
    return f"top-down: {value:,.4g} {BASIS_WORDS[basis]}"


def cost_breakdown(v: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """Present-value cost of orbit and of ground, split by what it buys [USD].

    Insurance and operations that scale with hardware are carried with the hardware they cover
    (accelerators and bus in proportion to their purchase prices); the parts sum to the TCO.
    """
    pv_cost, pv_infra, pv_launch = (
        v["economics.pv_cost_usd"],
        v["economics.pv_infrastructure_usd"],
        v["economics.pv_launch_usd"],
    )
    pv_acc = pv_cost - pv_infra
    acc_hw = v["economics.hardware_accelerators_usd"]
    pv_bus = v["economics.hardware_bus_usd"] * (pv_acc / acc_hw if acc_hw > 0 else v["economics.hardware_pv_per_usd"])
    orbit = {
        "accelerators (+ insurance, ops)": pv_acc,
        "satellite hardware (+ insurance, ops)": pv_bus,
        "launch (+ insurance)": pv_launch,
        "NRE and ground segment": pv_infra - pv_bus - pv_launch,
    }
    ground = {
        "facility, energy, O&M": v["terrestrial.pv_infrastructure_usd"],
        "accelerators and repairs": v["terrestrial.pv_cost_usd"] - v["terrestrial.pv_infrastructure_usd"],
    }
    return orbit, ground


def _value(path: str, number: float) -> str:
    """A parameter's value in its usual unit, to three significant digits ("135 USD/W")."""
    param = parameter(path)
    unit = param.example_unit
    if param.unit not in (None, "", "1") and unit != param.unit:
        number = to_unit(f"{number!r} {param.unit}", unit)
    return f"{number:,.3g} {unit}".strip()


def _levers(parity: Mapping[str, Mapping[str, Any]], top: int = 3) -> list[str]:
    """The parity values needing the smallest relative change, in words (drivers now at zero left out:
    an electricity price for a site that makes its own power is no lever)."""
    found = [
        (abs(d["parity"] - d["current"]) / abs(d["current"]), k, d)
        for k, d in parity.items()
        if not d.get("inert") and d.get("parity") is not None and d["current"] != 0
    ]
    found.sort(key=lambda item: item[0])
    return [
        f"{_lower_first(d['label'])} at {_value(k, d['parity'])} (now {_value(k, d['current'])})"
        for _, k, d in found[:top]
    ]


def _decides(result: Result) -> str:
    """Which part of the cost gap is larger, infrastructure or accelerators, and what it is made of."""
    v, p = result.values, result.params
    o_days, g_days = v["economics.pv_pflop_days"], v["terrestrial.pv_pflop_days"]
    o_infra, g_infra = v["economics.pv_infrastructure_usd"] / o_days, v["terrestrial.pv_infrastructure_usd"] / g_days
    o_acc = (v["economics.pv_cost_usd"] - v["economics.pv_infrastructure_usd"]) / o_days
    g_acc = (v["terrestrial.pv_cost_usd"] - v["terrestrial.pv_infrastructure_usd"]) / g_days
    if o_acc - g_acc > o_infra - g_infra:
        return (
            f"the accelerators, ${o_acc:,.2f} against ${g_acc:,.2f} per PFLOP-day (orbit loses hardware it "
            f"cannot repair and serves less of the time)"
        )
    orbit, _ = cost_breakdown(v)
    infra = {k: x for k, x in orbit.items() if not k.startswith("accelerators")}
    total = sum(infra.values())
    parts = sorted(((x / total, k.split(" (")[0]) for k, x in infra.items()), reverse=True)[:2]
    items = ", ".join(f"{name} {share:.0%}" for share, name in parts)
    return (
        f"infrastructure, ${o_infra:,.2f} against ${g_infra:,.2f} per PFLOP-day ({items} of orbit's; "
        f"satellites costed {cost_basis(p)})"
    )


def verdict(result: Result) -> str:
    """One sentence: which side is cheaper per delivered PFLOP-day, by how much, what decides it, what would change it.

    Used by ``design``, ``compare``, the report's first screen and the web page.
    """
    v, p = result.values, result.params
    if p.get("kind") == "terrestrial":
        return (
            f"Terrestrial site only ({p['terrestrial.kind']}): {v['terrestrial.it_power_w'] / 1e6:,.0f} MW of IT "
            f"at ${v['terrestrial.usd_per_pflop_day']:,.2f} per delivered PFLOP-day all-in "
            f"(${v['terrestrial.infrastructure_usd_per_pflop_day']:,.2f} infrastructure only); no orbit to compare."
        )
    ratio, infra = v["economics.cost_ratio"], v["economics.cost_ratio_infrastructure"]
    if not math.isfinite(ratio):
        return "Not feasible as specified, and not priced: " + "; ".join(result.reasons)
    cheaper, factor = ("Ground", ratio) if ratio >= 1 else ("Orbit", 1.0 / ratio)
    sentence = (
        f"{cheaper} is cheaper per delivered PFLOP-day: orbit ${v['economics.usd_per_pflop_day']:,.2f} against "
        f"ground ${v['terrestrial.usd_per_pflop_day']:,.2f}, {factor:.2f}x all-in "
        f"({infra:.2f}x orbit/ground on infrastructure alone, without accelerators); "
        f"what decides it: {_decides(result)}"
    )
    levers = _levers(result.parity)
    if levers:
        sentence += "; parity needs " + " or ".join(levers)
    elif result.parity:
        sentence += "; no single driver in range reaches parity"
    if not result.feasible:
        code = int(v["feasibility.code"])
        sentence = "NOT FEASIBLE as specified (" + ", ".join(short_reasons(code)) + "). "
        sentence += "Were it built: " + _lower_first(_after_not_feasible(result))
    return sentence + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _after_not_feasible(result: Result) -> str:
    """The cost sentence of an infeasible design (its reasons are listed separately)."""
    from dataclasses import replace

    return verdict(replace(result, feasible=True)).rstrip(".")


def _ratios(v: Mapping[str, float]) -> dict[str, Any]:
    return {
        "all_in": {
            "value": v["economics.cost_ratio"],
            "meaning": "orbit / ground cost per delivered PFLOP-day, accelerators included on both sides",
        },
        "infrastructure_only": {
            "value": v["economics.cost_ratio_infrastructure"],
            "meaning": "orbit / ground cost per delivered PFLOP-day without accelerators on either side "
            "(the basis of McCalip's, Suncatcher's and Starcloud's published comparisons)",
        },
    }


def _schedule(v: Mapping[str, float], p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "pricing": p["deployment.pricing"],
        "launch_cadence_per_year": v["schedule.cadence_per_year"],
        "production_per_year": v["schedule.production_per_year"],
        "first_launch_yr": v["schedule.first_launch_yr"],
        "fleet_complete_yr": v["schedule.fleet_complete_yr"],
        "hold_launches_per_year": v["schedule.hold_launches_per_year"],
        "planning_horizon_yr": float(p["deployment.years"]),
        "ground_first_power_yr": v["terrestrial.first_power_yr"],
        "ground_full_power_yr": v["terrestrial.full_power_yr"],
    }


def _failures(v: Mapping[str, float], p: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "interruptions_per_accelerator_year": float(p["economics.interruption_rate"]),
        "interruption_goodput_orbit": v["economics.interruption_goodput"],
        "interruption_goodput_ground": v["terrestrial.interruption_goodput"],
        "permanent_loss_per_year_orbit": v["economics.failure_rate_per_year"],
        "permanent_accelerator_loss_per_year_ground": float(p["terrestrial.accelerator_failure_rate"]),
        "dose_failures_per_accelerator_year": finite_or_none(v["radiation.tid_failure_rate_per_year"]),
    }


def _design_sections(result: Result) -> dict[str, Any]:
    """Orbit, constellation, power, thermal, compute, mass and launch of the sized design."""
    v, p = result.values, result.params
    breakdown = {
        "compute": v["compute.mass_kg"],
        "shielding": v["shielding.mass_kg"],
        "solar_array": v["power.array_mass_kg"],
        "battery": v["power.battery_mass_kg"],
        "radiator": v["thermal.radiator_mass_kg"],
        "heat_pump": v["thermal.heat_pump_mass_kg"],
        "bus_structure_and_margin": v["mass.bus_kg"],
    }
    return {
        "orbit": {
            "kind": p["orbit.kind"],
            "altitude_km": float(p["orbit.altitude"]) / 1e3,
            "inclination_deg": math.degrees(v["orbit.inclination_rad"]),
            "period_s": v["orbit.period_s"],
            "sunlit_fraction": v["orbit.sunlit_fraction"],
            "max_eclipse_s": v["orbit.max_eclipse_s"],
            "eclipse_days_per_year": v["orbit.eclipse_days_per_year"],
            "eclipse_definition": ECLIPSE_DEFINITION,
            "mean_illumination": v["orbit.mean_illumination"],
        },
        "constellation": {"satellites": _count(v["constellation.satellites"])},
        "power": {
            key: v[f"power.{key}"]
            for key in (
                "array_area_m2",
                "array_mass_kg",
                "array_power_bol_w",
                "array_power_eol_w",
                "battery_wh",
                "battery_mass_kg",
            )
        },
        "thermal": {
            key: v[f"thermal.{key}"]
            for key in (
                "radiator_temperature_k",
                "sink_temperature_k",
                "radiator_net_flux_w_per_m2",
                "radiator_area_m2",
                "radiator_mass_kg",
                "heat_pump_work_w",
            )
        },
        "compute": {
            "accelerator": p["satellite.compute.accelerator"],
            "accelerators": v["compute.accelerators"],
            "units_per_satellite": v["compute.units_per_satellite"],
            "accelerators_per_satellite": v["compute.units_per_satellite"]
            * float(p["satellite.compute.accelerators_per_unit"]),
            "it_power_w": v["compute.it_power_w"],
            "peak_bf16_flops": v["compute.peak_bf16_flops"],
            "peak_fp8_flops": v["compute.peak_fp8_flops"],
            "delivered_flops": v["economics.delivered_flops"],
            "binding_limit": result.binding_limit(),
            "mass_kg": v["compute.mass_kg"],
            "waterfall_factors": result.waterfall_factors(),
            "waterfall_flops": dict(result.waterfall()),
        },
        "mass": {
            "total_kg": v["mass.total_kg"],
            "per_satellite_kg": v["mass.per_satellite_kg"],
            "breakdown_kg": breakdown,
        },
        "launch": {
            "vehicle": p["launch.vehicle"],
            "pricing": p["deployment.pricing"],
            "launches": _count(v["launch.launches"]),
            "launches_by_mass": _count(v["launch.launches_by_mass"]),
            "launches_by_volume": _count(v["launch.launches_by_volume"]),
            "cost_usd": v["launch.cost_usd"],
            "usd_per_kg": v["launch.usd_per_kg"],
            "usd_per_kw_year": v["launch.usd_per_kw_year"],
        },
    }


_SIDE_KEYS = (
    "capex_usd", "opex_usd_per_year", "infrastructure_usd_per_mwh", "energy_usd_per_mwh", "usd_per_accelerator_hour",
    "usd_per_pflop_day", "infrastructure_usd_per_pflop_day", "co2e_kg",
)  # fmt: skip


def _money_sections(v: Mapping[str, float], p: Mapping[str, Any]) -> dict[str, Any]:
    """Orbit's and the ground's costs, side by side, with the cost basis and the TCO breakdowns."""
    orbit_pv, ground_pv = cost_breakdown(v)
    economics: dict[str, Any] = {key: v[f"economics.{key}"] for key in _SIDE_KEYS}
    economics.update(
        {
            "cost_basis": cost_basis(p),
            "satellite_cost_top_down_usd": v["economics.satellite_cost_top_down_usd"],
            "satellite_cost_bottom_up_usd": v["economics.satellite_cost_bottom_up_usd"],
            "usd_per_pflop_day_top_down": v["economics.usd_per_pflop_day_top_down"],
            "usd_per_pflop_day_bottom_up": v["economics.usd_per_pflop_day_bottom_up"],
            "tco_usd": v["economics.pv_cost_usd"],
            "tco_undiscounted_usd": v["economics.tco_undiscounted_usd"],
            "tco_breakdown_usd": orbit_pv,
        }
    )
    terrestrial: dict[str, Any] = {key: v[f"terrestrial.{key}"] for key in _SIDE_KEYS}
    terrestrial.update(
        {
            "kind": p["terrestrial.kind"],
            "accelerators": v["terrestrial.accelerators"],
            "it_power_w": v["terrestrial.it_power_w"],
            "tco_usd": v["terrestrial.pv_cost_usd"],
            "tco_undiscounted_usd": v["terrestrial.tco_undiscounted_usd"],
            "water_m3": v["terrestrial.water_m3"],
            "tco_breakdown_usd": ground_pv,
        }
    )
    return {"economics": economics, "terrestrial": terrestrial}


def _environment(v: Mapping[str, float]) -> dict[str, Any]:
    return {
        "water_avoided_m3": v["terrestrial.water_m3"],
        "co2e_orbit_kg": v["economics.co2e_kg"],
        "co2e_orbit_breakdown_kg": {
            "launch combustion": v["economics.co2e_launch_kg"],
            "propellant production": v["economics.co2e_propellant_kg"],
            "satellite manufacturing": v["economics.co2e_manufacturing_kg"],
        },
        "co2e_black_carbon_kg": v["economics.co2e_black_carbon_kg"],
        "black_carbon_note": "stratospheric soot from the launches as CO2e over 100 years: uncertain by "
        "an order of magnitude, kept out of the life-cycle total",
        "co2e_ground_kg": v["terrestrial.co2e_kg"],
        "co2e_avoided_kg": v["terrestrial.co2e_kg"] - v["economics.co2e_kg"],
    }


def _fv(name: str, value: float) -> str:
    return str(format_value(name, value))


PUBLISHED_FIELDS = tuple(name for name in parameters() if name.startswith("published."))
"""The scenario's published figures (the registry's ``published.*``), in the order of :func:`published`'s rows."""


def _published_rows(v: Mapping[str, float], p: Mapping[str, Any]) -> list[tuple[str, str, str, str]]:
    """(field, given, what physics needs, margin name) for every check a published figure could face."""
    launches = (
        f"{_fv('published.launches_needed', v['published.launches_needed'])} "
        f"({v['launch.launches_by_mass']:,.0f} by mass, {v['launch.launches_by_volume']:,.0f} by volume)"
    )
    mass = (
        f"at least {_fv('mass.payload_kg', v['mass.payload_kg'])} of parts "
        f"(bottom-up {_fv('published.bottom_up_mass_kg', v['published.bottom_up_mass_kg'])})"
    )
    return [
        (
            "published.satellite_mass",
            _fv("mass.per_satellite_kg", v["mass.per_satellite_kg"]),
            mass,
            "published.mass_margin",
        ),
        (
            "published.specific_power",
            f"{float(p.get('published.specific_power', math.nan)):,.3g} W/kg "
            f"= {_fv('mass.per_satellite_kg', v['mass.per_satellite_kg'])}",
            f"at most {v['published.parts_specific_power_w_per_kg']:,.3g} W/kg; {mass}",
            "published.mass_margin",
        ),
        (
            "published.array_area",
            f"{_fv('power.array_area_m2', v['power.array_area_m2'])} "
            f"= {_fv('published.array_power_eol_w', v['published.array_power_eol_w'])} at end of life",
            f"{_fv('published.array_area_needed_m2', v['published.array_area_needed_m2'])} "
            f"= {_fv('published.array_power_needed_w', v['published.array_power_needed_w'])}",
            "published.array_margin",
        ),
        (
            "published.radiator_area",
            f"{_fv('thermal.radiator_area_m2', v['thermal.radiator_area_m2'])} rejects "
            f"{_fv('published.radiator_heat_capacity_w', v['published.radiator_heat_capacity_w'])}",
            f"{_fv('published.radiator_area_needed_m2', v['published.radiator_area_needed_m2'])} for "
            f"{_fv('thermal.heat_rejected_w', v['thermal.heat_rejected_w'])}",
            "published.radiator_margin",
        ),
        (
            "published.battery_capacity",
            _fv("power.battery_wh", v["power.battery_wh"]),
            _fv("published.battery_needed_wh", v["published.battery_needed_wh"]),
            "published.battery_margin",
        ),
        (
            "published.compute_mass_per_kw",
            _fv("compute.mass_kg", v["compute.mass_kg"]),
            "catalog: " + _fv("published.compute_mass_catalog_kg", v["published.compute_mass_catalog_kg"]),
            "",
        ),
        (
            "published.dose_per_year",
            _fv("radiation.dose_krad_per_year", v["radiation.dose_krad_per_year"]),
            "shield lets through "
            + _fv("published.shield_dose_krad_per_year", v["published.shield_dose_krad_per_year"]),
            "published.dose_margin",
        ),
        (
            "published.launches",
            f"{v['launch.launches']:,.0f} {'launch carries' if v['launch.launches'] == 1 else 'launches carry'} "
            + _fv("published.launch_capacity_kg", v["published.launch_capacity_kg"]),
            launches,
            "published.launch_margin",
        ),
        (
            "published.launch_cost",
            _fv("launch.cost_usd", v["launch.cost_usd"]),
            "priced: " + _fv("published.launch_cost_priced_usd", v["published.launch_cost_priced_usd"]),
            "",
        ),
    ]


def published(v: Mapping[str, float], p: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The published figures a scenario holds fixed: given, what physics needs, the margin and the verdict.

    One entry per ``published.*`` field the scenario gives; a margin of at least 1 holds, below 1 is a
    finding (its reason is in the feasibility reasons). Compute mass per kW and launch cost face no
    physics check: they are shown beside the catalog's and the pricing's figure.
    """
    out: list[dict[str, Any]] = []
    if not any(math.isfinite(float(p.get(field, math.nan))) for field in PUBLISHED_FIELDS):
        return out  # no published figure to face: the rows are not written
    for field, given, needs, margin in _published_rows(v, p):
        value = float(p.get(field, math.nan))
        if not math.isfinite(value):
            continue
        ratio = v[margin] if margin else math.nan
        out.append(
            {
                "field": field,
                "value": value,
                "given": given,
                "physics_needs": needs,
                "margin": ratio,
                "holds": None if not margin else bool(ratio >= 1.0 - 1e-9),
            }
        )
    return out


def summary(result: Result) -> dict[str, Any]:
    """Nested summary with unit-suffixed keys (the ``--json`` output); it opens with the verdict."""
    return json_safe(summary_data(result))


def summary_data(result: Result) -> dict[str, Any]:
    """:func:`summary` before its values are made JSON-safe: NaN and numpy scalars as the pipeline gives them.

    For an encoder that maps them itself (the service's orjson, :func:`skyrack.web.errors.json_bytes`);
    the JSON values are those of :func:`summary`.
    """
    v, p = result.values, result.params
    launch_kg = v["breakeven.launch_usd_per_kg"]
    parity = {
        k: {
            key: d.get(key, False if key == "inert" else None)
            for key in ("label", "unit", "current", "parity", "inert")
        }
        for k, d in result.parity.items()
    }
    return {
        "scenario": result.scenario.name,
        "kind": p.get("kind", "orbital"),
        "verdict": verdict(result),
        "ratios": _ratios(v),
        **_design_sections(result),
        "schedule": _schedule(v, p),
        "failures": _failures(v, p),
        **_money_sections(v, p),
        "breakeven": {
            "launch_usd_per_kg": finite_or_none(launch_kg),
            "launch": "none" if not math.isfinite(launch_kg) else f"{launch_kg:,.0f} USD/kg",
            "parity": parity,
        },
        "environment": _environment(v),
        "published": published(v, p),
        "feasibility": {
            "feasible": result.feasible,
            "reasons": result.reasons,
            "short": short_reasons(int(v["feasibility.code"])),
        },
    }
