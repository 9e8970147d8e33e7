"""The claims check: popular claims about orbital data centers tested against a design's own numbers.

Every verdict is computed from the design's numbers with the thresholds
stated in the reasoning, never written by hand:

========================  =====================================  ===========================
claim                     number tested                          holds / partly / does not
========================  =====================================  ===========================
no night                  eclipse days per year, sunlit fraction 0 days / ≥ 90 % / below
several times the yield   orbit ÷ ground yield of the same cell  ≥ 3× / ≥ 1.5× / below
vacuum cools for free     radiator (+ heat pump) share of mass   < 5 % / < 15 % / above
launch is the only cost   launch share of orbital PV cost        ≥ 70 % / ≥ 40 % / below
no NIMBY                  launches per year, satellites          ≤ 2 and ≤ 100 / / > 50 or > 10,000
========================  =====================================  ===========================

References
----------
.. [1] U.S. EIA, Electric Power Annual, Table 4.08.B: capacity factor of US
   utility-scale photovoltaics, 24.4 % (2021).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..formatting import format_quantity
from ..outputs import CURRENCY

HOLDS = "holds"
PARTLY = "partly"
FAILS = "does not hold"

EIA_PV_CAPACITY_FACTOR = 0.244
"""US utility-scale PV capacity factor, 2021 (EIA Electric Power Annual, Table 4.08.B); used if the catalog lacks it."""
GROUND_PEAK_IRRADIANCE = 1000.0
"""Standard test condition irradiance, W/m² (IEC 60904-3): a ground panel's nameplate is rated at it."""
HOURS_PER_YEAR = 8766.0


@dataclass
class Claim:
    """One popular claim, its verdict and the numbers behind it."""

    claim: str
    verdict: str
    summary: str
    reasoning: list[str] = field(default_factory=list)
    numbers: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "summary": self.summary,
            "reasoning": list(self.reasoning),
            "numbers": dict(self.numbers),
        }


def _pv_capacity_factor() -> tuple[float, str]:
    """The EIA utility-PV capacity factor from the catalog (value, source)."""
    try:
        from ..catalog import load_default

        for record in load_default().records():
            if record.kind == "terrestrial" and record.field == "capacity_factor" and "EIA" in record.source:
                return float(record.value), record.source
    except Exception:  # pragma: no cover - the catalog always loads in practice
        pass
    return EIA_PV_CAPACITY_FACTOR, "EIA Electric Power Annual Table 4.08.B: US utility-scale PV capacity factor 2021"


def _finite(x: Any, default: float = 0.0) -> float:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return default
    return value if math.isfinite(value) else default


def _graded(value: float, holds_at: float, partly_at: float) -> str:
    """The verdict of a figure that must reach ``holds_at`` to hold and ``partly_at`` to hold in part."""
    if value >= holds_at:
        return HOLDS
    return PARTLY if value >= partly_at else FAILS


def _rule(holds: str, partly: str, otherwise: str = "otherwise") -> str:
    """The reasoning's last line: when the claim holds, holds in part and does not hold."""
    return f"verdict rule: holds {holds}; partly {partly}; {otherwise} does not hold"


def no_night(v: Mapping[str, float], p: Mapping[str, Any]) -> Claim:
    sunlit = _finite(v["orbit.sunlit_fraction"])
    days = _finite(v["orbit.eclipse_days_per_year"])
    longest_min = _finite(v["orbit.max_eclipse_s"]) / 60.0
    period_min = _finite(v["orbit.period_s"]) / 60.0
    orbits_per_year = 365.25 * 1440.0 / period_min if period_min > 0 else 0.0
    if days < 0.5 and sunlit >= 0.999:
        verdict, summary = HOLDS, "the orbit never enters the Earth's shadow"
    elif sunlit >= 0.9:
        verdict = PARTLY
        summary = f"nearly continuous sunlight, but {days:.0f} days a year with eclipses of up to {longest_min:.1f} min"
    else:
        verdict = FAILS
        summary = f"the satellites spend {1 - sunlit:.0%} of the year in the Earth's shadow"
    return Claim(
        "No night: the Sun always shines in orbit",
        verdict,
        summary,
        [
            f"{p['orbit.kind'].replace('_', '-')} orbit at {_finite(p['orbit.altitude']) / 1e3:.0f} km, "
            f"LTAN {_finite(p['orbit.ltan']):.1f} h: period {period_min:.1f} min, "
            f"about {orbits_per_year:,.0f} orbits a year",
            f"sunlit fraction over the year {sunlit:.4f} ({(1 - sunlit) * HOURS_PER_YEAR:,.0f} h of darkness a year)",
            f"eclipse season {days:.1f} days a year; longest eclipse {longest_min:.1f} min per orbit",
            _rule("with no eclipse day and ≥ 99.9 % sunlight", "with ≥ 90 % sunlight"),
        ],
        {"sunlit_fraction": sunlit, "eclipse_days_per_year": days, "max_eclipse_min": longest_min},
    )


def solar_yield(v: Mapping[str, float], p: Mapping[str, Any]) -> Claim:
    cf, cf_source = _pv_capacity_factor()
    sunlit = _finite(v["orbit.mean_illumination"])  # energy: the penumbra counts half
    irradiance = _finite(p["satellite.power.irradiance"], 1361.0)
    eta = _finite(p["satellite.power.efficiency"], 0.3)
    derate = _finite(p["satellite.power.temperature_derating"], 1.0) * _finite(
        p["satellite.power.pointing_factor"], 1.0
    )
    orbit_kwh = irradiance * sunlit * eta * derate * HOURS_PER_YEAR / 1e3
    ground_kwh = GROUND_PEAK_IRRADIANCE * eta * cf * HOURS_PER_YEAR / 1e3
    ratio = orbit_kwh / ground_kwh if ground_kwh > 0 else math.inf
    verdict = _graded(ratio, 3.0, 1.5)
    return Claim(
        "Several times the solar yield of a panel on the ground",
        verdict,
        f"the same cell yields {ratio:.1f}× as much energy per m² in this orbit as on the ground",
        [
            f"orbit: {irradiance:,.0f} W/m² × mean illumination {sunlit:.3f} × cell efficiency {eta:.3f} "
            f"× temperature and pointing derating {derate:.2f} × {HOURS_PER_YEAR:,.0f} h = {orbit_kwh:,.0f} kWh/m²/yr",
            f"ground: {GROUND_PEAK_IRRADIANCE:,.0f} W/m² (rated) × the same efficiency {eta:.3f} × capacity factor "
            f"{cf:.1%} × {HOURS_PER_YEAR:,.0f} h = {ground_kwh:,.0f} kWh/m²/yr ({cf_source})",
            f"ratio {ratio:.2f}; the ground panel costs far less per m² and needs no launch (see the cost sections)",
            _rule("at ≥ 3×", "at ≥ 1.5×"),
        ],
        {"orbit_kwh_per_m2_yr": orbit_kwh, "ground_kwh_per_m2_yr": ground_kwh, "ratio": ratio, "capacity_factor": cf},
    )


def free_cooling(v: Mapping[str, float], p: Mapping[str, Any], feasible: bool, reasons: list[str]) -> Claim:
    heat_w = _finite(v["thermal.heat_rejected_w"])
    area = _finite(v["thermal.radiator_area_m2"])
    radiator_kg = _finite(v["thermal.radiator_mass_kg"]) + _finite(v["thermal.heat_pump_mass_kg"])
    sat_kg = _finite(v["mass.per_satellite_kg"])
    flux = _finite(v["thermal.radiator_net_flux_w_per_m2"])
    t_rad = _finite(v["thermal.radiator_temperature_k"])
    t_sink = _finite(v["thermal.sink_temperature_k"])
    pump_w = _finite(v["thermal.heat_pump_work_w"])
    mw = heat_w / 1e6
    share = radiator_kg / sat_kg if sat_kg > 0 else math.nan
    thermal_blocked = (not feasible and any("thermal" in r or "radiator" in r for r in reasons)) or flux <= 0
    if thermal_blocked:
        verdict, summary = FAILS, "the radiator cannot reject the heat at its temperature"
    elif share < 0.05:
        verdict = HOLDS
        summary = f"radiators are only {share:.1%} of the satellite's mass"
    elif share < 0.15:
        verdict = PARTLY
        summary = f"cooling is not free: radiators are {share:.1%} of the satellite's mass"
    else:
        verdict = FAILS
        summary = f"radiators are {share:.1%} of the satellite's mass"
    per_mw_area = area / mw if mw > 0 else math.nan
    per_mw_kg = radiator_kg / mw if mw > 0 else math.nan
    return Claim(
        "Vacuum cools for free",
        verdict,
        summary,
        [
            "in vacuum heat leaves only by radiation: net flux = εσ(T_rad⁴ − T_sink⁴) per face",
            f"radiator at {t_rad:.1f} K against a sink of {t_sink:.1f} K (Earth IR, albedo, Sun): net {flux:,.0f} W/m²",
            f"per satellite {heat_w / 1e3:,.1f} kW of heat needs {area:,.1f} m² and {radiator_kg:,.0f} kg of radiator "
            f"(+ heat-pump work {pump_w / 1e3:,.1f} kW): {per_mw_area:,.0f} m² and {per_mw_kg:,.0f} kg per MW",
            f"radiator share of satellite mass {share:.1%} ({radiator_kg:,.0f} of {sat_kg:,.0f} kg), "
            f"launched at {_finite(v['launch.usd_per_kg']):,.0f} USD/kg",
            _rule("below 5 % of the mass", "below 15 %", "otherwise (or if infeasible)"),
        ],
        {
            "radiator_m2_per_mw": per_mw_area,
            "radiator_kg_per_mw": per_mw_kg,
            "net_flux_w_per_m2": flux,
            "sink_temperature_k": t_sink,
            "mass_share": share,
        },
    )


def launch_only_cost(v: Mapping[str, float], ratio_free_launch: float) -> Claim:
    launch = _finite(v["economics.pv_launch_usd"])
    total = _finite(v["economics.pv_cost_usd"])
    share = launch / total if total > 0 else math.nan
    ratio = _finite(v["economics.cost_ratio"], math.nan)
    verdict = _graded(share, 0.7, 0.4)
    if math.isfinite(ratio_free_launch) and ratio_free_launch > 1.0 and verdict == HOLDS:
        verdict = PARTLY
    free = (
        f"with free launch orbit's $/PFLOP-day would be {ratio_free_launch:.2f}× the ground's"
        if math.isfinite(ratio_free_launch)
        else "with free launch the design is infeasible"
    )
    return Claim(
        "Launch is the only cost that matters",
        verdict,
        f"launch is {share:.0%} of the orbital life-cycle cost; {free}",
        [
            f"present value of launches {_usd(launch)} of {_usd(total)} total orbital cost ({CURRENCY}) "
            f"(hardware, bus, insurance, operations, replacements) = {share:.1%}",
            f"today orbit's $/PFLOP-day is {ratio:.2f}× the ground's; {free}",
            _rule("at ≥ 70 % (unless orbit still loses with free launch: partly)", "at ≥ 40 %"),
        ],
        {"launch_share": share, "cost_ratio": ratio, "cost_ratio_free_launch": ratio_free_launch},
    )


def no_nimby(v: Mapping[str, float], p: Mapping[str, Any]) -> Claim:
    launches = _finite(v["launch.launches"])
    build = max(_finite(p["mission.build_time"], 1.0), 1.0)
    life = max(_finite(p["mission.lifetime"], 1.0), 1e-9)
    per_year = launches / build
    sats = _finite(v["constellation.satellites"])
    co2_orbit = _finite(v["economics.co2e_kg"])  # launch emissions: the design's billed-mass share of its launches
    co2_ground = _finite(v["terrestrial.co2e_kg"])
    water = _finite(v["terrestrial.water_m3"])
    altitude_km = _finite(p["orbit.altitude"]) / 1e3
    if per_year <= 2 and sats <= 100:
        verdict = HOLDS
        summary = f"{per_year:.1f} launches a year and {sats:,.0f} satellites: little for anyone to object to"
    elif per_year > 50 or sats > 10_000:
        verdict = FAILS
        summary = f"{per_year:,.0f} launches a year and {sats:,.0f} satellites move the neighbours, not remove them"
    else:
        verdict = PARTLY
        summary = f"no land or water used, but {per_year:,.0f} launches a year and {sats:,.0f} satellites"
    debris = (
        "above about 600 km a dead satellite stays up for decades: every one needs an active de-orbit"
        if altitude_km > 600
        else "below about 600 km drag de-orbits dead satellites within years"
    )
    return Claim(
        "No NIMBY: nobody lives in orbit to object",
        verdict,
        summary,
        [
            f"{launches:,.0f} launches over a {build:.0f}-year build ({per_year:,.1f} a year)",
            f"launch emissions (the billed-mass share of those launches, with replacements) {co2_orbit / 1e6:,.1f} kt "
            f"CO2e against {co2_ground / 1e6:,.1f} kt from the ground site's electricity over {life:.0f} years; "
            f"the ground site would also use {water:,.0f} m³ of water",
            f"{sats:,.0f} satellites at {altitude_km:,.0f} km: each needs spectrum (ITU filings) for its ground links; "
            + debris,
            "verdict rule: holds with ≤ 2 launches a year and ≤ 100 satellites; does not hold above 50 launches a "
            "year or 10,000 satellites; partly in between",
        ],
        {
            "launches_per_year": per_year,
            "satellites": sats,
            "co2e_orbit_kg": co2_orbit,
            "co2e_ground_kg": co2_ground,
        },
    )


def claims_check(result: Any, ratio_free_launch: float | None = None) -> list[Claim]:
    """Test the five popular claims against a :class:`skyrack.model.Result`'s own numbers."""
    v, p = result.values, result.params
    if ratio_free_launch is None:
        from ..model import design_batch

        out = design_batch(result.scenario, {"launch.price_per_kg": [0.0]}, outputs=["economics.cost_ratio"])
        ratio_free_launch = float(out["economics.cost_ratio"].reshape(-1)[0])
    return [
        no_night(v, p),
        solar_yield(v, p),
        free_cooling(v, p, result.feasible, list(result.reasons)),
        launch_only_cost(v, ratio_free_launch),
        no_nimby(v, p),
    ]


def _usd(value: float) -> str:
    """Money for people: ``$25 M``, ``−$382 k``."""
    text: str = format_quantity(value, "USD", "money")
    return text
