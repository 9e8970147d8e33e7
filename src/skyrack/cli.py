"""Command-line interface: ``skyrack design | compare | presets | schema | provenance | validate``."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .analysis.cli import register as _register_analysis
from .claims.cli import register as _register_claims
from .deploy.cli import register as _register_deploy
from .errors import SkyrackError
from .links.cli import register as _register_links
from .reconcile.cli import register as _register_reconcile
from .report.cli import register as _register_report
from .simulate.cli import register as _register_simulate
from .web.cli import register as _register_web

app = typer.Typer(
    name="skyrack",
    help="Design, simulate and cost AI data centers in Earth orbit, side by side with terrestrial ones.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

CatalogOption = Annotated[
    list[str] | None,
    typer.Option("--catalog", "-c", help="Extra catalog YAML file (new or shadowing entries); repeatable"),
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", "-s", help="Override a scenario field: path=value, e.g. satellite.thermal.emissivity=0.92"),
]


def friendly(func: F) -> F:
    """Turn skyrack's own errors into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SkyrackError as error:
            err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _overrides(set_: list[str] | None, catalogs: list[str] | None) -> list[str]:
    """``--set`` overrides plus ``--catalog`` files as a ``catalog_files`` override."""
    extra = [f"catalog_files={json.dumps([str(Path(c).resolve()) for c in catalogs])}"] if catalogs else []
    return [*(set_ or []), *extra]


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


def si(value: float | None, unit: str, digits: int = 3) -> str:
    """Format with an SI prefix: 4.2e7 W → '42 MW'."""
    if value is None or not math.isfinite(value):
        return "—"
    prefixes = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
    for scale, prefix in prefixes:
        if abs(value) >= scale:
            return f"{value / scale:.{digits}g} {prefix}{unit}"
    return f"{value:.{digits}g} {unit}"


def num(value: float | None, spec: str = ",.0f", unit: str = "") -> str:
    """Format a number, or an em dash when it is missing (an infeasible design)."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:{spec}}" + (f" {unit}" if unit else "")


def money(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"${value / scale:,.3g}{suffix}"
    return f"${value:,.2f}" if abs(value) < 100 else f"${value:,.0f}"


def _design_table(summary: dict[str, Any]) -> Table:
    o, pw, th, c, m, la, ec, te, be = (
        summary[k]
        for k in (
            "orbit",
            "power",
            "thermal",
            "compute",
            "mass",
            "launch",
            "economics",
            "terrestrial",
            "breakeven",
        )
    )
    table = Table(title=f"skyrack design: {summary['scenario']}", show_header=True, header_style="bold")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    per_sat = summary["constellation"]["satellites"]
    rows = [
        (
            "orbit",
            f"{o['kind']} {o['altitude_km']:.0f} km, i {num(o['inclination_deg'], '.2f')}°, "
            f"P {o['period_s'] / 60:.1f} min",
        ),
        (
            "sunlit fraction / eclipse days / longest eclipse",
            f"{o['sunlit_fraction']:.3f} / {o['eclipse_days_per_year']:.0f} d / {o['max_eclipse_s'] / 60:.1f} min",
        ),
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
            f"{num(pw['array_mass_kg'], unit='kg')} / {si(pw['array_power_bol_w'], 'W')}",
        ),
        ("battery (per sat)", f"{si(pw['battery_wh'], 'Wh')} / {num(pw['battery_mass_kg'], unit='kg')}"),
        (
            "radiator T / sink T / net flux (per sat)",
            f"{num(th['radiator_temperature_k'])} K / "
            f"{num(th['sink_temperature_k'])} K / {num(th['radiator_net_flux_w_per_m2'], unit='W/m²')}",
        ),
        (
            "radiator area / mass (per sat)",
            f"{num(th['radiator_area_m2'], unit='m²')} / {num(th['radiator_mass_kg'], unit='kg')}",
        ),
        (
            "mass per satellite / total",
            f"{num(m['per_satellite_kg'], unit='kg')} / "
            f"{si(None if m['total_kg'] is None else m['total_kg'] * 1e3, 'g')}",
        ),
        (
            "launches (by mass, by volume)",
            f"{num(la['launches'])} {la['vehicle']} ({num(la['launches_by_mass'])}, {num(la['launches_by_volume'])})",
        ),
        (
            "launch cost / $ per kg / $ per kW-yr",
            f"{money(la['cost_usd'])} / {money(la['usd_per_kg'])} / {money(la['usd_per_kw_year'])}",
        ),
        (
            "capex / opex per yr / TCO (discounted)",
            f"{money(ec['capex_usd'])} / {money(ec['opex_usd_per_year'])} / {money(ec['tco_usd'])}",
        ),
        (
            "orbit: $/PFLOP-day, $/accel-h, LCOE",
            f"{money(ec['usd_per_pflop_day'])}, "
            f"{money(ec['usd_per_accelerator_hour'])}, {money(ec['lcoe_usd_per_mwh'])}/MWh",
        ),
        (
            f"ground ({te['kind']}): $/PFLOP-day, $/accel-h, LCOE",
            f"{money(te['usd_per_pflop_day'])}, "
            f"{money(te['usd_per_accelerator_hour'])}, {money(te['lcoe_usd_per_mwh'])}/MWh",
        ),
        (
            "water / CO2e avoided by orbit",
            f"{num(summary['environment']['water_avoided_m3'], unit='m³')} / "
            f"{si(_kg_to_g(summary['environment']['co2e_avoided_kg']), 'g')}",
        ),
        ("breakeven launch price", be["launch"]),
    ]
    for d in be["parity"].values():
        parity = "none in range" if d["parity"] is None else f"{d['parity']:,.4g}"
        rows.append((f"parity: {d['label']} [{d['unit']}]", f"{parity} (now {d['current']:,.4g})"))
    feas = summary["feasibility"]
    rows.append(("feasible", "yes" if feas["feasible"] else "NO: " + "; ".join(feas["reasons"])))
    for name, value in rows:
        table.add_row(name, value)
    return table


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None else f"{a / b:.1f}x"


def _kg_to_g(value: float | None) -> float | None:
    return None if value is None else value * 1e3


@app.command()
@friendly
def design(
    scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file")],
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Size and cost one orbital data center and its terrestrial twin."""
    from .model import design as run

    result = run(scenario, _overrides(set_, catalog))
    summary = result.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=2, default=float) + "\n")
    else:
        console.print(_design_table(summary))
    _exit_if_infeasible(result.reasons)


def _exit_if_infeasible(reasons: list[str]) -> None:
    """An impossible design: its reasons on one stderr line, exit code 2."""
    if reasons:
        err.print("error: infeasible design: " + "; ".join(reasons), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2)


@app.command()
@friendly
def compare(
    scenarios: Annotated[list[str] | None, typer.Argument(help="Presets or files (default: every preset)")] = None,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    both_pricings: Annotated[
        bool, typer.Option("--owner-pricing", help="Also show each system's launch campaign at market and at cost")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list")] = False,
) -> None:
    """Compare orbital and terrestrial figures side by side for several systems."""
    from .model import compare as run
    from .model import preset_names

    results = run(scenarios or preset_names(), _overrides(set_, catalog))
    summaries = [r.to_dict() for r in results]
    if as_json:
        sys.stdout.write(json.dumps(summaries, indent=2, default=float) + "\n")
        return
    design_table = Table(title="skyrack compare: the designs", header_style="bold")
    for col in (
        "system",
        "satellites",
        "IT power",
        "mass",
        "launches",
        "sunlit",
        "delivered BF16",
        "binding",
        "feasible",
    ):
        design_table.add_column(col, justify="left" if col in ("system", "binding", "feasible") else "right")
    cost_table = Table(title="skyrack compare: orbit vs ground, same delivered compute", header_style="bold")
    for col in (
        "system",
        "orbit $/PFLOP-day",
        "ground $/PFLOP-day",
        "orbit / ground",
        "orbit $/accel-h",
        "ground $/accel-h",
        "orbit LCOE $/MWh",
        "ground LCOE $/MWh",
        "breakeven launch",
    ):
        cost_table.add_column(col, justify="left" if col == "system" else "right", no_wrap=col == "system")
    for s in summaries:
        ec, te, c = s["economics"], s["terrestrial"], s["compute"]
        feas = s["feasibility"]
        design_table.add_row(
            s["scenario"],
            num(s["constellation"]["satellites"]),
            si(c["it_power_w"], "W"),
            si(_kg_to_g(s["mass"]["total_kg"]), "g"),
            f"{num(s['launch']['launches'])} {s['launch']['vehicle']}",
            f"{s['orbit']['sunlit_fraction']:.3f}",
            si(c["delivered_flops"], "FLOP/s"),
            c["binding_limit"],
            "yes" if feas["feasible"] else "no: " + "; ".join(feas["reasons"]),
        )
        cost_table.add_row(
            s["scenario"],
            money(ec["usd_per_pflop_day"]),
            money(te["usd_per_pflop_day"]),
            _ratio(ec["usd_per_pflop_day"], te["usd_per_pflop_day"]),
            money(ec["usd_per_accelerator_hour"]),
            money(te["usd_per_accelerator_hour"]),
            money(ec["lcoe_usd_per_mwh"]),
            money(te["lcoe_usd_per_mwh"]),
            s["breakeven"]["launch"],
        )
    console.print(design_table)
    console.print(cost_table)
    if both_pricings:
        console.print(_owner_pricing_table(results))


def _owner_pricing_table(results: Sequence[Any]) -> Table:
    """Each system's deployment at the market launch price and at the vehicle owner's cost."""
    from .deploy import compare_pricing

    table = Table(title="owning the rocket: deployment at market price and at cost", header_style="bold")
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

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command()
@friendly
def parameters(
    prefix: Annotated[str, typer.Argument(help="Only parameters whose path starts with this")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON records")] = False,
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
        sys.stdout.write(json.dumps(rows, indent=2, default=str) + "\n")
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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON records")] = False,
) -> None:
    """List every default number with its source: scenario defaults and catalog entries."""
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
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title=f"skyrack provenance ({len(rows)} defaults)", header_style="bold")
    for col in ("item", "value", "source", "date", "confidence"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(row["item"], row["value"], row["source"], row["date"], row["confidence"])
    console.print(table)


@app.command()
@friendly
def validate(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON results")] = False,
) -> None:
    """Reproduce the published reference cases (pass/fail), then check the presets' published claims."""
    from .claims.cli import print_preset_claims
    from .claims.verdict import check_presets
    from .validation import run_cases

    results = run_cases()
    claims = check_presets()
    if as_json:
        cases = [r.to_dict() for r in results]
        verdicts = [{"preset": name, **v.to_dict()} for name, vs in claims.items() for v in vs]
        body = {"passed": all(c["passed"] for c in cases), "cases": cases, "claims": verdicts}
        sys.stdout.write(json.dumps(body, indent=2, default=float) + "\n")
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


_register_simulate(app)
_register_links(app)
_register_deploy(app)
_register_analysis(app)
_register_report(app)
_register_web(app)
_register_claims(app)
_register_reconcile(app)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    app(args=list(argv) if argv is not None else None, prog_name="skyrack")
