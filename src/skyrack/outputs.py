# ruff: noqa: E501
# (the declarations below are a table: one output per line)
"""The output registry: every quantity skyrack reports, declared once.

Each :class:`Output` gives a quantity's ``name`` (the key it has in results:
``"thermal.radiator_area_m2"``), its canonical ``unit`` (a pint expression of
the unit its numbers are in, see :func:`skyrack.units.registry`), a short
human ``label``, a one-line ``meaning`` and the presentation ``kind`` that
:mod:`skyrack.formatting` uses to write it for people. Tables, CSV/Parquet
headers, JSON keys, the report and the web page take labels and units from
here.

Names follow the results they describe:

* ``section.key`` — :func:`skyrack.model.evaluate` (sizing and costs);
* ``simulate.key``, ``simulate.satellite.key``, ``simulate.series.key`` —
  fleet KPIs, per-satellite columns and time-series columns of
  :func:`skyrack.simulate.simulate`;
* ``deploy.key``, ``deploy.summary.key``, ``deploy.at_cost.key``,
  ``deploy.pricing.key`` — :func:`skyrack.deploy.deploy` and
  :func:`skyrack.deploy.compare_pricing`;
* ``workload.key`` — :func:`skyrack.workloads.evaluate`;
* ``links.key``, ``links.cluster.key``, ``links.ground.key``,
  ``links.station.key`` — :func:`skyrack.links.report.links_summary`;
* ``montecarlo.key``, ``sobol.key``, ``optimise.key``, ``simsweep.key`` —
  the columns the analyses add to the parameters and outputs they vary.

Adding an output is one line in :data:`_DECLARED`. Statistics of an output
(P10, mean, a tornado's swing) keep its unit; their labels are in
:data:`STATISTICS`.

>>> output("thermal.radiator_area_m2").unit
'm**2'
>>> label_with_unit("thermal.radiator_area_m2")
'Radiator area per satellite [m²]'
>>> label_with_unit("launch.usd_per_kg")
'Launch cost per kg [2025 USD/kg]'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from .errors import InputError

__all__ = [
    "CURRENCY",
    "CURRENCY_YEAR",
    "KINDS",
    "OUTPUTS",
    "STATISTICS",
    "Output",
    "group",
    "label_with_unit",
    "output",
    "unit_symbol",
]

CURRENCY_YEAR: Final = 2025
"""The dollar year money is stated in. Catalog prices are taken as published (2019-2026 sources) and not
inflation-adjusted; this is the year they are read as."""
CURRENCY: Final = f"{CURRENCY_YEAR} USD"

KINDS: Final[Mapping[str, str | None]] = MappingProxyType(
    {
        "mass": "kg",
        "money": "USD",  # the numerator; a rate keeps its denominator (USD/kg)
        "power": "W",
        "energy": "W*h",
        "area": "m**2",
        "volume": "m**3",
        "length": "m",
        "temperature": "K",
        "duration": "s",
        "flops": "FLOP/s",
        "work": "PFLOP_day",
        "data": "B",
        "bitrate": "bit/s",
        "angle": "deg",
        "ratio": "1",
        "fraction": "1",
        "count": "1",
        "flag": "1",
        "code": "1",
        "year": "1",
        "text": None,
        "quantity": None,  # any unit, written as it is
        "rate": None,  # any per-time unit, written as it is
    }
)
"""Presentation kinds and the base unit each is written from (None: the output's own unit)."""

STATISTICS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "mean": "mean",
        "min": "min",
        "max": "max",
        "p10": "P10",
        "p50": "P50",
        "p90": "P90",
        "low": "low",
        "high": "high",
        "output_low": "at input low",
        "output_high": "at input high",
        "swing": "swing",
        "parity": "at parity",
    }
)
"""Labels of statistics of an output or parameter; a statistic keeps the unit of what it summarises."""


@dataclass(frozen=True)
class Output:
    """One reported quantity: key, canonical unit, human label, one-line meaning and presentation kind."""

    name: str
    unit: str
    label: str
    meaning: str
    kind: str

    @property
    def group(self) -> str:
        """The result the output belongs to: ``"thermal"``, ``"simulate.satellite"``, ``"deploy"``."""
        return self.name.rpartition(".")[0]

    @property
    def key(self) -> str:
        """The output's key inside its group: the column or dictionary key of the result."""
        return self.name.rpartition(".")[2]


# fmt: off
_DECLARED: Final[tuple[Output, ...]] = (
    # --- orbit and illumination (skyrack.design.size)
    Output("orbit.inclination_rad", "rad", "Inclination", "Orbit inclination to the equator (sun-synchronous orbits: set by the altitude).", "angle"),
    Output("orbit.period_s", "s", "Orbital period", "Time of one revolution of the circular orbit.", "duration"),
    Output("orbit.sunlit_fraction", "1", "Sunlit fraction", "Share of the start year out of eclipse (less than half the solar disc hidden).", "fraction"),
    Output("orbit.mean_illumination", "1", "Mean illumination", "Year-mean share of full sunlight, the penumbra counted half dark (energy).", "fraction"),
    Output("orbit.max_eclipse_s", "s", "Longest eclipse", "Longest single pass with less than half the solar disc visible in the start year.", "duration"),
    Output("orbit.max_darkness_s", "s", "Longest darkness", "The worst orbit's umbra plus half its penumbra: what the battery rides through.", "duration"),
    Output("radiation.shield_thickness_m", "m", "Shield thickness (Al equivalent)", "Aluminium-equivalent shield around the compute, given or spread from kg per kW.", "length"),
    Output("radiation.solar_max_fraction", "1", "Solar-maximum share of the mission", "Share of the mission's years in the active phase of the solar cycle.", "fraction"),
    Output("radiation.dose_krad_per_year", "krad/yr", "Dose rate behind the shield", "Orbit-average trapped-particle total ionising dose behind the shield, Si.", "rate"),
    Output("radiation.mission_dose_krad", "krad", "Mission dose", "Total ionising dose over the mission behind the shield, Si.", "quantity"),
    Output("radiation.first_anomaly_margin", "1", "Margin to first anomaly", "Accelerator's first-anomaly dose over the mission dose (below 1: anomalies expected).", "ratio"),
    Output("radiation.tolerance_margin", "1", "Margin to tolerance", "Accelerator's tested dose tolerance over the mission dose.", "ratio"),
    Output("radiation.tid_failure_rate_per_year", "1/yr", "Dose failure rate", "Mean yearly permanent failure rate of accelerators from total dose over the mission.", "rate"),
    Output("radiation.uncorrectable_errors_per_accelerator_year", "1/yr", "Uncorrectable memory errors", "Uncorrectable memory errors per accelerator-year from single events.", "rate"),
    Output("radiation.sdc_per_accelerator_year", "1/yr", "Silent data corruptions", "Silent data corruptions per accelerator-year from single events.", "rate"),
    Output("radiation.interrupts_per_accelerator_year", "1/yr", "Functional interrupts", "Single-event functional interrupts per accelerator-year.", "rate"),
    Output("radiation.mean_flop_between_uncorrectable_errors", "FLOP", "Work between uncorrectable errors", "Sustained work an accelerator does between two uncorrectable errors.", "quantity"),
    Output("orbit.eclipse_days_per_year", "day/yr", "Eclipse days per year", "Days of the start year with at least one eclipse.", "quantity"),
    Output("constellation.satellites", "1", "Satellites", "Satellites in the fleet.", "count"),
    # --- compute
    Output("compute.units_per_satellite", "1", "Compute units per satellite", "Accelerator units (catalog entries: chips or boards) on one satellite.", "count"),
    Output("compute.units", "1", "Compute units", "Accelerator units in the whole fleet.", "count"),
    Output("compute.accelerators", "1", "Accelerators", "Accelerator chips in the whole fleet.", "count"),
    Output("compute.it_power_per_satellite_w", "W", "IT power per satellite", "Power drawn by one satellite's accelerators and servers at full load.", "power"),
    Output("compute.it_power_w", "W", "IT power", "Power drawn by the fleet's accelerators and servers at full load.", "power"),
    Output("compute.peak_bf16_flops", "FLOP/s", "Peak BF16 compute", "Dense BF16 peak of the whole fleet.", "flops"),
    Output("compute.peak_fp8_flops", "FLOP/s", "Peak FP8 compute", "Dense FP8 peak of the whole fleet.", "flops"),
    Output("compute.mass_kg", "kg", "Compute mass per satellite", "Mass of one satellite's accelerator units with their share of boards, servers and racks.", "mass"),
    # --- power (per satellite)
    Output("power.array_area_m2", "m**2", "Solar array area per satellite", "Array area one satellite flies (capped by the maximum array area).", "area"),
    Output("power.array_mass_kg", "kg", "Solar array mass per satellite", "Mass of one satellite's solar array.", "mass"),
    Output("power.array_power_bol_w", "W", "Array power at start of life per satellite", "Power one satellite's array delivers when new, in sunlight.", "power"),
    Output("power.array_power_eol_w", "W", "Array power at end of life per satellite", "Power one satellite's array delivers after the mission's degradation.", "power"),
    Output("power.battery_wh", "Wh", "Battery capacity per satellite", "Nameplate energy of one satellite's battery, sized for the longest eclipse.", "energy"),
    Output("power.battery_mass_kg", "kg", "Battery mass per satellite", "Mass of one satellite's battery.", "mass"),
    Output("power.load_sunlit_w", "W", "Sunlit load per satellite", "IT, bus and heat-pump power one satellite draws in sunlight.", "power"),
    Output("power.load_eclipse_w", "W", "Eclipse load per satellite", "Power one satellite draws in eclipse (the bus only when compute is shed).", "power"),
    Output("power.battery_depth_of_discharge", "1", "Battery depth of discharge", "Share of the battery's capacity used in the longest eclipse (0 without a battery).", "fraction"),
    # --- thermal (per satellite)
    Output("thermal.radiator_temperature_k", "K", "Radiator temperature", "Temperature of the radiating surface (the heat pump's hot side when one is used).", "temperature"),
    Output("thermal.ladder_temperature_k", "K", "Highest allowed loop temperature", "Junction limit minus the junction-to-coolant and coolant-to-radiator rises.", "temperature"),
    Output("thermal.loop_temperature_k", "K", "Coolant loop temperature", "Temperature of the loop that collects the chips' heat.", "temperature"),
    Output("thermal.sink_temperature_k", "K", "Sink temperature", "Radiator temperature at which absorbed sunlight, albedo and Earth infrared balance its emission.", "temperature"),
    Output("thermal.earth_view_factor", "1", "Earth view factor", "Share of the radiator's field of view filled by the Earth.", "ratio"),
    Output("thermal.radiator_net_flux_w_per_m2", "W/m**2", "Radiator net flux", "Heat one m² of radiator rejects at its temperature, net of what it absorbs.", "quantity"),
    Output("thermal.radiator_area_m2", "m**2", "Radiator area per satellite", "Radiator area one satellite flies (capped by the maximum radiator area).", "area"),
    Output("thermal.radiator_mass_kg", "kg", "Radiator mass per satellite", "Mass of one satellite's radiator.", "mass"),
    Output("thermal.heat_rejected_w", "W", "Heat rejected per satellite", "IT and bus heat plus heat-pump work one satellite must radiate.", "power"),
    Output("thermal.heat_pump_work_w", "W", "Heat-pump work per satellite", "Electric power one satellite's heat pump draws (0 without one).", "power"),
    Output("thermal.heat_pump_cop", "1", "Heat-pump COP", "Heat moved per unit of work by the heat pump (empty without one).", "ratio"),
    Output("thermal.heat_pump_mass_kg", "kg", "Heat-pump mass per satellite", "Mass of one satellite's heat pump.", "mass"),
    # --- shielding, mass, launch
    Output("shielding.mass_kg", "kg", "Shielding mass per satellite", "Radiation shielding around one satellite's compute.", "mass"),
    Output("mass.payload_kg", "kg", "Payload mass per satellite", "Compute, shielding, array, battery, radiator and heat pump of one satellite.", "mass"),
    Output("mass.bus_kg", "kg", "Bus mass per satellite", "Structure, attitude control, propulsion, avionics, comms and margin of one satellite.", "mass"),
    Output("mass.dry_kg", "kg", "Satellite dry mass", "Payload and bus of one satellite, without propellant.", "mass"),
    Output("mass.propellant_kg", "kg", "Propellant per satellite", "Propellant one satellite carries for its life: drag, avoidance and disposal (0 under a flat propulsion fraction).", "mass"),
    Output("mass.per_satellite_kg", "kg", "Satellite mass", "Launch (wet) mass of one satellite: dry mass and propellant.", "mass"),
    Output("mass.total_kg", "kg", "Fleet mass", "Launch mass of the whole fleet.", "mass"),
    # --- propulsion and disposal (drag over the solar cycle, avoidance, deorbit)
    Output("propulsion.projected_area_m2", "m**2", "Area on the flow", "Mean area one satellite presents to the velocity: tracking array, radiator, bus.", "area"),
    Output("propulsion.ballistic_coefficient_kg_per_m2", "kg/m**2", "Ballistic coefficient", "B = m / (C_D A) of a working satellite, on its dry mass without propulsion.", "quantity"),
    Output("propulsion.mean_density_kg_per_m3", "kg/m**3", "Mean air density over the mission", "NRLMSISE-00 orbit-averaged density over the mission at the forecast solar activity.", "quantity"),
    Output("propulsion.drag_dv_m_per_s_per_year", "m/s/yr", "Drag delta-v per year", "Velocity one satellite must make up each year against drag (mission mean).", "rate"),
    Output("propulsion.avoidance_manoeuvres_per_year", "1/yr", "Avoidance manoeuvres per satellite-year", "Encounters with tracked objects above the manoeuvre threshold (debris table is an estimate).", "rate"),
    Output("propulsion.avoidance_dv_m_per_s_per_year", "m/s/yr", "Avoidance delta-v per year", "Velocity one satellite spends each year dodging tracked objects.", "rate"),
    Output("propulsion.deorbit_dv_m_per_s", "m/s", "Disposal delta-v", "Spiral down to the orbit that decays within the disposal time (0 if the orbit already does).", "quantity"),
    Output("propulsion.dv_m_per_s", "m/s", "Lifetime delta-v", "Drag make-up and avoidance over the life, plus the disposal burn.", "quantity"),
    Output("propulsion.isp_s", "s", "Specific impulse", "Specific impulse of the thrusters.", "duration"),
    Output("propulsion.propellant_kg", "kg", "Propellant the mission needs", "Rocket-equation propellant for the lifetime Δv (shown even under a flat propulsion fraction).", "mass"),
    Output("propulsion.modelled", "1", "Propulsion from drag", "1 when propulsion mass comes from the drag model, 0 under a stated flat fraction.", "flag"),
    Output("disposal.dead_ballistic_coefficient_kg_per_m2", "kg/m**2", "Ballistic coefficient of a dead satellite", "B of a tumbling dead satellite: mean area half its panels plus the bus.", "quantity"),
    Output("disposal.natural_decay_years", "yr", "Natural decay of a dead satellite", "Years a dead satellite takes to re-enter from the orbit, at the cycle-mean density.", "quantity"),
    Output("disposal.target_altitude_m", "m", "Disposal altitude", "Altitude a retiring satellite is lowered to, from which it decays within the disposal time.", "length"),
    Output("disposal.passive_compliant", "1", "Decays within five years unaided", "1 when a dead satellite re-enters naturally within the FCC's five years.", "flag"),
    Output("disposal.fcc_5yr_compliant", "1", "FCC five-year rule met", "1 when dead satellites decay within five years, or disposal to such an orbit is planned at >= 0.9 reliability.", "flag"),
    Output("disposal.dead_satellites_per_year", "1/yr", "Dead satellites left per year", "Satellites that fail or retire and whose disposal fails, per year (fleet).", "rate"),
    Output("disposal.dead_satellites_in_orbit", "1", "Dead satellites in orbit", "Dead satellites in orbit at steady state: the rate left times their natural decay time.", "count"),
    Output("economics.disposal_usd", "USD", "Disposal propellant launch", "Launch of the fleet's disposal propellant and tanks (a share of the launch cost, not added to it).", "money"),
    Output("economics.pv_disposal_usd", "USD", "PV of disposal", "Present value of launching disposal propellant, replacements included (a share of the PV of launch).", "money"),
    Output("economics.propulsion_usd", "USD", "Propellant launch", "Launch of the fleet's propellant and tanks: drag, avoidance and disposal (a share of the launch cost).", "money"),
    Output("disposal.deorbit_propellant_kg", "kg", "Disposal propellant per satellite", "Propellant reserved for the disposal burn.", "mass"),
    Output("mass.stowed_volume_m3", "m**3", "Stowed volume per satellite", "Volume one satellite takes in the fairing.", "volume"),
    Output("launch.payload_kg", "kg", "Launcher payload", "Mass one launch carries to this orbit's inclination.", "mass"),
    Output("launch.launches_by_mass", "1", "Launches by mass", "Launches the fleet needs if mass were the only limit.", "count"),
    Output("launch.launches_by_volume", "1", "Launches by volume", "Launches the fleet needs if fairing volume were the only limit.", "count"),
    Output("launch.launches", "1", "Launches", "Launches that put up the fleet (whole satellites per launch unless assembled in orbit).", "count"),
    Output("launch.satellites_per_launch", "1", "Satellites per launch", "Whole satellites one launch carries.", "count"),
    Output("launch.cost_usd", "USD", "Launch cost", "Cost of launching the fleet once, with the launch-price learning curve.", "money"),
    Output("launch.usd_per_kg", "USD/kg", "Launch cost per kg", "Launch cost divided by the fleet's mass.", "money"),
    Output("launch.billed_mass_kg", "kg", "Billed launch mass", "Mass paid for: whole launches' payload when priced per flight, the fleet's mass when priced per kg.", "mass"),
    Output("launch.usd_per_kw_year", "USD/(kW*yr)", "Launch cost per kW-year", "Launch cost of one satellite per kW of array power and year of life.", "money"),
    # --- published figures against physics (skyrack.sizing; NaN where the scenario gives no published figure)
    Output("published.radiator_heat_capacity_w", "W", "Heat the published radiator rejects", "Published radiator area times the net flux at its temperature in this orbit.", "power"),
    Output("published.radiator_area_needed_m2", "m**2", "Radiator area physics needs", "Radiator area that rejects the heat at this temperature, view factor and sink.", "area"),
    Output("published.radiator_margin", "1", "Published radiator margin", "Heat the published radiator rejects over the heat to reject (below 1: too small).", "ratio"),
    Output("published.array_power_eol_w", "W", "End-of-life power of the published array", "Power the published array area delivers in sunlight after the mission's degradation.", "power"),
    Output("published.array_power_needed_w", "W", "Array power physics needs", "Sunlit array power that carries the load and recharges the battery at end of life.", "power"),
    Output("published.array_area_needed_m2", "m**2", "Array area physics needs", "Array area that delivers the needed power at end of life.", "area"),
    Output("published.array_margin", "1", "Published array margin", "End-of-life power of the published array over the power needed (below 1: too small).", "ratio"),
    Output("published.battery_needed_wh", "W*h", "Battery physics needs", "Capacity that carries the eclipse load through the longest darkness at the allowed depth of discharge.", "energy"),
    Output("published.battery_margin", "1", "Published battery margin", "Published battery capacity over the capacity needed (below 1: too small).", "ratio"),
    Output("published.launches_needed", "1", "Launches physics needs", "Launches the fleet's mass and stowed volume need (whole satellites unless assembled in orbit).", "count"),
    Output("published.launch_capacity_kg", "kg", "Mass the published launches carry", "Published launch count times the launcher's payload to this orbit.", "mass"),
    Output("published.launch_margin", "1", "Published launch margin", "Published launches over the launches needed (below 1: too few).", "ratio"),
    Output("published.launch_cost_priced_usd", "USD", "Launch cost as priced", "Launch cost from the launcher's pricing, whether or not a published launch cost replaces it.", "money"),
    Output("published.compute_mass_catalog_kg", "kg", "Compute mass from the catalog", "Flight compute mass per satellite from the catalog's server mass.", "mass"),
    Output("published.bottom_up_mass_kg", "kg", "Bottom-up satellite mass", "Dry mass per satellite from its parts, bus, structure and margin.", "mass"),
    Output("published.parts_specific_power_w_per_kg", "W/kg", "Most W/kg the parts allow", "IT power per kg of the parts physics sizes (compute, shielding, array, battery, radiator).", "quantity"),
    Output("published.mass_margin", "1", "Published mass margin", "Published (or W/kg-implied) satellite mass over its parts' mass (below 1: lighter than its parts).", "ratio"),
    Output("published.shield_dose_krad_per_year", "krad/yr", "Dose the shield lets through", "Orbit-average trapped-particle dose behind the shield, Si, computed (AE8/AP8).", "rate"),
    Output("published.dose_margin", "1", "Published dose margin", "Published dose per year over the shield's computed dose (below 1: optimistic).", "ratio"),
    # --- derating factors and feasibility
    Output("factors.power", "1", "Power factor", "Share of full compute the power system sustains (array cap, degradation, eclipse shedding).", "fraction"),
    Output("factors.power_cap", "1", "Array-size factor", "Share of the load the capped, degrading array carries over the life.", "fraction"),
    Output("factors.eclipse", "1", "Eclipse factor", "Share of time compute runs (the sunlit fraction when it is shed in eclipse, else 1).", "fraction"),
    Output("factors.thermal", "1", "Thermal factor", "Share of the heat the (capped) radiator can reject.", "fraction"),
    Output("feasibility.code", "1", "Feasibility code", "0 for a feasible design, else the sum of its reasons' bits (skyrack.feasibility.REASONS).", "code"),
    # --- deployment schedule (skyrack.feasibility.assess)
    Output("schedule.cadence_per_year", "1/yr", "Launch cadence", "Flights per year of the launch fleet (vehicles x flights per vehicle).", "rate"),
    Output("schedule.production_per_year", "1/yr", "Satellite production", "Satellites built per year (the scenario's rate, else the default of the satellite's class).", "rate"),
    Output("schedule.first_launch_yr", "yr", "First launch", "Years from the go decision to the first launch (licensing, design, first production).", "duration"),
    Output("schedule.first_service_yr", "yr", "First satellite in service", "Years from the go decision until the first satellite serves (with its last part, when assembled in orbit).", "duration"),
    Output("schedule.fleet_complete_yr", "yr", "Fleet complete", "Years from the go decision until the whole fleet is up, at the binding rate (launches or production).", "duration"),
    Output("schedule.hold_launches_per_year", "1/yr", "Launches to hold the fleet", "Launches a year that replace retired (and, with replacement, failed) satellites.", "rate"),
    Output("schedule.hold_satellites_per_year", "1/yr", "Satellites to hold the fleet", "Satellites a year that replace retired (and, with replacement, failed) ones.", "rate"),
    # --- orbital economics (skyrack.economics.orbital and levelised)
    Output("economics.hardware_bus_usd", "USD", "Satellite hardware cost", "Purchase price of the fleet's satellites without accelerators, on the active cost basis (economics.satellite_cost_basis).", "money"),
    Output("economics.satellite_cost_top_down_usd", "USD", "Satellite hardware, top-down", "The fleet's satellites without accelerators at the top-down $/W or $/kg (empty when none is given).", "money"),
    Output("economics.satellite_cost_bottom_up_usd", "USD", "Satellite hardware, bottom-up", "The fleet's satellites without accelerators, per subsystem: bus by the kg, array, battery and radiator at catalog prices.", "money"),
    Output("economics.hardware_accelerators_usd", "USD", "Accelerator cost (orbit)", "Purchase price of the fleet's accelerators with the space-hardware premium.", "money"),
    Output("economics.launch_usd", "USD", "Launch cost", "Cost of launching the fleet once.", "money"),
    Output("economics.capex_usd", "USD", "Capex (orbit)", "Up-front spending: hardware and launch with launch insurance, NRE and ground segment.", "money"),
    Output("economics.opex_usd_per_year", "USD/yr", "Opex (orbit)", "Yearly operations, in-orbit insurance and replacements with their launches.", "money"),
    Output("economics.pv_cost_usd", "USD", "Lifetime cost, discounted (orbit)", "Present value of every cost of the orbital system over the mission.", "money"),
    Output("economics.pv_infrastructure_usd", "USD", "Infrastructure cost, discounted (orbit)", "Present value of everything but the accelerators: bus, launch, NRE, ground segment.", "money"),
    Output("economics.pv_launch_usd", "USD", "Launch cost, discounted", "Present value of launches, their insurance and replacement launches.", "money"),
    Output("economics.pv_fixed_usd", "USD", "NRE and ground segment, discounted", "NRE and ground segment charged to one generation of satellites (its share of the planning horizon).", "money"),
    Output("economics.launch_pv_per_usd", "1", "Launch cost multiplier", "Present value of all launch-related spending per dollar of first launch.", "ratio"),
    Output("economics.hardware_pv_per_usd", "1", "Hardware cost multiplier", "Present value of a dollar of satellite hardware with its insurance, operations and replacements, paid along the schedule.", "ratio"),
    Output("economics.tco_undiscounted_usd", "USD", "Lifetime cost, undiscounted (orbit)", "Capex plus opex times the mission lifetime.", "money"),
    Output("economics.delivered_flops", "FLOP/s", "Delivered compute (orbit)", "Life-average BF16 compute the fleet delivers after every derating and failure.", "flops"),
    Output("economics.delivered_flops_initial", "FLOP/s", "Delivered compute at start (orbit)", "BF16 compute delivered when the whole fleet is in service, before failures.", "flops"),
    Output("economics.sustained_flops", "FLOP/s", "Sustained compute (orbit)", "Peak BF16 compute times the accelerator's sustained fraction.", "flops"),
    Output("economics.availability", "1", "Availability (orbit)", "Service availability times the life-average share of working hardware.", "fraction"),
    Output("economics.interruption_goodput", "1", "Interruption goodput (orbit)", "Share of running time a job does useful work between recoverable interruptions (Young/Daly checkpointing).", "fraction"),
    Output("economics.mean_capacity", "1", "Mean working capacity", "Life-average share of the fleet still working (1 with replacements).", "fraction"),
    Output("economics.pv_pflop_days", "PFLOP_day", "Delivered compute, discounted (orbit)", "Present value of the PFLOP-days delivered over the mission.", "work"),
    Output("economics.pv_accelerator_hours", "h", "Accelerator-hours, discounted (orbit)", "Present value of the utilised accelerator-hours over the mission.", "quantity"),
    Output("economics.pv_energy_mwh", "MWh", "IT energy, discounted (orbit)", "Present value of the energy the compute draws over the mission.", "energy"),
    Output("economics.energy_mwh", "MWh", "IT energy (orbit)", "Energy the compute draws over the mission, undiscounted.", "energy"),
    Output("economics.failure_rate_per_year", "1/yr", "Permanent loss rate (orbit)", "Whole-satellite losses plus permanent accelerator losses in orbit per year.", "rate"),
    Output("economics.pv_energy_system_usd", "USD", "Power system cost, discounted (orbit)", "Present value of the array, battery, their share of the structure and their launch.", "money"),
    Output("economics.co2e_launch_kg", "kg", "Launch combustion emissions", "CO2 of burning the launches' fuel (replacements included).", "mass"),
    Output("economics.co2e_propellant_kg", "kg", "Propellant production emissions", "CO2e of making the launches' fuel and oxidiser (replacements included).", "mass"),
    Output("economics.co2e_manufacturing_kg", "kg", "Satellite manufacturing emissions", "CO2e of building the satellites without their compute (replacements included).", "mass"),
    Output("economics.co2e_kg", "kg", "Life-cycle emissions (orbit)", "Launch combustion, propellant production and satellite manufacturing CO2e; black carbon is counted apart.", "mass"),
    Output("economics.co2e_black_carbon_kg", "kg", "Black carbon, as CO2e (orbit)", "Warming of the launches' stratospheric soot as CO2e over 100 years: very uncertain, kept out of the life-cycle total.", "mass"),
    Output("economics.usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day, all-in (orbit)", "Discounted lifetime cost, accelerators included, per discounted PFLOP-day delivered.", "money"),
    Output("economics.infrastructure_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day, infrastructure only (orbit)", "Discounted cost of everything but the accelerators per discounted PFLOP-day delivered.", "money"),
    Output("economics.usd_per_pflop_day_top_down", "USD/PFLOP_day", "Cost per PFLOP-day, satellites top-down (orbit)", "All-in cost per PFLOP-day if the satellites are costed top-down (empty when no $/W or $/kg is given).", "money"),
    Output("economics.usd_per_pflop_day_bottom_up", "USD/PFLOP_day", "Cost per PFLOP-day, satellites bottom-up (orbit)", "All-in cost per PFLOP-day if the satellites are costed per subsystem.", "money"),
    Output("economics.usd_per_accelerator_hour", "USD/h", "Cost per accelerator-hour (orbit)", "Discounted lifetime cost per discounted useful accelerator-hour.", "money"),
    Output("economics.infrastructure_usd_per_mwh", "USD/MWh", "Infrastructure cost per MWh (orbit)", "Discounted cost of everything but the accelerators per discounted MWh the chips draw (not a cost of energy).", "money"),
    Output("economics.energy_usd_per_mwh", "USD/MWh", "Energy cost per MWh (orbit)", "Discounted cost of the power system alone (array, battery, their share of structure and launch) per discounted MWh the chips draw.", "money"),
    Output("economics.cost_ratio", "1", "Orbit / ground cost, all-in", "Orbit's cost per PFLOP-day, accelerators included, divided by the ground's (below 1: orbit is cheaper).", "ratio"),
    Output("economics.cost_ratio_infrastructure", "1", "Orbit / ground cost, infrastructure only", "Orbit's cost per PFLOP-day without accelerators divided by the ground's without accelerators.", "ratio"),
    Output("breakeven.launch_usd_per_kg", "USD/kg", "Break-even launch price", "Launch price per kg at which orbit's cost per PFLOP-day equals the ground's (empty: none suffices).", "money"),
    # --- terrestrial baseline (skyrack.economics.terrestrial and levelised)
    Output("terrestrial.units", "1", "Compute units (ground)", "Accelerator units the ground needs to deliver the same compute.", "count"),
    Output("terrestrial.accelerators", "1", "Accelerators (ground)", "Accelerator chips the ground needs to deliver the same compute.", "count"),
    Output("terrestrial.it_power_w", "W", "IT power (ground)", "Power drawn by the ground's accelerators and servers at full load.", "power"),
    Output("terrestrial.capex_usd", "USD", "Capex (ground)", "Facility, power plant and accelerators, as built.", "money"),
    Output("terrestrial.facility_usd", "USD", "Facility and plant (ground)", "Building and on-site generation as built.", "money"),
    Output("terrestrial.accelerators_usd", "USD", "Accelerator cost (ground)", "Purchase price of the ground's accelerators with their server share.", "money"),
    Output("terrestrial.capex_charged_usd", "USD", "Capex charged to the mission (ground)", "Accelerators plus the capital-recovery share of facility and plant over the mission.", "money"),
    Output("terrestrial.opex_usd_per_year", "USD/yr", "Opex (ground)", "Yearly energy, fuel, operations and maintenance, and accelerator repairs.", "money"),
    Output("terrestrial.tco_undiscounted_usd", "USD", "Lifetime cost, undiscounted (ground)", "Charged capex plus opex times the mission lifetime.", "money"),
    Output("terrestrial.pv_cost_usd", "USD", "Lifetime cost, discounted (ground)", "Present value of every cost of the ground data center over the mission.", "money"),
    Output("terrestrial.pv_infrastructure_usd", "USD", "Infrastructure cost, discounted (ground)", "Present value of facility, plant, energy and O&M (not the accelerators).", "money"),
    Output("terrestrial.pv_pflop_days", "PFLOP_day", "Delivered compute, discounted (ground)", "Present value of the PFLOP-days delivered over the mission.", "work"),
    Output("terrestrial.pv_accelerator_hours", "h", "Accelerator-hours, discounted (ground)", "Present value of the utilised accelerator-hours over the mission.", "quantity"),
    Output("terrestrial.pv_energy_mwh", "MWh", "IT energy, discounted (ground)", "Present value of the energy the compute draws (before PUE) over the mission.", "energy"),
    Output("terrestrial.pv_energy_system_usd", "USD", "Power supply cost, discounted (ground)", "Present value of on-site generation (its capital-recovery share), fuel or electricity and generation O&M.", "money"),
    Output("terrestrial.interruption_goodput", "1", "Interruption goodput (ground)", "Share of running time a job does useful work between recoverable interruptions (Young/Daly checkpointing).", "fraction"),
    Output("terrestrial.first_power_yr", "yr", "First power (ground)", "Years from the go decision to the site's first power (permits, construction, grid queue or on-site plant).", "duration"),
    Output("terrestrial.full_power_yr", "yr", "Full power (ground)", "Years from the go decision until the site runs at full IT power (build-out cap).", "duration"),
    Output("terrestrial.energy_mwh", "MWh", "Site energy (ground)", "Energy the site draws (IT times PUE) over the mission, undiscounted.", "energy"),
    Output("terrestrial.water_m3", "m**3", "Water use (ground)", "Water the site consumes over the mission (IT energy times WUE).", "volume"),
    Output("terrestrial.co2e_kg", "kg", "Emissions (ground)", "CO2-equivalent of the site's energy over the mission (grid average, fuel burned, or PV life cycle).", "mass"),
    Output("terrestrial.usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day, all-in (ground)", "Discounted lifetime cost, accelerators included, per discounted PFLOP-day delivered.", "money"),
    Output("terrestrial.infrastructure_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day, infrastructure only (ground)", "Discounted cost of everything but the accelerators per discounted PFLOP-day delivered.", "money"),
    Output("terrestrial.usd_per_accelerator_hour", "USD/h", "Cost per accelerator-hour (ground)", "Discounted lifetime cost per discounted useful accelerator-hour.", "money"),
    Output("terrestrial.infrastructure_usd_per_mwh", "USD/MWh", "Infrastructure cost per MWh (ground)", "Discounted facility, plant, energy and O&M cost per discounted MWh the chips draw.", "money"),
    Output("terrestrial.energy_usd_per_mwh", "USD/MWh", "Energy cost per MWh (ground)", "Discounted cost of the power supply (generation, fuel or electricity, its O&M) per discounted MWh the chips draw.", "money"),
    # --- simulation: fleet KPIs (SimulationResult.fleet)
    Output("simulate.satellites_in_fleet", "1", "Satellites in the fleet", "Satellites the fleet has.", "count"),
    Output("simulate.satellites_simulated", "1", "Satellites simulated", "Satellites simulated (a seeded sample when fewer than the fleet).", "count"),
    Output("simulate.duration_s", "s", "Simulated time", "Length of the run.", "duration"),
    Output("simulate.step_s", "s", "Time step", "Time step of the run.", "duration"),
    Output("simulate.satellite_steps", "1", "Satellite-steps", "Satellites simulated times time steps.", "count"),
    Output("simulate.sunlit_fraction", "1", "Sunlit fraction (simulated)", "Mean share of the run the satellites spend in sunlight.", "fraction"),
    Output("simulate.design_sunlit_fraction", "1", "Sunlit fraction (design)", "The design's yearly sunlit fraction, for comparison.", "fraction"),
    Output("simulate.mean_illumination", "1", "Mean illumination (simulated)", "Mean share of full sunlight over the run, penumbra counted by the visible disc.", "fraction"),
    Output("simulate.design_mean_illumination", "1", "Mean illumination (design)", "The design's year-mean illumination, for comparison.", "fraction"),
    Output("simulate.eclipse_days", "d", "Eclipse days (simulated)", "Days of the run with at least one eclipse (less than half the disc visible).", "duration"),
    Output("simulate.design_eclipse_days_per_year", "day/yr", "Eclipse days per year (design)", "The design's eclipse season, for comparison.", "quantity"),
    Output("simulate.max_eclipse_s", "s", "Longest eclipse (simulated)", "Longest eclipse of any satellite in the run.", "duration"),
    Output("simulate.design_max_eclipse_s", "s", "Longest eclipse (design)", "The design's longest eclipse of the year, for comparison.", "duration"),
    Output("simulate.max_depth_of_discharge", "1", "Deepest battery discharge (simulated)", "Largest share of battery capacity any satellite used.", "fraction"),
    Output("simulate.design_depth_of_discharge", "1", "Battery depth of discharge (design)", "The design's depth of discharge in the longest eclipse, for comparison.", "fraction"),
    Output("simulate.min_state_of_charge", "1", "Lowest state of charge", "Lowest battery state of charge of any satellite.", "fraction"),
    Output("simulate.max_radiator_temperature_k", "K", "Hottest radiator (simulated)", "Highest radiator temperature of any satellite.", "temperature"),
    Output("simulate.design_radiator_temperature_k", "K", "Radiator temperature (design)", "The design's radiator temperature, for comparison.", "temperature"),
    Output("simulate.power_throttled_fraction", "1", "Time power-throttled", "Mean share of the run compute was cut for lack of power.", "fraction"),
    Output("simulate.thermal_throttled_fraction", "1", "Time thermally throttled", "Mean share of the run compute was cut to keep the radiator in limits.", "fraction"),
    Output("simulate.bus_outage_s", "s", "Bus outage time", "Time the bus itself lacked power, summed over the fleet.", "duration"),
    Output("simulate.availability", "1", "Compute availability (simulated)", "Mean share of the run the compute was running.", "fraction"),
    Output("simulate.goodput", "1", "Goodput (simulated)", "Availability times the checkpoint/restart efficiency.", "fraction"),
    Output("simulate.delivered_compute_flop", "FLOP", "Delivered compute (simulated)", "Sustained BF16 operations the fleet delivered in the run, after goodput.", "work"),
    Output("simulate.delivered_pflop_days", "PFLOP_day", "Delivered PFLOP-days (simulated)", "The delivered compute of the run in PFLOP-days.", "work"),
    Output("simulate.array_energy_mwh", "MWh", "Array energy", "Energy the fleet's arrays produced in the run.", "energy"),
    Output("simulate.load_energy_mwh", "MWh", "Load energy", "Energy the fleet's loads drew in the run.", "energy"),
    Output("simulate.it_energy_mwh", "MWh", "IT energy (simulated)", "Energy the fleet's compute drew in the run.", "energy"),
    Output("simulate.dose_gy_mean", "Gy", "Dose, mean", "Ionising dose in silicon behind the shielding over the run, mean of the satellites.", "quantity"),
    Output("simulate.dose_gy_max", "Gy", "Dose, highest", "Highest ionising dose in silicon of any satellite over the run.", "quantity"),
    Output("simulate.dose_krad_per_year", "krad/yr", "Dose rate", "Mean ionising dose rate in silicon, krad(Si) per year.", "rate"),
    Output("simulate.silent_data_corruptions", "1", "Silent data corruptions", "Undetected errors in the fleet over the run (Poisson draws, scaled to the fleet).", "count"),
    Output("simulate.uncorrectable_memory_errors", "1", "Uncorrectable memory errors", "Detected, uncorrectable HBM errors in the fleet over the run (Poisson draws).", "count"),
    Output("simulate.functional_interrupts", "1", "Functional interrupts", "Single-event functional interrupts of hosts and accelerators in the fleet.", "count"),
    Output("simulate.satellites_failed", "1", "Satellites failed", "Satellites of the fleet lost in the run.", "count"),
    Output("simulate.accelerators_failed", "1", "Accelerators failed", "Accelerators of the fleet failed in the run.", "count"),
    Output("simulate.capacity_remaining", "1", "Capacity remaining at end", "Mean share of each satellite's compute still working at the end of the run.", "fraction"),
    Output("simulate.contact_minutes_per_day", "min/day", "Ground contact per day", "Mean minutes per day a satellite sees a ground station.", "quantity"),
    Output("simulate.passes_per_day", "1/day", "Ground passes per day", "Mean station passes per satellite per day.", "rate"),
    Output("simulate.downlink_tb", "TB", "Downlink volume", "Data the fleet can send down in its contacts over the run.", "data"),
    # --- simulation: per-satellite columns (SimulationResult.satellites)
    Output("simulate.satellite.satellite", "", "Satellite", "Name of the satellite.", "text"),
    Output("simulate.satellite.fleet_index", "1", "Fleet index", "Position of the satellite in the fleet.", "code"),
    Output("simulate.satellite.sunlit_fraction", "1", "Sunlit fraction", "Share of the run in sunlight.", "fraction"),
    Output("simulate.satellite.mean_illumination", "1", "Mean illumination", "Mean share of full sunlight over the run, penumbra by the visible disc.", "fraction"),
    Output("simulate.satellite.eclipse_days", "d", "Eclipse days", "Complete eclipses in the run times the nodal period, in days.", "duration"),
    Output("simulate.satellite.max_eclipse_s", "s", "Longest eclipse", "Longest eclipse in the run.", "duration"),
    Output("simulate.satellite.eclipses", "1", "Eclipses", "Eclipses in the run.", "count"),
    Output("simulate.satellite.min_state_of_charge", "1", "Lowest state of charge", "Lowest battery state of charge in the run.", "fraction"),
    Output("simulate.satellite.max_depth_of_discharge", "1", "Deepest discharge", "Largest share of battery capacity used.", "fraction"),
    Output("simulate.satellite.max_radiator_temperature_k", "K", "Hottest radiator", "Highest radiator temperature in the run.", "temperature"),
    Output("simulate.satellite.min_radiator_temperature_k", "K", "Coldest radiator", "Lowest radiator temperature in the run.", "temperature"),
    Output("simulate.satellite.power_throttled_s", "s", "Time power-throttled", "Time compute was cut for lack of power.", "duration"),
    Output("simulate.satellite.thermal_throttled_s", "s", "Time thermally throttled", "Time compute was cut to keep the radiator in limits.", "duration"),
    Output("simulate.satellite.bus_outage_s", "s", "Bus outage time", "Time the bus lacked power.", "duration"),
    Output("simulate.satellite.array_energy_kwh", "kWh", "Array energy", "Energy the array produced.", "energy"),
    Output("simulate.satellite.load_energy_kwh", "kWh", "Load energy", "Energy the loads drew.", "energy"),
    Output("simulate.satellite.it_energy_kwh", "kWh", "IT energy", "Energy the compute drew.", "energy"),
    Output("simulate.satellite.availability", "1", "Compute availability", "Share of the run the compute was running.", "fraction"),
    Output("simulate.satellite.goodput_factor", "1", "Checkpoint/restart efficiency", "Share of running time that does useful work (Young/Daly checkpointing).", "fraction"),
    Output("simulate.satellite.goodput", "1", "Goodput", "Availability times the checkpoint/restart efficiency.", "fraction"),
    Output("simulate.satellite.checkpoint_interval_s", "s", "Checkpoint interval", "Young/Daly optimal time between checkpoints.", "duration"),
    Output("simulate.satellite.mean_time_between_interrupts_s", "s", "Mean time between interrupts", "Time in service per expected job-stopping event (memory errors, interrupts, failures).", "duration"),
    Output("simulate.satellite.delivered_compute_flop", "FLOP", "Delivered compute", "Sustained BF16 operations delivered after goodput.", "work"),
    Output("simulate.satellite.dose_gy", "Gy", "Dose", "Ionising dose in silicon behind the shielding.", "quantity"),
    Output("simulate.satellite.dose_krad_per_year", "krad/yr", "Dose rate", "Ionising dose rate in silicon, krad(Si) per year.", "rate"),
    Output("simulate.satellite.silent_data_corruptions", "1", "Silent data corruptions", "Undetected errors (Poisson draw).", "count"),
    Output("simulate.satellite.uncorrectable_memory_errors", "1", "Uncorrectable memory errors", "Detected, uncorrectable HBM errors (Poisson draw).", "count"),
    Output("simulate.satellite.functional_interrupts", "1", "Functional interrupts", "Single-event functional interrupts of host and accelerators.", "count"),
    Output("simulate.satellite.failed", "1", "Failed", "Whether the satellite was lost in the run.", "flag"),
    Output("simulate.satellite.failure_time_s", "s", "Time of failure", "Time into the run the satellite was lost (empty if it was not).", "duration"),
    Output("simulate.satellite.accelerators_failed", "1", "Accelerators failed", "Accelerators failed in the run.", "count"),
    Output("simulate.satellite.capacity_remaining", "1", "Capacity remaining at end", "Share of the compute still working at the end (0 if the satellite failed).", "fraction"),
    Output("simulate.satellite.contact_minutes", "min", "Ground contact", "Minutes in view of a ground station.", "duration"),
    Output("simulate.satellite.passes", "1", "Ground passes", "Station passes in the run.", "count"),
    Output("simulate.satellite.downlink_tb", "TB", "Downlink volume", "Data the satellite can send down in its contacts.", "data"),
    # --- simulation: time series (SimulationResult.timeseries; fleet statistics of the per-satellite bins, named for what they are)
    Output("simulate.series.elapsed_s", "s", "Elapsed time", "Time from the start of the run to the middle of the bin.", "duration"),
    Output("simulate.series.illumination_mean_of_means", "1", "Illumination, fleet mean", "Mean of the satellites' bin means of the visible fraction of the solar disc (the fleet mean over the bin).", "fraction"),
    Output("simulate.series.illumination_min_of_means", "1", "Illumination, least-lit satellite's bin mean", "Lowest over the satellites of each one's bin mean of the visible fraction of the solar disc.", "fraction"),
    Output("simulate.series.state_of_charge_mean_of_means", "1", "State of charge, fleet mean", "Mean of the satellites' bin means of the battery state of charge.", "fraction"),
    Output("simulate.series.state_of_charge_min_of_mins", "1", "State of charge, lowest at any step", "Lowest over the satellites of each one's lowest state of charge in the bin (the true minimum, as in fleet.json).", "fraction"),
    Output("simulate.series.radiator_temperature_k_mean_of_means", "K", "Radiator temperature, fleet mean", "Mean of the satellites' bin means of the radiator temperature.", "temperature"),
    Output("simulate.series.radiator_temperature_k_max_of_maxes", "K", "Radiator temperature, highest at any step", "Highest over the satellites of each one's highest radiator temperature in the bin (the true maximum).", "temperature"),
    Output("simulate.series.compute_fraction_mean_of_means", "1", "Compute running, fleet mean", "Mean of the satellites' bin means of the share of compute running.", "fraction"),
    Output("simulate.series.compute_fraction_min_of_mins", "1", "Compute running, lowest at any step", "Lowest over the satellites of each one's lowest share of compute running in the bin.", "fraction"),
    Output("simulate.series.array_power_w_mean_of_means", "W", "Array power per satellite, fleet mean", "Mean of the satellites' bin means of the power one array delivers.", "power"),
    Output("simulate.series.dose_rate_gy_per_s_mean_of_means", "Gy/s", "Dose rate, fleet mean", "Mean of the satellites' bin means of the ionising dose rate in silicon.", "rate"),
    Output("simulate.series.dose_rate_gy_per_s_max_of_maxes", "Gy/s", "Dose rate, highest at any step", "Highest over the satellites of each one's highest dose rate in the bin.", "rate"),
    Output("simulate.series.contact_fraction_mean_of_means", "1", "Time in ground contact, fleet mean", "Mean of the satellites' bin means of the share of time a station sees them.", "fraction"),
    # --- simulation: per-satellite series (SimulationResult.per_satellite, on request; one row per satellite and bin)
    Output("simulate.per_satellite.time", "", "Time (UTC)", "Middle of the bin.", "text"),
    Output("simulate.per_satellite.elapsed_s", "s", "Elapsed time", "Time from the start of the run to the middle of the bin.", "duration"),
    Output("simulate.per_satellite.satellite", "", "Satellite", "Name of the satellite.", "text"),
    Output("simulate.per_satellite.illumination_mean", "1", "Illumination, bin mean", "Visible fraction of the solar disc, mean over the bin's steps.", "fraction"),
    Output("simulate.per_satellite.state_of_charge_mean", "1", "State of charge, bin mean", "Battery state of charge, mean over the bin's steps.", "fraction"),
    Output("simulate.per_satellite.state_of_charge_min", "1", "State of charge, bin minimum", "Lowest battery state of charge of any step in the bin.", "fraction"),
    Output("simulate.per_satellite.radiator_temperature_k_mean", "K", "Radiator temperature, bin mean", "Radiator temperature, mean over the bin's steps.", "temperature"),
    Output("simulate.per_satellite.radiator_temperature_k_max", "K", "Radiator temperature, bin maximum", "Highest radiator temperature of any step in the bin.", "temperature"),
    Output("simulate.per_satellite.compute_fraction_mean", "1", "Compute running, bin mean", "Share of compute running, mean over the bin's steps.", "fraction"),
    Output("simulate.per_satellite.compute_fraction_min", "1", "Compute running, bin minimum", "Lowest share of compute running of any step in the bin.", "fraction"),
    Output("simulate.per_satellite.array_power_w_mean", "W", "Array power, bin mean", "Power the array delivers, mean over the bin's steps.", "power"),
    Output("simulate.per_satellite.dose_rate_gy_per_s_mean", "Gy/s", "Dose rate, bin mean", "Ionising dose rate in silicon, mean over the bin's steps.", "rate"),
    Output("simulate.per_satellite.dose_rate_gy_per_s_max", "Gy/s", "Dose rate, bin maximum", "Highest ionising dose rate of any step in the bin.", "rate"),
    Output("simulate.per_satellite.contact_fraction_mean", "1", "Time in ground contact, bin mean", "Share of the bin a station sees the satellite.", "fraction"),
    # --- simulation: positions (positions.parquet, on request; one row per satellite and recorded step)
    Output("simulate.positions.satellite", "", "Satellite", "Name of the satellite.", "text"),
    Output("simulate.positions.time", "", "Time (UTC)", "Time of the point.", "text"),
    Output("simulate.positions.elapsed_s", "s", "Elapsed time", "Time from the start of the run.", "duration"),
    Output("simulate.positions.x_eci_m", "m", "Inertial x", "Position towards the equinox (TEME; the J2 theory's mean-of-date frame is taken as TEME).", "length"),
    Output("simulate.positions.y_eci_m", "m", "Inertial y", "Position in the equator, 90° east of x (TEME).", "length"),
    Output("simulate.positions.z_eci_m", "m", "Inertial z", "Position towards the pole of date (TEME).", "length"),
    Output("simulate.positions.vx_eci_m_per_s", "m/s", "Velocity x, inertial", "Inertial velocity along x (TEME).", "quantity"),
    Output("simulate.positions.vy_eci_m_per_s", "m/s", "Velocity y, inertial", "Inertial velocity along y (TEME).", "quantity"),
    Output("simulate.positions.vz_eci_m_per_s", "m/s", "Velocity z, inertial", "Inertial velocity along z (TEME).", "quantity"),
    Output("simulate.positions.x_ecef_m", "m", "Earth-fixed x", "Position towards the Greenwich meridian on the equator.", "length"),
    Output("simulate.positions.y_ecef_m", "m", "Earth-fixed y", "Position towards 90° east on the equator.", "length"),
    Output("simulate.positions.z_ecef_m", "m", "Earth-fixed z", "Position towards the north pole.", "length"),
    Output("simulate.positions.latitude_deg", "deg", "Latitude", "Geodetic latitude of the sub-satellite point (WGS-84).", "angle"),
    Output("simulate.positions.longitude_deg", "deg", "Longitude", "Longitude of the sub-satellite point, east positive.", "angle"),
    Output("simulate.positions.altitude_m", "m", "Height", "Height above the WGS-84 ellipsoid.", "length"),
    Output("simulate.positions.illumination", "1", "Illumination", "Visible fraction of the solar disc (1 in full Sun, 0 in the umbra).", "fraction"),
    # --- simulation: run description (SimulationResult.meta)
    Output("simulate.meta.scenario", "", "Scenario", "Name of the scenario simulated.", "text"),
    Output("simulate.meta.scenario_sha256", "", "Scenario hash", "SHA-256 of the scenario as canonical JSON.", "text"),
    Output("simulate.meta.skyrack_version", "", "Code version", "Version of the code that ran.", "text"),
    Output("simulate.meta.eclipse_definition", "", "Eclipse definition", "What the run counts as an eclipse (the design counts the same).", "text"),
    Output("simulate.meta.settings", "", "Settings", "Every setting of the run, as a simulation: section that reproduces it.", "text"),
    Output("simulate.meta.seed", "1", "Seed", "Seed of every random draw of the run.", "code"),
    Output("simulate.meta.step_s", "s", "Time step", "Time step of the run.", "duration"),
    Output("simulate.meta.duration_s", "s", "Requested duration", "Length of the run asked for.", "duration"),
    Output("simulate.meta.steps", "1", "Time steps", "Time steps of the run.", "count"),
    Output("simulate.meta.start_utc", "", "Start (UTC)", "Start of the run, ISO 8601.", "text"),
    Output("simulate.meta.propagator", "", "Propagator", "j2 (secular J2) or sgp4.", "text"),
    Output("simulate.meta.layout", "", "Layout", "How the fleet was placed: cluster, train, walker or file.", "text"),
    Output("simulate.meta.satellites_in_fleet", "1", "Satellites in the fleet", "Satellites the fleet has.", "count"),
    Output("simulate.meta.satellites_simulated", "1", "Satellites simulated", "Satellites simulated.", "count"),
    Output("simulate.meta.dose_model", "", "Dose model", "Trapped-particle model, solar phase and shielding of the dose table.", "text"),
    Output("simulate.meta.stations", "1", "Ground stations", "Ground stations used for contacts.", "count"),
    Output("simulate.meta.chunk_steps", "1", "Steps per chunk", "Time steps advanced per chunk (memory bound).", "count"),
    Output("simulate.meta.positions", "", "Positions recorded", "File, interval, satellites, rows and frames of the recorded positions.", "text"),
    Output("simulate.meta.notes", "", "Notes", "What a reader of the run should know, e.g. a window that misses the eclipse season.", "text"),
    Output("simulate.meta.wall_time_s", "s", "Wall time", "Time the run took.", "duration"),
    Output("simulate.meta.setup_s", "s", "Set-up time", "Time spent before stepping (design, layout, dose table).", "duration"),
    Output("simulate.meta.stepping_s", "s", "Stepping time", "Time spent stepping the satellites.", "duration"),
    Output("simulate.meta.satellite_steps_per_s", "1/s", "Satellite-steps per second", "Satellite-steps over the wall time.", "rate"),
    Output("simulate.meta.stepping_satellite_steps_per_s", "1/s", "Satellite-steps per second, stepping", "Satellite-steps over the stepping time.", "rate"),
    Output("simulate.meta.partitions", "", "Partitions", "How the fleet was split by satellite and where it ran: partitions, the largest, executor, workers, peak memory per worker (bytes).", "text"),
    # --- deployment: one row per year (Timeline.frame)
    Output("deploy.year", "1", "Year", "Calendar year.", "year"),
    Output("deploy.years_since_go", "yr", "Years since go", "Years from the go decision to the end of this year.", "duration"),
    Output("deploy.orbit_launches", "1", "Launches", "Launches in the year.", "count"),
    Output("deploy.orbit_satellites_launched", "1", "Satellites launched", "Satellites launched in the year.", "count"),
    Output("deploy.orbit_satellites_in_orbit", "1", "Satellites in orbit", "Working satellites in orbit at the end of the year.", "count"),
    Output("deploy.orbit_failures", "1", "Satellite failures", "Satellites lost to failures in the year.", "count"),
    Output("deploy.orbit_retired", "1", "Satellites retired", "Satellites retired at the end of their life in the year.", "count"),
    Output("deploy.orbit_mass_launched_kg", "kg", "Mass launched", "Satellite mass launched in the year.", "mass"),
    Output("deploy.orbit_fuel_kg", "kg", "Launch fuel", "Fuel (not oxidiser) burned by the year's launches.", "mass"),
    Output("deploy.orbit_co2e_kg", "kg", "Launch emissions", "CO2-equivalent of the year's launches.", "mass"),
    Output("deploy.orbit_launch_usd", "USD", "Launch cost", "Launch bill of the year.", "money"),
    Output("deploy.orbit_launch_margin_usd", "USD", "Launch provider margin", "Market launch price minus the provider's cost for the year's launches.", "money"),
    Output("deploy.orbit_it_mw", "MW", "IT power in orbit", "IT power of the satellites in orbit at the end of the year.", "power"),
    Output("deploy.orbit_pflops", "PFLOP/s", "Compute online in orbit", "Life-average delivered compute of the satellites in orbit at the end of the year.", "flops"),
    Output("deploy.orbit_cost_usd", "USD", "Spending (orbit)", "Hardware, launch, insurance, fixed costs and operations in the year.", "money"),
    Output("deploy.orbit_cumulative_cost_usd", "USD", "Cumulative spending (orbit)", "Spending up to the end of the year, undiscounted.", "money"),
    Output("deploy.orbit_pflop_days", "PFLOP_day", "Compute delivered (orbit)", "PFLOP-days delivered in the year.", "work"),
    Output("deploy.orbit_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day to date (orbit)", "Discounted spending to date per discounted PFLOP-day delivered to date.", "money"),
    Output("deploy.ground_it_mw", "MW", "IT power on the ground", "IT power of the ground data center at the end of the year.", "power"),
    Output("deploy.ground_pflops", "PFLOP/s", "Compute online on the ground", "Delivered compute of the ground data center at the end of the year.", "flops"),
    Output("deploy.ground_cost_usd", "USD", "Spending (ground)", "Capex of the power added and opex in the year.", "money"),
    Output("deploy.ground_cumulative_cost_usd", "USD", "Cumulative spending (ground)", "Spending up to the end of the year, undiscounted.", "money"),
    Output("deploy.ground_pflop_days", "PFLOP_day", "Compute delivered (ground)", "PFLOP-days delivered in the year.", "work"),
    Output("deploy.ground_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day to date (ground)", "Discounted spending to date per discounted PFLOP-day delivered to date.", "money"),
    # --- deployment: summary (Timeline.summary)
    Output("deploy.summary.scenario", "", "Scenario", "Name of the scenario.", "text"),
    Output("deploy.summary.vehicle", "", "Launch vehicle", "Catalog name of the launcher.", "text"),
    Output("deploy.summary.pricing", "", "Launch pricing", "market (the customer's price) or at_cost (the vehicle owner's cost).", "text"),
    Output("deploy.summary.vehicles", "1", "Vehicles", "Launch vehicles flying the campaign.", "count"),
    Output("deploy.summary.flights_per_year", "1/yr", "Flights per year", "Launch cadence of the vehicle fleet.", "rate"),
    Output("deploy.summary.hours_between_flights", "h", "Time between flights", "Mean time between two launches of the campaign.", "duration"),
    Output("deploy.summary.satellites", "1", "Satellites", "Satellites in the full fleet.", "count"),
    Output("deploy.summary.satellites_per_launch", "1", "Satellites per launch", "Whole satellites one launch carries (0 when one takes several launches).", "count"),
    Output("deploy.summary.launches_per_satellite", "1", "Launches per satellite", "Launches one satellite takes (1 unless assembled in orbit).", "count"),
    Output("deploy.summary.initial_launches", "1", "Launches to deploy", "Launches that put up the full fleet once.", "count"),
    Output("deploy.summary.years_to_full_fleet", "yr", "Time to full fleet", "Years from the go decision until the whole fleet is in orbit.", "duration"),
    Output("deploy.summary.target_pflops", "PFLOP/s", "Target compute", "Delivered compute the timeline measures time-to-target against.", "flops"),
    Output("deploy.summary.orbit_years_to_target", "yr", "Time to target (orbit)", "Years from the go decision until orbit delivers the target.", "duration"),
    Output("deploy.summary.ground_first_power_years", "yr", "Time to first power (ground)", "Permitting, construction and grid queue or plant build before the ground's first power.", "duration"),
    Output("deploy.summary.ground_years_to_target", "yr", "Time to target (ground)", "Years from the go decision until the ground delivers the target.", "duration"),
    Output("deploy.summary.market_usd_per_flight", "USD", "Market price per flight", "What a customer pays per launch (per-kg prices as a full flight).", "money"),
    Output("deploy.summary.at_cost_usd_per_flight", "USD", "Cost per flight", "What a launch costs its owner (empty without at-cost data).", "money"),
    Output("deploy.summary.margin_usd_per_flight", "USD", "Margin per flight", "Market price minus cost per flight.", "money"),
    Output("deploy.summary.orbit_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day over the horizon (orbit)", "Discounted spending per discounted PFLOP-day over the horizon, residual value of hardware credited.", "money"),
    Output("deploy.summary.ground_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day over the horizon (ground)", "Discounted spending per discounted PFLOP-day over the horizon, residual value of hardware credited.", "money"),
    Output("deploy.summary.design_orbit_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day, design (orbit)", "The closed-form design's figure, for comparison with the campaign's.", "money"),
    Output("deploy.summary.design_ground_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day, design (ground)", "The closed-form design's figure, for comparison with the campaign's.", "money"),
    Output("deploy.summary.assumptions", "", "Assumptions", "Every deployment assumption with its value and source.", "text"),
    Output("deploy.summary.feasible", "1", "Feasible", "The design's verdict (skyrack.feasibility), the same as skyrack design gives.", "flag"),
    Output("deploy.summary.reasons", "", "Why infeasible", "The design's reasons, the same as skyrack design gives.", "text"),
    Output("deploy.at_cost.propellant_usd", "USD", "Propellant per flight", "Propellant cost of one launch.", "money"),
    Output("deploy.at_cost.refurbishment_usd", "USD", "Refurbishment per flight", "Refurbishment cost of one launch.", "money"),
    Output("deploy.at_cost.vehicle_amortised_usd", "USD", "Vehicle share per flight", "Vehicle build cost divided by its flights.", "money"),
    Output("deploy.at_cost.operations_usd", "USD", "Operations per flight", "Launch operations cost of one flight.", "money"),
    Output("deploy.pricing.pricing", "", "Launch pricing", "market or at_cost.", "text"),
    Output("deploy.pricing.usd_per_flight", "USD", "Price per flight", "Price (market) or cost (at cost) of one launch.", "money"),
    Output("deploy.pricing.launches", "1", "Launches", "Launches over the horizon.", "count"),
    Output("deploy.pricing.launch_usd", "USD", "Launch bill", "Launch spending over the horizon.", "money"),
    Output("deploy.pricing.margin_not_paid_usd", "USD", "Margin not paid", "Launch provider margin an owner of the rocket does not pay over the horizon.", "money"),
    Output("deploy.pricing.cumulative_cost_usd", "USD", "Spending over the horizon (orbit)", "Orbital spending over the whole timeline, undiscounted.", "money"),
    Output("deploy.pricing.orbit_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day (orbit)", "Discounted spending per discounted PFLOP-day over the whole timeline.", "money"),
    Output("deploy.pricing.ground_usd_per_pflop_day", "USD/PFLOP_day", "Cost per PFLOP-day (ground)", "Discounted spending per discounted PFLOP-day over the whole timeline.", "money"),
    # --- workloads (skyrack.workloads.evaluate; one platform: orbit or ground)
    Output("workload.compute_flops", "FLOP/s", "Compute", "Accelerators times dense BF16 peak times utilisation.", "flops"),
    Output("workload.availability", "1", "Availability", "Share of time the capacity is up.", "fraction"),
    Output("workload.checkpoint_restart", "1", "Checkpoint/restart efficiency", "Share of time not lost to checkpoints and restarts.", "fraction"),
    Output("workload.network_efficiency", "1", "Network efficiency", "Share of compute not stalled by communication (or users out of reach).", "fraction"),
    Output("workload.goodput_flops", "FLOP/s", "Goodput", "Compute times availability, checkpoint/restart and network efficiency.", "flops"),
    Output("workload.fits_in_memory", "1", "Fits in memory", "Whether one job's slice holds the model's training state.", "flag"),
    Output("workload.job_accelerators", "1", "Accelerators per job", "Accelerators one training job uses (whole domains).", "count"),
    Output("workload.concurrent_jobs", "1", "Concurrent jobs", "Training jobs of this size the platform runs at once.", "count"),
    Output("workload.time_to_train_days", "day", "Time to train", "Days one job takes to train the model (6·N·D operations).", "duration"),
    Output("workload.step_compute_s", "s", "Step compute time", "Compute time of one training step.", "duration"),
    Output("workload.step_comm_s", "s", "Step communication time", "Communication time of one training step.", "duration"),
    Output("workload.step_s", "s", "Step time", "Time of one training step, with overlap of compute and communication.", "duration"),
    Output("workload.bytes_per_domain", "B", "Traffic per domain per step", "Gradient all-reduce and pipeline bytes a domain sends per step.", "data"),
    Output("workload.model_parallel", "1", "Model-parallel group", "Accelerators needed to hold one copy of the training state.", "count"),
    Output("workload.pipeline_domains", "1", "Pipeline stages", "Domains one model copy is pipelined over.", "count"),
    Output("workload.domains", "1", "Domains", "Fast-fabric domains (satellites or NVLink nodes) in the job.", "count"),
    Output("workload.replicas", "1", "Data-parallel replicas", "Copies of the model training in parallel.", "count"),
    Output("workload.mtbf_h", "h", "Mean time between interrupts", "Mean time between job-stopping failures of one job.", "duration"),
    Output("workload.checkpoint_s", "s", "Checkpoint write time", "Time to write one checkpoint of the training state.", "duration"),
    Output("workload.tokens_per_s_per_accelerator", "1/s", "Tokens per second per accelerator", "Serving throughput of one accelerator (scaled from the measured H200 training step, docs/data/h200_power_probe_2026-11-27.json).", "rate"),
    Output("workload.tokens_per_s", "1/s", "Tokens per second", "Serving throughput delivered to users.", "rate"),
    Output("workload.joules_per_token", "J", "Energy per token", "Accelerator energy per generated token.", "quantity"),
    Output("workload.user_traffic_tb_per_day", "TB/day", "User traffic", "Request and response data per day at full throughput.", "rate"),
    Output("workload.latency_ms", "ms", "Latency to users", "One-way latency from the platform to a user.", "duration"),
    Output("workload.processed_tb_per_day", "TB/day", "Data processed", "Earth-observation data processed per day.", "rate"),
    Output("workload.compute_capacity_tb_per_day", "TB/day", "Processing capacity", "Data the compute could process per day.", "rate"),
    Output("workload.downlink_tb_per_day", "TB/day", "Data sent down", "Data sent to the ground per day after processing.", "rate"),
    Output("workload.downlink_saved_tb_per_day", "TB/day", "Downlink saved", "Data per day that need not go to the ground because it is processed in orbit.", "rate"),
    # --- links (skyrack.links.report.links_summary)
    Output("links.layout", "", "Layout", "single, cluster (lattice formation) or walker (constellation).", "text"),
    Output("links.satellites", "1", "Satellites", "Satellites in the fleet.", "count"),
    Output("links.accelerators", "1", "Accelerators", "Accelerators in the fleet.", "count"),
    Output("links.injection_bps", "bit/s", "Scale-out bandwidth per satellite", "Inter-satellite bandwidth one satellite can send (infinite for a lone satellite).", "bitrate"),
    Output("links.bisection_bps", "bit/s", "Bisection bandwidth", "Bandwidth across the fleet's narrowest cut in half.", "bitrate"),
    Output("links.downlink_tb_per_day", "TB/day", "Downlink per day", "Data the fleet can send to the ground per day.", "rate"),
    Output("links.user_fraction", "1", "Users reachable", "Share of time users can reach the system.", "fraction"),
    Output("links.user_latency_s", "s", "Latency to users", "One-way latency to a user as served.", "duration"),
    Output("links.cluster.terminal", "", "Laser terminal", "Catalog name of the inter-satellite terminal.", "text"),
    Output("links.cluster.walker", "", "Walker pattern", "Walker delta total/planes/phasing.", "text"),
    Output("links.cluster.radius_m", "m", "Cluster radius", "Radius of the lattice formation.", "length"),
    Output("links.cluster.neighbour_min_m", "m", "Neighbour distance, least", "Closest approach of lattice neighbours.", "length"),
    Output("links.cluster.neighbour_max_m", "m", "Neighbour distance, greatest", "Largest distance between lattice neighbours.", "length"),
    Output("links.cluster.neighbour_oscillations_per_orbit", "1", "Neighbour-distance cycles per orbit", "Oscillations of a neighbour distance in one orbit.", "ratio"),
    Output("links.cluster.nearest_min_m", "m", "Nearest satellite, least", "Smallest nearest-neighbour distance.", "length"),
    Output("links.cluster.nearest_max_m", "m", "Nearest satellite, greatest", "Largest nearest-neighbour distance.", "length"),
    Output("links.cluster.min_separation_m", "m", "Minimum separation", "Closest approach of any two satellites.", "length"),
    Output("links.cluster.links", "1", "Links", "Inter-satellite links in the network.", "count"),
    Output("links.cluster.link_min_bps", "bit/s", "Link capacity, least", "Capacity of the slowest link.", "bitrate"),
    Output("links.cluster.link_max_bps", "bit/s", "Link capacity, greatest", "Capacity of the fastest link.", "bitrate"),
    Output("links.cluster.bisection_min_bps", "bit/s", "Bisection bandwidth, least", "Bisection bandwidth at its lowest over the orbit.", "bitrate"),
    Output("links.cluster.bisection_max_bps", "bit/s", "Bisection bandwidth, greatest", "Bisection bandwidth at its highest over the orbit.", "bitrate"),
    Output("links.cluster.mean_hops", "1", "Mean hops", "Mean hops between two satellites.", "ratio"),
    Output("links.cluster.diameter_hops", "1", "Network diameter", "Most hops between any two satellites.", "count"),
    Output("links.cluster.max_path_delay_s", "s", "Longest path delay", "Light time along the longest shortest path.", "duration"),
    Output("links.cluster.area_to_mass_m2_kg", "m**2/kg", "Area-to-mass ratio", "Array and radiator area per kg of satellite (drag).", "quantity"),
    Output("links.cluster.bc_spread", "1", "Ballistic-coefficient spread", "Assumed spread of ballistic coefficients across the cluster.", "fraction"),
    Output("links.cluster.dv_j2_m_s_per_yr", "m/s/yr", "Station keeping, J2", "Velocity change per year to hold the formation against J2.", "rate"),
    Output("links.cluster.dv_drag_m_s_per_yr", "m/s/yr", "Station keeping, differential drag", "Velocity change per year against differential drag.", "rate"),
    Output("links.cluster.dv_total_m_s_per_yr", "m/s/yr", "Station keeping, total", "Velocity change per year to hold the formation.", "rate"),
    Output("links.cluster.intra_plane_spacing_m", "m", "In-plane spacing", "Distance between neighbours in one orbital plane.", "length"),
    Output("links.cluster.bisection_per_accelerator_bps", "bit/s", "Bisection per accelerator", "Bisection bandwidth per accelerator on one side of the cut.", "bitrate"),
    Output("links.cluster.nvlink5_per_gpu_bps", "bit/s", "NVLink 5 per GPU (ground)", "NVLink 5 bandwidth per GPU, for comparison.", "bitrate"),
    Output("links.cluster.ib_ndr_per_gpu_bps", "bit/s", "InfiniBand NDR per GPU (ground)", "InfiniBand NDR bandwidth per GPU, for comparison.", "bitrate"),
    Output("links.ground.contact_fraction_any", "1", "Time in view of a station", "Share of time a satellite sees at least one station.", "fraction"),
    Output("links.ground.ka_tb_per_day", "TB/day", "Ka-band downlink per satellite", "Data one satellite sends down per day over Ka band.", "rate"),
    Output("links.ground.optical_tb_per_day", "TB/day", "Optical downlink per satellite", "Data one satellite sends down per day by laser (cloud-free passes).", "rate"),
    Output("links.ground.latency_zenith_s", "s", "Latency, satellite overhead", "One-way latency to a user with the satellite at zenith.", "duration"),
    Output("links.ground.latency_mask_s", "s", "Latency, satellite low", "One-way latency to a user with the satellite at the elevation mask.", "duration"),
    Output("links.ground.cluster_hops", "1", "Hops to the downlinking satellite", "Mean hops inside the cluster to the satellite in contact.", "ratio"),
    Output("links.ground.terrestrial_latency_s", "s", "Latency, terrestrial", "One-way latency over 1,000 km of fibre.", "duration"),
    Output("links.station.station", "", "Station", "Catalog name of the ground station.", "text"),
    Output("links.station.contact_fraction", "1", "Time in view", "Share of time a satellite sees the station.", "fraction"),
    Output("links.station.contact_minutes_per_day", "min/day", "Contact per day", "Minutes per day a satellite sees the station.", "quantity"),
    Output("links.station.ka_tb_per_day", "TB/day", "Ka-band downlink", "Data per day one satellite sends down over Ka band.", "rate"),
    Output("links.station.optical_tb_per_day", "TB/day", "Optical downlink", "Data per day one satellite sends down by laser.", "rate"),
    Output("links.station.cloud_free", "1", "Cloud-free probability", "Chance the line of sight is clear of cloud.", "fraction"),
    # --- analysis columns added to the parameters and outputs
    Output("montecarlo.p_orbit_wins", "1", "Probability orbit is cheaper", "Share of all draws that are feasible with a cost ratio below 1.", "fraction"),
    Output("montecarlo.p_infeasible", "1", "Probability infeasible", "Share of draws whose design is infeasible (counted as losses).", "fraction"),
    Output("montecarlo.valid", "1", "Valid draws", "Draws with a feasible, finite value of the output.", "count"),
    Output("montecarlo.n", "1", "Draws", "Draws of the uncertain inputs.", "count"),
    Output("montecarlo.seed", "1", "Seed", "Random seed of the draws.", "code"),
    Output("montecarlo.chunk", "1", "Draws per chunk", "Draws evaluated per task and checkpoint.", "count"),
    Output("sobol.S1", "1", "First-order index", "Share of the output's variance due to the input alone.", "ratio"),
    Output("sobol.S1_conf", "1", "First-order index, ± CI", "Half-width of the first-order index's confidence interval.", "ratio"),
    Output("sobol.ST", "1", "Total index", "Share of the output's variance due to the input and its interactions.", "ratio"),
    Output("sobol.ST_conf", "1", "Total index, ± CI", "Half-width of the total index's confidence interval.", "ratio"),
    Output("sobol.n_base", "1", "Base samples", "Sobol base sample size N.", "count"),
    Output("sobol.n_runs", "1", "Model runs", "Designs evaluated, N(d + 2) for d inputs.", "count"),
    Output("sobol.conf_level", "1", "Confidence level", "Confidence level of the intervals.", "fraction"),
    Output("sobol.nonfinite", "1", "Infeasible runs", "Runs without a finite output (their indices are undefined).", "count"),
    Output("optimise.feasible", "1", "Feasible", "Whether a design satisfying every constraint was found.", "flag"),
    Output("optimise.evaluations", "1", "Designs evaluated", "Designs the optimiser evaluated.", "count"),
    Output("simsweep.run", "1", "Run", "Index of the variant.", "code"),
    Output("simsweep.seed", "1", "Seed", "Random seed of the simulation.", "code"),
    Output("simsweep.overrides", "", "Overrides", "Scenario overrides of the variant.", "text"),
)
# fmt: on


def _index(declared: tuple[Output, ...]) -> Mapping[str, Output]:
    table: dict[str, Output] = {}
    for item in declared:
        if item.name in table:
            raise ValueError(f"output {item.name!r} is declared twice")
        if item.kind not in KINDS:
            raise ValueError(f"output {item.name!r}: unknown kind {item.kind!r}; kinds: {', '.join(KINDS)}")
        table[item.name] = item
    return MappingProxyType(table)


OUTPUTS: Final[Mapping[str, Output]] = _index(_DECLARED)
"""Every declared output by name (read-only)."""


def output(name: str) -> Output:
    """The declared output called ``name``.

    Raises
    ------
    InputError
        For an unknown name, listing the closest declared names.

    Examples
    --------
    >>> output("mass.total_kg").label
    'Fleet mass'
    """
    try:
        return OUTPUTS[name]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(name), list(OUTPUTS), n=5, cutoff=0.6)
        hint = "did you mean " + ", ".join(close) if close else "see skyrack.outputs.OUTPUTS for the names"
        raise InputError("output", name, f"unknown output; {hint}") from None


def group(prefix: str) -> Mapping[str, Output]:
    """The outputs of one result keyed by their key in it: ``group("simulate")["availability"]``."""
    return MappingProxyType({o.key: o for o in OUTPUTS.values() if o.group == prefix})


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_WORDS = {"PFLOP_day": "PFLOP-day", "deg": "°"}


def unit_symbol(unit: str, ascii: bool = False) -> str:
    """How a canonical unit is written for people: ``"m**2"`` → ``"m²"`` (``"m2"`` with ``ascii``).

    Dimensionless units give ``""``; money is stated in
    :data:`CURRENCY` (``"USD/kg"`` → ``"2025 USD/kg"``).

    >>> unit_symbol("USD/(kW*yr)"), unit_symbol("W/m**2", ascii=True), unit_symbol("1/day")
    ('2025 USD/(kW·yr)', 'W/m2', '1/day')
    """
    if unit in ("", "1"):
        return ""
    text = unit
    words = {**_WORDS, "deg": "deg"} if ascii else _WORDS
    text = re.sub(r"\b[A-Za-z_]+\b", lambda m: words.get(m.group(0), m.group(0)), text)
    text = re.sub(r"\*\*(-?\d+)", lambda m: m.group(1) if ascii else m.group(1).translate(_SUPERSCRIPT), text)
    text = text.replace("*", "*" if ascii else "·")
    text = re.sub(r"\bUSD\b", CURRENCY, text, count=1)
    return text


def label_with_unit(name: str, stat: str | None = None, ascii: bool = False) -> str:
    """Label and canonical unit of an output or a statistic of it: ``"Radiator area per satellite [m²]"``.

    The unit is that of the output's numbers as results hold them (a header for raw values);
    values written by :func:`skyrack.formatting.format_value` carry their own units. ``ascii``
    gives a plain-ASCII header (``m2``, ``+/-``) for CSV and Parquet files.

    >>> label_with_unit("economics.cost_ratio", "p90")
    'Orbit / ground cost, all-in, P90'
    """
    item = output(name)
    label = item.label
    if stat is not None:
        if stat not in STATISTICS:
            raise InputError("statistic", stat, "one of " + ", ".join(STATISTICS))
        label = f"{label}, {STATISTICS[stat]}"
    symbol = unit_symbol(item.unit, ascii)
    text = f"{label} [{symbol}]" if symbol else label
    return text.translate(_ASCII) if ascii else text


_ASCII = str.maketrans({"±": "+/-", "·": "*", "−": "-", "°": "deg", "²": "2", "³": "3", "—": "-", "×": "x", "é": "e"})
