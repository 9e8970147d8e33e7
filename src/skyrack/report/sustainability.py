"""The report's "sustainability" section: shells, Δv and propellant, collisions, dead satellites, brightness.

Its numbers come from the design (:mod:`skyrack.sizing` propulsion and disposal
outputs, :func:`skyrack.economics.disposal`) and from
:func:`skyrack.sustainability.assess` over the constellation's shells — the
scenario's ``constellation.shells``, or, when it gives none, one Walker shell at
the design's orbit (a skyrack layout assumption, stated in the section). Its
figures are Plotly: drag Δv and natural decay over altitude for this satellite,
and collision and manoeuvre rates over altitude with Starlink's reported rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .. import sustainability as su
from ..physics import debris, station_keeping
from ..physics.constants import MU_EARTH, R_EARTH, YEAR_S

__all__ = ["SOURCES", "SustainabilitySection", "build"]

ALTITUDES_M = np.arange(350e3, 1525e3, 25e3)
"""Altitudes of the section's curves, m."""

SOURCES = (
    "Thermosphere: NRLMSISE-00 (Picone et al., JGR 107(A12) 1468, 2002) via pymsis, driven by skyrack's shipped "
    "solar-cycle forecast (cycle 25 from SILSO, Hathaway shape, F10.7 from the BoM proxy)",
    "Drag, decay and ballistic coefficient: Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., "
    "2013, sec. 8.6 and 9.6; low-thrust disposal spiral: Edelbaum, ARS J. 31(8) 1079, 1961",
    "Propellant: rocket equation (Wertz & Larson, SMAD 3rd ed., sec. 17.2); Isp of argon Hall thrusters 2,500 s "
    "(SpaceX, Starlink V2 mini, Feb 2023)",
    "Collisions and manoeuvres: Kessler, Icarus 48, 39, 1981; Pc model of Foster & Estes, NASA JSC-25898, 1992; "
    "debris densities are a skyrack ESTIMATE (ESA 'Space debris by the numbers' totals spread over altitude), "
    "not ORDEM or MASTER output",
    "Validation: SpaceX semi-annual Starlink reports to the FCC: 148,696 manoeuvres in Jun-Nov 2025 (~9,400 "
    "satellites) and 207,152 in Dec 2025-May 2026, at Pc >= 3e-7",
    "Disposal rule: FCC Second Report and Order FCC 22-74 (2022), five years after the mission in LEO; "
    "NASA-STD-8719.14C req. 4.6-4 (disposal success >= 0.9); dead satellites by Little's law",
    "Brightness: Lambertian-sphere magnitude (Hainaut & Williams, A&A 636, A121, 2020); "
    "SATCON1 (2020) recommendation: fainter than magnitude 7",
)


@dataclass
class SustainabilitySection:
    """Tables (rows of strings), Plotly figures (figure objects) and a note."""

    tables: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    note: str = ""


def _num(x: Any, spec: str = ".3g") -> str:
    value = float(x)
    if not math.isfinite(value):
        return "—"
    return f"{value:,.0f}" if abs(value) >= 1e4 and spec == ".3g" else f"{value:{spec}}"


def _shell_rows(result: Any) -> tuple[list[dict[str, Any]], bool]:
    """The scenario's shells as mappings, or one Walker shell at the design's orbit (assumed: √N planes)."""
    shells = result.scenario.constellation.shells
    if shells:
        return [dict(s) for s in shells], False
    v, p = result.values, result.params
    n = max(1, int(v["constellation.satellites"]))
    planes = max(1, round(math.sqrt(n)))
    sso = p["orbit.kind"] == "sun_synchronous"
    row = {
        "kind": "sso" if sso else "walker",
        "altitude": float(p["orbit.altitude"]),
        "thickness": 0.0,
        "inclination": None if sso else float(v["orbit.inclination_rad"]),
        "planes": planes,
        "per_plane": math.ceil(n / planes),
        "phasing": 0,
        "ltan": float(p["orbit.ltan"]) if sso else None,
    }
    return [row], True


# SatelliteNumbers fields read straight from a scenario parameter, as floats
_PARAM_FIELDS = {
    "bus_area_m2": "sustainability.bus_area",
    "lifetime_years": "mission.lifetime",
    "start_year": "mission.start_year",
    "failure_rate_per_year": "economics.satellite_failure_rate",
    "disposal_reliability": "sustainability.disposal_reliability",
    "disposal_decay_years": "sustainability.disposal_decay",
    "tank_fraction": "sustainability.tank_fraction",
    "pc_threshold": "sustainability.manoeuvre_threshold",
    "position_sigma_m": "sustainability.position_sigma",
    "avoidance_dv_m_s": "sustainability.avoidance_dv",
    "min_separation_m": "sustainability.min_separation",
    "array_albedo": "sustainability.array_albedo",
    "radiator_albedo": "sustainability.radiator_albedo",
    "bus_albedo": "sustainability.bus_albedo",
    "observer_latitude_rad": "sustainability.observer_latitude",
    "min_elevation_rad": "sustainability.min_elevation",
}


def satellite_numbers(result: Any) -> su.SatelliteNumbers:
    """The design's satellite and the scenario's sustainability choices, for :func:`skyrack.sustainability.assess`."""
    v, p = result.values, result.params
    hbr = float(p["sustainability.hard_body_radius"])
    return su.SatelliteNumbers(
        mass_kg=float(v["mass.dry_kg"]),
        array_area_m2=float(v["power.array_area_m2"]),
        radiator_area_m2=float(np.nan_to_num(v["thermal.radiator_area_m2"])),
        radiator_orientation=str(p["satellite.thermal.orientation"]),
        isp_s=float(v["propulsion.isp_s"]),
        hard_body_radius_m=hbr if math.isfinite(hbr) else None,
        **{field: float(p[key]) for field, key in _PARAM_FIELDS.items()},
    )


def _per_shell(s: su.ShellSet, sat: su.SatelliteNumbers, result: Any) -> list[tuple[str, ...]]:
    """One row per shell: geometry, drag Δv per year, natural decay and avoidance manoeuvres."""
    v = result.values
    b_live, b_dead = v["propulsion.ballistic_coefficient_kg_per_m2"], v["disposal.dead_ballistic_coefficient_kg_per_m2"]
    rho = station_keeping.mission_mean_density(
        s.altitude_m, sat.start_year, sat.lifetime_years, s.inclination_rad, s.ltan_h
    )
    dv = 0.5 * np.asarray(rho) * MU_EARTH / (R_EARTH + s.altitude_m) / b_live * YEAR_S
    decay = station_keeping.cycle_mean_decay_years(s.altitude_m, b_dead, s.inclination_rad, s.ltan_h)
    hbr = sat.hard_body_radius_m or math.sqrt((sat.array_area_m2 + sat.radiator_area_m2) / math.pi)
    manoeuvres = debris.avoidance_manoeuvres_per_year(
        s.altitude_m, sat.pc_threshold, position_sigma_m=sat.position_sigma_m, hard_body_radius_m=hbr
    )
    rows: list[tuple[str, ...]] = [
        (
            "shell",
            "altitude ± half thickness [km]",
            "inclination [deg]",
            "planes × per plane",
            "satellites",
            "drag Δv [m/s/yr]",
            "natural decay [yr]",
            "manoeuvres [1/sat-yr]",
        )
    ]
    for k in range(len(s.altitude_m)):
        lt = "" if not math.isfinite(s.ltan_h[k]) else f" LTAN {s.ltan_h[k]:.1f} h"
        rows.append(
            (
                f"{k + 1}{lt}",
                f"{s.altitude_m[k] / 1e3:,.0f} ± {s.thickness_m[k] / 2e3:,.0f}",
                f"{math.degrees(s.inclination_rad[k]):.1f}",
                f"{s.planes[k]:,} × {s.per_plane[k]:,}",
                f"{s.satellites[k]:,}",
                _num(np.asarray(dv)[k]),
                _num(np.asarray(decay).reshape(-1)[k]),
                _num(np.asarray(manoeuvres).reshape(-1)[k]),
            )
        )
    return rows


def _design_rows(v: Mapping[str, float]) -> list[tuple[str, ...]]:
    yes = {1.0: "yes", 0.0: "no"}
    return [
        ("quantity (this design's satellite)", "value"),
        ("area on the flow [m²] / ballistic coefficient [kg/m²]", f"{_num(v['propulsion.projected_area_m2'])} / "
         f"{_num(v['propulsion.ballistic_coefficient_kg_per_m2'])}"),
        ("mean air density over the mission [kg/m³]", _num(v["propulsion.mean_density_kg_per_m3"])),
        ("drag Δv [m/s per year]", _num(v["propulsion.drag_dv_m_per_s_per_year"])),
        ("avoidance manoeuvres [per satellite-year] / their Δv [m/s per year]",
         f"{_num(v['propulsion.avoidance_manoeuvres_per_year'])} / "
         f"{_num(v['propulsion.avoidance_dv_m_per_s_per_year'])}"),
        ("disposal Δv [m/s] (spiral to the disposal orbit)", _num(v["propulsion.deorbit_dv_m_per_s"])),
        ("disposal orbit [km]", _num(v["disposal.target_altitude_m"] / 1e3)),
        ("lifetime Δv [m/s] at Isp [s]", f"{_num(v['propulsion.dv_m_per_s'])} at {v['propulsion.isp_s']:,.0f}"),
        ("propellant [kg] (of which disposal)",
         f"{_num(v['mass.propellant_kg'])} ({_num(v['disposal.deorbit_propellant_kg'])})"),
        ("propulsion mass from the drag model", yes.get(v["propulsion.modelled"], "—")),
        ("natural decay of a dead satellite [yr]", _num(v["disposal.natural_decay_years"])),
        ("FCC five-year rule met (unaided / with planned disposal)",
         f"{yes.get(v['disposal.passive_compliant'], '—')} / {yes.get(v['disposal.fcc_5yr_compliant'], '—')}"),
        ("dead satellites left per year / in orbit at steady state",
         f"{_num(v['disposal.dead_satellites_per_year'])} / {_num(v['disposal.dead_satellites_in_orbit'])}"),
        ("launch of disposal propellant [USD] (share of the launch cost)", _num(v["economics.disposal_usd"])),
        ("launch of all propellant and tanks [USD]", _num(v["economics.propulsion_usd"])),
    ]  # fmt: skip


def _fleet_rows(out: Mapping[str, Any]) -> list[tuple[str, ...]]:
    yes = {True: "yes", False: "no"}
    return [
        ("quantity (the constellation's shells)", "value"),
        ("shells / satellites", f"{out['sustainability.shells']:.0f} / {_num(out['sustainability.satellites'])}"),
        ("closest satellites in a shell [m]", _num(out["sustainability.min_separation_in_shell_m"])),
        ("narrowest gap between shells [m] (overlap?)",
         f"{_num(out['sustainability.min_shell_gap_m'])} ({yes[out['sustainability.shells_overlap']]})"),
        ("share of the packing capacity used (worst shell)", _num(out["sustainability.capacity_used_fraction"])),
        ("collisions with debris ≥ 1 cm [per year, fleet]", _num(out["sustainability.collisions_per_year"])),
        ("collisions with tracked objects [per year, fleet]", _num(out["sustainability.collisions_tracked_per_year"])),
        ("avoidance manoeuvres [per year, fleet] / [per satellite-year]",
         f"{_num(out['sustainability.avoidance_manoeuvres_per_year'])} / "
         f"{_num(out['sustainability.avoidance_manoeuvres_per_satellite_year'])}"),
        ("conjunctions inside the shells [per year] (closer than the minimum separation)",
         _num(out["sustainability.conjunctions_in_shell_per_year"])),
        ("dead satellites left per year / in orbit at steady state",
         f"{_num(out['sustainability.dead_satellites_per_year'])} / {_num(out['sustainability.dead_satellites'])}"),
        ("natural decay, lowest to highest shell [yr]",
         f"{_num(out['sustainability.decay_years_min'])} … {_num(out['sustainability.decay_years'])}"),
        ("brightest magnitude at twilight", _num(out["sustainability.brightest_magnitude"], ".1f")),
        ("visible above the observer at twilight / brighter than magnitude 7",
         f"{_num(out['sustainability.visible_at_twilight'])} / "
         f"{_num(out['sustainability.visible_brighter_than_limit'])}"),
        ("meets the brightness recommendation", yes[out["sustainability.brightness_ok"]]),
    ]  # fmt: skip


def _altitude_figure(result: Any, shells: su.ShellSet) -> Any:
    """Drag Δv per year and natural decay over altitude for this satellite in its plane, the FCC five years marked."""
    from plotly.subplots import make_subplots

    v, p = result.values, result.params
    inc = float(v["orbit.inclination_rad"])
    ltan = float(p["orbit.ltan"]) if p["orbit.kind"] == "sun_synchronous" else math.nan
    rho = station_keeping.mission_mean_density(
        ALTITUDES_M, float(p["mission.start_year"]), float(p["mission.lifetime"]), inc, ltan
    )
    dv = 0.5 * np.asarray(rho) * MU_EARTH / (R_EARTH + ALTITUDES_M) / v["propulsion.ballistic_coefficient_kg_per_m2"]
    decay = station_keeping.cycle_mean_decay_years(
        ALTITUDES_M, v["disposal.dead_ballistic_coefficient_kg_per_m2"], inc, ltan
    )
    km = ALTITUDES_M / 1e3
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Drag Δv [m/s per year]", "Natural decay of a dead satellite"))
    fig.add_scatter(x=km, y=dv * YEAR_S, name="drag Δv", row=1, col=1)
    fig.add_scatter(x=km, y=decay, name="decay [yr]", row=1, col=2)
    fig.add_hline(y=5.0, line_dash="dash", annotation_text="FCC: 5 yr", row=1, col=2)
    for h in np.unique(shells.altitude_m):
        for col in (1, 2):
            fig.add_vline(x=h / 1e3, line_color="grey", line_width=1, row=1, col=col)
    fig.update_yaxes(type="log")
    fig.update_xaxes(title_text="altitude [km], the design's plane (grey: shells)")
    fig.update_layout(height=380, showlegend=False, margin={"t": 40, "b": 40})
    return fig


def _risk_figure(sat: su.SatelliteNumbers, shells: su.ShellSet) -> Any:
    """Avoidance manoeuvres and debris hits per satellite-year over altitude, with Starlink's reported rate."""
    import plotly.graph_objects as go

    km = ALTITUDES_M / 1e3
    hbr = sat.hard_body_radius_m or math.sqrt((sat.array_area_m2 + sat.radiator_area_m2) / math.pi)
    area = 0.5 * (sat.array_area_m2 + sat.radiator_area_m2) + sat.bus_area_m2
    design = debris.avoidance_manoeuvres_per_year(
        ALTITUDES_M, sat.pc_threshold, position_sigma_m=sat.position_sigma_m, hard_body_radius_m=hbr
    )
    spacex = debris.avoidance_manoeuvres_per_year(ALTITUDES_M, 3e-7, position_sigma_m=100.0, hard_body_radius_m=10.0)
    hits = debris.collisions_per_year(area, debris.debris_density(ALTITUDES_M, "1cm"))
    starlink = su.starlink_avoidance_comparison()
    fig = go.Figure()
    fig.add_scatter(x=km, y=design, name=f"manoeuvres, this satellite at Pc {sat.pc_threshold:g}")
    fig.add_scatter(x=km, y=spacex, name="manoeuvres, Starlink-like (Pc 3e-7, 10 m)", line_dash="dot")
    fig.add_scatter(x=km, y=hits, name="hits by debris ≥ 1 cm, this satellite", line_dash="dash")
    fig.add_scatter(
        x=[550.0],
        y=[starlink["reported_per_satellite_year"]],
        mode="markers",
        marker_size=10,
        name="Starlink reported, Jun-Nov 2025 (FCC)",
    )
    for h in np.unique(shells.altitude_m):
        fig.add_vline(x=h / 1e3, line_color="grey", line_width=1)
    fig.update_yaxes(type="log", title_text="per satellite-year (debris table: skyrack estimate)")
    fig.update_xaxes(title_text="altitude [km] (grey: shells)")
    fig.update_layout(height=380, margin={"t": 30, "b": 40}, legend={"orientation": "h", "y": -0.25})
    return fig


def build(result: Any) -> SustainabilitySection:
    """Every table and figure of the section for a designed orbital :class:`skyrack.model.Result`.

    A design without a satellite (a physically impossible one: its masses are NaN) gets the note alone.
    """
    v = result.values
    if not all(math.isfinite(v[k]) for k in ("mass.dry_kg", "power.array_area_m2", "propulsion.isp_s")):
        reasons = "; ".join(result.reasons) or "no satellite was sized"
        return SustainabilitySection(note=f"not computed: the design has no satellite to assess ({reasons})")
    rows, assumed = _shell_rows(result)
    shells = su.shell_set(rows)
    sat = satellite_numbers(result)
    section = SustainabilitySection()
    section.tables["sustainability_shells"] = _per_shell(shells, sat, result)
    section.tables["sustainability_design"] = _design_rows(result.values)
    section.tables["sustainability_fleet"] = _fleet_rows(su.assess(shells, sat))
    section.tables["sustainability_sources"] = [("source",), *((s,) for s in SOURCES)]
    section.figures["sustainability_altitude"] = _altitude_figure(result, shells)
    section.figures["sustainability_risk"] = _risk_figure(sat, shells)
    section.note = (
        "one shell at the design's orbit with √N planes: the scenario gives no constellation.shells "
        "(skyrack layout assumption)"
        if assumed
        else "shells as the scenario gives them; the satellite is the design's"
    )
    return section
