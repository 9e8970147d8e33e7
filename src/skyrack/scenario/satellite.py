"""The satellite: compute, power, thermal, shielding and bus sections."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..units import sourced
from .fields import (
    Area,
    ArealDensity,
    Density,
    Irradiance,
    KgPerW,
    Length,
    Mass,
    PerYear,
    Ratio,
    SpecificEnergy,
    SpecificPower,
    Temperature,
    TemperatureDelta,
    Usd,
    Watts,
    _Model,
    _non_negative,
    _open_fraction,
    _positive,
    from_catalog,
)


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


class Satellite(_Model):
    compute: Compute
    power: Power = Field(default_factory=Power)
    thermal: Thermal = Field(default_factory=Thermal)
    shielding: Shielding = Field(default_factory=Shielding)
    bus: Bus = Field(default_factory=Bus)
