"""Command-line interface: ``skyrack design | compare | presets | schema | provenance | validate``.

The other commands are registered from their packages; options, errors and
output checks shared by all of them live in :mod:`skyrack.cli_common`.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from . import __version__
from .analysis.cli import register as _register_analysis
from .claims.cli import register as _register_claims
from .cli_common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    CatalogOption,
    JsonFlag,
    ScenarioArgument,
    SetOption,
    console as _console,
    emit_json,
    error_line,
    exit_if_infeasible,
    friendly,
    internal_message,
    overrides,
)
from .deploy.cli import register as _register_deploy
from .errors import InputError, SkyrackError
from .export.cli import register as _register_export
from .formatting import MISSING, format_quantity
from .links.cli import register as _register_links
from .outputs import CURRENCY, output
from .reconcile_cli import register as _register_reconcile
from .report.cli import register as _register_report
from .simulate.cli import register as _register_simulate
from .store_cli import register as _register_store
from .web.cli import register as _register_web
from .workloads.cli import register as _register_workloads

app = typer.Typer(
    name="skyrack",
    help="Design, simulate and cost AI data centers in Earth orbit, side by side with terrestrial ones.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = _console()


def _version(value: bool) -> None:
    if value:
        console.print(f"skyrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """skyrack: orbital AI data centers, physically right and honestly costed."""


_SI_KINDS = {"W": "power", "FLOP/s": "flops", "Wh": "energy", "kg": "mass"}


def si(value: float | None, unit: str) -> str:
    """A power, compute rate, energy or mass for people (skyrack.formatting): 4.2e7 W → '42 MW', kg as t/kt."""
    text: str = format_quantity(value, "W*h" if unit == "Wh" else unit, _SI_KINDS[unit])
    return text


def num(value: float | None, spec: str = ",.0f", unit: str = "") -> str:
    """Format a number, or an em dash when it is missing (an infeasible design)."""
    if value is None or not math.isfinite(value):
        return MISSING
    return f"{value:{spec}}".replace("-", "−") + (f" {unit}" if unit else "")


def money(value: float | None, per: str = "") -> str:
    """Money for people, ``per`` a unit of the denominator: ``$28.9 M``, ``−$382 k``, ``$200/kg``."""
    text: str = format_quantity(value, f"USD/{per}" if per else "USD", "money")
    return text


def percent(value: float | None) -> str:
    """A share as a percentage: 0.957 → '95.7 %'."""
    text: str = format_quantity(value, "1", "fraction")
    return text


MONEY_NOTE = f"money in {CURRENCY} (the catalog's cost year; prices are taken as published)"


def _design_table(summary: dict[str, Any]) -> Table:
    if summary.get("kind") == "terrestrial":
        return _ground_table(summary)
    table = Table(
        title=f"skyrack design: {summary['scenario']}", show_header=True, header_style="bold", caption=MONEY_NOTE
    )
    table.add_column("quantity")
    table.add_column("value", justify="right")
    rows = _sizing_rows(summary) + _published_rows(summary.get("published", []))
    rows += _money_rows(summary) + _parity_rows(summary["breakeven"]["parity"])
    feas = summary["feasibility"]
    rows.append(("feasible", "yes" if feas["feasible"] else "NO: " + "; ".join(feas["reasons"])))
    for name, value in rows:
        table.add_row(escape(name), escape(value))  # "[yr]" is a unit here, not rich markup
    return table


def _published_rows(checks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """One row per published figure: given vs what physics needs, and the margin."""
    rows = []
    for c in checks:
        if c["holds"] is None:
            verdict = "no physics check"
        else:
            verdict = f"margin {num(c['margin'], '.3f')}: " + ("holds" if c["holds"] else "FAILS")
        rows.append((f"{c['field']}: given / physics needs", f"{c['given']} / {c['physics_needs']} ({verdict})"))
    return rows


def _sizing_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """Orbit, satellites, power, heat, mass and launches of the design table."""
    o, pw, th, c, m, la = (summary[k] for k in ("orbit", "power", "thermal", "compute", "mass", "launch"))
    per_sat = summary["constellation"]["satellites"]
    return [
        (
            "orbit",
            f"{o['kind']} {o['altitude_km']:.0f} km, i {num(o['inclination_deg'], '.2f')}°, "
            f"P {o['period_s'] / 60:.1f} min",
        ),
        (
            "sunlit fraction / eclipse days / longest eclipse",
            f"{o['sunlit_fraction']:.3f} / {o['eclipse_days_per_year']:.0f} d / {o['max_eclipse_s'] / 60:.1f} min",
        ),
        ("eclipse means", str(o["eclipse_definition"])),
        (
            "satellites × accelerators",
            f"{num(per_sat)} × {num(c['units_per_satellite'])} {c['accelerator']} "
            f"({num(c['accelerators'])} accelerators)",
        ),
        ("IT power / peak BF16", f"{si(c['it_power_w'], 'W')} / {si(c['peak_bf16_flops'], 'FLOP/s')}"),
        ("delivered BF16 (binding limit)", f"{si(c['delivered_flops'], 'FLOP/s')} ({c['binding_limit']})"),
        (
            "array area / mass / BOL power (per sat)",
            f"{num(pw['array_area_m2'], unit='m²')} / "
            f"{si(pw['array_mass_kg'], 'kg')} / {si(pw['array_power_bol_w'], 'W')}",
        ),
        ("battery (per sat)", f"{si(pw['battery_wh'], 'Wh')} / {si(pw['battery_mass_kg'], 'kg')}"),
        (
            "radiator T / sink T / net flux (per sat)",
            f"{num(th['radiator_temperature_k'])} K / "
            f"{num(th['sink_temperature_k'])} K / {num(th['radiator_net_flux_w_per_m2'], unit='W/m²')}",
        ),
        (
            "radiator area / mass (per sat)",
            f"{num(th['radiator_area_m2'], unit='m²')} / {si(th['radiator_mass_kg'], 'kg')}",
        ),
        (
            "mass per satellite / total",
            f"{si(m['per_satellite_kg'], 'kg')} / {si(m['total_kg'], 'kg')}",
        ),
        (
            "launches (by mass, by volume)",
            f"{num(la['launches'])} {la['vehicle']} ({num(la['launches_by_mass'])}, {num(la['launches_by_volume'])})",
        ),
        (
            f"launch cost ({la['pricing']} pricing) / $ per kg / $ per kW-yr",
            f"{money(la['cost_usd'])} / {money(la['usd_per_kg'], 'kg')} / {money(la['usd_per_kw_year'], 'kW/yr')}",
        ),
    ]


def _money_rows(summary: dict[str, Any]) -> list[tuple[str, str]]:
    """Schedule, failures, costs, both ratios, energy, emissions and breakeven of the design table."""
    ec, te, be = summary["economics"], summary["terrestrial"], summary["breakeven"]
    sc, fa, env, ra = summary["schedule"], summary["failures"], summary["environment"], summary["ratios"]
    return [
        (
            "schedule: first launch / fleet complete / horizon",
            f"{num(sc['first_launch_yr'], '.1f')} / {num(sc['fleet_complete_yr'], '.1f')} / "
            f"{num(sc['planning_horizon_yr'], '.0f')} yr",
        ),
        (
            "launches per yr: cadence / to hold the fleet; satellites built per yr",
            f"{num(sc['launch_cadence_per_year'])} / {num(sc['hold_launches_per_year'])}; "
            f"{num(sc['production_per_year'])}",
        ),
        (
            "ground first power / full power",
            f"{num(sc['ground_first_power_yr'], '.1f')} / {num(sc['ground_full_power_yr'], '.1f')} yr",
        ),
        (
            "interruption goodput orbit / ground; permanent loss orbit",
            f"{percent(fa['interruption_goodput_orbit'])} / {percent(fa['interruption_goodput_ground'])}; "
            f"{num(fa['permanent_loss_per_year_orbit'], '.1%')}/yr",
        ),
        ("satellite cost basis (active)", ec["cost_basis"]),
        (
            "satellite hardware: top-down / bottom-up",
            f"{money(ec['satellite_cost_top_down_usd'])} / {money(ec['satellite_cost_bottom_up_usd'])}",
        ),
        (
            "orbit $/PFLOP-day with top-down / bottom-up satellites",
            f"{money(ec['usd_per_pflop_day_top_down'])} / {money(ec['usd_per_pflop_day_bottom_up'])}",
        ),
        (
            "capex / opex per yr / TCO (discounted)",
            f"{money(ec['capex_usd'])} / {money(ec['opex_usd_per_year'])} / {money(ec['tco_usd'])}",
        ),
        (
            "orbit: $/PFLOP-day all-in, infrastructure only; $/accel-h",
            f"{money(ec['usd_per_pflop_day'])}, {money(ec['infrastructure_usd_per_pflop_day'])}; "
            f"{money(ec['usd_per_accelerator_hour'])}",
        ),
        (
            f"ground ({te['kind']}): $/PFLOP-day all-in, infrastructure only; $/accel-h",
            f"{money(te['usd_per_pflop_day'])}, {money(te['infrastructure_usd_per_pflop_day'])}; "
            f"{money(te['usd_per_accelerator_hour'])}",
        ),
        (
            "orbit / ground: all-in; infrastructure only (no accelerators)",
            f"{_times(ra['all_in']['value'])}; {_times(ra['infrastructure_only']['value'])}",
        ),
        (
            "$/MWh to the chips, energy only: orbit / ground",
            f"{money(ec['energy_usd_per_mwh'])} / {money(te['energy_usd_per_mwh'])}",
        ),
        (
            "$/MWh to the chips, all infrastructure: orbit / ground",
            f"{money(ec['infrastructure_usd_per_mwh'])} / {money(te['infrastructure_usd_per_mwh'])}",
        ),
        (
            "CO2e orbit: launch / propellant / manufacturing (life cycle)",
            " / ".join(si(x, "kg") for x in env["co2e_orbit_breakdown_kg"].values())
            + f" ({si(env['co2e_orbit_kg'], 'kg')})",
        ),
        (
            "CO2e orbit: black carbon, 100-yr warming (very uncertain, apart)",
            si(env["co2e_black_carbon_kg"], "kg"),
        ),
        (
            "CO2e ground / water avoided by orbit",
            f"{si(env['co2e_ground_kg'], 'kg')} / {num(env['water_avoided_m3'], unit='m³')}",
        ),
        ("breakeven launch price", be["launch"]),
    ]


def _parity_rows(parity: dict[str, Any]) -> list[tuple[str, str]]:
    """The drivers that move the answer, with their parity values; inert ones named on one line."""
    rows = []
    for d in parity.values():
        if d["inert"]:
            continue
        found = "none in range" if d["parity"] is None else f"{d['parity']:,.4g}"
        rows.append((f"parity: {d['label']} [{d['unit']}]", f"{found} (now {d['current']:,.4g})"))
    inert = [d["label"] for d in parity.values() if d["inert"]]
    if inert:
        rows.append(("not levers here (inert)", "; ".join(inert)))
    return rows


def _ground_table(summary: dict[str, Any]) -> Table:
    """A terrestrial-only scenario: the ground site alone."""
    te, fa = summary["terrestrial"], summary["failures"]
    table = Table(title=f"skyrack design: {summary['scenario']} (terrestrial)", header_style="bold", caption=MONEY_NOTE)
    table.add_column("quantity")
    table.add_column("value", justify="right")
    rows = [
        ("site", te["kind"]),
        ("IT power / accelerators", f"{si(te['it_power_w'], 'W')} / {num(te['accelerators'])}"),
        (
            "first power / full power",
            f"{num(summary['schedule']['ground_first_power_yr'], '.1f')} / "
            f"{num(summary['schedule']['ground_full_power_yr'], '.1f')} yr",
        ),
        ("interruption goodput", percent(fa["interruption_goodput_ground"])),
        (
            "capex / opex per yr / TCO (discounted)",
            f"{money(te['capex_usd'])} / {money(te['opex_usd_per_year'])} / {money(te['tco_usd'])}",
        ),
        (
            "$/PFLOP-day all-in, infrastructure only; $/accel-h",
            f"{money(te['usd_per_pflop_day'])}, {money(te['infrastructure_usd_per_pflop_day'])}; "
            f"{money(te['usd_per_accelerator_hour'])}",
        ),
        (
            "$/MWh to the chips: energy only / all infrastructure",
            f"{money(te['energy_usd_per_mwh'])} / {money(te['infrastructure_usd_per_mwh'])}",
        ),
        ("CO2e / water", f"{si(te['co2e_kg'], 'kg')} / {num(te['water_m3'], unit='m³')}"),
    ]
    for name, value in rows:
        table.add_row(name, value)
    return table


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


PricingOption = Annotated[
    str | None,
    typer.Option("--pricing", help="Launch pricing: market, or at_cost (what the vehicle's owner pays)"),
]


def _with_pricing(overrides: list[str], pricing: str | None) -> list[str]:
    """``--pricing`` as the scenario override it stands for (``deployment.pricing``)."""
    if pricing is None:
        return overrides
    if pricing not in ("market", "at_cost"):
        raise InputError("--pricing", pricing, "market or at_cost")
    return [*overrides, f"deployment.pricing={pricing}"]


@app.command()
@friendly
def design(
    scenario: ScenarioArgument,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    pricing: PricingOption = None,
    from_simulation: Annotated[
        Path | None,
        typer.Option(
            "--from-simulation",
            help="A run directory of skyrack simulate --out: recompute the costs with its measured goodput, "
            "throttling and failures, closed form and simulated side by side",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Size and cost one orbital data center and its terrestrial twin."""
    from .model import design as run

    given = _with_pricing(overrides(set_, catalog), pricing)
    if from_simulation is not None:
        _design_from_simulation(scenario, from_simulation, given, as_json)
        return
    result = run(scenario, given)
    summary = result.to_dict()
    if as_json:
        emit_json(summary)
    else:
        console.print(summary["verdict"], highlight=False, markup=False)
        console.print(_design_table(summary))
    exit_if_infeasible(result.reasons)


def _design_from_simulation(scenario: str, run_dir: Path, given: list[str], as_json: bool) -> None:
    """``design --from-simulation``: the closed-form and the simulated economics side by side."""
    from .simulated import design_from_simulation

    both = design_from_simulation(scenario, run_dir, given)
    if as_json:
        emit_json({
            "closed_form": both.closed_form.to_dict(),
            "simulated": both.simulated.to_dict(),
            "measured": both.measured,
        })  # fmt: skip
    else:
        console.print(
            "With the simulated factors: " + both.simulated.to_dict()["verdict"], highlight=False, markup=False
        )
        table = Table(title=f"skyrack design {scenario}: closed form vs simulation {run_dir}", header_style="bold")
        for col in ("quantity", "closed form", "simulated"):
            table.add_column(col, justify="left" if col == "quantity" else "right")
        for row in both.rows():
            table.add_row(*(escape(cell) for cell in row))
        console.print(table)
    exit_if_infeasible(both.simulated.reasons)


@app.command()
@friendly
def compare(
    scenarios: Annotated[list[str] | None, typer.Argument(help="Presets or files (default: every preset)")] = None,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    pricing: PricingOption = None,
    both_pricings: Annotated[
        bool, typer.Option("--owner-pricing", help="Also show each system's launch campaign at market and at cost")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Compare orbital and terrestrial figures side by side for several systems (exit 2 if any is infeasible)."""
    from .model import compare as run, preset_names

    results = run(scenarios or preset_names(), _with_pricing(overrides(set_, catalog), pricing))
    summaries = [r.to_dict() for r in results]
    if as_json:
        emit_json(summaries)
    else:
        for s in summaries:
            console.print(f"[bold]{escape(s['scenario'])}[/bold]: " + escape(s["verdict"]), highlight=False)
        console.print(_compare_design_table(summaries))
        console.print(_compare_cost_table(summaries))
        if both_pricings:
            console.print(_owner_pricing_table(results))
    infeasible = [r for r in results if not r.feasible]
    if infeasible:
        error_line("infeasible: " + "; ".join(f"{r.scenario.name} ({'; '.join(r.reasons)})" for r in infeasible))
        raise typer.Exit(EXIT_INPUT)


def _compare_design_table(summaries: list[dict[str, Any]]) -> Table:
    """The designs side by side."""
    table = Table(title="skyrack compare: the designs", header_style="bold")
    names = ("constellation.satellites", "compute.it_power_w", "mass.total_kg", "launch.launches",
             "schedule.fleet_complete_yr", "economics.delivered_flops")  # fmt: skip
    for col in ("System", *(output(n).label for n in names), "Binding limit", "Feasible"):
        table.add_column(col, justify="left" if col in ("System", "Binding limit", "Feasible") else "right")
    for s in summaries:
        c, feas = s["compute"], s["feasibility"]
        table.add_row(
            s["scenario"],
            num(s["constellation"]["satellites"]),
            si(c["it_power_w"] if s["kind"] != "terrestrial" else s["terrestrial"]["it_power_w"], "W"),
            si(s["mass"]["total_kg"], 'kg'),
            f"{num(s['launch']['launches'])} {s['launch']['vehicle']}" if s["kind"] != "terrestrial" else "—",
            f"{num(s['schedule']['fleet_complete_yr'], '.1f')} yr",
            si(c["delivered_flops"], "FLOP/s"),
            c["binding_limit"] if s["kind"] != "terrestrial" else "—",
            "yes" if feas["feasible"] else "no: " + ", ".join(feas["short"]),
        )  # fmt: skip
    return table


def _compare_cost_table(summaries: list[dict[str, Any]]) -> Table:
    """Orbit against ground for the same delivered compute."""
    table = Table(
        title="skyrack compare: orbit vs ground, same delivered compute", header_style="bold", caption=MONEY_NOTE
    )
    for col in (
        "System",
        output("economics.usd_per_pflop_day").label,
        output("terrestrial.usd_per_pflop_day").label,
        output("economics.cost_ratio").label,
        output("economics.cost_ratio_infrastructure").label,
        "Satellite cost basis",
        "Cost per MWh (orbit): energy / infrastructure",
        "Cost per MWh (ground): energy / infrastructure",
        output("breakeven.launch_usd_per_kg").label,
    ):
        table.add_column(col, justify="left" if col in ("System", "Satellite cost basis") else "right",
                         no_wrap=col == "System")  # fmt: skip
    for s in summaries:
        ec, te, ra = s["economics"], s["terrestrial"], s["ratios"]
        table.add_row(
            s["scenario"],
            money(ec["usd_per_pflop_day"]),
            money(te["usd_per_pflop_day"]),
            _times(ra["all_in"]["value"]),
            _times(ra["infrastructure_only"]["value"]),
            ec["cost_basis"] if s["kind"] != "terrestrial" else "—",
            f"{money(ec['energy_usd_per_mwh'])} / {money(ec['infrastructure_usd_per_mwh'])}",
            f"{money(te['energy_usd_per_mwh'])} / {money(te['infrastructure_usd_per_mwh'])}",
            s["breakeven"]["launch"],
        )
    return table


def _owner_pricing_table(results: Sequence[Any]) -> Table:
    """Each system's deployment at the market launch price and at the vehicle owner's cost."""
    from .deploy import compare_pricing

    table = Table(
        title="owning the rocket: deployment at market price and at cost", header_style="bold", caption=MONEY_NOTE
    )
    for col in ("system", "vehicle", "market $/flight", "at-cost $/flight", "margin not paid",
                "orbit $/PFLOP-day market", "orbit $/PFLOP-day at cost", "ground $/PFLOP-day"):  # fmt: skip
        table.add_column(col, justify="left" if col in ("system", "vehicle") else "right")
    for result in results:
        name, vehicle = result.scenario.name, str(result.params["launch.vehicle"])
        try:
            market, owner = compare_pricing(result).to_dict("records")
        except SkyrackError:  # the vehicle's catalog entry has no at-cost breakdown
            table.add_row(name, vehicle, "—", "no at-cost data", "—", "—", "—", "—")
            continue
        table.add_row(
            name, vehicle, money(market["usd_per_flight"]), money(owner["usd_per_flight"]),
            money(owner["margin_not_paid_usd"]), money(market["orbit_usd_per_pflop_day"]),
            money(owner["orbit_usd_per_pflop_day"]), money(market["ground_usd_per_pflop_day"]),
        )  # fmt: skip
    return table


@app.command()
@friendly
def presets() -> None:
    """List the built-in presets."""
    from .model import load_scenario, preset_names

    table = Table(title="skyrack presets", header_style="bold")
    table.add_column("name")
    table.add_column("description")
    for name in preset_names():
        table.add_row(name, load_scenario(name).description)
    console.print(table)


@app.command()
@friendly
def schema() -> None:
    """Print the scenario JSON Schema."""
    from .scenario import json_schema

    emit_json(json_schema())


@app.command()
@friendly
def parameters(
    prefix: Annotated[str, typer.Argument(help="Only parameters whose path starts with this")] = "",
    as_json: JsonFlag = False,
) -> None:
    """List every parameter: the one name all commands accept, its unit, range, role, side and catalog source."""
    from .scenario.registry import parameters as registry

    rows = [
        {
            "name": p.path,
            "unit": p.unit,
            "allowed": p.allowed(),
            "role": p.role,
            "side": p.side,
            "default": p.default if p.catalog is None else f"catalog {p.catalog.kind}.{p.catalog.field}",
            "follows": p.follows,
            "label": p.label,
        }
        for p in registry().values()
        if p.path.startswith(prefix)
    ]
    if as_json:
        emit_json(rows)
        return
    table = Table(title=f"skyrack parameters ({len(rows)})", header_style="bold")
    for col in ("name", "unit", "allowed", "role", "side", "default", "label"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(
            *(
                str(row[c]) if row[c] is not None else ""
                for c in ("name", "unit", "allowed", "role", "side", "default", "label")
            )
        )
    console.print(table)


@app.command()
@friendly
def provenance(
    scenario: Annotated[
        str | None,
        typer.Argument(help="Preset name or scenario YAML file: the values it uses and where each comes from."),
    ] = None,
    prefix: Annotated[
        str, typer.Option("--prefix", help="Only items whose name starts with this, e.g. satellite.thermal.")
    ] = "",
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List every default number with its source, or the values one scenario uses and where each comes from."""
    if scenario is None and (set_ or catalog):
        raise InputError("--set/--catalog", (set_ or catalog or [""])[0], "give a scenario to apply them to")
    rows = _provenance_rows() if scenario is None else _scenario_provenance_rows(scenario, overrides(set_, catalog))
    rows = [row for row in rows if _matches(row["item"], prefix)]
    if not rows:
        raise InputError("--prefix", prefix, "a prefix of at least one item; `skyrack parameters` lists the names")
    if as_json:
        emit_json(rows)
        return
    title = f"skyrack provenance of {scenario}" if scenario is not None else "skyrack provenance"
    table = Table(title=f"{title} ({len(rows)} {'values' if scenario else 'defaults'})", header_style="bold")
    columns = [col for col in ("item", "value", "source", "date", "confidence") if col in rows[0]]
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(escape(row[k]) for k in columns))
    console.print(table)


def _matches(item: str, prefix: str) -> bool:
    """``item`` starts with ``prefix`` (a schema default also without its ``scenario.``)."""
    return item.startswith(prefix) or item.removeprefix("scenario.").startswith(prefix)


def _provenance_rows() -> list[dict[str, str]]:
    """Every sourced schema default and every catalog record."""
    from .catalog import load_default
    from .scenario import walk_defaults

    rows = [
        {"item": f"scenario.{path}", "value": str(default), "source": source, "confidence": "", "date": ""}
        for path, default, source in walk_defaults()
    ]
    for rec in load_default().records():
        rows.append(
            {
                "item": f"{rec.kind}.{rec.entry}.{rec.field}",
                "value": f"{rec.given}",
                "source": rec.source,
                "confidence": rec.confidence,
                "date": str(rec.date),
            }
        )
    return rows


def _scenario_provenance_rows(scenario: str, extra: list[str]) -> list[dict[str, str]]:
    """Every parameter of one scenario: the value it resolves to and where that comes from."""
    from .model import load_scenario
    from .outputs import unit_symbol
    from .params import catalog_for, link, resolve, source_of
    from .scenario.registry import parameters as registry

    scn = load_scenario(scenario, extra)
    cat = catalog_for(scn)
    values = link(resolve(scn, cat))
    rows = []
    for param in registry().values():
        value = values.get(param.path)
        if isinstance(value, float) and math.isfinite(value):
            number, _, unit = param.display(value).partition(" ")
            shown = f"{number} {unit_symbol(unit)}".strip()
        elif isinstance(value, float):
            shown = "not set (derived)" if math.isnan(value) else ("∞" if value > 0 else "−∞")
        else:
            shown = "" if value is None else str(value)
        rows.append({"item": param.path, "value": shown, "source": source_of(scn, param.path, cat)})
    return rows


@app.command()
@friendly
def validate(as_json: JsonFlag = False) -> None:
    """Reproduce the published reference cases (pass/fail), then check the presets' published claims."""
    from .claims.cli import print_preset_claims
    from .claims.verdict import check_presets
    from .validation import run_cases

    results = run_cases()
    claims = check_presets()
    if as_json:
        cases = [r.to_dict() for r in results]
        verdicts = [{"preset": name, **v.to_dict()} for name, vs in claims.items() for v in vs]
        emit_json({"passed": all(c["passed"] for c in cases), "cases": cases, "claims": verdicts})
    else:
        table = Table(title="skyrack validate: published reference cases", header_style="bold")
        for col in ("case", "quantity", "computed", "published", "tolerance", "result", "note"):
            table.add_column(col, overflow="fold")
        for case in results:
            for check in case.checks:
                table.add_row(
                    case.id,
                    check.quantity,
                    f"{check.computed:,.6g}",
                    f"{check.expected:,.6g}",
                    check.tolerance_text,
                    "flagged" if check.flagged else ("pass" if check.passed else "FAIL"),
                    check.note,
                )
        console.print(table)
        passed = sum(c.passed for c in results)
        console.print(f"{passed} of {len(results)} cases pass")
        print_preset_claims(console, claims)
    if not all(c.passed for c in results):
        raise typer.Exit(1)


def _make_executor(workers: int = 1, dask: str | None = None, scheduler: str | None = None) -> Any:
    """:func:`skyrack.analysis.executor.make_executor`, loaded when a command asks for an executor."""
    from .analysis.executor import make_executor

    return make_executor(workers, dask, scheduler)


_register_simulate(app, _make_executor)  # --workers/--dask/--scheduler step partitions on these
_register_export(app)
_register_links(app)
_register_workloads(app)
_register_deploy(app)
_register_analysis(app)
_register_report(app)
_register_web(app)
_register_store(app)
_register_claims(app)
_register_reconcile(app)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: every failure is one line on stderr (exit 2; 70 for a bug)."""
    args = list(sys.argv[1:] if argv is None else argv)
    sys.exit(run_cli(args))


def _usage_error(error: Any) -> int:
    """A usage error as one line (``skyrack`` alone prints the help)."""
    ctx = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError" and ctx is not None:
        typer.echo(ctx.get_help())
        return 0
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    error_line(f"{error.format_message()}{where}")
    code = int(getattr(error, "exit_code", EXIT_INPUT))
    return EXIT_INPUT if code == 2 else code


def run_cli(args: list[str]) -> int:
    """Run the command line on ``args`` and return the exit code (usage errors as one line too)."""
    for k, arg in enumerate(args, start=1):
        if any("\udc80" <= ch <= "\udcff" for ch in arg):  # bytes that were not UTF-8 (surrogateescape)
            bad = next(ord(ch) - 0xDC00 for ch in arg if "\udc80" <= ch <= "\udcff")
            error_line(f"argument {k}: byte 0x{bad:02x} is not UTF-8 text; give arguments as UTF-8")
            return EXIT_INPUT
    try:
        code = app(args=args, prog_name="skyrack", standalone_mode=False)
    except typer.TyperException as error:  # click's usage errors, as vendored by typer
        return _usage_error(error)
    except typer.Abort:
        error_line("aborted")
        return 130
    except BrokenPipeError:  # the reader of stdout went away: stop quietly, as `head` expects
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except SkyrackError as error:  # raised outside a command (an option callback)
        error_line(str(error))
        return EXIT_INPUT
    except Exception as error:
        error_line(internal_message(error), "internal error")
        return EXIT_INTERNAL
    return code if isinstance(code, int) else 0
