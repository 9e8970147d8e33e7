"""The ``skyrack workload`` command (added to the main app by :func:`register`)."""

from __future__ import annotations

import json
import math
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import SkyrackError
from ..links.cli import _console, _design, _fmt, _jsonable

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


def register(app: typer.Typer) -> None:
    """Add the ``workload`` command to the main ``skyrack`` app."""

    @app.command("workload")
    def workload_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        workload: Annotated[
            str, typer.Option("--workload", "-w", help="train-70b, chat-serving or eo-processing.")
        ] = "train-70b",
        set_: Annotated[
            list[str] | None, typer.Option("--set", "-s", help="Override a scenario field: path=value.")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print the goodput factors as JSON.")] = False,
    ) -> None:
        """Goodput of a named workload on the orbital system and on its terrestrial baseline."""
        err = Console(stderr=True)
        try:
            from . import compare
            from . import workload as get_workload

            get_workload(workload)
            cmp = compare(_design(scenario, set_ or []), workload)
        except SkyrackError as error:
            err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        console = _console()
        if json_out:
            console.print_json(json.dumps(_jsonable({"workload": workload, **cmp})))
            return
        console.print(_workload_table(scenario, workload, cmp))
