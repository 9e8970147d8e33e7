"""Flatten a validated scenario and its catalog entries into numeric parameters.

The design pipeline works on a flat mapping ``name -> float or array`` so that
one code path sizes one design or a million: :func:`resolve` fills every empty
scenario field from the catalog, and :func:`skyrack.design.design_batch`
replaces any entry with an array. Names follow the scenario's dotted paths;
units are the scenario's canonical units (SI for physics; USD, yr, 1/yr).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .catalog import Catalog, load_default
from .scenario import Scenario

NAN = math.nan

# Parameters that are choices, not numbers: they cannot be swept in a batch.
CHOICES = (
    "orbit.kind",
    "orbit.shadow",
    "compute.accelerator",
    "power.cell",
    "power.battery",
    "thermal.radiator",
    "launch.vehicle",
    "terrestrial.kind",
    "terrestrial.accelerator",
)


def catalog_for(scenario: Scenario, base: Catalog | None = None, root: Path | None = None) -> Catalog:
    """The catalog a scenario sees: built-in, plus its files, plus its overrides."""
    catalog = base or load_default()
    for name in scenario.catalog_files:
        path = Path(name)
        if root is not None and not path.is_absolute():
            path = root / path
        catalog = catalog.extend(path)
    if scenario.catalog:
        catalog = catalog.with_overrides(scenario.catalog)
    return catalog


def _pick(value: float | None, fallback: float) -> float:
    return fallback if value is None else float(value)


def resolve(scenario: Scenario, catalog: Catalog | None = None) -> dict[str, Any]:
    """Flat numeric parameters of a scenario, with catalog defaults filled in."""
    cat = catalog or catalog_for(scenario)
    s = scenario
    sat = s.satellite
    acc = cat.entry("accelerators", sat.compute.accelerator, field="satellite.compute.accelerator")
    ground_acc_name = s.terrestrial.accelerator or sat.compute.accelerator
    gacc = cat.entry("accelerators", ground_acc_name, field="terrestrial.accelerator")
    cell = cat.entry("solar_cells", sat.power.cell, field="satellite.power.cell")
    batt = cat.entry("batteries", sat.power.battery, field="satellite.power.battery")
    rad = cat.entry("radiators", sat.thermal.radiator, field="satellite.thermal.radiator")
    veh = cat.entry("launchers", s.launch.vehicle, field="launch.vehicle")
    site = cat.entry("terrestrial", s.terrestrial.kind, field="terrestrial.kind")
    c, pw, th, hp, sh, bus, la, ec, te = (
        sat.compute,
        sat.power,
        sat.thermal,
        sat.thermal.heat_pump,
        sat.shielding,
        sat.bus,
        s.launch,
        s.economics,
        s.terrestrial,
    )
    vehicle_price = veh.get("price", NAN)
    per_kg = la.price_per_kg if la.price_per_kg is not None else veh.get("price_per_kg", NAN)
    if la.price is not None:
        vehicle_price, per_kg = la.price, (la.price_per_kg if la.price_per_kg is not None else NAN)
    p: dict[str, Any] = {
        # choices, kept for reporting
        "orbit.kind": s.orbit.kind,
        "constellation.layout": s.constellation.layout,
        "orbit.shadow": s.orbit.shadow,
        "compute.accelerator": c.accelerator,
        "power.cell": pw.cell,
        "power.battery": pw.battery,
        "thermal.radiator": th.radiator,
        "launch.vehicle": la.vehicle,
        "terrestrial.kind": te.kind,
        "terrestrial.accelerator": ground_acc_name,
        # mission and orbit
        "mission.lifetime": s.mission.lifetime,
        "mission.start_year": float(s.mission.start_year),
        "mission.build_time": s.mission.build_time,
        "orbit.altitude": s.orbit.altitude,
        "orbit.ltan": s.orbit.ltan,
        "orbit.inclination": NAN if s.orbit.inclination is None else s.orbit.inclination,
        "constellation.satellites": NAN if s.constellation.satellites is None else float(s.constellation.satellites),
        "constellation.it_power": NAN if s.constellation.it_power is None else s.constellation.it_power,
        # compute
        "compute.accelerators": NAN if c.accelerators is None else float(c.accelerators),
        "compute.it_power": NAN if c.it_power is None else c.it_power,
        "compute.tdp": acc["tdp"],
        "compute.accelerators_per_unit": acc.get("accelerators_per_unit", 1.0),
        "compute.bf16_dense": acc["bf16_dense"],
        "compute.fp8_dense": acc["fp8_dense"],
        "compute.server_overhead": _pick(c.server_overhead, acc["server_overhead"]),
        "compute.sustained_fraction": _pick(c.sustained_fraction, acc["sustained_fraction"]),
        "compute.mass_per_unit": _pick(c.mass_per_unit, acc["server_mass"]),
        "compute.unit_price": _pick(c.unit_price, acc["unit_price"]),
        "compute.utilisation": c.utilisation,
        "compute.idle_fraction": c.idle_fraction,
        "compute.shed_in_eclipse": 1.0 if c.eclipse_policy == "shed" else 0.0,
        # total-ionising-dose thresholds of the accelerator, Gy(Si) (1 krad = 10 Gy); NaN when untested
        "compute.tid_first_anomaly": 10.0 * acc.get("tid_first_anomaly_krad", NAN),
        "compute.tid_tolerance": 10.0 * acc.get("tid_tolerance_krad", NAN),
        # power
        "power.efficiency": _pick(pw.efficiency, cell["efficiency"]),
        "power.packing_factor": _pick(pw.packing_factor, cell["packing_factor"]),
        "power.temperature_derating": _pick(pw.temperature_derating, cell["temperature_derating"]),
        "power.pointing_factor": pw.pointing_factor,
        "power.degradation": _pick(pw.degradation, cell["degradation"]),
        "power.specific_power": _pick(pw.specific_power, cell["array_specific_power"]),
        "power.areal_density": NAN if pw.areal_density is None else pw.areal_density,
        "power.irradiance": pw.irradiance,
        "power.size_for_eol": 1.0 if pw.size_for == "eol" else 0.0,
        "power.distribution_efficiency": pw.distribution_efficiency,
        "power.bus_power_fraction": pw.bus_power_fraction,
        "power.max_array_area": math.inf if pw.max_array_area is None else pw.max_array_area,
        "power.array_cost": cell["array_cost"],
        "power.stowed_power_density": cell["stowed_power_density"],
        "power.battery_specific_energy": _pick(pw.battery_specific_energy, batt["specific_energy"]),
        "power.depth_of_discharge": _pick(pw.depth_of_discharge, batt["max_depth_of_discharge"]),
        "power.round_trip_efficiency": _pick(pw.round_trip_efficiency, batt["round_trip_efficiency"]),
        "power.battery_cost": batt["cost"],
        "power.battery_energy_density": batt.get("energy_density", 250e3),
        # thermal
        "thermal.radiator_temperature": NAN if th.radiator_temperature is None else th.radiator_temperature,
        "thermal.junction_max": th.junction_max,
        "thermal.delta_junction_to_coolant": th.delta_junction_to_coolant,
        "thermal.delta_coolant_to_radiator": th.delta_coolant_to_radiator,
        "thermal.emissivity": _pick(th.emissivity, rad["emissivity"]),
        "thermal.solar_absorptivity": _pick(th.solar_absorptivity, rad["solar_absorptivity"]),
        "thermal.sides": float(th.sides),
        "thermal.edge_on": 1.0 if th.orientation == "edge" else 0.0,
        "thermal.earth_view_factor": NAN if th.earth_view_factor is None else th.earth_view_factor,
        "thermal.solar_incidence": th.solar_incidence,
        "thermal.albedo": th.albedo,
        "thermal.earth_ir": th.earth_ir,
        "thermal.areal_density": _pick(th.areal_density, rad["areal_density"]),
        "thermal.max_radiator_area": math.inf if th.max_radiator_area is None else th.max_radiator_area,
        "thermal.radiator_cost": rad["cost"],
        "thermal.stowed_area_density": rad["stowed_area_density"],
        "thermal.heat_pump.enabled": 1.0 if hp.enabled else 0.0,
        "thermal.heat_pump.radiator_temperature": hp.radiator_temperature,
        "thermal.heat_pump.cop": NAN if hp.cop is None else hp.cop,
        "thermal.heat_pump.carnot_fraction": hp.carnot_fraction,
        "thermal.heat_pump.mass_per_kw": hp.mass_per_kw,
        # shielding and bus
        "shielding.thickness": sh.thickness,
        "shielding.kg_per_kw": NAN if sh.kg_per_kw is None else sh.kg_per_kw,
        "shielding.packaging_density": sh.packaging_density,
        "bus.structure_fraction": bus.structure_fraction,
        "bus.adcs_fraction": bus.adcs_fraction,
        "bus.propulsion_fraction": bus.propulsion_fraction,
        "bus.avionics": bus.avionics,
        "bus.comms": bus.comms,
        "bus.margin": bus.margin,
        "bus.stowed_density": bus.stowed_density,
        # launch
        "launch.payload_leo": veh["payload_leo"],
        "launch.payload_sso": veh.get("payload_sso", veh["payload_leo"]),
        "launch.fairing_volume": veh["fairing_volume"],
        "launch.price": vehicle_price,
        "launch.price_per_kg": per_kg,
        "launch.learning_rate": la.learning_rate,
        "launch.prior_cumulative_mass": la.prior_cumulative_mass,
        "launch.packing_efficiency": la.packing_efficiency,
        "launch.in_orbit_assembly": 1.0 if la.in_orbit_assembly else 0.0,
        "launch.co2e_per_launch": veh.get("co2e_per_launch", 0.0),
        # economics
        "economics.discount_rate": ec.discount_rate,
        "economics.satellite_cost_per_w": NAN if ec.satellite_cost_per_w is None else ec.satellite_cost_per_w,
        "economics.bus_cost_per_kg": ec.bus_cost_per_kg,
        "economics.space_hardware_premium": ec.space_hardware_premium,
        "economics.operations": ec.operations,
        "economics.launch_insurance": ec.launch_insurance,
        "economics.in_orbit_insurance": ec.in_orbit_insurance,
        "economics.nre": ec.nre,
        "economics.ground_segment": ec.ground_segment,
        "economics.satellite_failure_rate": ec.satellite_failure_rate,
        "economics.accelerator_failure_rate": _pick(ec.accelerator_failure_rate, acc["annual_failure_rate"]),
        "economics.orbit_failure_multiplier": ec.orbit_failure_multiplier,
        "economics.replacement": 1.0 if ec.replacement else 0.0,
        "economics.service_availability": ec.service_availability,
        # terrestrial
        "terrestrial.tdp": gacc["tdp"],
        "terrestrial.accelerators_per_unit": gacc.get("accelerators_per_unit", 1.0),
        "terrestrial.bf16_dense": gacc["bf16_dense"],
        "terrestrial.server_overhead": gacc["server_overhead"],
        "terrestrial.sustained_fraction": gacc["sustained_fraction"],
        "terrestrial.unit_price": gacc["unit_price"],
        "terrestrial.accelerator_failure_rate": gacc["annual_failure_rate"],
        "terrestrial.facility_capex": _pick(te.facility_capex, site["facility_capex"]),
        "terrestrial.generation_capex": _pick(te.generation_capex, site.get("generation_capex", 0.0)),
        "terrestrial.electricity_price": _pick(te.electricity_price, site.get("electricity_price", 0.0)),
        "terrestrial.fuel_price": _pick(te.fuel_price, site.get("fuel_price", 0.0)),
        "terrestrial.heat_rate": _pick(te.heat_rate, site.get("heat_rate", 0.0)),
        "terrestrial.pue": _pick(te.pue, site["pue"]),
        "terrestrial.wue": _pick(te.wue, site["wue"]),
        "terrestrial.build_time": _pick(te.build_time, site["build_time"]),
        "terrestrial.availability": _pick(te.availability, site["availability"]),
        "terrestrial.fixed_om": site.get("fixed_om", 0.0),
        "terrestrial.co2_per_kwh": site.get("grid_co2", 0.0),
        "terrestrial.generation_fixed_om": site.get("generation_fixed_om", 0.0),
        "terrestrial.capacity_factor": site.get("capacity_factor", 1.0),
        "terrestrial.facility_life": site.get("lifetime", 15.0),
    }
    return p


def numeric_names(params: Mapping[str, Any]) -> list[str]:
    """Names of the parameters a batch may vary (every numeric one)."""
    return sorted(k for k, v in params.items() if k not in CHOICES and isinstance(v, float))
