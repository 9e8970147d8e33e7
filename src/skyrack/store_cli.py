"""``skyrack runs``: list, show, export and remove the runs kept in the results store.

A run is named by its full id or by the first hex digits of it when they name
exactly one run (:mod:`skyrack.store`); nothing is ever matched as a pattern.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .cli_common import friendly

__all__ = ["register"]

RunId = Annotated[str, typer.Argument(help="Run id, or its first hex digits when they name one run.")]


def _seed(x: Any) -> str:
    return "—" if x is None or (isinstance(x, float) and not math.isfinite(x)) else str(x)


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, allow_nan=False) + "\n")


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160)


@friendly
def runs_list(
    kind: Annotated[str | None, typer.Option("--kind", help="Only runs of this kind.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List saved runs, newest first."""
    from . import store

    runs = store.list_runs(kind=kind)
    if as_json:
        _dump(runs)
        return
    table = Table(title=f"runs in {escape(str(store.home()))}", header_style="bold")
    for col in ("id", "kind", "created", "scenario", "sha256", "code", "seed"):
        table.add_column(col)
    for r in runs:
        cells = (r["id"], r["kind"], r["created"], str(r["scenario_name"]), (r["scenario_sha256"] or "")[:12])
        table.add_row(*(escape(str(c)) for c in cells), escape(str(r["code_version"])), _seed(r["seed"]))
    _console().print(table)


@friendly
def runs_show(run_id: RunId) -> None:
    """Print one run as JSON (record, scenario and summary)."""
    from . import store

    _dump(store.get_run(run_id))


@friendly
def runs_export(run_id: RunId, file: Annotated[Path, typer.Argument(help="Target .json, .parquet or .csv.")]) -> None:
    """Export a run's record (.json) or bulk results (.parquet, .csv)."""
    from . import store

    path = store.export_run(run_id, file)
    _console().print(f"wrote {escape(str(path))}")


@friendly
def runs_rm(run_id: RunId) -> None:
    """Delete one run and its bulk results."""
    from . import store

    _console().print(f"deleted {store.delete_run(run_id)}")


def register(app: typer.Typer) -> None:
    """Add the ``runs`` command group to the main ``skyrack`` app."""
    runs = typer.Typer(help="The results store: list, show, export and remove saved runs.", no_args_is_help=True)
    runs.command("list")(runs_list)
    runs.command("show")(runs_show)
    runs.command("export")(runs_export)
    runs.command("rm")(runs_rm)
    app.add_typer(runs, name="runs")
