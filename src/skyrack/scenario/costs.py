"""Launch, economics and the terrestrial baseline."""

from __future__ import annotations

from pydantic import Field, model_validator

from ..units import sourced
from .fields import (
    LitrePerKwh,
    Mass,
    PerYear,
    Ratio,
    Usd,
    UsdPerGJ,
    UsdPerKg,
    UsdPerKwh,
    UsdPerW,
    Years,
    _Model,
    _non_negative,
    _open_fraction,
    _positive,
    from_catalog,
)


class Launch(_Model):
    vehicle: str = sourced("starship-v3", "Starship V3 (SpaceX, 2025)", "Catalog launch vehicle")
    price: Usd | None = from_catalog("Price per launch [USD]")
    price_per_kg: UsdPerKg | None = Field(
        default=None, description="Price per kg launched [USD/kg]; if set, launch is billed by mass"
    )
    learning_rate: Ratio = sourced(
        0.0,
        "Wright (1936); Suncatcher uses ~20% per doubling (off by default)",
        "Price drop per doubling of cumulative mass launched",
    )
    prior_cumulative_mass: Mass = sourced(
        "10000 t",
        "skyrack estimate of mass launched on the vehicle before this programme (low confidence)",
        "Cumulative mass before [kg]",
    )
    packing_efficiency: Ratio = sourced(
        0.6,
        "skyrack estimate: usable share of fairing volume (low)",
        "Share of fairing volume that satellites can fill",
    )
    in_orbit_assembly: bool = sourced(
        False,
        "Starcloud's 40 MW module is docked from several launches",
        "Satellites may be split across launches and assembled in orbit",
    )

    @model_validator(mode="after")
    def _check(self) -> Launch:
        _non_negative(self.price, "price")
        _non_negative(self.price_per_kg, "price_per_kg")
        if not 0 <= self.learning_rate < 1:
            raise ValueError("learning_rate must be in [0, 1)")
        _positive(self.prior_cumulative_mass, "prior_cumulative_mass")
        _open_fraction(self.packing_efficiency, "packing_efficiency")
        return self


class Economics(_Model):
    discount_rate: PerYear = sourced("8 %/yr", "typical data-centre WACC 7-9% (estimate)", "Discount rate [1/yr]")
    satellite_cost_per_w: UsdPerW | None = Field(
        default=None,
        description="Satellite hardware excluding accelerators, USD per W of array power; "
        "if empty, built up from bus $/kg and the catalog's array, battery and radiator costs",
    )
    bus_cost_per_kg: UsdPerKg = sourced(
        "1500 USD/kg",
        "mass-produced LEO buses ~1,000-2,000 USD/kg (Starlink V1 ~$300-500k for 260 kg; estimate)",
        "Bus, structure and shielding cost per kg [USD/kg]",
    )
    space_hardware_premium: Ratio = sourced(
        1.0,
        "no premium: COTS accelerators as flown on Starcloud-1",
        "Multiplier on accelerator price for flight packaging",
    )
    operations: PerYear = sourced(
        "1 %/yr",
        "McCalip orbital model: ops 1%/yr of hardware (andrewmccalip.com)",
        "Operations cost per year as a fraction of hardware capex",
    )
    launch_insurance: Ratio = sourced(
        0.05,
        "launch + first-year insurance rates ~5-10% (estimate)",
        "One-time insurance as a fraction of hardware and launch",
    )
    in_orbit_insurance: PerYear = sourced(
        "0.5 %/yr", "estimate (low confidence)", "Yearly insurance as a fraction of hardware capex"
    )
    nre: Usd = sourced("0 USD", "presets set their own NRE", "Non-recurring engineering [USD]")
    ground_segment: Usd = sourced(
        "5 MUSD", "estimate for leased ground-station services (low)", "Ground segment capex [USD]"
    )
    satellite_failure_rate: PerYear = sourced(
        "1 %/yr",
        "Starlink: ~1-3% early failures (McDowell via Universe Today)",
        "Whole-satellite losses per year",
    )
    accelerator_failure_rate: PerYear | None = from_catalog("Accelerator failures per year")
    orbit_failure_multiplier: Ratio = sourced(
        1.0,
        "BCG (via ARA): in-orbit failure rates of 10-30%/yr are the key input; the terrestrial Llama-3 rate "
        "(~10.6%/GPU-yr) already sits at the low end, so no extra multiplier by default",
        "Multiplier on the terrestrial accelerator failure rate in orbit",
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
    )

    @model_validator(mode="after")
    def _check(self) -> Economics:
        if not 0 <= self.discount_rate < 1:
            raise ValueError("discount_rate must be in [0, 1) per year")
        for name in (
            "operations",
            "launch_insurance",
            "in_orbit_insurance",
            "satellite_failure_rate",
            "accelerator_failure_rate",
        ):
            value = getattr(self, name)
            if value is not None and not 0 <= value < 5:
                raise ValueError(f"{name} must be in [0, 5)")
        _open_fraction(self.service_availability, "service_availability")
        for name in ("satellite_cost_per_w", "bus_cost_per_kg", "nre", "ground_segment"):
            _non_negative(getattr(self, name), name)
        _positive(self.space_hardware_premium, "space_hardware_premium")
        _positive(self.orbit_failure_multiplier, "orbit_failure_multiplier")
        return self


class Terrestrial(_Model):
    kind: str = sourced(
        "grid-hyperscale",
        "Cushman & Wakefield Data Center Development Cost Guide 2025",
        "Catalog terrestrial site: grid-hyperscale, gas-turbine-onsite, solar-plus-storage",
    )
    accelerator: str | None = Field(default=None, description="Ground accelerator; defaults to the orbital one")
    facility_capex: UsdPerW | None = from_catalog("Facility capex per W of IT [USD/W]")
    generation_capex: UsdPerW | None = from_catalog("On-site generation capex per W [USD/W]")
    electricity_price: UsdPerKwh | None = from_catalog("Electricity price [USD/kWh]")
    fuel_price: UsdPerGJ | None = from_catalog("Fuel price [USD/GJ]")
    heat_rate: Ratio | None = from_catalog("Fuel energy per electric energy")
    pue: Ratio | None = from_catalog("Power usage effectiveness")
    wue: LitrePerKwh | None = from_catalog("Water per kWh of IT energy [L/kWh]")
    build_time: Years | None = from_catalog("Permits and construction time [yr]")
    availability: Ratio | None = from_catalog("Facility availability")

    @model_validator(mode="after")
    def _check(self) -> Terrestrial:
        if self.pue is not None and not 1 <= self.pue <= 5:
            raise ValueError("pue must be between 1 and 5")
        _open_fraction(self.availability, "availability")
        for name in (
            "facility_capex",
            "generation_capex",
            "electricity_price",
            "fuel_price",
            "heat_rate",
            "wue",
            "build_time",
        ):
            _non_negative(getattr(self, name), name)
        return self
