"""The ``sweep``, ``breakeven``, ``montecarlo``, ``sensitivity``, ``optimise``, ``simsweep`` and ``runs`` commands.

Registered on the main app by :func:`register`. Uncertain inputs are spelled
``--uncertain 'param=kind(name=value, ...)'``, e.g.
``--uncertain 'launch.price_per_kg=lognormal(median=500 USD/kg, sigma=0.8)'``
(kinds: uniform(low, high), triangular(low, mode, high), normal(mean, sd),
lognormal(median, sigma), pert(low, mode, high)).
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..errors import InputError, SkyrackError

__all__ = ["register"]

F = TypeVar("F", bound=Callable[..., Any])

SetOption = Annotated[list[str] | None, typer.Option("--set", "-s", help="Override a scenario field: path=value.")]
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
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
SaveFlag = Annotated[bool, typer.Option("--save", help="Keep the run in the results store (see `skyrack runs`).")]
AUTO_POOL_SECONDS = 5.0
"""Without ``--workers``, a job estimated to take longer than this in one process runs on every core."""
DESIGNS_PER_S = 1.0e6  # one core, a dozen outputs kept (benchmarks/bench_design.py)
SAT_STEPS_PER_S = 1.5e7  # one core, the full simulation pipeline (benchmarks/bench_simulate.py)
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


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160)


def _friendly(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SkyrackError as error:
            Console(stderr=True).print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _fmt(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, (int, float)):
        if not math.isfinite(x):
            return "—"
        return f"{x:,.4g}" if abs(x) < 1e6 else f"{x:,.4e}"
    return str(x)


def _uncertain(scn: Any, specs: list[str] | None, from_catalog: bool) -> dict[str, Any]:
    from .distributions import catalog_distributions, parse_uncertain, scenario_distributions

    out: dict[str, Any] = dict(catalog_distributions(scn)) if from_catalog else {}
    out.update(scenario_distributions(scn))  # the scenario's own `uncertainty:` section, if any
    for spec in specs or []:
        name, dist = parse_uncertain(spec)
        out[name] = dist
    if not out:
        raise InputError(
            "--uncertain",
            None,
            "declare an `uncertainty:` section, use --from-catalog or give at least one, "
            "e.g. --uncertain 'launch.price_per_kg=uniform(low=50 USD/kg, high=500 USD/kg)'",
        )
    return out


def _write_table(frame: Any, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix == ".parquet":
        frame.to_parquet(out, index=False)
    elif suffix == ".csv":
        frame.to_csv(out, index=False)
    else:
        raise InputError("--out", str(out), "use a .csv or .parquet file name")


def _execution(
    workers: int | None,
    dask: str | None,
    scheduler: str | None,
    checkpoint: Path | None,
    resume: bool,
    serial_s: float = 0.0,
) -> Any:
    """The executor for the options; ``serial_s`` (an estimate of the job's time in one process) picks the default."""
    from .executor import make_executor

    if resume and checkpoint is None:
        raise InputError(
            "--resume", True, "needs --checkpoint DIR (or --out DIR: the directory of the run to continue)"
        )
    if workers is None:
        cores = os.cpu_count() or 1
        if dask is None and scheduler is None and cores > 1 and serial_s >= AUTO_POOL_SECONDS:
            Console(stderr=True).print(
                f"running on {cores} local worker processes (about {serial_s:.0f} s of work; --workers 1 to stay "
                "in this process)",
                highlight=False,
            )
            workers = cores
        else:
            workers = 1
    return make_executor(workers, dask, scheduler)


def _partitions_report(parts: Any, scn: Any, summary: dict[str, Any], save: bool, as_json: bool) -> None:
    """Report a run written as partitions: where, how many rows, and each column's range."""
    summary = {**summary, "n": parts.rows, **parts.summary()}
    if save:
        from .. import store

        summary["run_id"] = store.save_run("sweep", scn, summary, seed=summary.get("seed"))
    if as_json:
        _dump(summary)
        return
    console = _console()
    table = Table(
        title=f"sweep of {scn.name}: {parts.rows:,} points in {len(parts.parts)} partitions", header_style="bold"
    )
    for col in ("column", "finite", "min", "max"):
        table.add_column(col, justify="left" if col == "column" else "right")
    for name, st in parts.stats().items():
        table.add_row(escape(name), f"{int(st['finite']):,}", _fmt(st["min"]), _fmt(st["max"]))
    console.print(table)
    console.print(f"written to {escape(str(parts.path))} (sha256 {parts.digest[:16]})", highlight=False)
    if "run_id" in summary:
        console.print(f"saved as run {summary['run_id']}")


def _sim_seconds(
    scenario: str, runs: Sequence[Sequence[str]], seeds: Sequence[int], days: float, step: float, sats: int | None
) -> float:
    """Rough time of a simulation sweep in one process (satellite-steps at the single-core rate)."""
    from ..model import design, load_scenario

    fleet = design(load_scenario(scenario, runs[0] if runs else []), parity=False)["constellation.satellites"]
    n = min(float(fleet), float(sats)) if sats else float(fleet)
    return len(runs) * len(seeds) * n * days * 86400.0 / max(step, 1e-9) / SAT_STEPS_PER_S


def _points(vary: Sequence[str], method: str, n: int | None) -> int:
    """How many designs a sweep evaluates (before running it)."""
    from .sweep import parse_vary

    if method != "grid":
        return n if n is not None else 1024
    return math.prod(len(v.values) if v.values is not None else v.count for v in map(parse_vary, vary))


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, allow_nan=False) + "\n")


def _records(frame: Any) -> list[dict[str, Any]]:
    return [
        {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


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


def parse_seeds(text: str) -> list[int]:
    """Seeds from ``a..b`` (inclusive), ``a,b,c`` or ``a``."""
    match = _SEED_RANGE.match(text)
    try:
        if match is not None:
            low, high = int(match.group(1)), int(match.group(2))
            if high < low:
                raise InputError("--seeds", text, "a..b needs a <= b")
            return list(range(low, high + 1))
        seeds = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise InputError("--seeds", text, "expected a..b, a,b,c or one integer") from None
    if not seeds:
        raise InputError("--seeds", text, "expected a..b, a,b,c or one integer")
    return seeds


def variant_overrides(specs: list[str]) -> list[list[str]]:
    """Every combination of ``--vary`` values as ``--set`` overrides (canonical units written out).

    ``orbit.altitude=500..700 km:3`` gives ``orbit.altitude=500000.0 m`` and so
    on; no ``--vary`` gives one variant with no overrides.
    """
    import itertools

    from ..scenario.registry import parameter
    from .sweep import parse_vary

    axes: list[list[str]] = []
    for spec in specs:
        vary = parse_vary(spec, default_count=3)
        unit = parameter(vary.name).unit
        suffix = "" if unit in (None, "1", "") else f" {unit}"
        axes.append([f"{vary.name}={float(value)!r}{suffix}" for value in vary.grid()])
    return [list(combo) for combo in itertools.product(*axes)]


def register(app: typer.Typer) -> None:
    """Add ``sweep``, ``breakeven``, ``montecarlo``, ``sensitivity`` and ``runs`` to the main app."""

    @app.command("sweep")
    @_friendly
    def sweep_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        vary: Annotated[
            list[str],
            typer.Option("--vary", "-v", help="name=low..high[:log][:count] or name=a,b,c; units allowed. Repeatable."),
        ],
        method: Annotated[str, typer.Option("--method", "-m", help="grid, random, lhs or sobol.")] = "grid",
        n: Annotated[int | None, typer.Option("-n", help="Points for random/lhs/sobol (default 1024).")] = None,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
        output: Annotated[
            list[str] | None, typer.Option("--output", "-O", help="Output key to keep (repeatable).")
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                "-o",
                help="Write all points to .csv or .parquet, or to a directory (any other name): one Parquet "
                "partition per task, written by the workers (the points never reach this process; --resume "
                "continues a killed run).",
            ),
        ] = None,
        save: SaveFlag = False,
        set_: SetOption = None,
        as_json: JsonFlag = False,
        workers: WorkersOption = None,
        dask: DaskOption = None,
        scheduler: SchedulerOption = None,
        checkpoint: CheckpointOption = None,
        resume: ResumeFlag = False,
        task_size: Annotated[int, typer.Option("--task-size", help="Points per chunk (task and checkpoint).")] = 1
        << 19,
    ) -> None:
        """Evaluate a grid, random, Latin-hypercube or Sobol sweep over any numeric parameters."""
        from ..model import load_scenario
        from .executor import rich_progress
        from .sweep import DEFAULT_OUTPUTS, METHODS, sweep

        if method not in METHODS:
            raise InputError("--method", method, "use grid, random, lhs or sobol")
        scn = load_scenario(scenario, set_ or [])
        directory = out if out is not None and out.suffix.lower() not in (".csv", ".parquet") else None
        executor = _execution(
            workers, dask, scheduler, checkpoint or directory, resume, _points(vary, method, n) / DESIGNS_PER_S
        )
        try:
            with rich_progress("sweep", sys.stderr.isatty()) as progress:
                frame = sweep(
                    scn,
                    vary,
                    method=method,  # type: ignore[arg-type]
                    n=n,
                    seed=seed,
                    outputs=output or DEFAULT_OUTPUTS,
                    task_size=task_size,
                    executor=executor,
                    checkpoint=checkpoint,
                    resume=resume,
                    progress=progress,
                    out=directory,
                )
        finally:
            executor.close()
        if directory is not None:
            _partitions_report(frame, scn, {"method": method, "seed": seed, "vary": list(vary)}, save, as_json)
            return
        if out is not None:
            _write_table(frame, out)
        summary = {"method": method, "n": len(frame), "seed": seed, "vary": list(vary)}
        if save:
            from .. import store

            summary["run_id"] = store.save_run("sweep", scn, summary, seed=seed, table=frame)
        if as_json:
            _dump({**summary, "points": _records(frame)})
            return
        console = _console()
        table = Table(title=f"sweep of {scn.name}: {len(frame):,} points ({method})", header_style="bold")
        for col in frame.columns:
            table.add_column(col, justify="right")
        shown = frame if len(frame) <= 40 else frame.iloc[:: max(1, len(frame) // 40)]
        for row in shown.itertuples(index=False):
            table.add_row(*(_fmt(v) for v in row))
        console.print(table)
        if len(shown) < len(frame):
            console.print(f"showing {len(shown)} of {len(frame):,} points; --out FILE writes them all")
        if "run_id" in summary:
            console.print(f"saved as run {summary['run_id']}")

    @app.command("breakeven")
    @_friendly
    def breakeven_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        x: Annotated[
            str, typer.Option("--x", help="Row parameter range.")
        ] = "launch.price_per_kg=20..3000 USD/kg:log:12",
        y: Annotated[
            str, typer.Option("--y", help="Column parameter range (the contour is solved for it).")
        ] = "economics.satellite_cost_per_w=0.5..200 USD/W:log:200",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the grid to .csv or .parquet.")] = None,
        set_: SetOption = None,
        as_json: JsonFlag = False,
        workers: WorkersOption = None,
        dask: DaskOption = None,
        scheduler: SchedulerOption = None,
        task_size: Annotated[int, typer.Option("--task-size", help="Grid points per task (whole rows of --x).")] = 1
        << 17,
    ) -> None:
        """Where orbit's $/PFLOP-day equals the ground's, over two parameters (default launch $/kg x satellite $/W)."""
        from ..model import load_scenario
        from .executor import rich_progress
        from .sweep import breakeven_surface

        scn = load_scenario(scenario, set_ or [])
        executor = _execution(workers, dask, scheduler, None, False, _points([x, y], "grid", None) / DESIGNS_PER_S)
        try:
            with rich_progress("breakeven", sys.stderr.isatty()) as progress:
                surface = breakeven_surface(scn, x, y, task_size=task_size, executor=executor, progress=progress)
        finally:
            executor.close()
        if out is not None:
            _write_table(surface.frame(), out)
        rows = [
            {surface.x_name: float(xv), f"parity {surface.y_name}": None if not math.isfinite(c) else float(c)}
            for xv, c in zip(surface.x, surface.contour, strict=True)
        ]
        if as_json:
            _dump({"scenario": scn.name, "x": surface.x_name, "y": surface.y_name, "contour": rows})
            return
        table = Table(title=f"breakeven of {scn.name}: cost ratio = 1", header_style="bold")
        table.add_column(surface.x_name, justify="right")
        table.add_column(f"{surface.y_name} at parity", justify="right")
        for row in rows:
            table.add_row(*(_fmt(v) for v in row.values()))
        _console().print(table)

    @app.command("montecarlo")
    @_friendly
    def montecarlo_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        uncertain: UncertainOption = None,
        from_catalog: CatalogFlag = False,
        n: Annotated[int, typer.Option("-n", help="Number of draws.")] = 100_000,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
        output: Annotated[list[str] | None, typer.Option("--output", "-O", help="Output key (repeatable).")] = None,
        out: Annotated[
            Path | None,
            typer.Option(
                "--out",
                "-o",
                help="Write every draw to .csv or .parquet, or to a directory (any other name): one Parquet "
                "partition per chunk, written by the workers (--resume continues a killed run).",
            ),
        ] = None,
        save: SaveFlag = False,
        set_: SetOption = None,
        as_json: JsonFlag = False,
        workers: WorkersOption = None,
        dask: DaskOption = None,
        scheduler: SchedulerOption = None,
        checkpoint: CheckpointOption = None,
        resume: ResumeFlag = False,
        chunk: Annotated[int, typer.Option("--chunk", help="Draws per chunk (task and checkpoint).")] = 1 << 18,
    ) -> None:
        """P10/P50/P90 of the outputs and the probability that orbit beats the ground."""
        from ..model import load_scenario
        from .executor import rich_progress
        from .montecarlo import DEFAULT_OUTPUTS, monte_carlo

        scn = load_scenario(scenario, set_ or [])
        dists = _uncertain(scn, uncertain, from_catalog)
        directory = out if out is not None and out.suffix.lower() not in (".csv", ".parquet") else None
        keep = directory is None and (out is not None or (save and n <= 1_000_000))
        executor = _execution(workers, dask, scheduler, checkpoint or directory, resume, n / DESIGNS_PER_S)
        try:
            with rich_progress("Monte Carlo", sys.stderr.isatty()) as progress:
                result = monte_carlo(
                    scn,
                    dists,
                    n=n,
                    seed=seed,
                    outputs=output or DEFAULT_OUTPUTS,
                    keep_samples=keep,
                    chunk=chunk,
                    executor=executor,
                    checkpoint=checkpoint,
                    resume=resume,
                    progress=progress,
                    out=directory,
                )
        finally:
            executor.close()
        if out is not None and directory is None:
            _write_table(result.samples, out)
        summary = result.summary()
        if directory is not None:
            summary["partitions"] = result.extra["partitions"].summary()
        if save:
            from .. import store

            summary["run_id"] = store.save_run("montecarlo", scn, summary, seed=seed, table=result.samples)
        if as_json:
            _dump(summary)
            return
        console = _console()
        table = Table(title=f"Monte Carlo of {scn.name}: {n:,} draws, seed {seed}", header_style="bold")
        for col in ("output", "P10", "P50", "P90", "mean", "valid"):
            table.add_column(col, justify="right" if col != "output" else "left")
        for key, st in result.stats.items():
            table.add_row(key, *(_fmt(st[k]) for k in ("p10", "p50", "p90", "mean")), f"{int(st['valid']):,}")
        console.print(table)
        console.print(
            f"P(orbit beats the ground) = {result.p_orbit_wins:.4f}   "
            f"P(infeasible, counted as a loss) = {result.p_infeasible:.4f}"
        )
        if directory is not None:
            console.print(f"{n:,} draws written to {escape(str(directory))}", highlight=False)
        if "run_id" in summary:
            console.print(f"saved as run {summary['run_id']}")

    @app.command("sensitivity")
    @_friendly
    def sensitivity_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        uncertain: UncertainOption = None,
        from_catalog: CatalogFlag = False,
        output: Annotated[str, typer.Option("--output", "-O", help="Output key.")] = "economics.cost_ratio",
        sobol_n: Annotated[
            int, typer.Option("--sobol", help="Sobol base samples N (power of two; N(d+2) runs); 0 skips Sobol.")
        ] = 4096,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
        save: SaveFlag = False,
        set_: SetOption = None,
        as_json: JsonFlag = False,
        workers: WorkersOption = None,
        dask: DaskOption = None,
        scheduler: SchedulerOption = None,
        task_size: Annotated[int, typer.Option("--task-size", help="Sobol model runs per task.")] = 1 << 17,
    ) -> None:
        """Tornado (P10/P90 one at a time) and Sobol first/total indices with 95% confidence intervals."""
        from ..model import load_scenario
        from .executor import rich_progress
        from .sensitivity import sobol, tornado

        scn = load_scenario(scenario, set_ or [])
        dists = _uncertain(scn, uncertain, from_catalog)
        tor = tornado(scn, dists, output=output)
        sob = None
        if sobol_n:
            executor = _execution(workers, dask, scheduler, None, False, sobol_n * (len(dists) + 2) / DESIGNS_PER_S)
            try:
                with rich_progress("Sobol", sys.stderr.isatty()) as progress:
                    sob = sobol(
                        scn,
                        dists,
                        output=output,
                        n=sobol_n,
                        seed=seed,
                        task_size=task_size,
                        executor=executor,
                        progress=progress,
                    )
            finally:
                executor.close()
        summary: dict[str, Any] = {
            "scenario": scn.name,
            "tornado": tor.to_dict(),
            "sobol": sob.to_dict() if sob else None,
        }
        if save:
            from .. import store

            summary["run_id"] = store.save_run("sensitivity", scn, summary, seed=seed)
        if as_json:
            _dump(summary)
            return
        console = _console()
        table = Table(title=f"tornado of {output} ({scn.name}, base {_fmt(tor.base)})", header_style="bold")
        for col in ("input", "low", "high", "output at low", "output at high", "swing"):
            table.add_column(col, justify="right" if col != "input" else "left")
        for b in tor.bars:
            if not b.is_inert(tor.base):
                row = (b.low, b.high, b.output_low, b.output_high, b.swing)
                table.add_row(b.name, *(_fmt(x) for x in row))
        console.print(table)
        if tor.inert:
            console.print(f"inert in this scenario (no effect on {output}): " + ", ".join(tor.inert))
        if sob is not None:
            st = Table(
                title=f"Sobol indices of {output}: N={sob.n_base:,}, {sob.n_runs:,} runs, {sob.conf_level:.0%} CI",
                header_style="bold",
            )
            for col in ("input", "S1", "± CI", "ST", "± CI "):
                st.add_column(col, justify="right" if col != "input" else "left")
            for name, row in sob.frame().iterrows():
                st.add_row(str(name), *(_fmt(float(row[k])) for k in ("S1", "S1_conf", "ST", "ST_conf")))
            console.print(st)
            if sob.nonfinite:
                console.print(f"{sob.nonfinite:,} runs were infeasible: indices are undefined (NaN)")
        if "run_id" in summary:
            console.print(f"saved as run {summary['run_id']}")

    @app.command("optimise")
    @_friendly
    def optimise_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        vary: Annotated[
            list[str],
            typer.Option(
                "--vary",
                "-v",
                help="Design variable and range, e.g. 'orbit.altitude=500..1200 km'. Repeatable. "
                "Design variables only: assumptions (prices, launch, failure rates) are refused.",
            ),
        ],
        objective: Annotated[
            str, typer.Option("--objective", help="Output to minimise.")
        ] = "economics.usd_per_pflop_day",
        choice: Annotated[
            list[str] | None,
            typer.Option("--choice", help="Technology choices to compare, e.g. 'power.cell=tj-gaas,silicon-space'."),
        ] = None,
        constraint: Annotated[
            list[str] | None,
            typer.Option("--constraint", "-c", help="output<=value or output>=value (value: number or output name)."),
        ] = None,
        robust: Annotated[
            str | None, typer.Option("--robust", help="mean or p90 over draws of the --uncertain assumptions.")
        ] = None,
        uncertain: UncertainOption = None,
        draws: Annotated[int, typer.Option("--draws", help="Draws of the assumptions in robust mode.")] = 128,
        pareto: Annotated[
            str | None, typer.Option("--pareto", help="Two outputs OUT1,OUT2: print their Pareto front instead.")
        ] = None,
        n: Annotated[int, typer.Option("-n", help="Sobol population (Pareto sample: 16x this).")] = 4096,
        seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="Write the Pareto front to .csv or .parquet.")
        ] = None,
        set_: SetOption = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Minimise an output over design variables (never assumptions), or the Pareto front of two outputs."""
        from ..model import load_scenario
        from .optimise import optimise, pareto_front

        scn = load_scenario(scenario, set_ or [])
        choices: dict[str, list[str]] = {}
        for spec in choice or []:
            name, eq, values = spec.partition("=")
            if not eq or not values.strip():
                raise InputError("--choice", spec, "expected param=a,b, e.g. power.cell=tj-gaas,silicon-space")
            choices[name.strip()] = [v.strip() for v in values.split(",") if v.strip()]
        if pareto is not None:
            names = [p.strip() for p in pareto.split(",") if p.strip()]
            if len(names) != 2:
                raise InputError("--pareto", pareto, "give two outputs, OUT1,OUT2")
            front = pareto_front(
                scn, vary, (names[0], names[1]), choices=choices, constraints=constraint or [], n=16 * n, seed=seed
            )
            if out is not None:
                _write_table(front, out)
            if as_json:
                _dump({"scenario": scn.name, "objectives": names, "front": _records(front)})
                return
            table = Table(title=f"Pareto front of {scn.name}: {len(front)} designs", header_style="bold")
            for col in front.columns:
                table.add_column(col, justify="right")
            for row in front.itertuples(index=False):
                table.add_row(*(_fmt(v) for v in row))
            _console().print(table)
            return
        dists = _uncertain(scn, uncertain, False) if robust is not None else None
        result = optimise(
            scn,
            vary,
            objective,
            choices=choices,
            constraints=constraint or [],
            robust=robust,  # type: ignore[arg-type]
            uncertain=dists,
            draws=draws,
            n=n,
            seed=seed,
        )
        summary = {"scenario": scn.name, **result.summary()}
        if as_json:
            _dump(summary)
            return
        label = f"{robust.upper()} of " if robust else ""
        table = Table(title=f"optimum of {scn.name}: {label}{objective} = {_fmt(result.value)}", header_style="bold")
        table.add_column("design variable / output")
        table.add_column("value", justify="right")
        for k, v in {**result.choices, **result.variables, **result.outputs}.items():
            table.add_row(k, _fmt(v))
        console = _console()
        console.print(table)
        console.print(f"{result.evaluations:,} designs evaluated")

    @app.command("simsweep")
    @_friendly
    def simsweep_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")],
        seeds: Annotated[str, typer.Option("--seeds", help="Seeds: a..b (inclusive), a,b,c or one seed.")] = "0",
        days: Annotated[float, typer.Option("--days", help="Length of every simulation, days.")] = 30.0,
        step: Annotated[float, typer.Option("--step", help="Time step, s.")] = 30.0,
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
        output: Annotated[
            list[str] | None, typer.Option("--output", "-O", help="Fleet KPI to show in the summary (repeatable).")
        ] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Write every run to .csv or .parquet.")] = None,
        set_: SetOption = None,
        as_json: JsonFlag = False,
        workers: WorkersOption = None,
        dask: DaskOption = None,
        scheduler: SchedulerOption = None,
        checkpoint: CheckpointOption = None,
        resume: ResumeFlag = False,
    ) -> None:
        """Time-domain simulations of variants x seeds, one task each; fleet KPIs per run and per variant."""
        import pandas as pd

        from .executor import rich_progress
        from .sweep import simulation_sweep

        seed_list = parse_seeds(seeds)
        if not math.isfinite(days) or days <= 0:
            raise InputError("--days", days, "a positive number of days")
        runs = [[*(set_ or []), *variant] for variant in variant_overrides(vary or [])]
        keep = output or list(SIMSWEEP_OUTPUTS)
        executor = _execution(
            workers,
            dask,
            scheduler,
            checkpoint,
            resume,
            _sim_seconds(scenario, runs, seed_list, days, step, satellites),
        )
        try:
            with rich_progress("simulations", sys.stderr.isatty()) as progress:
                frame = simulation_sweep(
                    scenario,
                    runs=runs,
                    seeds=seed_list,
                    duration_s=days * 86400.0,
                    step_s=step,
                    satellites=satellites,
                    executor=executor,
                    checkpoint=checkpoint,
                    resume=resume,
                    progress=progress,
                )
        finally:
            executor.close()
        missing = [k for k in keep if k not in frame.columns]
        if missing:
            kpis = ", ".join(c for c in frame.columns if c not in ("run", "seed", "overrides"))
            raise InputError("--output", missing[0], f"not a fleet KPI; choose from {kpis}")
        if out is not None:
            _write_table(frame, out)
        summary = frame.groupby(["run", "overrides"], sort=True)[keep].agg(["mean", "min", "max"])
        if as_json:
            variants = [
                {
                    "run": int(run),
                    "overrides": overrides,
                    "seeds": len(seed_list),
                    **{f"{k}_{stat}": float(row[(k, stat)]) for k in keep for stat in ("mean", "min", "max")},
                }
                for (run, overrides), row in summary.iterrows()
            ]
            _dump(
                {
                    "scenario": scenario,
                    "days": days,
                    "step_s": step,
                    "seeds": seed_list,
                    "variants": _records(pd.DataFrame(variants)),
                    "runs": _records(frame),
                }
            )
            return
        console = _console()
        table = Table(
            title=f"simulations of {scenario}: {len(runs)} variant(s) x {len(seed_list)} seed(s), {days:g} days "
            "(mean over the seeds; lowest to highest where they differ)",
            header_style="bold",
        )
        table.add_column("run", justify="right")
        table.add_column("overrides")
        for key in keep:
            table.add_column(key, justify="right")
        for (run, overrides), row in summary.iterrows():
            cells = []
            for key in keep:
                low, high = _fmt(float(row[(key, "min")])), _fmt(float(row[(key, "max")]))
                cells.append(_fmt(float(row[(key, "mean")])) + ("" if low == high else f" ({low} to {high})"))
            shown = ";".join(o.removeprefix("satellite.") for o in str(overrides).split(";"))
            table.add_row(str(run), escape(shown) or "—", *cells)
        console.print(table)
        if out is not None:
            console.print(f"{len(frame)} runs written to {out}")

    runs_app = typer.Typer(help="The results store: list, show, export and remove saved runs.", no_args_is_help=True)
    app.add_typer(runs_app, name="runs")

    @runs_app.command("list")
    @_friendly
    def runs_list(
        kind: Annotated[str | None, typer.Option("--kind", help="Only runs of this kind.")] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """List saved runs, newest first."""
        from .. import store

        runs = store.list_runs(kind=kind)
        if as_json:
            _dump(runs)
            return
        table = Table(title=f"runs in {store.home()}", header_style="bold")
        for col in ("id", "kind", "created", "scenario", "sha256", "code", "seed"):
            table.add_column(col)
        for r in runs:
            table.add_row(
                r["id"],
                r["kind"],
                r["created"],
                str(r["scenario_name"]),
                (r["scenario_sha256"] or "")[:12],
                str(r["code_version"]),
                _fmt(r["seed"]),
            )
        _console().print(table)

    @runs_app.command("show")
    @_friendly
    def runs_show(run_id: Annotated[str, typer.Argument(help="Run id (or a unique prefix).")]) -> None:
        """Print one run as JSON (record, scenario and summary)."""
        from .. import store

        _dump(store.get_run(run_id))

    @runs_app.command("export")
    @_friendly
    def runs_export(
        run_id: Annotated[str, typer.Argument(help="Run id (or a unique prefix).")],
        file: Annotated[Path, typer.Argument(help="Target .json, .parquet or .csv.")],
    ) -> None:
        """Export a run's record (.json) or bulk results (.parquet, .csv)."""
        from .. import store

        path = store.export_run(run_id, file)
        _console().print(f"wrote {path}")

    @runs_app.command("rm")
    @_friendly
    def runs_rm(run_id: Annotated[str, typer.Argument(help="Run id (or a unique prefix).")]) -> None:
        """Delete a run and its bulk results."""
        from .. import store

        _console().print(f"deleted {store.delete_run(run_id)}")
