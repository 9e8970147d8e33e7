"""The ``skyrack report`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import SkyrackError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the main ``skyrack`` app."""

    @app.command("report")
    def report_command(
        scenario: Annotated[str, typer.Argument(help="Preset name, scenario YAML file, or RUN:<id> of a stored run.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
        set_: Annotated[
            list[str] | None, typer.Option("--set", "-s", help="Override a scenario field: path=value.")
        ] = None,
        png_dir: Annotated[
            Path | None, typer.Option("--png-dir", help="Also save every figure as PNG in this directory.")
        ] = None,
        samples: Annotated[int, typer.Option("--samples", help="Monte Carlo draws.")] = 200_000,
        sim_days: Annotated[float, typer.Option("--sim-days", help="Length of the simulated run, days.")] = 2.0,
        seed: Annotated[int, typer.Option("--seed", help="Random seed (simulation and Monte Carlo).")] = 0,
        reconcile_with: Annotated[
            str | None,
            typer.Option("--reconcile", help="Add a bridge to another preset, scenario or assumption file (mccalip)."),
        ] = None,
    ) -> None:
        """Write one self-contained HTML report: design, costs, plots, simulation, uncertainty, claims check."""
        from .build import build_report

        err = Console(stderr=True)
        start = time.perf_counter()
        try:
            path = build_report(
                scenario,
                out,
                png_dir,
                overrides=set_ or [],
                mc_samples=samples,
                sim_days=sim_days,
                seed=seed,
                reconcile_with=reconcile_with,
            )
        except SkyrackError as error:
            err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        extra = f" and PNG figures in {png_dir}/" if png_dir is not None else ""
        Console().print(f"report written to {path}{extra} in {time.perf_counter() - start:.1f} s", highlight=False)
