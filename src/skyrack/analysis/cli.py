"""The ``sweep``, ``breakeven``, ``montecarlo``, ``sensitivity``, ``optimise``, ``simsweep`` and ``runs`` commands.

Registered on the main app by :func:`register`. Uncertain inputs are spelled
``--uncertain 'param=kind(name=value, ...)'``, e.g.
``--uncertain 'launch.price_per_kg=lognormal(median=500 USD/kg, sigma=0.8)'``
(kinds: uniform(low, high), triangular(low, mode, high), normal(mean, sd),
lognormal(median, sigma), pert(low, mode, high)).

Every command checks its budgets (design evaluations, kept rows, simulations,
workers x task size) and its output paths before any work starts; the flags
shared with the other commands are described in :mod:`skyrack.cli_common`.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .. import budgets
from ..cli_common import (
    CatalogOption,
    JsonFlag,
    NoLimitsFlag,
    ScenarioArgument,
    SeedOption,
    SetOption,
    check_evaluations,
    check_out_dir,
    check_out_file,
    check_rows,
    check_seed,
    check_simulation,
    check_step,
    check_workers,
    console,
    duration_s,
    emit_json,
    friendly,
    note,
    overrides,
    renamed,
    warn_once,
)
from ..errors import InputError
from ..tables import FEASIBILITY, cells, feasible_cells, header

__all__ = ["SIMSWEEP_OUTPUTS", "parse_seeds", "register", "variant_overrides"]

UncertainOption = Annotated[
    list[str] | None,
    typer.Option(
        "--uncertain",
        "-u",
        help="param=kind(name=value, ...), e.g. 'launch.price_per_kg=lognormal(median=500 USD/kg, sigma=0.8)'; "
        "kinds: uniform(low,high) triangular(low,mode,high) normal(mean,sd) lognormal(median,sigma) "
        "pert(low,mode,high). Repeatable.",
    ),
]
CatalogFlag = Annotated[
    bool,
    typer.Option("--from-catalog", help="Also use the catalog's provenance distributions (catalog-derived inputs)."),
]
SaveFlag = Annotated[bool, typer.Option("--save", help="Keep the run in the results store (see `skyrack runs`).")]
AUTO_POOL_SECONDS = 5.0
"""Without ``--workers``, a job estimated to take longer than this in one process runs on every core."""
DESIGNS_PER_S = budgets.DESIGNS_PER_S
SAT_STEPS_PER_S = budgets.SAT_STEPS_PER_S
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        help="Local worker processes; 1 runs in this process. Default: every core for a job that would take "
        f"over {AUTO_POOL_SECONDS:g} s in one process, else 1. With --dask local: its workers.",
    ),
]
DaskOption = Annotated[str | None, typer.Option("--dask", help="'local': run the chunks on a Dask LocalCluster.")]
SchedulerOption = Annotated[
    str | None, typer.Option("--scheduler", help="Run the chunks on a Dask cluster, e.g. tcp://HOST:8786.")
]
CheckpointOption = Annotated[
    Path | None, typer.Option("--checkpoint", help="Directory keeping every finished chunk (a killed run resumes).")
]
ResumeFlag = Annotated[bool, typer.Option("--resume", help="Continue the run checkpointed in --checkpoint DIR.")]
TaskSizeOption = Annotated[int, typer.Option("--task-size", help="Points per task (and per checkpoint chunk).")]
QuantitiesOption = Annotated[
    list[str] | None, typer.Option("--quantity", "-q", help="Output quantity to keep (repeatable).")
]
OldOutputsOption = Annotated[list[str] | None, typer.Option("--output", "-O", hidden=True)]
TableOutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write the table to .csv or .parquet.")]
VaryOption = Annotated[
    list[str],
    typer.Option("--vary", "-v", help="name=low..high[:log][:count] or name=a,b,c; units allowed. Repeatable."),
]
PlotOption = Annotated[
    Path | None, typer.Option("--plot", help="Write an interactive chart to this .html file (works offline).")
]
TABLE_SUFFIXES = (".csv", ".parquet")
RowRangeOption = Annotated[str, typer.Option("--x", help="Row parameter range.")]
ColumnRangeOption = Annotated[str, typer.Option("--y", help="Column parameter range (the contour is solved for it).")]
SweepOutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write all points to .csv or .parquet, or to a directory (any other name): one Parquet partition "
        "per task, written by the workers (the points never reach this process; --resume continues a killed run).",
    ),
]
DrawsOutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        help="Write every draw to .csv or .parquet, or to a directory (any other name): one Parquet partition "
        "per chunk, written by the workers (--resume continues a killed run).",
    ),
]
MAX_SPEC_CHARS = 1000
"""Longest --vary, --uncertain, --x/--y or --seeds text."""


def _specs(field: str, specs: Sequence[str] | None) -> list[str]:
    """Range and distribution specs, each of bounded length."""
    for spec in specs or []:
        if len(spec) > MAX_SPEC_CHARS:
            raise InputError(field, spec, f"at most {MAX_SPEC_CHARS} characters")
    return list(specs or [])


def _load(scenario: str, set_: list[str] | None, catalog: list[str] | None) -> Any:
    from ..model import load_scenario

    return load_scenario(scenario, overrides(set_, catalog))


def _uncertain(scn: Any, specs: list[str] | None, from_catalog: bool) -> dict[str, Any]:
    from .distributions import catalog_distributions, parse_uncertain, scenario_distributions

    out: dict[str, Any] = dict(catalog_distributions(scn)) if from_catalog else {}
    out.update(scenario_distributions(scn))  # the scenario's own `uncertainty:` section, if any
    for spec in _specs("--uncertain", specs):
        name, dist = parse_uncertain(spec)
        out[name] = dist
    if not out:
        raise InputError(
            "--uncertain",
            None,
            "declare an `uncertainty:` section, use --from-catalog or give at least one, "
            "e.g. --uncertain 'launch.price_per_kg=uniform(low=50, high=500)'",
        )
    return out


def _write_table(frame: Any, out: Path, group: str | None = None) -> None:
    from ..tables import write_frame

    write_frame(frame, out, group)


def _execution(
    workers: int | None,
    dask: str | None,
    scheduler: str | None,
    checkpoint: Path | None,
    resume: bool,
    serial_s: float = 0.0,
    task_size: int | None = None,
    no_limits: bool = False,
) -> Any:
    """The executor for the options (checked first); ``serial_s`` (the job's time in one process) picks the default."""
    from .executor import make_executor

    if resume and checkpoint is None:
        raise InputError(
            "--resume", True, "needs --checkpoint DIR (or --out DIR: the directory of the run to continue)"
        )
    check_out_dir(checkpoint, "--checkpoint", must_exist=resume)
    check_workers(workers, task_size, no_limits)
    if workers is None:
        cores = os.cpu_count() or 1
        if dask is None and scheduler is None and cores > 1 and serial_s >= AUTO_POOL_SECONDS:
            note(
                f"running on {cores} local worker processes (about {serial_s:.0f} s of work; --workers 1 to stay "
                "in this process)"
            )
            workers = cores
        else:
            workers = 1
    return make_executor(workers, dask, scheduler)


def _run(executor: Any, label: str, job: Callable[[Any], Any]) -> Any:
    """``job(progress)`` with a progress bar on a terminal; the executor is closed afterwards."""
    from .executor import rich_progress

    try:
        with rich_progress(label, sys.stderr.isatty()) as progress:
            return job(progress)
    finally:
        executor.close()


def _out_dir(out: Path | None) -> Path | None:
    """``out`` when it names a directory of partitions (a name without a suffix, or a directory that exists)."""
    if out is None or out.suffix.lower() in TABLE_SUFFIXES:
        return None
    if out.suffix and not out.is_dir():
        allowed = "a .csv or .parquet file name, or a directory (a name without a suffix) for Parquet partitions"
        raise InputError("--out", str(out), allowed)
    return out


def _save(save: bool, kind: str, scn: Any, summary: dict[str, Any], **stored: Any) -> None:
    """Keep the run in the results store when ``--save`` is given; its id joins ``summary``."""
    if save:
        from .. import store

        summary["run_id"] = store.save_run(kind, scn, summary, **stored)


def _partitions_report(parts: Any, scn: Any, summary: dict[str, Any], save: bool, as_json: bool) -> None:
    """Report a run written as partitions: where, how many rows, and each column's range."""
    summary = {**summary, "n": parts.rows, **parts.summary()}
    _save(save, "sweep", scn, summary, seed=summary.get("seed"))
    if as_json:
        emit_json(summary)
        return
    table = Table(
        title=f"sweep of {scn.name}: {parts.rows:,} points in {len(parts.parts)} partitions", header_style="bold"
    )
    for col in ("quantity", "finite values", "minimum", "maximum"):
        table.add_column(col, justify="left" if col == "quantity" else "right")
    for name, st in parts.stats().items():
        low, high = cells(name, [st["min"], st["max"]])
        table.add_row(escape(header(name)), f"{int(st['finite']):,}", low, high)
    shown = console()
    shown.print(table)
    shown.print(f"written to {escape(str(parts.path))} (sha256 {parts.digest[:16]})", highlight=False)
    if "run_id" in summary:
        shown.print(f"saved as run {summary['run_id']}")


def _sim_fleet(scenario: str, runs: Sequence[Sequence[str]]) -> float:
    """Satellites in the fleet of the first variant (for the simulation budget)."""
    from ..model import design, load_scenario

    return float(design(load_scenario(scenario, runs[0] if runs else []), parity=False)["constellation.satellites"])


def _points(vary: Sequence[str], method: str, n: int | None) -> int:
    """How many designs a sweep evaluates (before running it)."""
    from .sweep import parse_vary

    if method != "grid":
        return n if n is not None else 1024
    return math.prod(len(v.values) if v.values is not None else v.count for v in map(parse_vary, vary))


def _records(frame: Any) -> list[dict[str, Any]]:
    return [
        {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _frame_table(frame: Any, title: str, limit: int | None = None) -> Table:
    """A rich table of a result frame, labelled from the registries, infeasible rows masked and explained."""
    from ..tables import frame_table

    table: Table = frame_table(frame, title, limit)
    return table


SIMSWEEP_OUTPUTS: tuple[str, ...] = (
    "availability",
    "goodput",
    "delivered_pflop_days",
    "max_depth_of_discharge",
    "max_radiator_temperature_k",
    "satellites_failed",
)
"""Fleet KPIs the ``simsweep`` summary shows by default."""

_SEED_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")


def parse_seeds(text: str, no_limits: bool = False) -> list[int]:
    """Seeds from ``a..b`` (inclusive), ``a,b,c`` or ``a``; each from 0 to 2**32 - 1, at most 10,000 of them."""
    if len(text) > MAX_SPEC_CHARS:
        raise InputError("--seeds", text, f"at most {MAX_SPEC_CHARS} characters")
    match = _SEED_RANGE.match(text)
    try:
        if match is not None:
            low, high = int(match.group(1)), int(match.group(2))
            if high < low:
                raise InputError("--seeds", text, "a..b needs a <= b")
            for seed in (low, high):
                check_seed(seed, "--seeds")
            if not no_limits:
                budgets.check_budget("--seeds", high - low + 1, budgets.MAX_RUNS, "seeds")
            return list(range(low, high + 1))
        seeds = [check_seed(int(part), "--seeds") for part in text.split(",") if part.strip()]
    except ValueError as error:
        if isinstance(error, InputError):
            raise
        raise InputError("--seeds", text, "expected a..b, a,b,c or one integer") from None
    if not seeds:
        raise InputError("--seeds", text, "expected a..b, a,b,c or one integer")
    return seeds


def variant_overrides(specs: list[str], no_limits: bool = False) -> list[list[str]]:
    """Every combination of ``--vary`` values as ``--set`` overrides (canonical units written out).

    ``orbit.altitude=500..700 km:3`` gives ``orbit.altitude=500000.0 m`` and so
    on; no ``--vary`` gives one variant with no overrides. The number of
    variants is checked before they are listed.
    """
    import itertools

    from ..scenario.registry import parameter
    from .sweep import parse_vary

    varies = [parse_vary(spec, default_count=3) for spec in _specs("--vary", specs)]
    if not no_limits:
        count = math.prod(len(v.values) if v.values is not None else v.count for v in varies)
        budgets.check_budget("--vary", count, budgets.MAX_RUNS, "variants")
    axes: list[list[str]] = []
    for vary in varies:
        unit = parameter(vary.name).unit
        suffix = "" if unit in (None, "1", "") else f" {unit}"
        axes.append([f"{vary.name}={float(value)!r}{suffix}" for value in vary.grid()])
    return [list(combo) for combo in itertools.product(*axes)]


# --------------------------------------------------------------------------- sweep


def sweep_command(
    scenario: ScenarioArgument,
    vary: VaryOption,
    method: Annotated[str, typer.Option("--method", "-m", help="grid, random, lhs or sobol.")] = "grid",
    draws: Annotated[
        int | None, typer.Option("--draws", "-n", help="Points drawn by random/lhs/sobol (default 1024).")
    ] = None,
    seed: SeedOption = 0,
    quantity: QuantitiesOption = None,
    out: SweepOutOption = None,
    plot: PlotOption = None,
    save: SaveFlag = False,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    scheduler: SchedulerOption = None,
    checkpoint: CheckpointOption = None,
    resume: ResumeFlag = False,
    task_size: TaskSizeOption = 1 << 19,
    no_limits: NoLimitsFlag = False,
    old_output: OldOutputsOption = None,
) -> None:
    """Evaluate a grid, random, Latin-hypercube or Sobol sweep over any numeric parameters."""
    from .sweep import DEFAULT_OUTPUTS, METHODS, sweep

    quantity = renamed(quantity, old_output, "--output/-O", "--quantity/-q")
    if method not in METHODS:
        raise InputError("--method", method, "use grid, random, lhs or sobol")
    if draws is not None and draws < 1:
        raise InputError("--draws", draws, "at least 1 point")
    check_seed(seed)
    points = _points(_specs("--vary", vary), method, draws)
    check_evaluations("--vary" if method == "grid" else "--draws", points, no_limits)
    directory = _out_dir(out)
    if directory is None:
        check_rows("--vary" if method == "grid" else "--draws", points, no_limits)
        check_out_file(out, TABLE_SUFFIXES)
    check_out_file(plot, (".html",), "--plot")
    if plot is not None and (method != "grid" or directory is not None):
        raise InputError("--plot", str(plot), "a grid sweep (--method grid) over one or two parameters, kept in memory")
    scn = _load(scenario, set_, catalog)
    executor = _execution(
        workers, dask, scheduler, checkpoint or directory, resume, points / DESIGNS_PER_S, task_size, no_limits
    )
    frame = _run(
        executor,
        "sweep",
        lambda progress: sweep(
            scn, vary, method=method, n=draws, seed=seed, outputs=_with_feasibility(quantity) or DEFAULT_OUTPUTS,  # type: ignore[arg-type]
            task_size=task_size, executor=executor, checkpoint=checkpoint, resume=resume, progress=progress,
            out=directory,
        ),
    )  # fmt: skip
    if directory is not None:
        _partitions_report(frame, scn, {"method": method, "seed": seed, "vary": list(vary)}, save, as_json)
        return
    if out is not None:
        _write_table(frame, out)
    if plot is not None:
        _sweep_plot(frame, scn.name, vary, quantity, plot)
    summary = {"method": method, "n": len(frame), "seed": seed, "vary": list(vary)}
    _save(save, "sweep", scn, summary, seed=seed, table=frame)
    if as_json:
        emit_json({**summary, "points": _records(frame)})
        return
    shown = console()
    shown.print(_frame_table(frame, f"sweep of {scn.name}: {len(frame):,} points ({method})", limit=40))
    if len(frame) > 40:
        shown.print(f"showing about 40 of {len(frame):,} points; --out FILE writes them all")
    if "run_id" in summary:
        shown.print(f"saved as run {summary['run_id']}")


def _sweep_plot(frame: Any, name: str, vary: Sequence[str], quantity: list[str] | None, plot: Path) -> None:
    """The sweep's first asked-for output (else the all-in cost ratio) over its one or two parameters."""
    from ..charts import sweep_figure, write_html
    from .sweep import parse_vary

    varied = [parse_vary(spec).name for spec in vary]
    shown = quantity[0] if quantity else "economics.cost_ratio"
    write_html(sweep_figure(frame, varied, shown, f"sweep of {name}: {header(shown)}"), plot)


def _with_feasibility(quantity: list[str] | None) -> list[str] | None:
    """The outputs asked for, and the feasibility code (infeasible points are masked and explained)."""
    if not quantity:
        return None
    return list(dict.fromkeys([*quantity, FEASIBILITY]))


# --------------------------------------------------------------------------- breakeven


def breakeven_command(
    scenario: ScenarioArgument,
    x: RowRangeOption = "launch.price_per_kg=20..3000 USD/kg:log:12",
    y: ColumnRangeOption = "economics.satellite_cost_per_w=0.5..200 USD/W:log:200",
    out: TableOutOption = None,
    plot: PlotOption = None,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    scheduler: SchedulerOption = None,
    task_size: Annotated[int, typer.Option("--task-size", help="Grid points per task (whole rows of --x).")] = 1 << 17,
    no_limits: NoLimitsFlag = False,
) -> None:
    """Where orbit's $/PFLOP-day equals the ground's, over two parameters (default launch $/kg x satellite $/W)."""
    from .sweep import breakeven_surface

    points = _points(_specs("--x/--y", [x, y]), "grid", None)
    check_evaluations("--x/--y", points, no_limits)
    check_rows("--x/--y", points, no_limits)
    check_out_file(out, TABLE_SUFFIXES)
    check_out_file(plot, (".html",), "--plot")
    scn = _load(scenario, set_, catalog)
    executor = _execution(workers, dask, scheduler, None, False, points / DESIGNS_PER_S, task_size, no_limits)
    surface = _run(
        executor,
        "breakeven",
        lambda progress: breakeven_surface(scn, x, y, task_size=task_size, executor=executor, progress=progress),
    )
    if out is not None:
        _write_table(surface.frame(), out)
    if plot is not None:
        from ..charts import breakeven_figure, write_html

        write_html(breakeven_figure(surface, f"breakeven of {scn.name}: orbit / ground cost, all-in"), plot)
    rows = [
        {surface.x_name: float(xv), f"parity {surface.y_name}": None if not math.isfinite(c) else float(c)}
        for xv, c in zip(surface.x, surface.contour, strict=True)
    ]
    if as_json:
        emit_json({"scenario": scn.name, "x": surface.x_name, "y": surface.y_name, "contour": rows})
        return
    console().print(_breakeven_table(scn.name, surface))


def _breakeven_table(name: str, surface: Any) -> Table:
    table = Table(title=f"breakeven of {name}: where orbit costs what the ground does (all-in)", header_style="bold")
    table.add_column(escape(header(surface.x_name)), justify="right")
    table.add_column(escape(header(surface.y_name, "parity")), justify="right")
    found = [c if math.isfinite(c) else None for c in surface.contour]
    for xv, yv in zip(cells(surface.x_name, surface.x), cells(surface.y_name, found), strict=True):
        table.add_row(xv, yv if yv != "—" else "— (none in range)")
    return table


# --------------------------------------------------------------------------- montecarlo


def montecarlo_command(
    scenario: ScenarioArgument,
    uncertain: UncertainOption = None,
    from_catalog: CatalogFlag = False,
    draws: Annotated[int, typer.Option("--draws", "-n", help="Number of draws.")] = 100_000,
    seed: SeedOption = 0,
    quantity: QuantitiesOption = None,
    out: DrawsOutOption = None,
    save: SaveFlag = False,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    scheduler: SchedulerOption = None,
    checkpoint: CheckpointOption = None,
    resume: ResumeFlag = False,
    task_size: TaskSizeOption = 1 << 18,
    no_limits: NoLimitsFlag = False,
    old_output: OldOutputsOption = None,
    old_chunk: Annotated[int | None, typer.Option("--chunk", hidden=True)] = None,
) -> None:
    """P10/P50/P90 of the outputs and the probability that orbit beats the ground."""
    from .montecarlo import DEFAULT_OUTPUTS, monte_carlo

    quantity = renamed(quantity, old_output, "--output/-O", "--quantity/-q")
    task_size = renamed(task_size, old_chunk, "--chunk", "--task-size")
    if draws < 1:
        raise InputError("--draws", draws, "at least 1 draw")
    check_seed(seed)
    check_evaluations("--draws", draws, no_limits)
    directory = _out_dir(out)
    keep = directory is None and (out is not None or (save and draws <= 1_000_000))
    if keep:
        check_rows("--draws", draws, no_limits)
    if directory is None:
        check_out_file(out, TABLE_SUFFIXES)
    scn = _load(scenario, set_, catalog)
    dists = _uncertain(scn, uncertain, from_catalog)
    executor = _execution(
        workers, dask, scheduler, checkpoint or directory, resume, draws / DESIGNS_PER_S, task_size, no_limits
    )
    result = _run(
        executor,
        "Monte Carlo",
        lambda progress: monte_carlo(
            scn, dists, n=draws, seed=seed, outputs=quantity or DEFAULT_OUTPUTS, keep_samples=keep, chunk=task_size,
            executor=executor, checkpoint=checkpoint, resume=resume, progress=progress, out=directory,
        ),
    )  # fmt: skip
    if out is not None and directory is None:
        _write_table(result.samples, out)
    summary = result.summary()
    if directory is not None:
        summary["partitions"] = result.extra["partitions"].summary()
    _save(save, "montecarlo", scn, summary, seed=seed, table=result.samples)
    if as_json:
        emit_json(summary)
        return
    _show_montecarlo(scn.name, draws, seed, result, summary.get("run_id"))
    if directory is not None:
        console().print(f"{draws:,} draws written to {escape(str(directory))}", highlight=False)


def _show_montecarlo(name: str, draws: int, seed: int, result: Any, run_id: str | None) -> None:
    shown = console()
    shown.print(_montecarlo_table(name, draws, seed, result))
    shown.print(
        f"{header('montecarlo.p_orbit_wins')}: {cells('montecarlo.p_orbit_wins', [result.p_orbit_wins])[0]}   "
        f"{header('montecarlo.p_infeasible')} (counted as a loss): "
        f"{cells('montecarlo.p_infeasible', [result.p_infeasible])[0]}"
    )
    if run_id is not None:
        shown.print(f"saved as run {run_id}")


def _montecarlo_table(name: str, draws: int, seed: int, result: Any) -> Table:
    table = Table(title=f"Monte Carlo of {name}: {draws:,} draws, seed {seed}", header_style="bold")
    for col in ("Output", "P10", "P50", "P90", "Mean", header("montecarlo.valid")):
        table.add_column(col, justify="right" if col != "Output" else "left")
    for key, st in result.stats.items():
        values = cells(key, [st[k] for k in ("p10", "p50", "p90", "mean")])
        if int(st["valid"]) == 0:
            values = ["— (no draw gives one)"] * 4
        table.add_row(escape(header(key)), *values, cells("montecarlo.valid", [st["valid"]])[0])
    return table


# --------------------------------------------------------------------------- sensitivity


def sensitivity_command(
    scenario: ScenarioArgument,
    uncertain: UncertainOption = None,
    from_catalog: CatalogFlag = False,
    quantity: Annotated[
        str | None, typer.Option("--quantity", "-q", help="Output quantity (default economics.cost_ratio).")
    ] = None,
    sobol_n: Annotated[
        int, typer.Option("--sobol", help="Sobol base samples N (power of two; N(d+2) runs); 0 skips Sobol.")
    ] = 4096,
    seed: SeedOption = 0,
    save: SaveFlag = False,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    scheduler: SchedulerOption = None,
    task_size: Annotated[int, typer.Option("--task-size", help="Sobol model runs per task.")] = 1 << 17,
    no_limits: NoLimitsFlag = False,
    old_output: Annotated[str | None, typer.Option("--output", "-O", hidden=True)] = None,
) -> None:
    """Tornado (P10/P90 one at a time) and Sobol first/total indices with 95% confidence intervals."""
    from .sensitivity import sobol, tornado

    output = renamed(quantity, old_output, "--output/-O", "--quantity/-q") or "economics.cost_ratio"
    if sobol_n < 0:
        raise InputError("--sobol", sobol_n, "0 (no Sobol indices) or a power of two such as 4096")
    check_seed(seed)
    scn = _load(scenario, set_, catalog)
    dists = _uncertain(scn, uncertain, from_catalog)
    runs = sobol_n * (len(dists) + 2)
    check_evaluations("--sobol", runs, no_limits)
    tor = tornado(scn, dists, output=output)
    sob = None
    if sobol_n:
        executor = _execution(workers, dask, scheduler, None, False, runs / DESIGNS_PER_S, task_size, no_limits)
        sob = _run(
            executor,
            "Sobol",
            lambda progress: sobol(
                scn, dists, output=output, n=sobol_n, seed=seed, task_size=task_size, executor=executor,
                progress=progress,
            ),
        )  # fmt: skip
    summary: dict[str, Any] = {"scenario": scn.name, "tornado": tor.to_dict(), "sobol": sob.to_dict() if sob else None}
    _save(save, "sensitivity", scn, summary, seed=seed)
    if as_json:
        emit_json(summary)
        return
    _show_sensitivity(scn.name, output, tor, sob, summary.get("run_id"))


def _show_sensitivity(name: str, output: str, tor: Any, sob: Any, run_id: str | None) -> None:
    shown = console()
    shown.print(_tornado_table(name, output, tor))
    if tor.inert:
        inert = ", ".join(header(n) for n in tor.inert)
        shown.print(escape(f"inert in this scenario (no effect on {header(output)}): {inert}"))
    if sob is not None:
        shown.print(_sobol_table(output, sob))
        if sob.nonfinite:
            shown.print(f"{sob.nonfinite:,} runs were infeasible: the indices are undefined (—)")
    if run_id is not None:
        shown.print(f"saved as run {run_id}")


def _tornado_table(name: str, output: str, tor: Any) -> Table:
    base = cells(output, [tor.base])[0]
    table = Table(title=escape(f"tornado of {header(output)} ({name}, base {base})"), header_style="bold")
    for col in ("Input", "Input low (P10)", "Input high (P90)", "Output at input low", "Output at input high", "Swing"):
        table.add_column(col, justify="right" if col != "Input" else "left")
    for b in tor.bars:
        if not b.is_inert(tor.base):
            ins = cells(b.name, [b.low, b.high])
            outs = cells(output, [b.output_low, b.output_high, b.swing], common_scale=False)
            table.add_row(escape(header(b.name)), *ins, *outs)
    return table


def _sobol_table(output: str, sob: Any) -> Table:
    title = (
        f"Sobol indices of {header(output)}: N={sob.n_base:,}, {sob.n_runs:,} runs, "
        f"{cells('sobol.conf_level', [sob.conf_level])[0]} confidence intervals"
    )
    table = Table(title=escape(title), header_style="bold")
    table.add_column("Input", justify="left")
    for key in ("S1", "S1_conf", "ST", "ST_conf"):
        table.add_column(header(f"sobol.{key}"), justify="right")
    for row_name, row in sob.frame().iterrows():
        values = [
            cells(f"sobol.{k}", [float(row[k])], common_scale=False)[0] for k in ("S1", "S1_conf", "ST", "ST_conf")
        ]
        table.add_row(escape(header(str(row_name))), *values)
    return table


# --------------------------------------------------------------------------- optimise


def optimise_command(
    scenario: ScenarioArgument,
    vary: Annotated[
        list[str],
        typer.Option(
            "--vary",
            "-v",
            help="Design variable and range, e.g. 'orbit.altitude=500..1200 km'. Repeatable. "
            "Design variables only: assumptions (prices, launch, failure rates) are refused.",
        ),
    ],
    objective: Annotated[str, typer.Option("--objective", help="Output to minimise.")] = "economics.usd_per_pflop_day",
    choice: Annotated[
        list[str] | None,
        typer.Option("--choice", help="Technology choices to compare, e.g. 'power.cell=tj-gaas,silicon-space'."),
    ] = None,
    constraint: Annotated[
        list[str] | None,
        typer.Option("--constraint", help="output<=value or output>=value (value: number or output name)."),
    ] = None,
    robust: Annotated[
        str | None, typer.Option("--robust", help="mean or p90 over draws of the --uncertain assumptions.")
    ] = None,
    uncertain: UncertainOption = None,
    draws: Annotated[
        int | None, typer.Option("--draws", "-n", help="Draws of the assumptions in robust mode (default 128).")
    ] = None,
    pareto: Annotated[
        str | None, typer.Option("--pareto", help="Two outputs OUT1,OUT2: print their Pareto front instead.")
    ] = None,
    population: Annotated[int, typer.Option("--population", help="Sobol population (Pareto sample: 16x this).")] = 4096,
    seed: SeedOption = 0,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the Pareto front to .csv or .parquet.")] = None,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    no_limits: NoLimitsFlag = False,
) -> None:
    """Minimise an output over design variables (never assumptions), or the Pareto front of two outputs."""
    if draws is not None and robust is None:
        warn_once("-n/--draws counts the draws of --robust mode; the Sobol population is --population")
    n_draws = 128 if draws is None else draws
    if population < 1 or n_draws < 1:
        raise InputError("--population" if population < 1 else "--draws", min(population, n_draws), "at least 1")
    check_seed(seed)
    choices = _choices(choice)
    combos = math.prod(len(v) for v in choices.values()) if choices else 1
    sample = 16 * population if pareto is not None else population * (n_draws if robust else 1)
    check_evaluations("--population", combos * sample, no_limits)
    if pareto is not None:
        check_rows("--population", combos * sample, no_limits)
    check_out_file(out, TABLE_SUFFIXES)
    scn = _load(scenario, set_, catalog)
    names = [p.strip() for p in pareto.split(",") if p.strip()] if pareto is not None else [objective]
    _check_outputs(scn, names, "--pareto" if pareto is not None else "--objective")
    if pareto is not None:
        _pareto(scn, _specs("--vary", vary), pareto, choices, constraint or [], population, seed, out, as_json)
        return
    _optimum(scn, _specs("--vary", vary), objective, choices, constraint or [], robust, uncertain, n_draws,
             population, seed, as_json)  # fmt: skip


def _check_outputs(scn: Any, names: list[str], field: str) -> None:
    """Every name an output of the design (checked on the scenario's own design, before the search)."""
    import difflib

    from ..model import evaluate
    from ..params import catalog_for, resolve

    known = evaluate(resolve(scn, catalog_for(scn)))
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), 3)
            hint = f"did you mean {', '.join(close)}?" if close else "`skyrack design --json` lists them"
            raise InputError(field, name, f"not an output of the design; {hint}")


def _choices(specs: list[str] | None) -> dict[str, list[str]]:
    choices: dict[str, list[str]] = {}
    for spec in _specs("--choice", specs):
        name, eq, values = spec.partition("=")
        if not eq or not values.strip():
            raise InputError("--choice", spec, "expected param=a,b, e.g. power.cell=tj-gaas,silicon-space")
        choices[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
    return choices


def _pareto(
    scn: Any, vary: list[str], pareto: str, choices: dict[str, list[str]], constraints: list[str],
    population: int, seed: int, out: Path | None, as_json: bool,
) -> None:  # fmt: skip
    from .optimise import pareto_front

    names = [p.strip() for p in pareto.split(",") if p.strip()]
    if len(names) != 2:
        raise InputError("--pareto", pareto, "give two outputs, OUT1,OUT2")
    front = pareto_front(
        scn, vary, (names[0], names[1]), choices=choices, constraints=constraints, n=16 * population, seed=seed
    )
    if out is not None:
        _write_table(front, out)
    if as_json:
        emit_json({"scenario": scn.name, "objectives": names, "front": _records(front)})
        return
    console().print(_frame_table(front, f"Pareto front of {scn.name}: {len(front)} designs"))


def _optimum(
    scn: Any, vary: list[str], objective: str, choices: dict[str, list[str]], constraints: list[str],
    robust: str | None, uncertain: list[str] | None, draws: int, population: int, seed: int, as_json: bool,
) -> None:  # fmt: skip
    from .optimise import optimise

    dists = _uncertain(scn, uncertain, False) if robust is not None else None
    result = optimise(
        scn, vary, objective, choices=choices, constraints=constraints, robust=robust,  # type: ignore[arg-type]
        uncertain=dists, draws=draws, n=population, seed=seed,
    )  # fmt: skip
    summary = {"scenario": scn.name, **result.summary()}
    if as_json:
        emit_json(summary)
        return
    shown = console()
    shown.print(_optimum_table(scn.name, result))
    shown.print(f"{result.evaluations:,} designs evaluated")
    for name, side in result.at_bounds.items():
        warn_once(
            f"the optimum sits on the {side} bound of {header(name)} ({cells(name, [result.variables[name]])[0]}): "
            f"the best design may lie beyond the range; widen --vary {name}"
        )


def _optimum_table(name: str, result: Any) -> Table:
    label = f"{result.robust.upper()} of " if result.robust else ""
    value = cells(result.objective, [result.value])[0]
    table = Table(title=escape(f"optimum of {name}: {label}{header(result.objective)} = {value}"), header_style="bold")
    table.add_column("Design variable / output")
    table.add_column("Value", justify="right")
    for k, v in result.choices.items():
        table.add_row(escape(header(k)), escape(str(v)))
    for k, v in result.variables.items():
        bound = result.at_bounds.get(k)
        table.add_row(escape(header(k)), cells(k, [v])[0] + (f" (at the {bound} bound)" if bound else ""))
    for k, v in result.outputs.items():
        if k == FEASIBILITY:
            table.add_row("Feasible", feasible_cells([v])[0])
        else:
            table.add_row(escape(header(k)), cells(k, [v])[0])
    return table


# --------------------------------------------------------------------------- simsweep


def simsweep_command(
    scenario: ScenarioArgument,
    seeds: Annotated[str, typer.Option("--seeds", help="Seeds: a..b (inclusive), a,b,c or one seed.")] = "0",
    duration: Annotated[
        str, typer.Option("--duration", "-d", help="Length of every simulation, e.g. '30 d', '6 h'.")
    ] = "30 d",
    step: Annotated[str, typer.Option("--step", help="Time step, e.g. '30 s'.")] = "30 s",
    satellites: Annotated[
        int | None, typer.Option("--satellites", help="Simulate a seeded sample of this many satellites.")
    ] = None,
    vary: Annotated[
        list[str] | None,
        typer.Option(
            "--vary",
            "-v",
            help="Scenario field to vary: name=low..high[:log][:count] or name=a,b,c (units allowed); "
            "every combination is a variant. Repeatable.",
        ),
    ] = None,
    quantity: Annotated[
        list[str] | None, typer.Option("--quantity", "-q", help="Fleet KPI to show in the summary (repeatable).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write every run to .csv or .parquet.")] = None,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
    workers: WorkersOption = None,
    dask: DaskOption = None,
    scheduler: SchedulerOption = None,
    checkpoint: CheckpointOption = None,
    resume: ResumeFlag = False,
    no_limits: NoLimitsFlag = False,
    old_days: Annotated[float | None, typer.Option("--days", hidden=True)] = None,
    old_output: OldOutputsOption = None,
) -> None:
    """Time-domain simulations of variants x seeds, one task each; fleet KPIs per run and per variant."""
    from .sweep import simulation_sweep

    keep = renamed(quantity, old_output, "--output/-O", "--quantity/-q") or list(SIMSWEEP_OUTPUTS)
    duration = renamed(duration, old_days, "--days", "--duration '60 d'", lambda days: f"{days!r} d")
    run_s, step_s = duration_s(duration), duration_s(step, "--step", bare_unit="s")
    check_step(step_s, no_limits)
    seed_list = parse_seeds(seeds, no_limits)
    runs = [[*(set_ or []), *overrides(None, catalog), *v] for v in variant_overrides(vary or [], no_limits)]
    check_out_file(out, TABLE_SUFFIXES)
    serial_s = _simsweep_budget(scenario, runs, len(seed_list), satellites, run_s, step_s, no_limits)
    executor = _execution(workers, dask, scheduler, checkpoint, resume, serial_s, None, no_limits)
    frame = _run(
        executor,
        "simulations",
        lambda progress: simulation_sweep(
            scenario, runs=runs, seeds=seed_list, duration_s=run_s, step_s=step_s, satellites=satellites,
            executor=executor, checkpoint=checkpoint, resume=resume, progress=progress,
        ),
    )  # fmt: skip
    codes = frame.groupby("run", sort=True)[FEASIBILITY].first()
    if (codes != 0).all():
        reasons = "; ".join(sorted({r for c in codes for r in feasible_cells([c])}))
        raise InputError("--vary", list(vary or []), f"every variant is infeasible ({reasons})")
    missing = [k for k in keep if k not in frame.columns]
    if missing:
        kpis = ", ".join(c for c in frame.columns if c not in ("run", "seed", "overrides", FEASIBILITY))
        raise InputError("--quantity", missing[0], f"not a fleet KPI; choose from {kpis}")
    if out is not None:
        _write_table(frame, out)
    summary = frame.groupby(["run", "overrides"], sort=True)[keep].agg(["mean", "min", "max"])
    if as_json:
        _simsweep_json(scenario, run_s, step_s, seed_list, keep, summary, frame, codes)
        return
    _show_simsweep(scenario, len(runs), seed_list, run_s, keep, summary, codes)
    if out is not None:
        console().print(f"{len(frame)} runs written to {out}")


def _simsweep_budget(
    scenario: str, runs: list[list[str]], seeds: int, satellites: int | None, run_s: float, step_s: float,
    no_limits: bool,
) -> float:  # fmt: skip
    """Check the simulations, satellites and satellite-steps of a simulation sweep; its time in one process, s."""
    if not no_limits:
        budgets.check_budget("--seeds/--vary", len(runs) * seeds, budgets.MAX_RUNS, "simulations")
    fleet = _sim_fleet(scenario, runs)
    sats = min(fleet, float(satellites)) if satellites else fleet
    check_simulation("--satellites", sats, math.ceil(run_s / step_s), len(runs) * seeds, no_limits)
    return len(runs) * seeds * sats * run_s / step_s / SAT_STEPS_PER_S


def _simsweep_json(
    scenario: str, run_s: float, step_s: float, seeds: list[int], keep: list[str], summary: Any, frame: Any,
    codes: Any,
) -> None:  # fmt: skip
    import pandas as pd

    variants = [
        {
            "run": int(run),
            "overrides": overrides_,
            "seeds": len(seeds),
            FEASIBILITY: int(codes[run]),
            **{f"{k}_{stat}": float(row[(k, stat)]) for k in keep for stat in ("mean", "min", "max")},
        }
        for (run, overrides_), row in summary.iterrows()
    ]
    emit_json(
        {
            "scenario": scenario,
            "days": run_s / 86400.0,
            "step_s": step_s,
            "seeds": seeds,
            "variants": _records(pd.DataFrame(variants)),
            "runs": _records(frame),
        }
    )


def _show_simsweep(
    scenario: str, n_runs: int, seeds: list[int], run_s: float, keep: list[str], summary: Any, codes: Any
) -> None:
    console().print(_simsweep_table(scenario, n_runs, seeds, run_s, keep, summary, codes))


def _simsweep_table(
    scenario: str, n_runs: int, seeds: list[int], run_s: float, keep: list[str], summary: Any, codes: Any
) -> Table:
    from ..tables import override_text

    days = cells("simulate.duration_s", [run_s])[0]
    table = Table(
        title=f"simulations of {scenario}: {n_runs} variant(s) x {len(seeds)} seed(s), {days} each "
        "(mean over the seeds; lowest to highest where they differ)",
        header_style="bold",
    )
    table.add_column(header("simsweep.run"), justify="right")
    table.add_column(header("simsweep.overrides"))
    for key in keep:
        table.add_column(escape(header(key, group="simulate")), justify="right")
    table.add_column("Feasible")
    for (run, overrides_), row in summary.iterrows():
        columns = []
        for key in keep:
            mean, low, high = cells(key, [float(row[(key, s)]) for s in ("mean", "min", "max")], group="simulate")
            columns.append(mean + ("" if low == high else f" ({low} to {high})"))
        if codes[run] != 0:  # not simulated: masked, the reason beside
            columns = ["—"] * len(keep)
        shown = "; ".join(override_text(o) for o in str(overrides_).split(";") if o.strip())
        table.add_row(str(run), escape(shown) or "—", *columns, escape(feasible_cells([codes[run]])[0]))
    return table


# --------------------------------------------------------------------------- registration


def register(app: typer.Typer) -> None:
    """Add ``sweep``, ``breakeven``, ``montecarlo``, ``sensitivity``, ``optimise`` and ``simsweep``."""
    for name, command in (
        ("sweep", sweep_command),
        ("breakeven", breakeven_command),
        ("montecarlo", montecarlo_command),
        ("sensitivity", sensitivity_command),
        ("optimise", optimise_command),
        ("simsweep", simsweep_command),
    ):
        app.command(name)(friendly(command))
