"""The ``skyrack report`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import InputError, SkyrackError

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
        pricing: Annotated[
            str | None, typer.Option("--pricing", help="Launch pricing: market, or at_cost (the vehicle's owner).")
        ] = None,
    ) -> None:
        """Write one self-contained HTML report: design, costs, plots, simulation, uncertainty, claims check."""
        from .build import _as_result, build_report

        err = Console(stderr=True)
        start = time.perf_counter()
        try:
            if pricing not in (None, "market", "at_cost"):
                raise InputError("--pricing", pricing, "market or at_cost")
            sets = [*(set_ or []), *([f"deployment.pricing={pricing}"] if pricing else [])]
            result = _as_result(scenario, sets)
            path = build_report(result, out, png_dir, mc_samples=samples, sim_days=sim_days, seed=seed)
        except SkyrackError as error:
            err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        extra = f" and PNG figures in {png_dir}/" if png_dir is not None else ""
        Console().print(f"report written to {path}{extra} in {time.perf_counter() - start:.1f} s", highlight=False)
        if result.reasons:  # the report is written, and opens with why; the verdict still exits 2
            err.print(
                "error: infeasible design: " + "; ".join(result.reasons), markup=False, highlight=False, soft_wrap=True
            )
            raise typer.Exit(2)
