"""The nested, JSON-ready summary of a design (``skyrack design --json``) and its cost breakdown."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._json import json_safe
from .physics.illumination import ECLIPSE_DEFINITION

if TYPE_CHECKING:
    from .model import Result


def _nan_to_none(x: float) -> float | None:
    return None if not math.isfinite(x) else x


def _count(x: float) -> int | None:
    return int(x) if math.isfinite(x) else None


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
    pv_bus = v["economics.hardware_bus_usd"] * (pv_acc / acc_hw if acc_hw > 0 else 1.0)
    orbit = {
        "accelerators (+ insurance, ops)": pv_acc,
        "satellite bus, array, radiator (+ insurance, ops)": pv_bus,
        "launch (+ insurance)": pv_launch,
        "NRE and ground segment": pv_infra - pv_bus - pv_launch,
    }
    ground = {
        "facility, energy, O&M": v["terrestrial.pv_infrastructure_usd"],
        "accelerators and repairs": v["terrestrial.pv_cost_usd"] - v["terrestrial.pv_infrastructure_usd"],
    }
    return orbit, ground


def summary(result: Result) -> dict[str, Any]:
    """Nested summary with unit-suffixed keys (the ``--json`` output)."""
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
    launch_kg = v["breakeven.launch_usd_per_kg"]
    orbit_pv, ground_pv = cost_breakdown(v)
    return json_safe(
        {
            "scenario": result.scenario.name,
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
                "array_area_m2": v["power.array_area_m2"],
                "array_mass_kg": v["power.array_mass_kg"],
                "array_power_bol_w": v["power.array_power_bol_w"],
                "array_power_eol_w": v["power.array_power_eol_w"],
                "battery_wh": v["power.battery_wh"],
                "battery_mass_kg": v["power.battery_mass_kg"],
            },
            "thermal": {
                "radiator_temperature_k": v["thermal.radiator_temperature_k"],
                "sink_temperature_k": v["thermal.sink_temperature_k"],
                "radiator_net_flux_w_per_m2": v["thermal.radiator_net_flux_w_per_m2"],
                "radiator_area_m2": v["thermal.radiator_area_m2"],
                "radiator_mass_kg": v["thermal.radiator_mass_kg"],
                "heat_pump_work_w": v["thermal.heat_pump_work_w"],
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
                "waterfall_flops": dict(result.waterfall()),
            },
            "mass": {
                "total_kg": v["mass.total_kg"],
                "per_satellite_kg": v["mass.per_satellite_kg"],
                "breakdown_kg": breakdown,
            },
            "launch": {
                "vehicle": p["launch.vehicle"],
                "launches": _count(v["launch.launches"]),
                "launches_by_mass": _count(v["launch.launches_by_mass"]),
                "launches_by_volume": _count(v["launch.launches_by_volume"]),
                "cost_usd": v["launch.cost_usd"],
                "usd_per_kg": v["launch.usd_per_kg"],
                "usd_per_kw_year": v["launch.usd_per_kw_year"],
            },
            "economics": {
                "capex_usd": v["economics.capex_usd"],
                "opex_usd_per_year": v["economics.opex_usd_per_year"],
                "tco_usd": v["economics.pv_cost_usd"],
                "tco_undiscounted_usd": v["economics.tco_undiscounted_usd"],
                "lcoe_usd_per_mwh": v["economics.lcoe_usd_per_mwh"],
                "usd_per_accelerator_hour": v["economics.usd_per_accelerator_hour"],
                "usd_per_pflop_day": v["economics.usd_per_pflop_day"],
                "co2e_kg": v["economics.co2e_kg"],
                "tco_breakdown_usd": orbit_pv,
            },
            "terrestrial": {
                "kind": p["terrestrial.kind"],
                "accelerators": v["terrestrial.accelerators"],
                "it_power_w": v["terrestrial.it_power_w"],
                "capex_usd": v["terrestrial.capex_usd"],
                "opex_usd_per_year": v["terrestrial.opex_usd_per_year"],
                "tco_usd": v["terrestrial.pv_cost_usd"],
                "tco_undiscounted_usd": v["terrestrial.tco_undiscounted_usd"],
                "lcoe_usd_per_mwh": v["terrestrial.lcoe_usd_per_mwh"],
                "usd_per_accelerator_hour": v["terrestrial.usd_per_accelerator_hour"],
                "usd_per_pflop_day": v["terrestrial.usd_per_pflop_day"],
                "water_m3": v["terrestrial.water_m3"],
                "co2e_kg": v["terrestrial.co2e_kg"],
                "tco_breakdown_usd": ground_pv,
            },
            "breakeven": {
                "launch_usd_per_kg": _nan_to_none(launch_kg),
                "launch": "none" if not math.isfinite(launch_kg) else f"{launch_kg:,.0f} USD/kg",
                "parity": {
                    k: {
                        "label": d["label"],
                        "unit": d["unit"],
                        "current": d["current"],
                        "parity": d["parity"],
                        "inert": d.get("inert", False),
                    }
                    for k, d in result.parity.items()
                },
            },
            "environment": {
                "water_avoided_m3": v["terrestrial.water_m3"],
                "co2e_orbit_kg": v["economics.co2e_kg"],
                "co2e_ground_kg": v["terrestrial.co2e_kg"],
                "co2e_avoided_kg": v["terrestrial.co2e_kg"] - v["economics.co2e_kg"],
            },
            "feasibility": {"feasible": result.feasible, "reasons": result.reasons},
        }
    )
