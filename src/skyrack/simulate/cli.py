"""The ``skyrack simulate`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..cli_common import (
    CatalogOption,
    JsonFlag,
    NoLimitsFlag,
    ScenarioArgument,
    SetOption,
    check_out_dir,
    check_seed,
    check_simulation,
    check_step,
    check_workers,
    console,
    duration_s,
    emit_json,
    err_console,
    error_line,
    friendly,
    note,
    overrides,
)
from ..errors import InputError

__all__ = ["fleet_table", "register"]

_ROWS: tuple[tuple[str, str, str, float], ...] = (
    # key, label, format, multiplier
    ("satellites_simulated", "satellites simulated", ",.0f", 1.0),
    ("satellites_in_fleet", "satellites in fleet", ",.0f", 1.0),
    ("satellite_steps", "satellite-steps", ",.0f", 1.0),
    ("sunlit_fraction", "sunlit fraction: out of eclipse (design)", ".4f", 1.0),
    ("mean_illumination", "mean illumination, penumbra half dark (design)", ".4f", 1.0),
    ("eclipse_days", "eclipse days (simulated: in the run; design: per year)", ".1f", 1.0),
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
    "mean_illumination": "design_mean_illumination",
    "eclipse_days": "design_eclipse_days_per_year",
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


DaskOption = Annotated[str | None, typer.Option("--dask", help="'local': step the partitions on a Dask LocalCluster.")]
SchedulerOption = Annotated[
    str | None, typer.Option("--scheduler", help="Step the partitions on a Dask cluster, e.g. tcp://HOST:8786.")
]
DEFAULT_SAMPLE = 1000
"""Largest fleet simulated whole by default; bigger fleets are sampled unless --satellites says otherwise."""
YEAR_S = 365.25 * 86400.0


def simulate_command(
    scenario: ScenarioArgument,
    duration: Annotated[
        str | None,
        typer.Option("--duration", "-d", help="Run length, e.g. '1 yr', '30 d' (default: 1 yr or the mission life)."),
    ] = None,
    step: Annotated[
        str | None, typer.Option("--step", help="Time step, e.g. '30 s', at least 10 s (default: simulation.step).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write Parquet + JSON results in this directory.")
    ] = None,
    satellites: Annotated[
        str | None,
        typer.Option(
            "--satellites",
            help="Simulate a seeded sample of N satellites, or 'all' (default: all, at most 1,000 unless 'all').",
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Random seed (default: simulation.seed).")] = None,
    tle: Annotated[Path | None, typer.Option("--tle", help="Fleet from a TLE file (SGP4).")] = None,
    omm: Annotated[Path | None, typer.Option("--omm", help="Fleet from a CCSDS OMM file (XML/JSON/KVN).")] = None,
    propagator: Annotated[
        str | None, typer.Option("--propagator", help="j2 or sgp4 for design orbits (default: simulation.propagator).")
    ] = None,
    layout: Annotated[
        str | None, typer.Option("--layout", help="auto, cluster, train or walker (default: constellation.layout).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            help="Local worker processes, each stepping partitions of the fleet; 1 (default) runs in this process "
            "on every core. With --dask local: its workers.",
        ),
    ] = None,
    dask: DaskOption = None,
    scheduler: SchedulerOption = None,
    per_satellite: Annotated[
        bool,
        typer.Option("--per-satellite", help="Also write every satellite's binned series (per_satellite.parquet)."),
    ] = False,
    positions: Annotated[
        bool,
        typer.Option("--positions", help="Write positions (ECI, ECEF, lat/lon/alt) to positions.parquet; needs --out."),
    ] = False,
    positions_every: Annotated[
        str, typer.Option("--positions-every", help="Interval between recorded positions, e.g. '60 s', '5 min'.")
    ] = "60 s",
    positions_satellites: Annotated[
        int, typer.Option("--positions-satellites", help="Record positions of the first N simulated satellites.")
    ] = 100,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    no_limits: NoLimitsFlag = False,
) -> None:
    """Simulate every satellite over time: power, battery, heat, dose, failures, contacts.

    With --positions (and --out) the run also writes its satellites' positions; `skyrack export RUN
    --format oem|czml|kml` turns them into an ephemeris or a visualisation file.
    """
    from ..model import design, load_scenario

    run_s = None if duration is None else duration_s(duration)
    if seed is not None:
        check_seed(seed)
    whole, sample = _satellites_option(satellites)
    check_workers(workers, None, no_limits)
    check_out_dir(out)
    record = _positions(positions, positions_every, positions_satellites, out)
    fleet_file = _fleet_file(tle, omm)
    scn = load_scenario(scenario, overrides(set_, catalog))
    step_s = duration_s(step, "--step") if step is not None else float(scn.simulation.step)
    check_step(step_s, no_limits)
    result = design(scn, parity=False)
    result.require_satellites("simulating")
    fleet = len(fleet_file) if fleet_file is not None else int(result.values["constellation.satellites"])
    count: int | None = fleet if whole else sample if sample is not None else scn.simulation.satellites
    if count is None and fleet_file is None and fleet > DEFAULT_SAMPLE:
        count = DEFAULT_SAMPLE
        note(
            f"note: simulating a seeded sample of {DEFAULT_SAMPLE:,} of the {fleet:,} satellites (fleet totals are "
            "scaled up); pass --satellites all to simulate every one"
        )
    length = run_s if run_s is not None else min(YEAR_S, float(result.params["mission.lifetime"]) * YEAR_S)
    check_simulation("--satellites", min(count or fleet, fleet), math.ceil(length / step_s), 1, no_limits)
    extra = {"per_satellite": per_satellite, "positions": record}
    with _executor(workers, dask, scheduler) as executor:
        run = _simulate(
            result, run_s, step_s, count, seed, out, tle, omm, propagator, layout, executor, extra, quiet=as_json
        )
    if as_json:
        emit_json({"fleet": run.fleet, "meta": run.meta})
        return
    _show(run, out)


def _satellites_option(text: str | None) -> tuple[bool, int | None]:
    """``--satellites``: 'all' (the whole fleet) or a sample size of at least 1."""
    if text is None:
        return False, None
    if text.strip().lower() == "all":
        return True, None
    try:
        n = int(text.strip().replace("_", "").replace(",", ""))
    except ValueError:
        raise InputError("--satellites", text[:40], "a whole number of satellites, or 'all'") from None
    if n < 1:
        raise InputError("--satellites", n, "at least 1, or 'all'")
    return False, n


_EXECUTORS: list[Callable[..., Any]] = []
"""The executor factory (``make_executor(workers, dask, scheduler)`` of :mod:`skyrack.analysis.executor`),
given by the main CLI at registration: the executors live in a layer above simulate."""


@contextlib.contextmanager
def _executor(workers: int | None, dask: str | None, scheduler: str | None) -> Iterator[Any]:
    """The executor of the partitions the options ask for (None: this process), closed after the run."""
    if not scheduler and dask is None and (workers or 1) == 1:
        yield None
        return
    if not _EXECUTORS:
        raise InputError("--workers", workers, "1 here: this command was registered without executors")
    executor = _EXECUTORS[-1](workers or 1, dask, scheduler)
    try:
        yield executor
    finally:
        executor.close()


def _positions(on: bool, every: str, satellites: int, out: Path | None) -> Any:
    """The positions request of the flags (None without --positions), checked before any work."""
    from .positions import Positions

    if not on:
        return None
    if out is None:
        raise InputError("--positions", "no --out", "give --out DIR: positions are written to DIR/positions.parquet")
    return Positions(duration_s(every, "--positions-every"), satellites)


def _fleet_file(tle: Path | None, omm: Path | None) -> Any:
    """The fleet of a TLE or OMM file, read (and checked) before any work; None for a design fleet."""
    from .propagate import read_fleet_file

    if tle is not None and omm is not None:
        raise InputError("--tle", str(tle), "give --tle or --omm, not both")
    if tle is None and omm is None:
        return None
    return read_fleet_file(tle if tle is not None else omm, "tle" if tle is not None else "omm")  # type: ignore[arg-type]


def _simulate(
    result: Any, run_s: float | None, step_s: float, satellites: int | None, seed: int | None, out: Path | None,
    tle: Path | None, omm: Path | None, propagator: str | None, layout: str | None, executor: Any,
    extra: dict[str, Any], *, quiet: bool,
) -> Any:  # fmt: skip
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from . import SkyrackWarning, simulate

    err = err_console()
    with Progress(
        TextColumn("[bold]simulating[/]"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task("simulate", total=1.0)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done / max(total, 1))

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SkyrackWarning)
            run = simulate(
                result, layout=layout, tle=tle, omm=omm, progress=advance, out_dir=out,
                duration=run_s, step=step_s, satellites=satellites, seed=seed, propagator=propagator,
                executor=executor, **extra,
            )  # fmt: skip
    for w in caught:
        if issubclass(w.category, SkyrackWarning):
            error_line(str(w.message), "warning")
    return run


def _show(run: Any, out: Path | None) -> None:
    shown = console(120)
    meta = run.meta
    shown.print(
        fleet_table(
            run.fleet,
            title=f"{meta['scenario']}: {meta['satellites_simulated']} satellites, "
            f"{meta['duration_s'] / 86400:.1f} days at {meta['step_s']:g} s",
        )
    )
    shown.print(
        f"{meta['stepping_satellite_steps_per_s'] / 1e6:.1f} million satellite-steps/s "
        f"({meta['stepping_s']:.1f} s stepping, {meta['setup_s']:.1f} s set-up)",
        highlight=False,
    )
    parts = meta.get("partitions")
    if parts and (parts["count"] > 1 or parts["executor"] != "in-process"):
        peak = max(parts["peak_rss_bytes"].values(), default=0)
        shown.print(
            f"{parts['count']} partitions of at most {parts['largest']:,} satellites on {parts['workers']} worker(s) "
            f"({parts['executor']}); peak memory per worker {peak / 2**20:,.0f} MiB",
            highlight=False,
        )
    for text in meta.get("notes", []):
        note(f"note: {text}")
    if out is not None:
        files = ["timeseries.parquet", "satellites.parquet", "fleet.json"]
        files += ["per_satellite.parquet"] if run.per_satellite is not None else []
        files += [meta["positions"]["file"]] if "positions" in meta else []
        shown.print(f"results written to {out}/ ({', '.join(files)})", highlight=False)


def register(app: typer.Typer, make_executor: Callable[..., Any] | None = None) -> None:
    """Add the ``simulate`` command to the main ``skyrack`` app.

    ``make_executor(workers, dask, scheduler)`` gives the executor of ``--workers``, ``--dask`` and
    ``--scheduler`` (:func:`skyrack.analysis.executor.make_executor`).
    """
    if make_executor is not None:
        _EXECUTORS.append(make_executor)
    app.command("simulate")(friendly(simulate_command))
