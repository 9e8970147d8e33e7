"""The ``skyrack reconcile`` command (registered on the main app by :func:`register`).

It sits above the report layer (like :mod:`skyrack.store_cli`): ``--png`` draws the bridges with
:mod:`skyrack.report.published`, while :mod:`skyrack.reconcile` itself stays below the report.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from .cli_common import JsonFlag, check_out_file, console, emit_json, friendly

if TYPE_CHECKING:
    from .reconcile.bridge import Bridge, Reconciliation

__all__ = ["bridge_table", "line_items_table", "reconcile_command", "register"]


def bridge_table(r: Reconciliation, bridge: Bridge) -> Table:
    """The bridge of one figure: A's value, one row per group in the stated order, B's value, the check."""
    from .reconcile.bridge import BRIDGE_COLUMNS, bridge_rows

    q = bridge.quantity
    table = Table(title=f"{q.label} ({q.text}): {r.a.name} → {r.b.name}", header_style="bold")
    for col in BRIDGE_COLUMNS:
        table.add_column(
            col, overflow="fold", justify="right" if col in ("figure after", "change", "share") else "left"
        )
    for row in bridge_rows(r, bridge, most_changes=6):
        table.add_row(*row)
    table.caption = f"steps sum to the difference to {abs(bridge.residual):.1e} (residual); order: " + " → ".join(
        r.order
    )
    return table


def line_items_table(r: Reconciliation) -> Table:
    """The line items of A and B side by side (outputs of the registry)."""
    from .formatting import format_value
    from .outputs import OUTPUTS

    table = Table(title="line items side by side", header_style="bold")
    for col in ("item", r.a.name, r.b.name, "B / A"):
        table.add_column(col, justify="left" if col == "item" else "right")
    for name, a, b in r.line_items:
        ratio = f"{b / a:.2f}×" if a and math.isfinite(a) and math.isfinite(b) else "—"
        table.add_row(OUTPUTS[name].label, str(format_value(name, a)), str(format_value(name, b)), ratio)
    return table


def register(app: typer.Typer) -> None:
    """Add the ``reconcile`` command to the main ``skyrack`` app."""
    app.command("reconcile")(friendly(reconcile_command))


def reconcile_command(
    a: Annotated[str, typer.Argument(help="Side A: preset, scenario file or assumption file")],
    b: Annotated[str, typer.Argument(help="Side B: preset, scenario file or assumption file (e.g. mccalip)")],
    quantity: Annotated[
        list[str] | None,
        typer.Option(
            "--quantity", "-q", help="Figure to explain (repeatable; default: $/PFLOP-day and both cost ratios)"
        ),
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="Override a field on both sides: path=value")
    ] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also save the bridge chart(s) as PNG here")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Explain the difference between two assumption sets term by term: a bridge per headline figure.

    One assumption group at a time takes B's values, in the stated order (mass per kW, cost base, cost
    basis, launch price, discounting, schedule, utilisation, attrition and replacement, operations and
    insurance, ground baseline, lifetime, everything else); the steps sum to B minus A. Each side's
    feasibility is stated: the figures of an infeasible design are still explained, with why it is.
    """
    from .reconcile.bridge import DEFAULT_OUTPUTS, reconcile

    check_out_file(png, (".png",), "--png")
    r = reconcile(a, b, quantity or DEFAULT_OUTPUTS, set_ or [])
    if png is not None:
        _save_png(r, png)
    if as_json:
        emit_json(r.to_dict())
        return
    out = console()
    out.print(f"A: {r.a.name} ({r.a.source})\nB: {r.b.name} ({r.b.source})", highlight=False, markup=False)
    for side in (r.a, r.b):
        if side.reasons:
            out.print(f"{side.name} is infeasible: " + "; ".join(side.reasons), highlight=False, markup=False)
    for bridge in r.bridges:
        out.print(bridge_table(r, bridge))
    out.print(line_items_table(r))
    if r.b.assumptions is not None and r.b.assumptions.not_mapped:
        out.print("[bold]assumptions of B that no skyrack parameter expresses[/bold]")
        for m in r.b.assumptions.not_mapped:
            out.print(f"  · {m.assumption}: {m.reason}", highlight=False, markup=False)


def _save_png(r: Reconciliation, path: Path) -> None:
    """Each bridge as a PNG: ``path`` itself for one figure, ``stem-<output>.png`` for several."""
    from .report.build import write_pngs
    from .report.published import bridge_figure

    figures = {}
    for k, br in enumerate(r.bridges):
        target = path if len(r.bridges) == 1 else path.with_name(f"{path.stem}-{k + 1}{path.suffix or '.png'}")
        figures[target.stem] = bridge_figure(r, br)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pngs(figures, path.parent)  # kaleido, one browser session
