"""The ``skyrack workload`` command (added to the main app by :func:`register`)."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.table import Table

from ..cli_common import CatalogOption, JsonFlag, ScenarioArgument, SetOption, console, emit_json, friendly, overrides
from ..links.cli import _design, _fmt

__all__ = ["register"]


_FACTORS: tuple[tuple[str, str, float, str], ...] = (
    ("compute_flops", "compute, PFLOP/s", 1e-15, ",.1f"),
    ("availability", "× availability", 1.0, ".4f"),
    ("checkpoint_restart", "× (1 − checkpoint/restart)", 1.0, ".4f"),
    ("network_efficiency", "× network efficiency", 1.0, ".4f"),
    ("goodput_flops", "= goodput, PFLOP/s", 1e-15, ",.2f"),
)


def _workload_table(name: str, wl: str, cmp: dict[str, dict[str, float]]) -> Table:
    t = Table(title=f"{name}: workload {wl}", header_style="bold")
    t.add_column("quantity")
    t.add_column("orbit", justify="right")
    t.add_column("ground", justify="right")
    o, g = cmp["orbit"], cmp["ground"]
    for key, label, mult, spec in _FACTORS:
        t.add_row(label, _fmt(o[key] * mult, spec), _fmt(g[key] * mult, spec))
    extra = [k for k in o if k not in {f[0] for f in _FACTORS}]
    for key in extra:
        t.add_row(key.replace("_", " "), _fmt(o[key]), _fmt(g.get(key, math.nan)))
    return t


def workload_command(
    scenario: ScenarioArgument,
    workload: Annotated[
        str, typer.Option("--workload", help="train-70b, chat-serving or eo-processing.")
    ] = "train-70b",
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Goodput of a named workload on the orbital system and on its terrestrial baseline."""
    from . import compare
    from . import workload as get_workload

    get_workload(workload)
    cmp = compare(_design(scenario, overrides(set_, catalog)), workload)
    if as_json:
        emit_json({"workload": workload, **cmp})
        return
    console(120).print(_workload_table(scenario, workload, cmp))


def register(app: typer.Typer) -> None:
    """Add the ``workload`` command to the main ``skyrack`` app."""
    app.command("workload")(friendly(workload_command))
