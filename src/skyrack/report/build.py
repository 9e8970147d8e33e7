"""Gather a design's numbers, draw the figures and write one self-contained HTML report."""

from __future__ import annotations

import base64
import html
import io
import math
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, SkyrackError
from ..outputs import CURRENCY
from ..physics.illumination import ECLIPSE_DEFINITION
from ..summary import cost_breakdown
from .claims import Claim, claims_check
from .published import published_html, reconciliation_html

__all__ = ["DEFAULT_MC_SAMPLES", "ReportData", "build_report", "collect", "default_uncertain", "render_html"]

DEFAULT_MC_SAMPLES = 200_000
LAUNCH_PRICES = np.geomspace(10.0, 10_000.0, 121)
"""Launch prices of the breakeven curve, USD/kg."""

SECTIONS = (
    ("summary", "Design summary"),
    ("mass", "Mass breakdown"),
    ("cost", "Cost breakdown"),
    ("waterfall", "Delivered compute"),
    ("compare", "Orbit vs ground"),
    ("breakeven", "Breakeven over launch price"),
    ("illumination", "Illumination and eclipses"),
    ("simulation", "Battery and temperature"),
    ("sustainability", "Sustainability"),
    ("orbit", "Ground tracks, the fleet in 3D, illumination along the orbit"),
    ("tornado", "Sensitivity (tornado)"),
    ("montecarlo", "Monte Carlo"),
    ("claims", "Claims check"),
    ("sources", "Sources of every assumption"),
)
RECONCILE = ("reconcile", "Reconciliation")
"""The section a report adds, before the sources, when asked to reconcile with another assumption set."""


@dataclass
class ReportData:
    """Everything the report shows: tables (rows of strings), figures (Plotly figures), claims and notes."""

    title: str
    description: str
    generated: str
    tables: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    published: list[Any] = field(default_factory=list)
    """Verdicts on the scenario's own published claims (:func:`skyrack.claims.check_claims`)."""
    reconciliation: Any = None
    """A :class:`skyrack.reconcile.Reconciliation` of the scenario against another assumption set, if asked for."""
    timings: dict[str, float] = field(default_factory=dict)
    worst_day: tuple[float, int] = (0.0, 2030)
    """Day of the year (and the year) of the longest eclipse, where the short simulation is run."""
    verdict: str = ""
    reasons: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- inputs


def _as_result(source: Any, overrides: Sequence[str]) -> Any:
    from ..model import Result, design, load_scenario

    if isinstance(source, Result):
        if overrides:
            return design(source.scenario.model_copy(), overrides)  # pragma: no cover - overrides need a source
        return source
    if isinstance(source, str) and source.upper().startswith("RUN:"):
        from ..store import get_run

        run = get_run(source[4:])
        if not isinstance(run.get("scenario"), Mapping):
            raise InputError("run", source[4:], "a run that stored its scenario")
        return design(load_scenario(_with_units(run["scenario"]), overrides))
    if not isinstance(source, (str, Path, Mapping)) and type(source).__name__ != "Scenario":
        raise InputError(
            "scenario", type(source).__name__, "a preset name, scenario file, RUN:<id>, Scenario or Result"
        )
    return design(source, overrides)


def _with_units(data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored scenario (SI floats) with every dimensional number written with its unit again, so it validates."""
    from ..scenario.registry import parameters

    units = {path: param.unit for path, param in parameters().items()}

    def walk(node: Any, path: str) -> Any:
        if isinstance(node, Mapping):
            return {key: walk(value, f"{path}.{key}" if path else str(key)) for key, value in node.items()}
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            unit = units.get(path)
            if unit not in (None, "", "1") and math.isfinite(float(node)):
                return f"{float(node)!r} {unit}"
        return node

    out: dict[str, Any] = walk(data, "")
    return out


def default_uncertain(result: Any) -> dict[str, Any]:
    """Uncertain inputs of the tornado and Monte Carlo, centred on the scenario's own values.

    * launch price: lognormal, median the scenario's effective USD/kg, sigma 0.7 (a factor 2 either way at ±1σ);
    * accelerator failure rate (orbit and ground), satellite USD/W, ground electricity price: PERT from
      half to twice the scenario's value, mode at it.
    """
    from ..analysis.distributions import Distribution

    p, v = result.params, result.values
    out: dict[str, Any] = {}
    per_kg = float(p["launch.price_per_kg"])
    if not (math.isfinite(per_kg) and per_kg > 0):
        per_kg = float(v["launch.usd_per_kg"])
    if math.isfinite(per_kg) and per_kg > 0:
        out["launch.price_per_kg"] = Distribution.checked(
            "launch.price_per_kg", kind="lognormal", median=per_kg, sigma=0.7
        )
    for name in (
        "economics.accelerator_failure_rate",
        "economics.satellite_cost_per_w",
        "terrestrial.electricity_price",
        "economics.satellite_failure_rate",
    ):
        x = float(p.get(name, math.nan))
        if math.isfinite(x) and x > 0:
            out[name] = Distribution.checked(name, kind="pert", low=0.5 * x, mode=x, high=2.0 * x)
    return out


# --------------------------------------------------------------------------- formatting


def _num(x: Any, spec: str = ",.3g") -> str:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(value):
        return "—"
    if spec == ",.3g":
        if abs(value) >= 1e4:
            return f"{value:,.0f}"
        return f"{value:.3g}"
    return f"{value:{spec}}"


def _png(fig: Any, name: str, png_dir: Path | None, figures: dict[str, Any]) -> None:
    """Keep a figure for the page (a Plotly figure; PNG bytes for any other) and write it as PNG into ``png_dir``."""
    if not hasattr(fig, "to_plotly_json"):  # a matplotlib figure: embedded as a PNG image
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        plt.close(fig)
        figures[name] = buffer.getvalue()
        if png_dir is not None:
            (png_dir / f"{name}.png").write_bytes(figures[name])
        return
    figures[name] = fig  # its PNG is written with the others, in one browser session (write_pngs)


def write_pngs(figures: Mapping[str, Any], png_dir: Path) -> None:
    """Every Plotly figure as ``png_dir/NAME.png`` through kaleido, which drives a local Chrome (no network)."""
    import plotly.io as pio

    names = [name for name, fig in figures.items() if not isinstance(fig, bytes)]
    if not names:
        return
    try:
        pio.write_images(
            [figures[n] for n in names], [png_dir / f"{n}.png" for n in names],
            width=900, height=[int(figures[n].layout.height or 450) for n in names],
        )  # fmt: skip
        for n in names:  # a busy machine can drop one of a batch: write any missing one on its own
            if not (png_dir / f"{n}.png").exists():
                figures[n].write_image(png_dir / f"{n}.png", width=900, height=int(figures[n].layout.height or 450))
    except (ImportError, ValueError, RuntimeError) as error:
        raise InputError(
            "--png-dir", str(png_dir), f"PNG export needs kaleido and a local Chrome or Chromium ({error})"
        ) from None


# --------------------------------------------------------------------------- sections


def _summary(result: Any, d: Mapping[str, Any]) -> list[tuple[str, ...]]:
    v, p = result.values, result.params
    feas = "feasible" if result.feasible else "INFEASIBLE: " + "; ".join(result.reasons)
    return [
        (
            "orbit",
            f"{p['orbit.kind'].replace('_', '-')}, {p['orbit.altitude'] / 1e3:,.0f} km, LTAN {p['orbit.ltan']:.2f} h",
        ),
        ("satellites", _num(v["constellation.satellites"], ",.0f")),
        ("accelerators", f"{_num(v['compute.accelerators'], ',.0f')} × {p['satellite.compute.accelerator']}"),
        ("IT power", f"{v['compute.it_power_w'] / 1e6:,.3f} MW"),
        ("mass per satellite / total", f"{v['mass.per_satellite_kg']:,.0f} kg / {v['mass.total_kg'] / 1e3:,.1f} t"),
        (
            "solar array per satellite",
            f"{v['power.array_area_m2']:,.1f} m², {v['power.array_power_eol_w'] / 1e3:,.1f} kW EOL",
        ),
        ("battery per satellite", f"{v['power.battery_wh'] / 1e3:,.1f} kWh"),
        (
            "radiator per satellite",
            f"{v['thermal.radiator_area_m2']:,.1f} m² at {v['thermal.radiator_temperature_k']:.1f} K",
        ),
        (
            "launches",
            f"{_num(v['launch.launches'], ',.0f')} × {p['launch.vehicle']} at {v['launch.usd_per_kg']:,.0f} USD/kg",
        ),
        ("mission", f"{p['mission.lifetime']:.0f} years from {p['mission.start_year']:.0f}"),
        (
            "schedule",
            f"first launch {v['schedule.first_launch_yr']:.1f} yr, "
            f"fleet complete {v['schedule.fleet_complete_yr']:.1f} yr ({v['schedule.cadence_per_year']:,.0f} "
            f"flights/yr, {v['schedule.production_per_year']:,.0f} satellites built/yr); "
            f"ground first power {v['terrestrial.first_power_yr']:.1f} yr",
        ),
        ("delivered compute", f"{v['economics.delivered_flops'] / 1e18:,.3f} EFLOP/s (dense BF16)"),
        ("satellite cost basis", d["economics"]["cost_basis"]),
        ("launch pricing", str(p["deployment.pricing"])),
        ("orbit / ground cost, all-in (with accelerators)", f"{v['economics.cost_ratio']:.2f}×"),
        ("orbit / ground cost, infrastructure only", f"{v['economics.cost_ratio_infrastructure']:.2f}×"),
        ("feasibility", feas),
        ("scenario sources", "; ".join(getattr(result.scenario, "sources", None) or []) or "—"),
    ]


_COMPARED: tuple[tuple[str, str], ...] = (
    ("economics.usd_per_pflop_day", "terrestrial.usd_per_pflop_day"),
    ("economics.usd_per_accelerator_hour", "terrestrial.usd_per_accelerator_hour"),
    ("economics.infrastructure_usd_per_pflop_day", "terrestrial.infrastructure_usd_per_pflop_day"),
    ("economics.energy_usd_per_mwh", "terrestrial.energy_usd_per_mwh"),
    ("economics.infrastructure_usd_per_mwh", "terrestrial.infrastructure_usd_per_mwh"),
    ("economics.pv_cost_usd", "terrestrial.pv_cost_usd"),
    ("economics.tco_undiscounted_usd", "terrestrial.tco_undiscounted_usd"),
    ("economics.capex_usd", "terrestrial.capex_usd"),
    ("economics.opex_usd_per_year", "terrestrial.opex_usd_per_year"),
    ("economics.co2e_kg", "terrestrial.co2e_kg"),
)
"""Orbit's output and the ground's for each row of the orbit-vs-ground table."""


def _compare(v: Mapping[str, float], p: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """Orbit beside ground, labels and units from the output registry (money in its year's dollars)."""
    from ..formatting import format_column, format_value
    from ..outputs import CURRENCY, output

    out: list[tuple[str, ...]] = [("quantity", "orbit", "ground", "orbit / ground")]
    for ko, kg in _COMPARED:
        o, g = v[ko], v[kg]
        label = output(ko).label.removesuffix(" (orbit)")
        label += f" [{CURRENCY}]" if output(ko).kind == "money" else ""
        orbit, ground = format_column(ko, [o, g])
        out.append((label, orbit, ground, _num(o / g if g else math.nan, ".2f")))
    water = output("terrestrial.water_m3")
    out.append((water.label.removesuffix(" (ground)"), format_value("terrestrial.water_m3", 0.0),
                format_value("terrestrial.water_m3", v["terrestrial.water_m3"]), "0"))  # fmt: skip
    black = "economics.co2e_black_carbon_kg"
    out.append(
        (
            f"{output(black).label.removesuffix(' (orbit)')} (very uncertain, not in the total)",
            format_value(black, v[black]),
            "—",
            "—",
        )
    )
    return out


def _illumination_timeline(result: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Beta angle (deg) and cylindrical-shadow eclipse length (min per orbit) for each day of the start year."""
    from ..physics.illumination import beta_angle, eclipse_fraction_cylindrical
    from ..physics.orbit import nodal_precession_rate, orbital_period
    from ..physics.sun import julian_date, mean_sun_right_ascension, sun_position

    p, v = result.params, result.values
    year = int(min(max(float(p["mission.start_year"]), 1951.0), 2049.0))
    h = float(p["orbit.altitude"])
    inc = float(v["orbit.inclination_rad"])
    ltan = float(p["orbit.ltan"])
    jd0 = float(julian_date(year, 1.0))
    ndays = round(float(julian_date(year + 1, 1.0)) - jd0)
    days = np.arange(ndays, dtype=np.float64) + 0.5
    jd = jd0 + days
    ra, dec, _ = sun_position(jd)
    offset = (ltan - 12.0) * math.pi / 12.0
    if p["orbit.kind"] == "sun_synchronous":
        raan = mean_sun_right_ascension(jd) + offset
    else:
        raan = float(mean_sun_right_ascension(jd0)) + offset + float(nodal_precession_rate(h, inc)) * days * 86400.0
    beta = beta_angle(inc, raan, ra, dec)
    eclipse_min = eclipse_fraction_cylindrical(beta, h) * float(orbital_period(h)) / 60.0
    return days, np.degrees(beta), eclipse_min, year


def _sources(result: Any) -> list[tuple[str, ...]]:
    from ..catalog import load_default
    from ..scenario import walk_defaults

    rows: list[tuple[str, ...]] = [("assumption", "value", "source")]
    for source in getattr(result.scenario, "sources", None) or []:
        rows.append(("scenario", result.scenario.name, str(source)))
    p = result.params
    used = {str(x) for x in p.values() if isinstance(x, str)}
    for record in load_default().records():
        if record.entry in used:
            rows.append((f"catalog {record.kind}/{record.entry}.{record.field}", _units(record.given), record.source))
    for path, default, source in walk_defaults():
        rows.append((f"default {path}", _units(str(default)), source))
    return rows


def _units(text: Any) -> str:
    """A value with its unit as people write it: ``"5 m**2/m**3"`` → ``"5 m²/m³"``, MUSD → million USD."""
    import re

    written = re.sub(r"\*\*(\d)", lambda m: "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(m.group(1))], str(text)).replace("*", "·")
    return re.sub(r"\bMUSD\b", "million USD", written)


# --------------------------------------------------------------------------- collect


def collect(
    result: Any,
    png_dir: Path | None = None,
    mc_samples: int = DEFAULT_MC_SAMPLES,
    sim_days: float = 2.0,
    sim_step_s: float = 60.0,
    seed: int = 0,
    reconcile_with: str | None = None,
) -> ReportData:
    """Compute every section of the report for a :class:`skyrack.model.Result`.

    ``reconcile_with`` (a preset, scenario file or assumption file) adds a bridge from this
    scenario's headline figures to that one's.
    """
    scn = result.scenario
    data = ReportData(
        title=f"skyrack report: {scn.name}",
        description=str(getattr(scn, "description", "") or ""),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    summary = result.to_dict()
    data.verdict, data.reasons = summary["verdict"], list(result.reasons)
    if result.params.get("kind") == "terrestrial":
        return _collect_ground(result, summary, data, png_dir)
    sections: list[tuple[str, Callable[[], None]]] = [
        ("design", lambda: _design_sections(result, data, png_dir)),
        ("breakeven", lambda: _breakeven_section(result, data, png_dir)),
        ("illumination", lambda: _illumination_section(result, data, png_dir)),
        ("simulation", lambda: _simulation_section(result, data, png_dir, sim_days, sim_step_s, seed)),
        ("sustainability", lambda: _sustainability_section(result, data)),
        ("orbit", lambda: _orbit_section(result, data, sim_days, seed)),
        ("uncertainty", lambda: _uncertainty_sections(result, data, png_dir, mc_samples, seed)),
        ("claims_sources", lambda: _claims_section(result, data)),
    ]
    if reconcile_with is not None:
        sections.append(("reconcile", lambda: _reconcile_section(result, data, reconcile_with, png_dir)))
    if not math.isfinite(float(result.values["mass.per_satellite_kg"])):
        sections = []  # no satellite exists to show: the report is the verdict and its reasons
    for name, build in sections:
        t0 = time.perf_counter()
        build()
        data.timings[name] = time.perf_counter() - t0
    return data


def _design_sections(result: Any, data: ReportData, png_dir: Path | None) -> None:
    """Summary, mass, cost, waterfall and orbit-vs-ground tables with their figures."""
    from . import figures as fg

    v, p = result.values, result.params
    summary = result.to_dict()
    data.tables["summary"] = _summary(result, summary)
    breakdown = summary["mass"]["breakdown_kg"]
    total = sum(x for x in breakdown.values() if x and math.isfinite(x)) or 1.0
    data.tables["mass"] = [("part", "kg per satellite", "share")] + [
        (k.replace("_", " "), _num(x, ",.0f"), f"{x / total:.1%}") for k, x in breakdown.items()
    ]
    title = f"satellite mass: {v['mass.per_satellite_kg']:,.0f} kg"
    _png(fg.mass_breakdown(breakdown, title), "mass", png_dir, data.figures)
    orbit_parts, ground_parts = cost_breakdown(v)
    data.tables["cost"] = [("part", f"present value [million {CURRENCY}]", "share")]
    for side, parts in (("orbit", orbit_parts), ("ground", ground_parts)):
        whole = sum(parts.values()) or 1.0
        data.tables["cost"] += [(f"{side}: {k}", _num(x / 1e6, ",.2f"), f"{x / whole:.1%}") for k, x in parts.items()]
    _png(fg.cost_breakdown(orbit_parts, ground_parts), "cost", png_dir, data.figures)
    steps = result.waterfall()
    binding = result.binding_limit()
    data.tables["waterfall"] = [("step", "PFLOP/s", "of peak")] + [
        (name, _num(x / 1e15, ",.1f"), f"{x / steps[0][1]:.1%}" if steps[0][1] else "—") for name, x in steps
    ]
    data.notes["waterfall"] = f"binding limit: {binding}"
    _png(fg.waterfall(steps, binding), "waterfall", png_dir, data.figures)
    data.tables["compare"] = _compare(v, p)


def _breakeven_section(result: Any, data: ReportData, png_dir: Path | None) -> None:
    """Orbit's $/PFLOP-day over launch price against the ground's, and the crossing."""
    from ..model import design_batch
    from . import figures as fg

    v = result.values
    sweep = design_batch(
        result.scenario,
        {"launch.price_per_kg": LAUNCH_PRICES},
        outputs=["economics.usd_per_pflop_day", "terrestrial.usd_per_pflop_day", "feasibility.code"],
    )
    orbit_curve = np.where(sweep["feasibility.code"] == 0, sweep["economics.usd_per_pflop_day"], np.nan)
    ground = float(np.asarray(sweep["terrestrial.usd_per_pflop_day"]).reshape(-1)[0])
    crossing = v["breakeven.launch_usd_per_kg"]
    crossing_value = crossing if math.isfinite(crossing) and crossing > 0 else None
    figure = fg.breakeven(LAUNCH_PRICES, orbit_curve, ground, v["launch.usd_per_kg"], crossing_value)
    _png(figure, "breakeven", png_dir, data.figures)
    data.notes["breakeven"] = (
        f"orbit breaks even with the ground at {crossing_value:,.0f} USD/kg to orbit"
        if crossing_value is not None
        else "no launch price ≥ 0 makes orbit as cheap as the ground for this scenario"
    ) + f" (scenario: {v['launch.usd_per_kg']:,.0f} USD/kg; ground {ground:,.2f} USD/PFLOP-day)"


def _illumination_section(result: Any, data: ReportData, png_dir: Path | None) -> None:
    """The year's beta angle and eclipses beside the design's illumination figures."""
    from . import figures as fg

    v, p = result.values, result.params
    days, beta_deg, eclipse_min, year = _illumination_timeline(result)
    _png(fg.illumination(days, beta_deg, eclipse_min, year), "illumination", png_dir, data.figures)
    worst = int(np.argmax(eclipse_min)) if eclipse_min.size else 0
    data.worst_day = (float(days[worst]) if days.size else 0.0, year)
    data.tables["illumination"] = [
        ("quantity", "value"),
        ("eclipse means", ECLIPSE_DEFINITION),
        ("sunlit fraction (design, {} shadow)".format(p["orbit.shadow"]), _num(v["orbit.sunlit_fraction"], ".4f")),
        ("mean illumination, penumbra half dark (design)", _num(v["orbit.mean_illumination"], ".4f")),
        ("eclipse season, days per year (design)", _num(v["orbit.eclipse_days_per_year"], ",.1f")),
        ("longest eclipse, min (design)", _num(v["orbit.max_eclipse_s"] / 60.0, ",.1f")),
        ("days with an eclipse (timeline, cylindrical shadow)", f"{int(np.count_nonzero(eclipse_min > 0))}"),
        ("beta angle range, deg", f"{beta_deg.min():.1f} … {beta_deg.max():.1f}"),
        ("worst day", f"day {days[worst]:.0f} of {year}: {eclipse_min[worst]:.1f} min per orbit"),
    ]


def _simulation_section(
    result: Any, data: ReportData, png_dir: Path | None, sim_days: float, sim_step_s: float, seed: int
) -> None:
    """A short simulation around the year's worst eclipse: battery and radiator traces."""
    from . import figures as fg

    v, p = result.values, result.params
    worst_day, year = data.worst_day
    try:
        from ..simulate import simulate

        jd_start = float(_julian(year)) + max(worst_day - 0.5 * sim_days, 0.0)
        step = min(sim_step_s, 0.1 * float(v["orbit.period_s"]))
        sample = int(max(1, min(3, v["constellation.satellites"])))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sim = simulate(
                result,
                duration=min(sim_days * 86400.0, float(p["mission.lifetime"]) * 365.25 * 86400.0),
                step=step,
                satellites=sample,
                seed=seed,
                start=jd_start,
                dose=False,  # the traces show power and heat; the dose table would cost seconds per design
            )
    except SkyrackError as error:
        data.notes["simulation"] = f"simulation not run: {error}"
        return
    _png(fg.traces(sim.timeseries), "simulation", png_dir, data.figures)
    fleet = sim.fleet
    run = (
        f"{sim_days:g} days at {step:g} s from {sim.meta.get('start_utc', '')} (the worst eclipse of the year), "
        f"{sample} satellite(s), seed {seed}"
    )
    data.tables["simulation"] = [
        ("quantity", "value"),
        ("run", run),
        ("max depth of discharge", _num(fleet.get("max_depth_of_discharge"), ".3f")),
        ("max radiator temperature, K", _num(fleet.get("max_radiator_temperature_k"), ".1f")),
        ("time power-throttled", _num(fleet.get("power_throttled_fraction"), ".2%")),
        ("time thermally throttled", _num(fleet.get("thermal_throttled_fraction"), ".2%")),
    ]


def _sustainability_section(result: Any, data: ReportData) -> None:
    """Shells, Δv and propellant, collision and manoeuvre rates, dead satellites and brightness, with sources."""
    from .sustainability import build

    section = build(result)
    data.tables.update(section.tables)
    data.figures.update(section.figures)
    data.notes["sustainability"] = section.note


def _orbit_section(result: Any, data: ReportData, sim_days: float, seed: int) -> None:
    """Ground tracks, the fleet in 3D and the illumination along the orbit, from runs with positions."""
    from .orbit_figures import orbit_views

    worst_day, year = data.worst_day
    start = float(_julian(year)) + max(worst_day - 0.5 * sim_days, 0.0)
    try:
        views = orbit_views(result, start, min(sim_days, 1.0), seed)
    except SkyrackError as error:
        data.notes["orbit"] = f"views not drawn: {error}"
        return
    data.figures.update({f"orbit_{name}": fig for name, fig in views.items()})
    data.notes["orbit"] = (
        f"up to three satellites over {min(sim_days, 1.0):g} day(s) around the year's worst eclipse (ground tracks, "
        "illumination) and up to 200 satellites over one orbit (3D); positions from the simulation "
        "(skyrack simulate --positions); interactive: drag to turn, scroll to zoom"
    )


def _uncertainty_sections(result: Any, data: ReportData, png_dir: Path | None, mc_samples: int, seed: int) -> None:
    """The uncertain inputs, their tornado and a Monte Carlo of the cost ratio."""
    from ..analysis.montecarlo import monte_carlo
    from ..analysis.sensitivity import tornado
    from . import figures as fg

    scn = result.scenario
    uncertain = default_uncertain(result)
    data.tables["uncertain"] = [("input", "distribution", "P10 … P90")] + [
        (name, dist.spec(), f"{_num(dist.ppf(np.array([0.1]))[0])} … {_num(dist.ppf(np.array([0.9]))[0])}")
        for name, dist in uncertain.items()
    ]
    if not uncertain:
        data.notes["tornado"] = data.notes["montecarlo"] = "no uncertain input applies to this scenario"
        return
    tor = tornado(scn, uncertain)
    bars = [(b.name, b.output_low, b.output_high) for b in tor.bars if not b.is_inert(tor.base)]
    _png(fg.tornado(tor.base, bars, tor.output), "tornado", png_dir, data.figures)
    tornado_rows: list[tuple[str, ...]] = [("input", "low → high", "cost ratio at low", "at high")]
    tornado_rows += [
        (b.name, f"{_num(b.low)} → {_num(b.high)}", _num(b.output_low, ".3f"), _num(b.output_high, ".3f"))
        for b in tor.bars
        if not b.is_inert(tor.base)
    ]
    data.tables["tornado"] = tornado_rows
    if tor.inert:
        data.notes["tornado"] = "inert in this scenario: " + ", ".join(tor.inert)
    mc = monte_carlo(scn, uncertain, n=int(mc_samples), seed=seed, keep_samples=True)
    ratio = np.asarray(mc.samples["economics.cost_ratio"], dtype=np.float64)
    ratio = np.where(np.asarray(mc.samples["feasibility.code"]) == 0, ratio, np.nan)
    _png(fg.monte_carlo(ratio, mc.p_orbit_wins, mc.n), "montecarlo", png_dir, data.figures)
    q = np.nanquantile(ratio, [0.1, 0.5, 0.9]) if np.isfinite(ratio).any() else [math.nan] * 3
    data.tables["montecarlo"] = [
        ("quantity", "value"),
        ("draws (seed)", f"{mc.n:,} ({seed})"),
        ("P(orbit wins)", f"{mc.p_orbit_wins:.2%}"),
        ("P(infeasible)", f"{mc.p_infeasible:.2%}"),
        ("cost ratio P10 / P50 / P90", " / ".join(_num(x, ".3f") for x in q)),
    ]


def _claims_section(result: Any, data: ReportData) -> None:
    """The claims check (with the cost ratio at a free launch) and the sources of every assumption."""
    from ..model import design_batch

    free = design_batch(
        result.scenario, {"launch.price_per_kg": [0.0]}, outputs=["economics.cost_ratio", "feasibility.code"]
    )
    feasible = int(free["feasibility.code"].reshape(-1)[0]) == 0
    free_ratio = float(free["economics.cost_ratio"].reshape(-1)[0]) if feasible else math.nan
    data.claims = claims_check(result, free_ratio)
    if result.scenario.claims:
        from ..claims import check_claims

        data.published = check_claims(result.scenario)
    data.tables["sources"] = _sources(result)


def _collect_ground(result: Any, summary: Mapping[str, Any], data: ReportData, png_dir: Path | None) -> ReportData:
    """A terrestrial-only scenario: the site, its costs and sources (the orbital sections say why they are empty)."""
    from . import figures as fg

    te = summary["terrestrial"]
    data.tables["summary"] = [
        ("site", str(te["kind"])),
        ("IT power", f"{te['it_power_w'] / 1e6:,.0f} MW"),
        ("accelerators", f"{_num(te['accelerators'], ',.0f')} × {result.params['terrestrial.accelerator']}"),
        (
            "first power / full power",
            f"{summary['schedule']['ground_first_power_yr']:.1f} / "
            f"{summary['schedule']['ground_full_power_yr']:.1f} yr",
        ),
        (
            "USD per PFLOP-day, all-in / infrastructure only",
            f"{_num(te['usd_per_pflop_day'], ',.2f')} / {_num(te['infrastructure_usd_per_pflop_day'], ',.2f')}",
        ),
        (
            "USD per MWh to the chips, energy only / all infrastructure",
            f"{_num(te['energy_usd_per_mwh'], ',.0f')} / {_num(te['infrastructure_usd_per_mwh'], ',.0f')}",
        ),
        ("CO2e over the life, kt", _num(te["co2e_kg"] / 1e6, ",.2f")),
        ("scenario sources", "; ".join(getattr(result.scenario, "sources", None) or []) or "—"),
    ]
    parts = summary["terrestrial"]["tco_breakdown_usd"]
    whole = sum(parts.values()) or 1.0
    rows: list[tuple[str, ...]] = [("part", f"present value [million {CURRENCY}]", "share")]
    rows += [(f"ground: {k}", _num(x / 1e6, ",.2f"), f"{x / whole:.1%}") for k, x in parts.items()]
    data.tables["cost"] = rows
    _png(fg.cost_breakdown({}, parts), "cost", png_dir, data.figures)
    for key in (
        "mass",
        "waterfall",
        "compare",
        "breakeven",
        "illumination",
        "simulation",
        "sustainability",
        "orbit",
        "tornado",
        "montecarlo",
    ):
        data.notes[key] = "a terrestrial scenario has no orbit: nothing to show here"
    if result.scenario.claims:
        from ..claims import check_claims

        data.published = check_claims(result.scenario)
    data.tables["sources"] = _sources(result)
    return data


def _reconcile_section(result: Any, data: ReportData, other: str, png_dir: Path | None) -> None:
    """The bridge from this scenario's headline figures to another assumption set's."""
    from ..reconcile import reconcile
    from .published import bridge_figure

    data.reconciliation = reconcile(result.scenario, other)
    for k, bridge in enumerate(data.reconciliation.bridges, start=1):
        _png(bridge_figure(data.reconciliation, bridge), f"reconcile-{k}", png_dir, data.figures)


def _julian(year: int) -> float:
    from ..physics.sun import julian_date

    return float(julian_date(year, 1.0))


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}td,th{border:1px solid #ddd;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}
img{max-width:100%;height:auto}nav a{margin-right:.8em;font-size:.9em}.note{color:#555;font-style:italic}
.verdict{font-weight:bold;padding:.1em .5em;border-radius:.3em}.holds{background:#d4f4d4}
.partly{background:#fdf0c4}.fails{background:#f8d0d0}.claim{border:1px solid #ddd;border-radius:.4em;
padding:.4em 1em;margin:.8em 0}.sources td{font-size:.85em}blockquote{margin:.3em 0;font-style:italic}
"""


def _table(rows: list[tuple[str, ...]] | None, css: str = "") -> str:
    if not rows:
        return ""
    head, *body = rows
    out = [f'<table class="{css}"><tr>' + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>"]
    for row in body:
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _kv(rows: list[tuple[str, ...]] | None) -> str:
    return _table([("quantity", "value"), *rows] if rows else None)


def _img(data: ReportData, name: str, alt: str) -> str:
    """A figure as an interactive ``<div>`` (plotly.js is inlined once, in the head), or an image."""
    fig = data.figures.get(name)
    if fig is None:
        return ""
    if isinstance(fig, bytes):
        return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(fig).decode("ascii")}">'
    div: str = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"figure-{name}",
                           config={"displaylogo": False, "responsive": True})  # fmt: skip
    return f'<figure aria-label="{html.escape(alt)}">{div}</figure>'


def _plotly_js(data: ReportData) -> str:
    """plotly.js inlined once when the page has an interactive figure: the file opens offline."""
    if not any(not isinstance(fig, bytes) for fig in data.figures.values()):
        return ""
    from plotly.offline import get_plotlyjs

    return f'<script type="text/javascript">{get_plotlyjs()}</script>'


def _sustainability_html(data: ReportData) -> str:
    t = data.tables
    return (
        "".join(_img(data, name, name.replace("_", " ")) for name in ("sustainability_altitude", "sustainability_risk"))
        + _table(t.get("sustainability_shells"))
        + _table(t.get("sustainability_design"))
        + _table(t.get("sustainability_fleet"))
        + _table(t.get("sustainability_sources"), "sources")
    )


ORBIT_VIEWS = ("ground_tracks", "constellation_3d", "illumination")
"""The orbit section's figures (:func:`skyrack.report.orbit_figures.orbit_views`), in their order."""


def render_html(data: ReportData) -> str:
    """The report as one HTML string: the verdict first, inline CSS, Plotly figures with plotly.js inlined once.

    No external resource: the file opens offline. Build timings close the page.
    """
    parts: list[str] = []
    body: dict[str, str] = {
        "summary": _kv(data.tables.get("summary")),
        "mass": _img(data, "mass", "mass breakdown") + _table(data.tables.get("mass")),
        "cost": _img(data, "cost", "cost breakdown") + _table(data.tables.get("cost")),
        "waterfall": _img(data, "waterfall", "delivered-compute waterfall") + _table(data.tables.get("waterfall")),
        "compare": _table(data.tables.get("compare")),
        "breakeven": _img(data, "breakeven", "breakeven curve"),
        "illumination": _img(data, "illumination", "illumination timeline") + _table(data.tables.get("illumination")),
        "simulation": _img(data, "simulation", "battery and temperature traces")
        + _table(data.tables.get("simulation")),
        "sustainability": _sustainability_html(data),
        "orbit": "".join(_img(data, f"orbit_{name}", name.replace("_", " ")) for name in ORBIT_VIEWS),
        "tornado": "<p>Uncertain inputs (also used by the Monte Carlo):</p>"
        + _table(data.tables.get("uncertain"))
        + _img(data, "tornado", "tornado")
        + _table(data.tables.get("tornado")),
        "montecarlo": _img(data, "montecarlo", "Monte Carlo histogram") + _table(data.tables.get("montecarlo")),
        "claims": published_html(data.published) + "".join(_claim_html(c) for c in data.claims),
        "reconcile": _reconcile_html(data),
        "sources": _table(data.tables.get("sources"), "sources"),
    }
    shown = list(SECTIONS)
    if body["reconcile"]:
        shown.insert(shown.index(("sources", "Sources of every assumption")), RECONCILE)
    nav = " ".join(f'<a href="#{key}">{html.escape(title)}</a>' for key, title in shown)
    for key, title in shown:
        note = data.notes.get(key)
        note_html = f'<p class="note">{html.escape(note)}</p>' if note else ""
        parts.append(f'<section id="{key}"><h2>{html.escape(title)}</h2>{note_html}{body[key]}</section>')
    timing = ", ".join(f"{k} {t:.2f} s" for k, t in data.timings.items())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(data.title)}</title><style>{_CSS}</style>{_plotly_js(data)}</head><body>"
        f"<h1>{html.escape(data.title)}</h1>"
        f'<p class="first"><strong>{html.escape(data.verdict)}</strong></p>'
        + "".join(f'<p class="note">infeasible: {html.escape(r)}</p>' for r in data.reasons)
        + f"<p>{html.escape(data.description)}</p>"
        f"<nav>{nav}</nav>" + "\n".join(parts) + f'<footer class="note">generated {html.escape(data.generated)} '
        f"by skyrack; build times: {html.escape(timing)}</footer></body></html>\n"
    )


def _reconcile_html(data: ReportData) -> str:
    r = data.reconciliation
    if r is None:
        return ""
    return reconciliation_html(r, [_img(data, f"reconcile-{k}", "bridge") for k in range(1, len(r.bridges) + 1)])


def _claim_html(claim: Claim) -> str:
    css = {"holds": "holds", "partly": "partly"}.get(claim.verdict, "fails")
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in claim.reasoning)
    return (
        f'<div class="claim"><h3>{html.escape(claim.claim)}</h3>'
        f'<p><span class="verdict {css}">{html.escape(claim.verdict)}</span> {html.escape(claim.summary)}</p>'
        f"<ul>{reasons}</ul></div>"
    )


# --------------------------------------------------------------------------- entry point


def build_report(
    result_or_source: Any,
    path: str | Path,
    png_dir: str | Path | None = None,
    *,
    overrides: Sequence[str] = (),
    mc_samples: int = DEFAULT_MC_SAMPLES,
    sim_days: float = 2.0,
    sim_step_s: float = 60.0,
    seed: int = 0,
    reconcile_with: str | None = None,
) -> Path:
    """Write the HTML report of a design to ``path`` (and each figure as PNG into ``png_dir``).

    ``result_or_source`` is a :class:`skyrack.model.Result`, a :class:`Scenario`, a preset name,
    a scenario file, a mapping, or ``"RUN:<id>"`` for a stored run's scenario. ``reconcile_with``
    adds a reconciliation against another preset, scenario file or assumption file.
    """
    if not isinstance(mc_samples, int) or mc_samples < 100:
        raise InputError("mc_samples", mc_samples, "an integer of at least 100")
    if not (sim_days > 0 and math.isfinite(sim_days)):
        raise InputError("sim_days", sim_days, "a positive number of days")
    result = _as_result(result_or_source, overrides)
    out = Path(path)
    if out.is_dir():
        raise InputError("path", str(out), "a file name for the report, not a directory")
    png = Path(png_dir) if png_dir is not None else None
    if png is not None:
        png.mkdir(parents=True, exist_ok=True)
    data = collect(
        result,
        png,
        mc_samples=mc_samples,
        sim_days=sim_days,
        sim_step_s=sim_step_s,
        seed=seed,
        reconcile_with=reconcile_with,
    )
    if png is not None:
        write_pngs(data.figures, png)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(data), encoding="utf-8")
    return out
