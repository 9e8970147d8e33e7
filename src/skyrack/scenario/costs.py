"""Launch, economics and the terrestrial baseline."""

from __future__ import annotations

from typing import Any, Literal

from .fields import (
    Flops,
    KgPerKwh,
    LitrePerKwh,
    Mass,
    PerYear,
    Ratio,
    Seconds,
    Usd,
    UsdPerGJ,
    UsdPerKg,
    UsdPerKwh,
    UsdPerW,
    UsdPerWYear,
    Volume,
    Watts,
    Years,
    _Model,
    from_catalog,
    optional,
    sourced,
)


def _launcher_or_nan(field: str, description: str, **kwargs: Any) -> Any:
    """A launch vehicle's figure from the catalog, NaN where the vehicle's entry has none."""
    return from_catalog("launchers", field, description, missing=float("nan"), **kwargs)


class Launch(_Model):
    vehicle: str = sourced("starship-v3", "Starship V3 (SpaceX, 2025)", "Catalog launch vehicle", role="design")
    price: Usd | None = _launcher_or_nan("price", "Price per launch [USD]", ge=0)
    price_per_kg: UsdPerKg | None = _launcher_or_nan(
        "price_per_kg",
        "Price per kg launched [USD/kg]; if set, launch is billed by mass (the catalog's per-kg price applies "
        "only when the scenario gives no launch price)",
        unless_set="launch.price",
        ge=0,
    )
    payload_leo: Mass | None = from_catalog("launchers", "payload_leo", "Payload to low Earth orbit [kg]", gt=0)
    payload_sso: Mass | None = from_catalog(
        "launchers", "payload_sso", "Payload to sun-synchronous orbit [kg]", missing="launch.payload_leo", gt=0
    )
    fairing_volume: Volume | None = from_catalog("launchers", "fairing_volume", "Usable fairing volume [m^3]", gt=0)
    co2e_per_launch: Mass | None = from_catalog(
        "launchers", "co2e_per_launch", "CO2-equivalent emitted per launch [kg]", missing=0.0, ge=0
    )
    learning_rate: Ratio = sourced(
        0.0,
        "Wright (1936); Suncatcher uses ~20% per doubling (off by default)",
        "Price drop per doubling of cumulative mass launched",
        ge=0,
        lt=1,
    )
    prior_cumulative_mass: Mass = sourced(
        "10000 t",
        "skyrack estimate of mass launched on the vehicle before this programme (low confidence)",
        "Cumulative mass before [kg]",
        gt=0,
    )
    packing_efficiency: Ratio = sourced(
        0.6,
        "skyrack estimate: usable share of fairing volume (low)",
        "Share of fairing volume that satellites can fill",
        gt=0,
        le=1,
    )
    reuses: Ratio | None = _launcher_or_nan(
        "reuses", "Flights per vehicle before it is retired (at-cost pricing)", gt=0
    )
    propellant_cost: Usd | None = _launcher_or_nan("propellant_cost", "Propellant per flight, at cost [USD]", ge=0)
    refurbishment_cost: Usd | None = _launcher_or_nan(
        "refurbishment_cost",
        "Refurbishment (and expended stages) per flight, at cost [USD]",
        ge=0,
    )
    vehicle_cost: Usd | None = _launcher_or_nan("vehicle_cost", "Build cost of one reusable vehicle [USD]", ge=0)
    operations_cost: Usd | None = _launcher_or_nan(
        "operations_cost", "Launch operations per flight, at cost [USD]", ge=0
    )
    propellant_production_co2e: Mass | None = _launcher_or_nan(
        "propellant_production_co2e",
        "CO2-equivalent emitted making one launch's propellant [kg]",
        ge=0,
    )
    black_carbon_per_launch: Mass | None = _launcher_or_nan(
        "black_carbon_per_launch",
        "Black carbon (soot) one launch emits into the stratosphere [kg]",
        ge=0,
    )
    in_orbit_assembly: bool = sourced(
        False,
        "Starcloud's 40 MW module is docked from several launches",
        "Satellites may be split across launches and assembled in orbit",
        role="design",
    )


class Economics(_Model):
    discount_rate: PerYear = sourced(
        "8 %/yr", "typical data-centre WACC 7-9% (estimate)", "Discount rate [1/yr]", side="both", ge=0, lt=1
    )
    satellite_cost_basis: Literal["array_bol", "array_eol", "it_power", "mass", "bottom_up"] = sourced(
        "array_bol",
        "McCalip's $/W is per W of satellite (array) power (andrewmccalip.com/space-datacenters, math.js)",
        "What the top-down satellite cost is per: array_bol, array_eol or it_power (USD/W, "
        "satellite_cost_per_w), mass (USD/kg of satellite without compute, satellite_cost_per_kg), "
        "or bottom_up (per subsystem)",
    )
    satellite_cost_per_w: UsdPerW | None = optional(
        "Top-down satellite cost per W [USD/W]; without accelerators, per W of the basis power "
        "(economics.satellite_cost_basis); if empty, the satellite is costed bottom-up, per subsystem",
        ge=0,
    )
    satellite_cost_per_kg: UsdPerKg | None = optional(
        "Top-down satellite cost per kg [USD/kg]; without accelerators, per kg of satellite dry mass without "
        "its compute (basis: mass); if empty, the satellite is costed bottom-up",
        ge=0,
    )
    bus_cost_per_kg: UsdPerKg = sourced(
        "1500 USD/kg",
        "mass-produced LEO buses ~1,000-2,000 USD/kg (Starlink V1 ~$300-500k for 260 kg; estimate)",
        "Bus, structure and shielding cost per kg [USD/kg]",
        ge=0,
    )
    space_hardware_premium: Ratio = sourced(
        1.0,
        "no premium: COTS accelerators as flown on Starcloud-1",
        "Multiplier on accelerator price for flight packaging",
        gt=0,
    )
    operations: PerYear = sourced(
        "1 %/yr",
        "McCalip orbital model: ops 1%/yr of hardware (andrewmccalip.com)",
        "Operations cost per year as a fraction of hardware capex",
        ge=0,
        lt=5,
    )
    launch_insurance: Ratio = sourced(
        0.05,
        "launch + first-year insurance rates ~5-10% (estimate)",
        "One-time insurance as a fraction of hardware and launch",
        ge=0,
        lt=5,
    )
    in_orbit_insurance: PerYear = sourced(
        "0.5 %/yr",
        "estimate (low confidence)",
        "Yearly insurance as a fraction of hardware capex",
        ge=0,
        lt=5,
    )
    nre: Usd = sourced("0 USD", "presets set their own NRE", "Non-recurring engineering [USD]", ge=0)
    ground_segment: Usd = sourced(
        "5 MUSD",
        "estimate for leased ground-station services (low)",
        "Ground segment capex [USD]",
        ge=0,
    )
    satellite_failure_rate: PerYear = sourced(
        "1 %/yr",
        "Starlink: ~1-3% early failures (McDowell via Universe Today)",
        "Whole-satellite losses per year",
        ge=0,
        lt=5,
    )
    accelerator_failure_rate: PerYear | None = from_catalog(
        "accelerators",
        "annual_failure_rate",
        "Permanent accelerator losses per year (hardware that must be replaced; costs capacity in orbit)",
        side="both",
        ge=0,
        lt=5,
    )
    orbit_failure_multiplier: Ratio = sourced(
        1.0,
        "BCG (via ARA): in-orbit failure rates of 10-30%/yr are the key input; no measured in-orbit rate for "
        "accelerators exists, so orbit takes the ground's permanent-loss rate unless the scenario says otherwise",
        "Multiplier on the permanent accelerator loss rate in orbit",
        gt=0,
    )
    interruption_rate: PerYear | None = from_catalog(
        "accelerators",
        "annual_interruption_rate",
        "Recoverable job interruptions per accelerator-year (restart from a checkpoint; cost goodput)",
        missing="economics.accelerator_failure_rate",
        side="both",
        ge=0,
        lt=100,
    )
    job_accelerators: Ratio = sourced(
        16384,
        "Meta, The Llama 3 Herd of Models (arXiv:2407.21783, 2024): 405B pre-training on 16,384 H100s",
        "Accelerators one job spans: an interruption of any of them stops them all",
        side="both",
        ge=1,
        le=1e8,
    )
    checkpoint_time: Seconds = sourced(
        "60 s",
        "skyrack assumption (as skyrack simulate); with the Llama 3 job size and interruption rate it gives "
        "~90 % goodput, as Meta reports (>90 % effective training time, arXiv:2407.21783 sec. 3.3.4)",
        "Time to write one checkpoint [s]",
        side="both",
        ge=0,
        le=1e6,
    )
    restart_time: Seconds = sourced(
        "300 s",
        "skyrack assumption (as skyrack simulate): reload and re-initialise after an interruption",
        "Time to restart a job from its last checkpoint [s]",
        side="both",
        ge=0,
        le=1e6,
    )
    replacement: bool = sourced(
        False,
        "no repair in orbit; replacement satellites are optional",
        "Launch replacements for failed capacity (their hardware and launch are paid)",
    )
    service_availability: Ratio = sourced(
        0.99,
        "estimate: single-event upsets and functional interrupts that reset a satellite (Suncatcher SEFI rates, "
        "low confidence); job interruptions are counted separately (economics.interruption_rate)",
        "Share of time a working satellite serves compute",
        gt=0,
        le=1,
    )
    satellite_manufacturing_co2e: Ratio = sourced(
        100.0,
        "estimate (low confidence): materials and manufacture of mass-produced spacecraft, kg CO2e per kg "
        "(aluminium ~12, CFRP ~30, electronics and III-V cells far more); T. Segert (2022) puts a factory-built "
        "small satellite with its reusable launch below 15 t CO2e",
        "CO2e of making one kg of satellite without its compute (kg per kg)",
        ge=0,
        le=1e5,
    )
    black_carbon_co2e: Ratio = sourced(
        120000.0,
        "derived (very uncertain): Ross & Sheaffer, Earth's Future 2(4) 2014: rocket RF 16 mW/m2, 70 % from "
        "black carbon, for ~1 Gg/yr of rocket soot (Maloney et al., JGR 127, 2022) with a ~4-yr stratospheric "
        "life, over AGWP100(CO2) = 9.17e-14 W m-2 yr/kg (IPCC AR5); range 2e4 (surface GWP100 900, Bond et al. "
        "2013) to 4.5e5 (x500 stratospheric efficiency, Ryan et al., Earth's Future 2022)",
        "Warming of one kg of stratospheric black carbon as kg of CO2 over 100 years (kg per kg)",
        ge=0,
        le=1e7,
    )


def _ground(kind: str, field: str, description: str, **kwargs: Any) -> Any:
    choice = "terrestrial.accelerator" if kind == "accelerators" else None
    return from_catalog(kind, field, description, choice=choice, side="ground", **kwargs)


class Terrestrial(_Model):
    kind: str = sourced(
        "grid-hyperscale",
        "Cushman & Wakefield Data Center Development Cost Guide 2025",
        "Catalog terrestrial site: grid-hyperscale, gas-turbine-onsite, solar-plus-storage",
        side="ground",
    )
    accelerator: str | None = optional("Ground accelerator; defaults to the orbital one", side="ground")
    tdp: Watts | None = _ground(
        "accelerators", "tdp", "Ground accelerator board power [W]", follows="satellite.compute.tdp", gt=0
    )
    accelerators_per_unit: Ratio | None = _ground(
        "accelerators", "accelerators_per_unit", "Ground accelerators per catalog unit", missing=1.0, ge=1
    )
    bf16_dense: Flops | None = _ground("accelerators", "bf16_dense", "Ground peak dense BF16 per unit [FLOP/s]", gt=0)
    server_overhead: Ratio | None = _ground(
        "accelerators",
        "server_overhead",
        "Ground non-accelerator server power as a fraction of accelerator power",
        follows="satellite.compute.server_overhead",
        ge=0,
    )
    sustained_fraction: Ratio | None = _ground(
        "accelerators",
        "sustained_fraction",
        "Ground sustained / peak dense throughput",
        follows="satellite.compute.sustained_fraction",
        gt=0,
        le=1,
    )
    unit_price: Usd | None = _ground(
        "accelerators",
        "unit_price",
        "Ground price per accelerator unit including its server share [USD]",
        follows="satellite.compute.unit_price",
        ge=0,
    )
    accelerator_failure_rate: PerYear | None = _ground(
        "accelerators",
        "annual_failure_rate",
        "Ground permanent accelerator losses per year (replaced: costs repairs)",
        follows="economics.accelerator_failure_rate",
        ge=0,
        lt=5,
    )
    interruption_rate: PerYear | None = _ground(
        "accelerators",
        "annual_interruption_rate",
        "Ground recoverable job interruptions per accelerator-year",
        follows="economics.interruption_rate",
        missing="terrestrial.accelerator_failure_rate",
        ge=0,
        lt=100,
    )
    it_power: Watts | None = optional(
        "IT power of a terrestrial-only site [W] (scenario kind: terrestrial; otherwise the ground is sized "
        "to deliver what the orbit delivers)",
        side="ground",
        gt=0,
    )
    facility_capex: UsdPerW | None = _ground(
        "terrestrial", "facility_capex", "Facility capex per W of IT [USD/W]", ge=0
    )
    generation_capex: UsdPerW | None = _ground(
        "terrestrial", "generation_capex", "On-site generation capex per W [USD/W]", missing=0.0, ge=0
    )
    electricity_price: UsdPerKwh | None = _ground(
        "terrestrial", "electricity_price", "Electricity price [USD/kWh]", missing=0.0, ge=0
    )
    fuel_price: UsdPerGJ | None = _ground("terrestrial", "fuel_price", "Fuel price [USD/GJ]", missing=0.0, ge=0)
    heat_rate: Ratio | None = _ground("terrestrial", "heat_rate", "Fuel energy per electric energy", missing=0.0, ge=0)
    pue: Ratio | None = _ground("terrestrial", "pue", "Power usage effectiveness", ge=1, le=5)
    wue: LitrePerKwh | None = _ground("terrestrial", "wue", "Water per kWh of IT energy [L/kWh]", ge=0)
    build_time: Years | None = _ground("terrestrial", "build_time", "Permits and construction time [yr]", ge=0, le=50)
    availability: Ratio | None = _ground("terrestrial", "availability", "Facility availability", gt=0, le=1)
    fixed_om: UsdPerWYear | None = _ground(
        "terrestrial", "fixed_om", "Facility fixed O&M per W of IT per year [USD/W/yr]", missing=0.0, ge=0
    )
    generation_fixed_om: UsdPerWYear | None = _ground(
        "terrestrial",
        "generation_fixed_om",
        "Generation fixed O&M per W of capacity per year [USD/W/yr]",
        missing=0.0,
        ge=0,
    )
    co2_per_kwh: KgPerKwh | None = _ground(
        "terrestrial", "grid_co2", "CO2-equivalent per kWh of site energy [kg/kWh]", missing=0.0, ge=0
    )
    capacity_factor: Ratio | None = _ground(
        "terrestrial", "capacity_factor", "Generation capacity factor", missing=1.0, gt=0, le=1
    )
    facility_life: Years | None = _ground(
        "terrestrial", "lifetime", "Facility (building and power plant) life [yr]", missing=15.0, gt=0, le=100
    )
