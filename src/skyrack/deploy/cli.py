"""The ``skyrack deploy`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .._json import json_safe
from ..cli_common import (
    CatalogOption,
    JsonFlag,
    ScenarioArgument,
    SetOption,
    check_out_file,
    console,
    duration_s,
    emit_json,
    exit_if_infeasible,
    friendly,
    overrides,
    renamed,
)
from ..errors import InputError
from ..formatting import format_cells
from ..outputs import CURRENCY

YEAR_S = 365.25 * 86400.0

__all__ = ["assumptions_table", "register", "timeline_table"]

YearsOption = Annotated[
    str | None, typer.Option("--duration", "-d", help="Years to plan, e.g. '15 yr' (whole years, 1-50).")
]
PricingOption = Annotated[
    str | None, typer.Option("--pricing", help="Launch pricing: market or at_cost (vehicle owner).")
]


def _fmt(x: Any, spec: str) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "—"
    return f"{x:{spec}}"


TIMELINE_COLUMNS: tuple[str, ...] = (
    "year",
    "orbit_launches",
    "orbit_satellites_in_orbit",
    "orbit_it_mw",
    "orbit_pflops",
    "ground_it_mw",
    "ground_pflops",
    "orbit_usd_per_pflop_day",
    "ground_usd_per_pflop_day",
    "orbit_co2e_kg",
)
"""The columns of the deployment timeline the table shows (``--out`` writes them all)."""


def timeline_table(timeline: Any) -> Table:
    """A rich table of compute online by year, orbit next to ground, labelled from the output registry."""
    from ..tables import frame_table

    s = timeline.summary
    title = (
        f"{s['scenario']}: {s['vehicle']} x{s['vehicles']} ({s['flights_per_year']:,.0f} flights/yr), "
        f"{s['pricing']} pricing"
    )
    table: Table = frame_table(timeline.frame[list(TIMELINE_COLUMNS)], title, group="deploy")
    return table


def deploy_command(
    scenario: ScenarioArgument,
    duration: YearsOption = None,
    pricing: PricingOption = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the table to FILE.csv or .parquet.")] = None,
    as_json: JsonFlag = False,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    old_years: Annotated[int | None, typer.Option("--years", "-y", hidden=True)] = None,
) -> None:
    """Compute online by year: the launch campaign in orbit against the ground's build and grid queue."""
    from . import deploy

    duration = renamed(duration, old_years, "--years", "--duration '15 yr'", lambda years: f"{years} yr")
    check_out_file(out, (".csv", ".parquet"))
    if pricing is not None and pricing not in ("market", "at_cost"):
        raise InputError("--pricing", pricing, "market or at_cost")
    settings: dict[str, Any] = {}
    if duration is not None:
        settings["years"] = _whole_years(duration)
    if pricing is not None:
        settings["pricing"] = pricing
    timeline = deploy(scenario, settings, overrides=overrides(set_, catalog))
    if out is not None:
        timeline.write(out)
    if as_json:
        rows = json.loads(timeline.frame.to_json(orient="records"))
        emit_json({"summary": json_safe(timeline.summary), "years": rows})
    else:
        _show(timeline, out)
    exit_if_infeasible(timeline.reasons)  # the design's verdict: exit 2, as skyrack design does


def assumptions_table(rows: list[dict[str, str]]) -> Table:
    """Every assumption the campaign rests on, with its value and source (labels from the parameter registry)."""
    from ..tables import header

    table = Table(title="deployment assumptions and their sources", header_style="bold")
    for col in ("Parameter", "Value", "Source"):
        table.add_column(col, overflow="fold")
    for row in rows:
        try:
            label = header(row["parameter"])
        except InputError:  # not a scenario parameter: shown as it is named
            label = row["parameter"]
        table.add_row(escape(label), escape(row["value"]), escape(row["source"]))
    return table


def _whole_years(text: str) -> int:
    years = duration_s(text) / YEAR_S
    if abs(years - round(years)) > 1e-6:
        raise InputError("--duration", text, "a whole number of years, e.g. '15 yr'")
    return round(years)


def _show(timeline: Any, out: Path | None) -> None:
    shown = console()
    shown.print(timeline_table(timeline))
    s = timeline.summary
    full, orbit, ground = (
        _fmt(s[key], "g") for key in ("years_to_full_fleet", "orbit_years_to_target", "ground_years_to_target")
    )
    shown.print(
        f"initial deployment: {s['initial_launches']:,.0f} launches; fleet complete after {full} yr; "
        f"orbit reaches target after {orbit} yr, ground after {ground} yr "
        f"(first power {s['ground_first_power_years']:g} yr)",
        highlight=False,
    )
    market, owner, margin = format_cells(
        [s[key] for key in ("market_usd_per_flight", "at_cost_usd_per_flight", "margin_usd_per_flight")], "USD", "money"
    )
    shown.print(f"launch per flight: market {market}, at cost {owner}, margin {margin}", highlight=False)
    orbit, ground, d_orbit, d_ground = format_cells(
        [s[key] for key in ("orbit_usd_per_pflop_day", "ground_usd_per_pflop_day",
                            "design_orbit_usd_per_pflop_day", "design_ground_usd_per_pflop_day")],
        "USD/PFLOP_day", "money", common_scale=False,
    )  # fmt: skip
    shown.print(
        f"discounted cost per delivered PFLOP-day over {timeline.settings.years} yr (residual value credited): "
        f"orbit {orbit} (design {d_orbit}), ground {ground} (design {d_ground}); money in {CURRENCY}",
        highlight=False,
    )
    shown.print(assumptions_table(s["assumptions"]))
    for reason in s["reasons"]:
        shown.print(f"infeasible: {reason}", highlight=False, markup=False)
    if out is not None:
        shown.print(f"written to {out}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``deploy`` command to the main ``skyrack`` app."""
    app.command("deploy")(friendly(deploy_command))
