"""Launch, economics and the terrestrial baseline."""

from __future__ import annotations

from typing import Any

from .fields import (
    Flops,
    KgPerKwh,
    LitrePerKwh,
    Mass,
    PerYear,
    Ratio,
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


class Launch(_Model):
    vehicle: str = sourced("starship-v3", "Starship V3 (SpaceX, 2025)", "Catalog launch vehicle", role="design")
    price: Usd | None = from_catalog("launchers", "price", "Price per launch [USD]", missing=float("nan"), ge=0)
    price_per_kg: UsdPerKg | None = from_catalog(
        "launchers",
        "price_per_kg",
        "Price per kg launched [USD/kg]; if set, launch is billed by mass (the catalog's per-kg price applies "
        "only when the scenario gives no launch price)",
        missing=float("nan"),
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
    satellite_cost_per_w: UsdPerW | None = optional(
        "Satellite hardware excluding accelerators, USD per W of array power; "
        "if empty, built up from bus $/kg and the catalog's array, battery and radiator costs",
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
        "accelerators", "annual_failure_rate", "Accelerator failures per year", side="both", ge=0, lt=5
    )
    orbit_failure_multiplier: Ratio = sourced(
        1.0,
        "BCG (via ARA): in-orbit failure rates of 10-30%/yr are the key input; the terrestrial Llama-3 rate "
        "(~10.6%/GPU-yr) already sits at the low end, so no extra multiplier by default",
        "Multiplier on the terrestrial accelerator failure rate in orbit",
        gt=0,
    )
    replacement: bool = sourced(
        False,
        "no repair in orbit; replacement satellites are optional",
        "Launch replacements for failed capacity (their hardware and launch are paid)",
    )
    service_availability: Ratio = sourced(
        0.99,
        "estimate: upsets, functional interrupts and restarts (Suncatcher SEFI rates, low confidence)",
        "Share of time a working satellite serves compute",
        gt=0,
        le=1,
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
        "Ground accelerator failures per year",
        follows="economics.accelerator_failure_rate",
        ge=0,
        lt=5,
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
