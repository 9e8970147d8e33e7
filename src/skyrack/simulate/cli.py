"""The ``skyrack simulate`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..errors import InputError, SkyrackError

__all__ = ["fleet_table", "register"]

_ROWS: tuple[tuple[str, str, str, float], ...] = (
    # key, label, format, multiplier
    ("satellites_simulated", "satellites simulated", ",.0f", 1.0),
    ("satellites_in_fleet", "satellites in fleet", ",.0f", 1.0),
    ("satellite_steps", "satellite-steps", ",.0f", 1.0),
    ("sunlit_fraction", "sunlit fraction (design)", ".4f", 1.0),
    ("max_eclipse_s", "longest eclipse, min (design)", ".1f", 1 / 60),
    ("max_depth_of_discharge", "max depth of discharge (design)", ".3f", 1.0),
    ("max_radiator_temperature_k", "max radiator temperature, K (design)", ".1f", 1.0),
    ("power_throttled_fraction", "time power-throttled", ".2%", 1.0),
    ("thermal_throttled_fraction", "time thermally throttled", ".2%", 1.0),
    ("availability", "compute availability", ".2%", 1.0),
    ("goodput", "goodput (checkpoint/restart)", ".2%", 1.0),
    ("delivered_pflop_days", "delivered compute, PFLOP-days", ",.0f", 1.0),
    ("it_energy_mwh", "IT energy, MWh", ",.0f", 1.0),
    ("dose_krad_per_year", "dose, krad(Si)/yr", ".3f", 1.0),
    ("silent_data_corruptions", "silent data corruptions", ",.0f", 1.0),
    ("functional_interrupts", "functional interrupts", ",.0f", 1.0),
    ("satellites_failed", "satellites failed", ",.0f", 1.0),
    ("accelerators_failed", "accelerators failed", ",.0f", 1.0),
    ("capacity_remaining", "capacity remaining at end", ".2%", 1.0),
    ("contact_minutes_per_day", "contact minutes per day", ",.1f", 1.0),
    ("downlink_tb", "downlink volume, TB", ",.0f", 1.0),
)
_DESIGN = {
    "sunlit_fraction": "design_sunlit_fraction",
    "max_eclipse_s": "design_max_eclipse_s",
    "max_depth_of_discharge": "design_depth_of_discharge",
    "max_radiator_temperature_k": "design_radiator_temperature_k",
}


def fleet_table(fleet: dict[str, float], title: str = "fleet KPIs") -> Table:
    """A rich table of the fleet KPIs of a :class:`skyrack.simulate.SimulationResult`."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("quantity")
    table.add_column("simulated", justify="right")
    table.add_column("design", justify="right")
    for key, label, spec, mult in _ROWS:
        value = fleet.get(key)
        if value is None:
            continue
        design_key = _DESIGN.get(key)
        design = fleet.get(design_key) if design_key else None

        def fmt(x: float | None, spec: str = spec, mult: float = mult) -> str:
            if x is None or not math.isfinite(x):
                return "—"
            return f"{x * mult:{spec}}"

        table.add_row(label.replace(" (design)", ""), fmt(value), fmt(design) if design_key else "")
    return table


def _seconds(text: str, field: str) -> float:
    from ..units import to_unit  # pint: loaded when a command runs, not at --help

    value = to_unit(text, "s", field=field)
    if value <= 0:
        raise InputError(field, text, "a positive time, e.g. '30 s', '1 yr'")
    return value


DEFAULT_SAMPLE = 1000
"""Largest fleet simulated whole by default; bigger fleets are sampled unless --satellites says otherwise."""


def register(app: typer.Typer) -> None:
    """Add the ``simulate`` command to the main ``skyrack`` app."""

    @app.command("simulate")
    def simulate_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        duration: Annotated[
            str | None,
            typer.Option(
                "--duration", "-d", help="Run length, e.g. '1yr', '30 day' (default: 1 yr or the mission life)."
            ),
        ] = None,
        step: Annotated[str, typer.Option("--step", help="Time step, e.g. '30s'.")] = "30 s",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write Parquet + JSON results here.")] = None,
        satellites: Annotated[
            int | None,
            typer.Option(
                "--satellites", "-n", help="Simulate a seeded sample of N satellites (default: all, at most 1,000)."
            ),
        ] = None,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
        tle: Annotated[Path | None, typer.Option("--tle", help="Fleet from a TLE file (SGP4).")] = None,
        omm: Annotated[Path | None, typer.Option("--omm", help="Fleet from a CCSDS OMM file (XML/JSON/KVN).")] = None,
        propagator: Annotated[str, typer.Option("--propagator", help="j2 or sgp4 for design orbits.")] = "j2",
        layout: Annotated[str, typer.Option("--layout", help="auto, cluster, train or walker.")] = "auto",
        set_: Annotated[
            list[str] | None, typer.Option("--set", "-s", help="Override a scenario field: path=value.")
        ] = None,
        json_out: Annotated[bool, typer.Option("--json", help="Print the fleet KPIs as JSON.")] = False,
    ) -> None:
        """Simulate every satellite over time: power, battery, heat, dose, failures, contacts."""
        err = Console(stderr=True)
        try:
            _run(
                scenario, duration, step, out, satellites, seed, tle, omm, propagator, layout, set_ or [], json_out, err
            )
        except SkyrackError as error:
            err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None


def _run(
    scenario: str,
    duration: str | None,
    step: str,
    out: Path | None,
    satellites: int | None,
    seed: int,
    tle: Path | None,
    omm: Path | None,
    propagator: str,
    layout: str,
    overrides: list[str],
    json_out: bool,
    err: Console,
) -> None:
    import json

    from ..model import design, load_scenario
    from . import SkyrackWarning, simulate

    duration_s = None if duration is None else _seconds(duration, "duration")
    step_s = _seconds(step, "step")
    scn = load_scenario(scenario, overrides)
    result = design(scn, parity=False)
    fleet = int(result.values["constellation.satellites"])
    if satellites is None and tle is None and omm is None and fleet > DEFAULT_SAMPLE:
        satellites = DEFAULT_SAMPLE
        err.print(
            f"note: simulating a seeded sample of {DEFAULT_SAMPLE:,} of the {fleet:,} satellites (fleet totals are "
            f"scaled up); pass --satellites {fleet} to simulate every one",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    console = Console(width=None if sys.stdout.isatty() else 120)
    with Progress(
        TextColumn("[bold]simulating[/]"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=json_out or not err.is_terminal,
    ) as bar:
        task = bar.add_task("simulate", total=1.0)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done / max(total, 1))

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SkyrackWarning)
            run = simulate(
                result,
                duration_s=duration_s,
                step_s=step_s,
                satellites=satellites,
                seed=seed,
                progress=advance,
                out_dir=out,
                tle=tle,
                omm=omm,
                propagator=propagator,
                layout=layout,
            )
    for w in caught:
        if issubclass(w.category, SkyrackWarning):
            err.print(f"warning: {w.message}", markup=False, highlight=False, soft_wrap=True)
    if json_out:
        payload: dict[str, Any] = {"fleet": run.fleet, "meta": run.meta}
        console.print_json(json.dumps(payload, default=str))
        return
    meta = run.meta
    console.print(
        fleet_table(
            run.fleet,
            title=f"{meta['scenario']}: {meta['satellites_simulated']} satellites, "
            f"{meta['duration_s'] / 86400:.1f} days at {meta['step_s']:g} s",
        )
    )
    console.print(
        f"{meta['stepping_satellite_steps_per_s'] / 1e6:.1f} million satellite-steps/s "
        f"({meta['stepping_s']:.1f} s stepping, {meta['setup_s']:.1f} s set-up)",
        highlight=False,
    )
    if out is not None:
        console.print(
            f"results written to {out}/ (timeseries.parquet, satellites.parquet, fleet.json)", highlight=False
        )
