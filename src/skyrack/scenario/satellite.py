"""The satellite: compute, power, thermal, shielding and bus sections."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .fields import (
    MAX_COUNT,
    MAX_IT_POWER_W,
    Area,
    ArealDensity,
    AreaPerVolume,
    Density,
    Dose,
    EnergyDensity,
    Flops,
    Irradiance,
    KgPerW,
    Length,
    Mass,
    PerYear,
    PowerDensity,
    Ratio,
    SpecificEnergy,
    SpecificPower,
    Temperature,
    TemperatureDelta,
    Usd,
    UsdPerM2,
    UsdPerW,
    UsdPerWh,
    Watts,
    _Model,
    from_catalog,
    optional,
    sourced,
)


def _accelerator(field: str, description: str, **kwargs: Any) -> Any:
    return from_catalog("accelerators", field, description, **kwargs)


class Compute(_Model):
    accelerator: str = sourced(
        "h100-sxm", "NVIDIA H100 SXM (flown on Starcloud-1)", "Catalog accelerator", role="design", side="both"
    )
    accelerators: int | None = optional("Accelerator units per satellite", role="design", ge=1, le=MAX_COUNT)
    it_power: Watts | None = optional(
        "IT power per satellite [W]; the count follows", role="design", gt=0, le=MAX_IT_POWER_W
    )
    tdp: Watts | None = _accelerator("tdp", "Accelerator board power [W]", side="both", gt=0)
    accelerators_per_unit: Ratio | None = _accelerator(
        "accelerators_per_unit", "Accelerators per catalog unit (e.g. 72 in an NVL72 rack)", missing=1.0, ge=1
    )
    bf16_dense: Flops | None = _accelerator("bf16_dense", "Peak dense BF16 throughput per unit [FLOP/s]", gt=0)
    fp8_dense: Flops | None = _accelerator("fp8_dense", "Peak dense FP8 throughput per unit [FLOP/s]", gt=0)
    server_overhead: Ratio | None = _accelerator(
        "server_overhead", "Non-accelerator server power as a fraction of accelerator power", side="both", ge=0
    )
    sustained_fraction: Ratio | None = _accelerator(
        "sustained_fraction", "Sustained / peak dense throughput", side="both", gt=0, le=1
    )
    mass_per_unit: Mass | None = _accelerator("server_mass", "Flight compute mass per accelerator unit [kg]", gt=0)
    tid_first_anomaly: Dose | None = _accelerator(
        "tid_first_anomaly", "Total ionising dose at the first anomaly, Si [Gy]", missing=float("nan"), gt=0
    )
    tid_tolerance: Dose | None = _accelerator(
        "tid_tolerance", "Total ionising dose tolerated without hard failure, Si [Gy]", missing=float("nan"), gt=0
    )
    unit_price: Usd | None = _accelerator(
        "unit_price", "Price per accelerator unit including its server share [USD]", side="both", ge=0
    )
    utilisation: Ratio = sourced(
        0.8,
        "Kokolis et al., 'Revisiting reliability in large-scale ML research clusters', arXiv:2410.21680 "
        "(2024): cluster utilisation ~80% (low confidence)",
        "Fraction of available time doing useful work",
        side="both",
        gt=0,
        le=1,
    )
    idle_fraction: Ratio = sourced(
        0.11,
        "H200 power probe 2026-11-27 (docs/data/h200_power_probe_2026-11-27.json): 77 W idle of a 700 W limit",
        "Accelerator power when idle, as a fraction of full power",
        side="both",
        ge=0,
        le=1,
    )
    eclipse_policy: Literal["ride_through", "shed"] = sourced(
        "ride_through",
        "skyrack assumption: batteries carry the full load through eclipse",
        "ride_through: battery carries compute through eclipse; shed: compute stops in eclipse",
        role="design",
    )

    @model_validator(mode="after")
    def _check(self) -> Compute:
        if self.accelerators is not None and self.it_power is not None:
            raise ValueError("give accelerators or it_power per satellite, not both")
        if self.accelerators is None and self.it_power is None:
            raise ValueError("give accelerators or it_power per satellite")
        return self


class Power(_Model):
    cell: str = sourced(
        "tj-gaas", "Spectrolab XTJ triple junction (Fetzer et al., IEEE PVSC)", "Catalog solar cell", role="design"
    )
    efficiency: Ratio | None = from_catalog(
        "solar_cells", "efficiency", "Cell efficiency at beginning of life, AM0", gt=0, le=1
    )
    packing_factor: Ratio | None = from_catalog("solar_cells", "packing_factor", "Cell area / array area", gt=0, le=1)
    temperature_derating: Ratio | None = from_catalog(
        "solar_cells", "temperature_derating", "Power factor at operating temperature", gt=0, le=1
    )
    pointing_factor: Ratio = sourced(
        1.0, "sun-tracking array (cos 0)", "Mean cosine of the Sun angle on the array", gt=0, le=1
    )
    degradation: PerYear | None = from_catalog(
        "solar_cells", "degradation", "Array power loss per year [1/yr]", ge=0, lt=1
    )
    specific_power: SpecificPower | None = from_catalog(
        "solar_cells", "array_specific_power", "Array specific power at BOL [W/kg]", gt=0
    )
    areal_density: ArealDensity | None = optional(
        "Array areal density [kg/m^2]; if set, used instead of specific_power", gt=0
    )
    array_cost: UsdPerW | None = from_catalog("solar_cells", "array_cost", "Array cost per W at BOL [USD/W]", ge=0)
    stowed_power_density: PowerDensity | None = from_catalog(
        "solar_cells", "stowed_power_density", "Array BOL power per stowed volume [W/m^3]", gt=0
    )
    irradiance: Irradiance = sourced(
        "1361 W/m^2", "Kopp & Lean, GRL 38, L01706 (2011)", "Solar irradiance [W/m^2]", gt=0
    )
    size_for: Literal["eol", "bol"] = sourced(
        "eol",
        "SMAD 3rd ed. sec. 11.4: size arrays for end of life",
        "Size the array for end or beginning of life",
        role="design",
    )
    distribution_efficiency: Ratio = sourced(
        0.95,
        "modern PCDU conversion efficiency ~95% (estimate; SMAD sec. 11.4 gives 0.85 incl. PPT)",
        "Array-to-load path efficiency",
        gt=0,
        le=1,
    )
    bus_power_fraction: Ratio = sourced(
        0.03,
        "skyrack estimate: housekeeping load ~3% of IT power (low confidence)",
        "Bus housekeeping power as a fraction of IT power",
        ge=0,
        le=1,
    )
    max_array_area: Area | None = optional("Largest deployable array per satellite [m^2]", gt=0)
    battery: str = sourced("li-ion-space", "Saft VES-class Li-ion (ESA ARTES)", "Catalog battery", role="design")
    battery_specific_energy: SpecificEnergy | None = from_catalog(
        "batteries", "specific_energy", "Pack specific energy [Wh/kg]", gt=0
    )
    depth_of_discharge: Ratio | None = from_catalog(
        "batteries", "max_depth_of_discharge", "Depth-of-discharge limit", role="design", gt=0, le=1
    )
    round_trip_efficiency: Ratio | None = from_catalog(
        "batteries", "round_trip_efficiency", "Battery round-trip efficiency", gt=0, le=1
    )
    battery_cost: UsdPerWh | None = from_catalog("batteries", "cost", "Battery cost per Wh [USD/Wh]", ge=0)
    battery_energy_density: EnergyDensity | None = from_catalog(
        "batteries",
        "energy_density",
        "Battery energy per stowed volume [Wh/m^3]",
        missing=250e3,
        gt=0,
    )


class HeatPump(_Model):
    enabled: bool = sourced(
        False,
        "ASCEND (Thales Alenia Space, 2024) studies heat pumps; off by default",
        "Lift the radiator temperature with a heat pump",
        role="design",
    )
    radiator_temperature: Temperature = sourced(
        "360 K",
        "skyrack assumption for a lifted radiator",
        "Hot-side (radiator) temperature with the heat pump [K]",
        role="design",
        gt=0,
    )
    cop: Ratio | None = optional("Coefficient of performance; default from carnot_fraction", gt=0)
    carnot_fraction: Ratio = sourced(
        0.5,
        "vapour-compression heat pumps reach ~50% of Carnot (Çengel & Boles, Thermodynamics, ch. 11)",
        "COP as a fraction of Carnot",
        gt=0,
        le=1,
    )
    mass_per_kw: KgPerW = sourced(
        "2 kg/kW", "skyrack estimate (low confidence)", "Heat-pump mass per kW of compressor power", ge=0
    )


class Thermal(_Model):
    radiator: str = sourced(
        "heat-pipe-tube-fin", "heat-pipe tube-fin radiators >= 5 kg/m^2", "Catalog radiator", role="design"
    )
    radiator_temperature: Temperature | None = optional(
        "Radiator temperature [K]; if empty, from the chip-to-radiator ladder", role="design", gt=0
    )
    junction_max: Temperature = sourced(
        "358.15 K",
        "GPU core throttle ~84-95 C, HBM3e 85-95 C (vendor thermal-limit summaries; see docs/sources.md)",
        "Highest allowed chip junction temperature [K]",
        gt=0,
    )
    delta_junction_to_coolant: TemperatureDelta = sourced(
        "20 K",
        "cold-plate junction-to-coolant rise ~15-25 K at 700 W (estimate)",
        "Junction to coolant [K]",
        ge=0,
    )
    delta_coolant_to_radiator: TemperatureDelta = sourced(
        "10 K", "pumped loop / heat exchanger rise ~10 K (estimate)", "Coolant to radiator surface [K]", ge=0
    )
    emissivity: Ratio | None = from_catalog("radiators", "emissivity", "Radiator infrared emissivity", gt=0, le=1)
    solar_absorptivity: Ratio | None = from_catalog(
        "radiators", "solar_absorptivity", "Radiator solar absorptivity", gt=0, le=1
    )
    sides: int = sourced(
        2,
        "deployable panels radiate from both faces (Gilmore 2002, ch. 6)",
        "Radiating faces (1 or 2)",
        role="design",
        ge=1,
        le=2,
    )
    orientation: Literal["edge", "nadir"] = sourced(
        "edge",
        "radiators edge-on to Earth and Sun in a sun-pointing dawn-dusk design (Gilmore 2002, ch. 2)",
        "edge: plate perpendicular to the horizon; nadir: one face toward Earth",
        role="design",
    )
    earth_view_factor: Ratio | None = optional(
        "Radiator view factor to Earth, all faces; derived from altitude if empty", ge=0, le=1
    )
    solar_incidence: Ratio = sourced(
        0.0, "edge-on to the Sun (sun-pointing design)", "Cosine of the Sun angle on the sunlit face", ge=0, le=1
    )
    albedo: Ratio = sourced(0.30, "Earth Bond albedo ~0.30 (NASA SVS a010100)", "Earth albedo", ge=0, le=1)
    earth_ir: Irradiance = sourced(
        "240 W/m^2",
        "CERES global mean outgoing longwave ~240 W/m^2",
        "Earth outgoing infrared at the top of the atmosphere [W/m^2]",
        ge=0,
    )
    areal_density: ArealDensity | None = from_catalog(
        "radiators", "areal_density", "Radiator areal density [kg/m^2]", gt=0
    )
    radiator_cost: UsdPerM2 | None = from_catalog("radiators", "cost", "Radiator cost per m^2 [USD/m^2]", ge=0)
    stowed_area_density: AreaPerVolume | None = from_catalog(
        "radiators", "stowed_area_density", "Radiator area per stowed volume [m^2/m^3]", gt=0
    )
    max_radiator_area: Area | None = optional("Largest deployable radiator per satellite [m^2]", gt=0)
    heat_pump: HeatPump = Field(default_factory=HeatPump)


class Shielding(_Model):
    thickness: Length = sourced(
        "3 mm",
        "Al equivalent; >~6 mm Al is largely ineffectual in LEO (APEXRAD, Adv. Space Res. 21(12):1651, 1998)",
        "Aluminium-equivalent shield thickness [m]",
        role="design",
        ge=0,
        le=1,
    )
    kg_per_kw: KgPerW | None = optional(
        "Shield mass per IT power (overrides thickness), e.g. '1 kg/kW'", role="design", ge=0
    )
    packaging_density: Density = sourced(
        "800 kg/m^3",
        "DGX H100: 130 kg in an 8U chassis (~0.16 m^3) (NVIDIA DGX H100 user guide)",
        "Density of the packaged compute, to size the shielded enclosure [kg/m^3]",
        gt=0,
    )


class Bus(_Model):
    structure_fraction: Ratio = sourced(
        0.15,
        "SMAD 3rd ed. table 10-31: structure ~15-25% of dry mass",
        "Structure and mechanisms, fraction of dry mass",
        ge=0,
        lt=0.9,
    )
    adcs_fraction: Ratio = sourced(
        0.03, "SMAD table 10-31 (ADCS ~3-6% of dry mass)", "ADCS, fraction of payload", ge=0, le=1
    )
    propulsion_fraction: Ratio | None = optional(
        "Propulsion and propellant as a flat fraction of payload, for a design that states one; empty: "
        "propellant from drag, avoidance and disposal (sustainability section) by the rocket equation",
        ge=0,
        le=1,
    )
    avionics: Mass = sourced(
        "5 kg", "skyrack estimate for flight computer and harness core", "Avionics mass [kg]", ge=0
    )
    comms: Mass = sourced(
        "12 kg", "one optical terminal ~12 kg (Tesat SCOT80, 11.9 kg per channel)", "Communications mass [kg]", ge=0
    )
    margin: Ratio = sourced(
        0.10, "AIAA S-120A mass growth allowance ~10% for mature designs", "Mass margin on the dry mass", ge=0, le=1
    )
    stowed_density: Density = sourced(
        "400 kg/m^3",
        "skyrack estimate for bus structure and avionics (low)",
        "Stowed density of the bus [kg/m^3]",
        gt=0,
    )


class Satellite(_Model):
    compute: Compute
    power: Power = Field(default_factory=Power)
    thermal: Thermal = Field(default_factory=Thermal)
    shielding: Shielding = Field(default_factory=Shielding)
    bus: Bus = Field(default_factory=Bus)
