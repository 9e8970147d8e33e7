"""The ``skyrack report`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from .. import budgets
from ..cli_common import (
    CatalogOption,
    NoLimitsFlag,
    SeedOption,
    SetOption,
    check_evaluations,
    check_out_dir,
    check_out_file,
    check_seed,
    console,
    duration_s,
    exit_if_infeasible,
    friendly,
    overrides,
    renamed,
)
from ..errors import InputError

__all__ = ["register"]

DAY_S = 86400.0


def report_command(
    scenario: Annotated[str, typer.Argument(help="Preset name, scenario YAML file, or RUN:<id> of a stored run.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    set_: SetOption = None,
    catalog: CatalogOption = None,
    png_dir: Annotated[
        Path | None, typer.Option("--png-dir", help="Also save every figure as PNG in this directory.")
    ] = None,
    draws: Annotated[int, typer.Option("--draws", "-n", help="Monte Carlo draws.")] = 200_000,
    duration: Annotated[str, typer.Option("--duration", "-d", help="Length of the simulated run, e.g. '2 d'.")] = "2 d",
    seed: SeedOption = 0,
    pricing: Annotated[
        str | None, typer.Option("--pricing", help="Launch pricing: market, or at_cost (the vehicle's owner).")
    ] = None,
    no_limits: NoLimitsFlag = False,
    reconcile_with: Annotated[
        str | None,
        typer.Option("--reconcile", help="Add a bridge to another preset, scenario or assumption file (mccalip)."),
    ] = None,
    old_samples: Annotated[int | None, typer.Option("--samples", hidden=True)] = None,
    old_sim_days: Annotated[float | None, typer.Option("--sim-days", hidden=True)] = None,
) -> None:
    """Write one self-contained HTML report: design, costs, plots, simulation, uncertainty, claims check."""
    from .build import _as_result, build_report

    draws = renamed(draws, old_samples, "--samples", "--draws/-n")
    duration = renamed(duration, old_sim_days, "--sim-days", "--duration '2 d'", lambda days: f"{days!r} d")
    sim_days = duration_s(duration) / DAY_S
    if draws < 100:
        raise InputError("--draws", draws, "at least 100 Monte Carlo draws")
    check_evaluations("--draws", draws, no_limits)
    if not no_limits:
        budgets.check_budget("--duration", sim_days, 366.0, "simulated days (three satellites)")
    check_seed(seed)
    check_out_file(out, (".html", ".htm"))
    check_out_dir(png_dir, "--png-dir")
    if pricing not in (None, "market", "at_cost"):
        raise InputError("--pricing", pricing, "market or at_cost")
    start = time.perf_counter()
    given = [*overrides(set_, catalog), *([f"deployment.pricing={pricing}"] if pricing else [])]
    result = _as_result(scenario, given)
    if reconcile_with is not None:
        from ..reconcile.bridge import load_side

        load_side(reconcile_with, result.scenario)  # a name that is nothing fails now, not after the report's work
    path = build_report(
        result, out, png_dir, mc_samples=draws, sim_days=sim_days, seed=seed, reconcile_with=reconcile_with
    )
    extra = f" and PNG figures in {png_dir}/" if png_dir is not None else ""
    console().print(f"report written to {path}{extra} in {time.perf_counter() - start:.1f} s", highlight=False)
    exit_if_infeasible(result.reasons)  # the report is written and opens with why; the verdict still exits 2


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the main ``skyrack`` app."""
    app.command("report")(friendly(report_command))
