"""Scenario schema: one YAML file describes an orbital data center and its ground rival.

Unit strings ("650 km", "40 MW", "0.04 USD/kWh") are converted once, here, to
plain floats in each field's canonical unit (shown in the JSON Schema as
``x-unit``). A field left empty (``null``) takes its value from the catalog
entry the scenario names; every other default carries its source, listed by
``skyrack provenance``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .analysis.distributions import Distribution
from .deploy.settings import Deployment
from .errors import InputError, ScenarioError
from .units import Unit, sourced, to_unit

# -- field types ------------------------------------------------------------------

Length = Annotated[float, Unit("m")]
Watts = Annotated[float, Unit("W")]
Temperature = Annotated[float, Unit("K")]
TemperatureDelta = Annotated[float, Unit("K")]
Years = Annotated[float, Unit("yr")]
PerYear = Annotated[float, Unit("1/yr")]
Ratio = Annotated[float, Unit("1")]
Mass = Annotated[float, Unit("kg")]
Usd = Annotated[float, Unit("USD")]
UsdPerW = Annotated[float, Unit("USD/W")]
UsdPerKg = Annotated[float, Unit("USD/kg")]
UsdPerKwh = Annotated[float, Unit("USD/kWh")]
Irradiance = Annotated[float, Unit("W/m^2")]
Area = Annotated[float, Unit("m^2")]
Density = Annotated[float, Unit("kg/m^3")]
SpecificPower = Annotated[float, Unit("W/kg")]
ArealDensity = Annotated[float, Unit("kg/m^2")]
SpecificEnergy = Annotated[float, Unit("W*h/kg")]
Angle = Annotated[float, Unit("rad")]
KgPerW = Annotated[float, Unit("kg/W")]
UsdPerGJ = Annotated[float, Unit("USD/GJ")]
LitrePerKwh = Annotated[float, Unit("L/kWh")]

MIN_ALTITUDE_M = 160e3
MAX_ALTITUDE_M = 36000e3


def from_catalog(description: str) -> Any:
    """A field that defaults to the value of the catalog entry the scenario names."""
    return Field(default=None, description=f"{description} (default: from the catalog entry)")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=True)


def _open_fraction(value: float | None, name: str, *, allow_zero: bool = False) -> float | None:
    if value is None:
        return None
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value <= 1):
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        raise ValueError(f"{name} must be in {interval}")
    return value


def _positive(value: float | None, name: str) -> float | None:
    if value is not None and not value > 0:
        raise ValueError(f"{name} must be greater than zero")
    return value


def _non_negative(value: float | None, name: str) -> float | None:
    if value is not None and value < 0:
        raise ValueError(f"{name} must not be negative")
    return value


# -- sections ---------------------------------------------------------------------


class Mission(_Model):
    lifetime: Years = sourced(
        "5 yr",
        "Starlink design life ~5 yr (DLR, F. Huber); Suncatcher arXiv:2511.19468 sec. 2.4 uses L = 5 yr",
        "Operating life of each satellite [yr]",
    )
    start_year: int = sourced(2030, "skyrack assumption: first operations in 2030", "Calendar year operations start")
    build_time: Years = sourced(
        "1 yr",
        "skyrack assumption (manufacture and launch campaign); see engineering.md sec. 7 for the ground",
        "Time from spending the capital to delivering compute [yr]",
    )

    @field_validator("lifetime")
    @classmethod
    def _life(cls, v: float) -> float:
        if not 0 < v <= 50:
            raise ValueError("lifetime must be in (0, 50] yr")
        return v

    @field_validator("start_year")
    @classmethod
    def _year(cls, v: int) -> int:
        if not 1957 <= v <= 2100:
            raise ValueError("start_year must be between 1957 and 2100")
        return v

    @field_validator("build_time")
    @classmethod
    def _build(cls, v: float) -> float:
        _non_negative(v, "build_time")
        return v


def _parse_ltan(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", value)
        if match:
            return int(match.group(1)) + int(match.group(2)) / 60.0
        return to_unit(value, "hour", "orbit.ltan")
    return value


class Orbit(_Model):
    kind: Literal["sun_synchronous", "circular"] = sourced(
        "sun_synchronous",
        "Suncatcher (arXiv:2511.19468) and Project Sunrise (FCC, 2026) both choose SSO",
        "sun_synchronous (inclination from J2) or circular (give inclination)",
    )
    altitude: Length = sourced(
        "650 km",
        "Suncatcher mean altitude ~650 km (arXiv:2511.19468)",
        "Circular orbit altitude above the equatorial radius [m]",
    )
    ltan: float = sourced(
        18.0, "dawn-dusk orbit (Suncatcher)", "Local time of the ascending node, hours 0-24 or 'HH:MM'"
    )
    inclination: Angle | None = Field(default=None, description="Inclination [rad]; required for circular orbits")
    shadow: Literal["cylindrical", "conical"] = sourced(
        "conical", "Montenbruck & Gill, Satellite Orbits (2000), sec. 3.4.2", "Earth shadow model"
    )

    @field_validator("ltan", mode="before")
    @classmethod
    def _ltan_text(cls, v: Any) -> Any:
        return _parse_ltan(v)

    @field_validator("altitude")
    @classmethod
    def _alt(cls, v: float) -> float:
        if not MIN_ALTITUDE_M <= v <= MAX_ALTITUDE_M:
            raise ValueError("altitude must be between 160 km and 36,000 km")
        return v

    @field_validator("ltan")
    @classmethod
    def _ltan(cls, v: float) -> float:
        if not 0 <= v <= 24:
            raise ValueError("ltan must be between 00:00 and 24:00")
        return v

    @model_validator(mode="after")
    def _need_inclination(self) -> Orbit:
        if self.kind == "circular" and self.inclination is None:
            raise ValueError("a circular orbit needs an inclination, e.g. '53 deg'")
        if self.inclination is not None and not 0 <= self.inclination <= 3.1416:
            raise ValueError("inclination must be between 0 and 180 deg")
        if self.kind == "sun_synchronous" and self.altitude > 5900e3:
            raise ValueError("no sun-synchronous orbit exists above about 5,900 km; use kind: circular")
        return self


class Constellation(_Model):
    satellites: int | None = Field(default=None, description="Number of satellites")
    it_power: Watts | None = Field(default=None, description="Total IT power [W]; the count follows")
    layout: Literal["auto", "cluster", "train", "walker"] = sourced(
        "auto",
        "skyrack: a train in one plane for SSO, a Walker pattern otherwise",
        "How the simulator places satellites: cluster (Suncatcher-style formation), train (one plane) or walker",
    )

    @model_validator(mode="before")
    @classmethod
    def _default_one_satellite(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("satellites") is None and data.get("it_power") is None:
            return {**data, "satellites": 1}
        return data

    @model_validator(mode="after")
    def _one(self) -> Constellation:
        if self.satellites is not None and self.it_power is not None:
            raise ValueError("give satellites or it_power, not both")
        if self.satellites is not None and self.satellites < 1:
            raise ValueError("satellites must be at least 1")
        _positive(self.it_power, "it_power")
        return self


class Compute(_Model):
    accelerator: str = sourced("h100-sxm", "NVIDIA H100 SXM (flown on Starcloud-1)", "Catalog accelerator")
    accelerators: int | None = Field(default=None, description="Accelerator units per satellite")
    it_power: Watts | None = Field(default=None, description="IT power per satellite [W]; the count follows")
    server_overhead: Ratio | None = from_catalog("Non-accelerator server power as a fraction of accelerator power")
    sustained_fraction: Ratio | None = from_catalog("Sustained / peak dense throughput")
    mass_per_unit: Mass | None = from_catalog("Flight compute mass per accelerator unit [kg]")
    unit_price: Usd | None = from_catalog("Price per accelerator unit including its server share [USD]")
    utilisation: Ratio = sourced(
        0.8,
        "Kokolis et al., 'Revisiting reliability in large-scale ML research clusters', arXiv:2410.21680 "
        "(2024): cluster utilisation ~80% (low confidence)",
        "Fraction of available time doing useful work",
    )
    idle_fraction: Ratio = sourced(
        0.11,
        "skyrack H200 probe 2026-11-27: 77 W idle of a 700 W limit",
        "Accelerator power when idle, as a fraction of full power",
    )
    eclipse_policy: Literal["ride_through", "shed"] = sourced(
        "ride_through",
        "skyrack assumption: batteries carry the full load through eclipse",
        "ride_through: battery carries compute through eclipse; shed: compute stops in eclipse",
    )

    @model_validator(mode="after")
    def _check(self) -> Compute:
        if self.accelerators is not None and self.it_power is not None:
            raise ValueError("give accelerators or it_power per satellite, not both")
        if self.accelerators is None and self.it_power is None:
            raise ValueError("give accelerators or it_power per satellite")
        if self.accelerators is not None and self.accelerators < 1:
            raise ValueError("accelerators must be at least 1")
        _positive(self.it_power, "it_power")
        _non_negative(self.server_overhead, "server_overhead")
        _open_fraction(self.sustained_fraction, "sustained_fraction")
        _open_fraction(self.utilisation, "utilisation")
        _open_fraction(self.idle_fraction, "idle_fraction", allow_zero=True)
        _positive(self.mass_per_unit, "mass_per_unit")
        _non_negative(self.unit_price, "unit_price")
        return self


class Power(_Model):
    cell: str = sourced("tj-gaas", "Spectrolab XTJ triple junction (Fetzer et al., IEEE PVSC)", "Catalog solar cell")
    efficiency: Ratio | None = from_catalog("Cell efficiency at beginning of life, AM0")
    packing_factor: Ratio | None = from_catalog("Cell area / array area")
    temperature_derating: Ratio | None = from_catalog("Power factor at operating temperature")
    pointing_factor: Ratio = sourced(1.0, "sun-tracking array (cos 0)", "Mean cosine of the Sun angle on the array")
    degradation: PerYear | None = from_catalog("Array power loss per year [1/yr]")
    specific_power: SpecificPower | None = from_catalog("Array specific power at BOL [W/kg]")
    areal_density: ArealDensity | None = Field(
        default=None, description="Array areal density [kg/m^2]; if set, used instead of specific_power"
    )
    irradiance: Irradiance = sourced("1361 W/m^2", "Kopp & Lean, GRL 38, L01706 (2011)", "Solar irradiance [W/m^2]")
    size_for: Literal["eol", "bol"] = sourced(
        "eol",
        "SMAD 3rd ed. sec. 11.4: size arrays for end of life",
        "Size the array for end or beginning of life",
    )
    distribution_efficiency: Ratio = sourced(
        0.95,
        "modern PCDU conversion efficiency ~95% (estimate; SMAD sec. 11.4 gives 0.85 incl. PPT)",
        "Array-to-load path efficiency",
    )
    bus_power_fraction: Ratio = sourced(
        0.03,
        "skyrack estimate: housekeeping load ~3% of IT power (low confidence)",
        "Bus housekeeping power as a fraction of IT power",
    )
    max_array_area: Area | None = Field(default=None, description="Largest deployable array per satellite [m^2]")
    battery: str = sourced("li-ion-space", "Saft VES-class Li-ion (ESA ARTES)", "Catalog battery")
    battery_specific_energy: SpecificEnergy | None = from_catalog("Pack specific energy [Wh/kg]")
    depth_of_discharge: Ratio | None = from_catalog("Depth-of-discharge limit")
    round_trip_efficiency: Ratio | None = from_catalog("Battery round-trip efficiency")

    @model_validator(mode="after")
    def _check(self) -> Power:
        for name in (
            "efficiency",
            "packing_factor",
            "temperature_derating",
            "pointing_factor",
            "distribution_efficiency",
            "depth_of_discharge",
            "round_trip_efficiency",
        ):
            _open_fraction(getattr(self, name), name)
        _open_fraction(self.bus_power_fraction, "bus_power_fraction", allow_zero=True)
        if self.degradation is not None and not 0 <= self.degradation < 1:
            raise ValueError("degradation must be in [0, 1) per year")
        for name in (
            "specific_power",
            "areal_density",
            "irradiance",
            "max_array_area",
            "battery_specific_energy",
        ):
            _positive(getattr(self, name), name)
        return self


class HeatPump(_Model):
    enabled: bool = sourced(False, "ASCEND (Thales Alenia Space, 2024) studies heat pumps; off by default")
    radiator_temperature: Temperature = sourced(
        "360 K",
        "skyrack assumption for a lifted radiator",
        "Hot-side (radiator) temperature with the heat pump [K]",
    )
    cop: Ratio | None = Field(default=None, description="Coefficient of performance; default from carnot_fraction")
    carnot_fraction: Ratio = sourced(
        0.5,
        "vapour-compression heat pumps reach ~50% of Carnot (Çengel & Boles, Thermodynamics, ch. 11)",
        "COP as a fraction of Carnot",
    )
    mass_per_kw: KgPerW = sourced(
        "2 kg/kW", "skyrack estimate (low confidence)", "Heat-pump mass per kW of compressor power"
    )

    @model_validator(mode="after")
    def _check(self) -> HeatPump:
        _positive(self.cop, "cop")
        _open_fraction(self.carnot_fraction, "carnot_fraction")
        return self


class Thermal(_Model):
    radiator: str = sourced("heat-pipe-tube-fin", "heat-pipe tube-fin radiators >= 5 kg/m^2", "Catalog radiator")
    radiator_temperature: Temperature | None = Field(
        default=None, description="Radiator temperature [K]; if empty, from the chip-to-radiator ladder"
    )
    junction_max: Temperature = sourced(
        "358.15 K",
        "GPU core throttle ~84-95 C; HBM3e 85-95 C (engineering.md sec. 2)",
        "Highest allowed chip junction temperature [K]",
    )
    delta_junction_to_coolant: TemperatureDelta = sourced(
        "20 K", "cold-plate junction-to-coolant rise ~15-25 K at 700 W (estimate)", "Junction to coolant [K]"
    )
    delta_coolant_to_radiator: TemperatureDelta = sourced(
        "10 K", "pumped loop / heat exchanger rise ~10 K (estimate)", "Coolant to radiator surface [K]"
    )
    emissivity: Ratio | None = from_catalog("Radiator infrared emissivity")
    solar_absorptivity: Ratio | None = from_catalog("Radiator solar absorptivity")
    sides: Literal[1, 2] = sourced(
        2, "deployable panels radiate from both faces (Gilmore 2002, ch. 6)", "Radiating faces"
    )
    orientation: Literal["edge", "nadir"] = sourced(
        "edge",
        "radiators edge-on to Earth and Sun in a sun-pointing dawn-dusk design (Gilmore 2002, ch. 2)",
        "edge: plate perpendicular to the horizon; nadir: one face toward Earth",
    )
    earth_view_factor: Ratio | None = Field(
        default=None, description="Radiator view factor to Earth, all faces; derived from altitude if empty"
    )
    solar_incidence: Ratio = sourced(
        0.0, "edge-on to the Sun (sun-pointing design)", "Cosine of the Sun angle on the sunlit face"
    )
    albedo: Ratio = sourced(0.30, "Earth Bond albedo ~0.30 (NASA SVS a010100)", "Earth albedo")
    earth_ir: Irradiance = sourced(
        "240 W/m^2",
        "CERES global mean outgoing longwave ~240 W/m^2",
        "Earth outgoing infrared at the top of the atmosphere [W/m^2]",
    )
    areal_density: ArealDensity | None = from_catalog("Radiator areal density [kg/m^2]")
    max_radiator_area: Area | None = Field(default=None, description="Largest deployable radiator per satellite [m^2]")
    heat_pump: HeatPump = Field(default_factory=HeatPump)

    @model_validator(mode="after")
    def _check(self) -> Thermal:
        for name in ("emissivity", "solar_absorptivity"):
            _open_fraction(getattr(self, name), name)
        for name in ("earth_view_factor", "solar_incidence", "albedo"):
            _open_fraction(getattr(self, name), name, allow_zero=True)
        for name in ("radiator_temperature", "junction_max", "areal_density", "max_radiator_area"):
            _positive(getattr(self, name), name)
        return self


class Shielding(_Model):
    thickness: Length = sourced(
        "3 mm",
        "Al equivalent; >~6 mm Al is largely ineffectual in LEO (APEXRAD, Adv. Space Res. 21(12):1651, 1998)",
        "Aluminium-equivalent shield thickness [m]",
    )
    kg_per_kw: KgPerW | None = Field(
        default=None, description="Shield mass per IT power (overrides thickness), e.g. '1 kg/kW'"
    )
    packaging_density: Density = sourced(
        "800 kg/m^3",
        "DGX H100: 130 kg in an 8U chassis (~0.16 m^3) (NVIDIA DGX H100 user guide)",
        "Density of the packaged compute, to size the shielded enclosure [kg/m^3]",
    )

    @model_validator(mode="after")
    def _check(self) -> Shielding:
        _non_negative(self.thickness, "thickness")
        _non_negative(self.kg_per_kw, "kg_per_kw")
        _positive(self.packaging_density, "packaging_density")
        return self


class Bus(_Model):
    structure_fraction: Ratio = sourced(
        0.15,
        "SMAD 3rd ed. table 10-31: structure ~15-25% of dry mass",
        "Structure and mechanisms, fraction of dry mass",
    )
    adcs_fraction: Ratio = sourced(0.03, "SMAD table 10-31 (ADCS ~3-6% of dry mass)", "ADCS, fraction of payload")
    propulsion_fraction: Ratio = sourced(
        0.04, "SMAD table 10-31 (propulsion dry ~3-5%)", "Propulsion and propellant, fraction of payload"
    )
    avionics: Mass = sourced("5 kg", "skyrack estimate for flight computer and harness core", "Avionics mass [kg]")
    comms: Mass = sourced(
        "12 kg", "one optical terminal ~12 kg (Tesat SCOT80, 11.9 kg per channel)", "Communications mass [kg]"
    )
    margin: Ratio = sourced(
        0.10, "AIAA S-120A mass growth allowance ~10% for mature designs", "Mass margin on the dry mass"
    )
    stowed_density: Density = sourced(
        "400 kg/m^3",
        "skyrack estimate for bus structure and avionics (low)",
        "Stowed density of the bus [kg/m^3]",
    )

    @model_validator(mode="after")
    def _check(self) -> Bus:
        if not 0 <= self.structure_fraction < 0.9:
            raise ValueError("structure_fraction must be in [0, 0.9)")
        for name in ("adcs_fraction", "propulsion_fraction", "margin"):
            _open_fraction(getattr(self, name), name, allow_zero=True)
        _non_negative(self.avionics, "avionics")
        _non_negative(self.comms, "comms")
        return self


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


class Satellite(_Model):
    compute: Compute
    power: Power = Field(default_factory=Power)
    thermal: Thermal = Field(default_factory=Thermal)
    shielding: Shielding = Field(default_factory=Shielding)
    bus: Bus = Field(default_factory=Bus)


class Scenario(_Model):
    """A complete orbital data-center scenario and its terrestrial baseline."""

    name: str = "unnamed"
    description: str = ""
    sources: list[str] = Field(default_factory=list, description="Citations for the scenario's numbers")
    mission: Mission = Field(default_factory=Mission)
    orbit: Orbit = Field(default_factory=Orbit)
    constellation: Constellation = Field(default_factory=Constellation)
    satellite: Satellite
    launch: Launch = Field(default_factory=Launch)
    economics: Economics = Field(default_factory=Economics)
    terrestrial: Terrestrial = Field(default_factory=Terrestrial)
    deployment: Deployment = Field(default_factory=Deployment)
    uncertainty: dict[str, Distribution | str] = Field(
        default_factory=dict,
        description="Uncertain inputs for Monte Carlo and sensitivity: {parameter: distribution}, "
        "e.g. 'launch.price_per_kg: lognormal(median=500 USD/kg, sigma=0.8)'",
    )
    catalog: dict[str, dict[str, dict[str, Any]]] = Field(
        default_factory=dict, description="Catalog overrides: {kind: {entry: {field: value}}}"
    )
    catalog_files: list[str] = Field(default_factory=list, description="Extra catalog YAML files")


# -- loading ------------------------------------------------------------------------


def format_validation_error(error: ValidationError) -> str:
    """One line naming every bad field: ``path: problem (got value)``."""
    parts = []
    for item in error.errors():
        loc = ".".join(str(p) for p in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        given = item.get("input")
        shown = "" if isinstance(given, dict) or message.startswith("got ") else f" (got {given!r})"
        if item["type"] == "extra_forbidden":
            message = "unknown field (check the spelling; `skyrack schema` lists the fields)"
        parts.append(f"{loc}: {message}{shown}")
    return "; ".join(parts)


def parse_scenario(data: Mapping[str, Any], source: str = "scenario") -> Scenario:
    """Validate a mapping into a :class:`Scenario`; errors name every bad field."""
    if not isinstance(data, Mapping):
        raise InputError(source, type(data).__name__, "a scenario must be a mapping of sections")
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as error:
        raise ScenarioError(f"{source}: {format_validation_error(error)}") from None


class _Loader(yaml.SafeLoader):
    """YAML 1.1 safe loader that keeps clock times ("18:00") as text instead of base-60 numbers."""


_CLOCK = re.compile(r"^[0-9]{1,2}:[0-5][0-9](?::[0-5][0-9])?$")
_Loader.yaml_implicit_resolvers = {
    key: ([("tag:yaml.org,2002:str", _CLOCK)] if key in "0123456789" else []) + list(resolvers)
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with :class:`_Loader` (clock times stay strings)."""
    return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects


def read_yaml(path: Path) -> Any:
    """Read a YAML file; syntax errors name the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("scenario", str(path), "file not found; give a preset name or an existing file") from None
    except OSError as error:
        raise InputError("scenario", str(path), f"cannot read file ({error.strerror})") from None
    try:
        return load_yaml_text(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        raise InputError(str(path), where, f"malformed YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise InputError(str(path), "YAML", f"malformed YAML: {error}") from None


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``a.b.c = value`` in nested dicts, creating sections as needed."""
    keys = path.split(".")
    if not path or any(not k for k in keys):
        raise InputError("--set", path, "expected a dotted path such as thermal.emissivity")
    node = data
    for key in keys[:-1]:
        child = node.get(key)
        if child is None:
            child = node[key] = {}
        if not isinstance(child, dict):
            raise InputError("--set", path, f"'{key}' is a value, not a section")
        node = child
    node[keys[-1]] = value


def apply_overrides(data: dict[str, Any], overrides: Sequence[str]) -> dict[str, Any]:
    """Apply ``path=value`` strings (values parsed as YAML scalars) to a scenario mapping."""
    for item in overrides:
        if "=" not in item:
            raise InputError("--set", item, "expected path=value, e.g. thermal.emissivity=0.92")
        path, text = item.split("=", 1)
        try:
            value = load_yaml_text(text) if text.strip() else None
        except yaml.YAMLError:
            value = text
        set_path(data, path.strip(), value)
    return data


def walk_defaults(model: type[BaseModel] = Scenario, prefix: str = "") -> Iterator[tuple[str, Any, str]]:
    """Yield (path, default, source) for every sourced default of the schema."""
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from walk_defaults(annotation, f"{path}.")
            continue
        extra = field.json_schema_extra
        if isinstance(extra, dict) and "source" in extra:
            yield path, field.default, str(extra["source"])


def json_schema() -> dict[str, Any]:
    """The scenario JSON Schema (draft 2020-12), with units as ``x-unit``."""
    return Scenario.model_json_schema()
