"""The ``skyrack workload`` command (added to the main app by :func:`register`)."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..cli_common import CatalogOption, JsonFlag, ScenarioArgument, SetOption, console, emit_json, friendly, overrides
from ..links.cli import _design

__all__ = ["register"]

WorkloadOption = Annotated[str, typer.Option("--workload", help="train-70b, chat-serving or eo-processing.")]

_FACTORS: tuple[tuple[str, str], ...] = (
    ("compute_flops", ""),
    ("availability", "× "),
    ("checkpoint_restart", "× "),
    ("network_efficiency", "× "),
    ("goodput_flops", "= "),
)
"""The goodput chain, top to bottom: compute times each efficiency."""


def _workload_table(name: str, wl: str, cmp: dict[str, dict[str, float]]) -> Table:
    from ..tables import cells, header

    t = Table(title=f"{name}: workload {wl}", header_style="bold")
    t.add_column("Quantity")
    t.add_column("Orbit", justify="right")
    t.add_column("Ground", justify="right")
    o, g = cmp["orbit"], cmp["ground"]
    keys = [*(f[0] for f in _FACTORS), *(k for k in o if k not in {f[0] for f in _FACTORS})]
    mark = dict(_FACTORS)
    for key in keys:
        name_ = f"workload.{key}"
        orbit, ground = cells(name_, [o[key], g.get(key, math.nan)])
        t.add_row(escape(mark.get(key, "") + header(name_)), orbit, ground)
    return t


def workload_command(
    scenario: ScenarioArgument,
    workload: WorkloadOption = "train-70b",
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Goodput of a named workload on the orbital system and on its terrestrial baseline."""
    from . import compare, workload as get_workload

    get_workload(workload)
    cmp = compare(_design(scenario, overrides(set_, catalog)), workload)
    if as_json:
        emit_json({"workload": workload, **cmp})
        return
    console(120).print(_workload_table(scenario, workload, cmp))


def register(app: typer.Typer) -> None:
    """Add the ``workload`` command to the main ``skyrack`` app."""
    app.command("workload")(friendly(workload_command))
