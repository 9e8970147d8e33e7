"""Parameter sweeps: full-factorial grids, random, Latin hypercube and Sobol designs.

A sweep varies numeric parameters (scenario paths, :mod:`skyrack.scenario.registry`)
and evaluates every point through :func:`skyrack.model.design_batch`. Every value
needs its unit (unless the parameter is dimensionless) and must lie in the
parameter's allowed range, as in a scenario file. The ``--vary`` spelling is ``name=spec``:

- ``launch.price_per_kg=20..3000 USD/kg:log:50``: 50 log-spaced values from 20 to 3000 USD/kg;
- ``satellite.thermal.radiator_temperature=280..360K:9``: 9 linear values (a unit after
  the upper bound applies to both ends; ``280 K..360 K`` also works);
- ``orbit.altitude=500 km,650 km,800 km``: a list.

Grids take the listed values and form every combination. Random, Latin
hypercube [1]_ and Sobol [2]_ [3]_ designs sample ``n`` points in the box
``[low, high]`` of each range (log-uniformly for ``:log`` ranges); Sobol
points are Owen-scrambled [4]_ and seeded.

References
----------
.. [1] M. D. McKay, R. J. Beckman and W. J. Conover, "A comparison of three
   methods for selecting values of input variables in the analysis of output
   from a computer code", *Technometrics* 21(2), 239-245, 1979.
.. [2] I. M. Sobol', "On the distribution of points in a cube and the approximate
   evaluation of integrals", *USSR Comput. Math. Math. Phys.* 7(4), 86-112, 1967.
.. [3] S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
   two-dimensional projections", *SIAM J. Sci. Comput.* 30(5), 2635-2654, 2008.
.. [4] A. B. Owen, "Scrambling Sobol' and Niederreiter-Xing points",
   *J. Complexity* 14(4), 466-489, 1998.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from ..errors import InputError
from ..scenario.registry import parameter
from .partitions import OutputDirectory, PartInfo, Partitions, write_part
from .plans import METHODS, SweepPlan, chunks  # noqa: F401 - METHODS re-exported

Array = npt.NDArray[np.float64]
Method = Literal["grid", "random", "lhs", "sobol"]

TASK_SIZE = 1 << 19  # points per executor task / checkpoint chunk / partition
DEFAULT_OUTPUTS: tuple[str, ...] = (
    "economics.usd_per_pflop_day",
    "terrestrial.usd_per_pflop_day",
    "economics.cost_ratio",
    "economics.cost_ratio_infrastructure",
    "breakeven.launch_usd_per_kg",
    "feasibility.code",
)


@dataclass(frozen=True)
class Vary:
    """One swept parameter: explicit ``values`` (lists) or a ``low..high`` range with ``count`` points."""

    name: str
    low: float
    high: float
    count: int
    log: bool = False
    values: tuple[float, ...] | None = None

    def grid(self) -> Array:
        """The values a full-factorial grid takes for this parameter."""
        if self.values is not None:
            return np.asarray(self.values, dtype=np.float64)
        if self.log:
            return np.geomspace(self.low, self.high, self.count)
        return np.linspace(self.low, self.high, self.count)

    def scale(self, u: Array) -> Array:
        """Map unit-interval samples to the range (log-uniform for log ranges; lists pick values)."""
        if self.values is not None:
            idx = np.minimum((u * len(self.values)).astype(np.int64), len(self.values) - 1)
            return np.asarray(self.values, dtype=np.float64)[idx]
        if self.log:
            return np.exp(np.log(self.low) + u * (np.log(self.high) - np.log(self.low)))
        return self.low + u * (self.high - self.low)


_RANGE = re.compile(r"^(?P<lo>.+?)\.\.(?P<hi>[^:]+)(?P<opts>(:[^:]*)*)$")
_TRAILING_UNIT = re.compile(r"^\s*[-+]?[\d.]+(?:[eE][-+]?\d+)?\s*$")
_NUMBER_THEN_UNIT = re.compile(r"^\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*([^\d\s.+-].*)$")


def parse_vary(spec: str, default_count: int = 11) -> Vary:
    """Parse a ``--vary`` spec (see the module docstring) into a :class:`Vary` in canonical units."""
    raw_name, eq, body = spec.partition("=")
    if not eq or not raw_name.strip() or not body.strip():
        raise InputError("--vary", spec, "expected name=low..high[:log][:count] or name=a,b,c")
    param = parameter(raw_name, field="--vary")
    name = param.path
    if not param.numeric:
        raise InputError("--vary", name, "is a choice, not a number; run one sweep per choice")
    field = f"--vary {name}"
    body = body.strip()
    match = _RANGE.match(body)
    if match is None:
        values = tuple(param.parse(v.strip(), field) for v in body.split(",") if v.strip())
        if not values:
            raise InputError(field, body, "expected a list of values a,b,c")
        return Vary(name, min(values), max(values), len(values), False, values)
    lo_text, hi_text = match.group("lo").strip(), match.group("hi").strip()
    if _TRAILING_UNIT.match(lo_text):
        unit_match = _NUMBER_THEN_UNIT.match(hi_text)
        if unit_match is not None:  # "280..360K": the unit of the upper bound applies to both
            lo_text = f"{lo_text} {unit_match.group(2)}"
    low = param.parse(lo_text, field)
    high = param.parse(hi_text, field)
    log, count = False, default_count
    for opt in filter(None, (o.strip() for o in match.group("opts").split(":"))):
        if opt.lower() in ("log", "geom"):
            log = True
        elif opt.lower() in ("lin", "linear"):
            log = False
        elif opt.isdigit() and int(opt) >= 1:
            count = int(opt)
        else:
            raise InputError(field, opt, "range options are 'log', 'lin' or a point count, e.g. 20..3000:log:50")
    if not low < high:
        raise InputError(field, body, "needs low < high")
    if log and low <= 0:
        raise InputError(field, body, "a log range needs low > 0")
    return Vary(name, low, high, count, log)


def design_points(
    varies: Sequence[Vary], method: Method = "grid", n: int | None = None, seed: int = 0
) -> dict[str, Array]:
    """Input points of a sweep: ``{name: array}`` (all arrays the same length).

    ``grid`` is the full factorial of each parameter's values (``n`` ignored);
    ``random`` draws uniformly; ``lhs`` is a Latin hypercube [1]_; ``sobol`` a
    scrambled Sobol sequence [2]_ (``n`` is best a power of two). ``seed``
    makes every sampled design reproducible. The same points, a range at a time,
    come from :meth:`skyrack.analysis.plans.SweepPlan.points` (how sweeps
    generate them on their workers).

    References
    ----------
    .. [1] McKay, Beckman and Conover, *Technometrics* 21(2), 239-245, 1979.
    .. [2] Sobol', *USSR Comput. Math. Math. Phys.* 7(4), 86-112, 1967.
    """
    return SweepPlan(tuple(varies), method, n if n is not None else 1024, seed).points()


def sweep(
    scenario: Any,
    vary: Sequence[Vary | str],
    method: Method = "grid",
    n: int | None = None,
    seed: int = 0,
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    overrides: Sequence[str] = (),
    chunk: int = 1 << 16,
    *,
    task_size: int = TASK_SIZE,
    executor: Any = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: Any = None,
    out: str | Path | None = None,
) -> Any:
    """Evaluate a sweep: a pandas DataFrame of the inputs then the ``outputs``, or Parquet partitions.

    Tasks carry the sweep's description (:class:`~skyrack.analysis.plans.SweepPlan`)
    and a range of point indices; each generates its own points where it runs,
    so the client never holds them. With ``out`` the rows stay where they are
    computed, written as partitions (:mod:`skyrack.analysis.partitions`).

    Parameters
    ----------
    scenario : Scenario or str
        Scenario, preset name or file.
    vary : sequence of Vary or str
        Parameters to vary (``--vary`` specs or :class:`Vary`).
    method : {"grid", "random", "lhs", "sobol"}
        Design of the sweep (see :func:`design_points`).
    n : int, optional
        Number of points for the sampled methods (default 1024).
    seed : int
        Seed of the sampled methods.
    outputs : sequence of str
        Output keys of :func:`skyrack.model.evaluate` to keep.
    chunk : int
        Designs per vectorised evaluation (memory bound inside a task).
    task_size : int
        Points per task: the unit handed to the executor, checkpointed or
        written as one partition (default 524,288: a few tenths of a second of
        work, so that handing a task over, a few milliseconds of the client's
        and the scheduler's time, stays small beside it).
    executor : skyrack.analysis.executor.Executor, optional
        Where tasks run (default: in this process); see
        :func:`skyrack.analysis.executor.make_executor`.
    checkpoint : str or path, optional
        Directory keeping every finished task (see
        :class:`skyrack.analysis.executor.Checkpoint`); not with ``out``,
        whose partitions are their own checkpoint.
    resume : bool
        Continue the run checkpointed in ``checkpoint`` (or written to ``out``).
    progress : callable, optional
        ``progress(tasks_done, tasks_total)``.
    out : str or path, optional
        Directory the tasks write their rows to, one Parquet partition each;
        the client then receives only each partition's row count, digest and
        column ranges, and its memory does not grow with the number of points.

    Returns
    -------
    pandas.DataFrame or skyrack.analysis.partitions.Partitions
        One row per point, in the order of :func:`design_points`; with ``out``,
        the :class:`~skyrack.analysis.partitions.Partitions` holding them.

    References
    ----------
    .. [1] McKay, Beckman and Conover, *Technometrics* 21(2), 239-245, 1979.
    """
    from ..model import as_scenario

    scn = as_scenario(scenario, overrides)
    varies = tuple(v if isinstance(v, Vary) else parse_vary(v) for v in vary)
    plan = SweepPlan(varies, method, n if n is not None else 1024, seed)
    keep = list(outputs)
    run = {
        "kind": "sweep",
        "scenario": json.loads(scn.model_dump_json()),
        "points": plan.describe(),
        "outputs": keep,
        "task_size": task_size,
    }
    job = _SweepJob(scn, plan, chunks(plan.size, task_size), keep, chunk, run)
    if out is not None:
        if checkpoint is not None:
            raise InputError("--checkpoint", str(checkpoint), "not with --out DIR: its partitions resume a killed run")
        return job.to_directory(Path(out), executor, resume, progress)
    return job.in_memory(executor, checkpoint, resume, progress)


@dataclass(frozen=True)
class _SweepJob:
    """One sweep cut into tasks: the scenario, the plan, each task's point range, the outputs kept, the
    designs per vectorised evaluation and the run's description (checkpoint and partition metadata)."""

    scn: Any
    plan: SweepPlan
    ranges: Sequence[tuple[int, int]]
    keep: list[str]
    chunk: int
    run: Mapping[str, Any]

    def in_memory(self, executor: Any, checkpoint: str | Path | None, resume: bool, progress: Any) -> Any:
        """The sweep's rows gathered into one DataFrame (optionally checkpointed)."""
        import pandas as pd

        from .executor import Checkpoint, run_chunks

        tasks = [
            (_sweep_task, (self.scn, self.plan, start, stop, self.keep, self.chunk)) for start, stop in self.ranges
        ]
        store = Checkpoint(checkpoint, self.run, len(tasks), resume=resume) if checkpoint is not None else None
        frames = run_chunks(tasks, executor, store, progress)
        if not frames:
            return pd.DataFrame({**self.plan.points(0, 0), **{k: np.empty(0) for k in self.keep}})
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def to_directory(self, out: Path, executor: Any, resume: bool, progress: Any) -> Partitions:
        """The sweep's tasks write their rows to ``out`` and report only a :class:`PartInfo` each."""
        from .executor import run_chunks

        directory = OutputDirectory(out, self.run, len(self.ranges), resume=resume)
        parts = directory.done() if resume else {}
        todo = [i for i in range(len(self.ranges)) if i not in parts]
        tasks = [
            (_sweep_task, (self.scn, self.plan, *self.ranges[i], self.keep, self.chunk, str(out), i)) for i in todo
        ]

        def take(_: int, info: PartInfo) -> None:
            parts[info.index] = info

        run_chunks(tasks, executor, None, progress, consume=take)
        varied = [v.name for v in self.plan.varies]
        columns = varied + [k for k in self.keep if k not in set(varied)]
        return Partitions(out, columns, [parts[i] for i in range(len(self.ranges))])


def _sweep_task(
    scn: Any,
    plan: SweepPlan,
    start: int,
    stop: int,
    outputs: Sequence[str],
    chunk: int,
    out: str | None = None,
    index: int = 0,
) -> Any:
    """Points ``start .. stop-1`` of a sweep, generated and evaluated here.

    Returns a DataFrame of the inputs then the outputs, or with ``out`` writes
    it as partition ``index`` there and returns its :class:`PartInfo`.
    """
    import pandas as pd

    from ..model import design_batch

    points = plan.points(start, stop)
    values = design_batch(scn, points, chunk=chunk, outputs=list(outputs))
    columns: dict[str, Any] = dict(points)
    for key in outputs:
        if key not in columns:
            columns[key] = np.array(values[key])
    if out is not None:
        return write_part(out, index, columns)
    return pd.DataFrame(columns)


@dataclass
class BreakevenSurface:
    """A grid of ``cost_ratio`` over two parameters and its parity contour.

    ``ratio[i, j]`` is the cost ratio at ``x[i]``, ``y[j]`` (NaN where
    infeasible). ``contour[i]`` is the ``y`` at which the ratio crosses 1 along
    row ``i`` (linear interpolation between grid points; NaN if it never does).
    """

    x_name: str
    y_name: str
    x: Array
    y: Array
    ratio: Array
    contour: Array

    def frame(self) -> Any:
        """Long-format DataFrame: x, y, cost_ratio."""
        import pandas as pd

        xx, yy = np.meshgrid(self.x, self.y, indexing="ij")
        return pd.DataFrame(
            {self.x_name: xx.ravel(), self.y_name: yy.ravel(), "economics.cost_ratio": self.ratio.ravel()}
        )


def parity_root(y: Array, ratio_row: Array) -> float:
    """The first ``y`` at which ``ratio_row`` crosses 1, by linear interpolation (NaN if none)."""
    r = np.asarray(ratio_row, dtype=np.float64) - 1.0
    ok = np.isfinite(r)
    for j in range(len(r) - 1):
        if not (ok[j] and ok[j + 1]):
            continue
        if r[j] == 0.0:
            return float(y[j])
        if r[j] * r[j + 1] < 0:
            t = r[j] / (r[j] - r[j + 1])
            return float(y[j] + t * (y[j + 1] - y[j]))
    if ok[-1] and r[-1] == 0.0:
        return float(y[-1])
    return math.nan


def breakeven_surface(
    scenario: Any,
    x: Vary | str,
    y: Vary | str,
    overrides: Sequence[str] = (),
    fixed: Mapping[str, float] | None = None,
    *,
    task_size: int = TASK_SIZE,
    executor: Any = None,
    progress: Any = None,
) -> BreakevenSurface:
    """Cost ratio (orbit/ground) over a grid of two parameters and the contour where it equals 1.

    For example ``x="launch.price_per_kg=20..3000 USD/kg:log:40"`` and
    ``y="economics.satellite_cost_per_w=1..200 USD/W:log:40"``: ``contour[i]`` is the
    satellite $/W at which orbit matches the ground at the ``i``-th launch price.

    The grid is evaluated in tasks of whole rows (about ``task_size`` points)
    run by ``executor`` (default: in this process), ``progress(done, total)``
    after each; the surface does not depend on either.
    """
    from ..model import as_scenario
    from .executor import run_chunks

    if task_size < 1:
        raise InputError("task_size", task_size, "must be at least 1")
    scn = as_scenario(scenario, overrides)
    vx = x if isinstance(x, Vary) else parse_vary(x)
    vy = y if isinstance(y, Vary) else parse_vary(y)
    gx, gy = vx.grid(), vy.grid()
    rows = max(1, task_size // max(gy.size, 1))
    extra = dict(fixed or {})
    tasks = [
        (_breakeven_task, (scn, vx.name, gx[start : start + rows], vy.name, gy, extra))
        for start in range(0, gx.size, rows)
    ]
    ratio = np.concatenate(run_chunks(tasks, executor, None, progress), axis=0)
    contour = np.array([parity_root(gy, ratio[i]) for i in range(gx.size)])
    return BreakevenSurface(vx.name, vy.name, gx, gy, ratio, contour)


def _breakeven_task(scn: Any, x_name: str, xs: Array, y_name: str, ys: Array, fixed: Mapping[str, Any]) -> Array:
    """Rows ``xs`` of a breakeven grid: the cost ratio at every (x, y), NaN where infeasible."""
    from ..model import design_batch

    variations: dict[str, Any] = {x_name: xs[:, None], y_name: ys[None, :]}
    variations.update(fixed)
    out = design_batch(scn, variations, outputs=["economics.cost_ratio", "feasibility.code"])
    ratio = np.where(np.asarray(out["feasibility.code"]) == 0, np.asarray(out["economics.cost_ratio"]), np.nan)
    return np.broadcast_to(ratio, (xs.size, ys.size)).copy()


def simulation_sweep(
    scenario: Any,
    runs: Sequence[Sequence[str]] | None = None,
    seeds: Sequence[int] | None = None,
    *,
    duration_s: float | None = None,
    step_s: float = 30.0,
    satellites: int | None = None,
    executor: Any = None,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: Any = None,
) -> Any:
    """Time-domain simulations of many variants of a scenario, one task each; fleet KPIs per run.

    Parameters
    ----------
    scenario : str or path
        Preset name or scenario file the variants start from.
    runs : sequence of sequence of str, optional
        ``--set`` overrides of each variant (``["orbit.altitude=550 km"]``);
        default one variant with none.
    seeds : sequence of int, optional
        Seeds to run every variant with (default ``[0]``).
    duration_s, step_s, satellites
        As :func:`skyrack.simulate.simulate`.
    executor, checkpoint, resume, progress
        As :func:`sweep`; a task is one simulation.

    Returns
    -------
    pandas.DataFrame
        One row per (variant, seed): ``run``, ``seed``, ``overrides``,
        ``feasibility.code`` then the fleet KPIs of
        :attr:`skyrack.simulate.SimulationResult.fleet`. An infeasible variant
        is not simulated: its code says why and its KPIs are NaN.

    References
    ----------
    .. [1] M. Rocklin, "Dask: Parallel computation with blocked algorithms and
       task scheduling", *Proc. 14th Python in Science Conf.*, 126-132, 2015.
    """
    import pandas as pd

    from .executor import Checkpoint, run_chunks

    variants = [list(r) for r in (runs if runs is not None else [[]])]
    seed_list = [int(s) for s in (seeds if seeds is not None else [0])]
    if not variants or not seed_list:
        raise InputError("runs", runs, "give at least one variant and one seed")
    label = str(scenario)
    jobs = [(i, list(v), s) for i, v in enumerate(variants) for s in seed_list]
    tasks = [
        (_simulation_task, (label, index, overrides, seed, duration_s, step_s, satellites))
        for index, overrides, seed in jobs
    ]
    store = None
    if checkpoint is not None:
        from ..model import load_scenario

        run = {
            "kind": "simulation_sweep",
            "scenarios": [json.loads(load_scenario(label, v).model_dump_json()) for v in variants],
            "seeds": seed_list,
            "duration_s": duration_s,
            "step_s": step_s,
            "satellites": satellites,
        }
        store = Checkpoint(checkpoint, run, len(tasks), resume=resume)
    frames = run_chunks(tasks, executor, store, progress)
    return pd.concat(frames, ignore_index=True)


def _simulation_task(
    scenario: str,
    index: int,
    overrides: Sequence[str],
    seed: int,
    duration_s: float | None,
    step_s: float,
    satellites: int | None,
) -> Any:
    """One simulation of a :func:`simulation_sweep`, as a one-row DataFrame of fleet KPIs."""
    import pandas as pd

    from ..model import design, load_scenario
    from ..simulate import simulate

    sized = design(load_scenario(scenario, overrides), parity=False)
    row: dict[str, Any] = {"run": index, "seed": seed, "overrides": ";".join(overrides)}
    row["feasibility.code"] = int(sized.values["feasibility.code"])
    if not sized.feasible:  # nothing to simulate: the row keeps its code, its KPIs are missing (NaN)
        return pd.DataFrame([row])
    result = simulate(sized, duration=duration_s, step=step_s, satellites=satellites, seed=seed)
    row.update({k: float(v) for k, v in result.fleet.items()})
    return pd.DataFrame([row])
