"""The fleet simulation: every satellite, every step, over the run — in bounded memory.

:func:`simulate` takes a sized design (a :class:`skyrack.model.Result`, from
``skyrack.design(...)``), reads its settings from the scenario's
``simulation:`` section (keyword arguments override them), lays out the fleet
(or reads it from a TLE/OMM file), and walks through the run in chunks of a
few thousand steps: for each chunk it computes the Sun and the Earth's rotation
once per step, the positions of every satellite (secular J2 or SGP4), and
advances the compiled per-satellite state machine of
:mod:`skyrack.simulate.kernels`. Nothing of size satellites × all steps is ever
built: each chunk is reduced to per-satellite accumulators and a down-sampled
fleet time series before the next one starts, so memory does not grow with
the duration. :mod:`skyrack.simulate.result` turns the accumulators into KPIs.

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th
       ed., 2013, sec. 3.5 (sidereal time) and sec. 8.6.2 (exponential
       atmosphere, for the decay warning).
.. [2] J. R. Wertz, W. J. Larson (eds.), *Space Mission Analysis and Design*,
       3rd ed., 1999, sec. 11.4 (array degradation, L_d = (1 − D)^t).
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numba
import numpy as np

from .._version import __version__
from ..errors import InputError
from ..physics.atmosphere import orbit_lifetime_s
from ..physics.constants import AU, R_EARTH, YEAR_S
from ..physics.frames import gmst
from ..physics.illumination import ECLIPSE_DEFINITION
from ..physics.orbit import orbital_period
from ..physics.propagation import j2_element_table
from ..physics.sun import sun_vector_eci
from ..scenario.simulation import Simulation
from . import kernels
from ._common import FloatArray, SkyrackWarning
from .environment import Environment, environment
from .fleet import Failures, Fleet, failures, fleet, nodal_periods
from .partition import Partial, Reducer, chunk_basis, chunk_series, plan, this_process
from .positions import PositionRecorder, Positions
from .propagate import Sgp4Fleet, satrecs_from_elements
from .result import SimulationResult, Stepped, assemble, jd_to_iso
from .settings import as_section, override
from .streams import block_starts

__all__ = ["SimulationResult", "run_partition", "simulate"]

_CHUNK_SAT_STEPS = 1 << 20  # satellite-steps per chunk (positions: 12 MB in float32)


def simulate(
    design: Any,
    settings: Simulation | None = None,
    *,
    layout: str | None = None,
    tle: str | Path | None = None,
    omm: str | Path | None = None,
    progress: bool | Callable[[int, int], None] = False,
    out_dir: str | Path | None = None,
    chunk_sat_steps: int = _CHUNK_SAT_STEPS,
    executor: Any = None,
    partitions: int | None = None,
    per_satellite: bool = False,
    positions: Positions | None = None,
    **overrides: Any,
) -> SimulationResult:
    """Simulate every satellite (or a sample) of a design, step by step, over a run.

    Parameters
    ----------
    design : skyrack.model.Result
        A feasible sized design, e.g. ``skyrack.design("suncatcher")``.
    settings : skyrack.scenario.simulation.Simulation, optional
        Settings of the run (default: the scenario's ``simulation:`` section).
    layout : {"auto", "cluster", "train", "walker"}, optional
        Placement of design satellites (default: the scenario's ``constellation.layout``).
    tle, omm : str or path, optional
        Take the fleet from a TLE or CCSDS OMM file (SGP4) instead of the design's layout; the
        design still sizes each satellite.
    progress : bool or callable, optional
        True for a rich progress bar; or a function ``f(steps_done, steps_total)``.
    out_dir : str or path, optional
        Write the results there (see :meth:`SimulationResult.write`).
    chunk_sat_steps : int, optional
        Satellite-steps per chunk (memory bound; default 2**20).
    executor : optional
        Where the partitions run: an executor of :mod:`skyrack.analysis.executor` (a local process
        pool or Dask, e.g. ``make_executor(workers=2)``); default this process, one partition
        after another.
    partitions : int, optional
        Partitions of the fleet (default the executor's workers); more are made as needed to keep
        each under :data:`skyrack.simulate.partition.MAX_PARTITION` satellites. The results do not
        depend on it (see :mod:`skyrack.simulate.partition`).
    per_satellite : bool, optional
        Keep every simulated satellite's binned series (``SimulationResult.per_satellite``,
        written as ``per_satellite.parquet``): satellites × bins rows, in satellite order
        whatever the partitions.
    positions : skyrack.simulate.positions.Positions, optional
        Record positions (ECI, ECEF, latitude/longitude/height, illumination) every
        ``positions.every_s`` for the first ``positions.satellites`` satellites into
        ``out_dir/positions.parquet``, chunk by chunk (needs ``out_dir``). They are computed in
        this process from the satellites' elements, after the partitions are stepped.
    **overrides
        Settings of the ``simulation:`` section for this run, by name: ``duration``, ``step``,
        ``start``, ``satellites``, ``seed``, ``propagator``, ``cluster_radius``, ``planes``,
        ``elevation_mask``, ``stations``, ``downlink_rate``, ``checkpoint_time``,
        ``restart_time``, ``solar``, ``dose``, ``bins``. Numbers are in the field's unit (s, m,
        rad, bit/s); strings may carry a unit ("30 day"); None keeps the scenario's setting.

    Returns
    -------
    SimulationResult
        Its ``meta["settings"]`` records every setting the run used, as a ``simulation:``
        section that reproduces the run.

    Raises
    ------
    skyrack.errors.InputError
        For an infeasible design, a step longer than a tenth of an orbit, a duration beyond the
        mission life, a bad TLE/OMM file or setting.

    Warns
    -----
    SkyrackWarning
        When drag would bring the orbit down within the run.
    """
    t_wall = time.perf_counter()
    res = _feasible(design)
    cfg = _settings(res, settings, overrides)
    duration_s, step_s = _time_grid(res, cfg)
    if tle is not None and omm is not None:
        raise InputError("tle", str(tle), "give --tle or --omm, not both")
    sats = fleet(res, cfg, layout or "auto", tle, omm, np.random.default_rng(cfg.seed))
    _warn_decay(res, duration_s)
    env = environment(res, cfg, sats)
    n_steps = math.ceil(duration_s / step_s - 1e-9)
    cut = _Chunking.of(n_steps, int(cfg.bins), chunk_basis(sats.n), chunk_sat_steps)
    recorder = _recorder(positions, sats, step_s, out_dir)
    job = _Job(res, cfg, env, step_s, n_steps, duration_s, cut, per_satellite)
    bounds = plan(sats.index, partitions or int(getattr(executor, "workers", 1)))
    t_loop = time.perf_counter()
    reducer = _run_partitions(job, sats, bounds, executor, _progress_reporter(progress, n_steps))
    stepping = time.perf_counter() - t_loop
    run = _stepped(sats, job, reducer)
    elapsed = time.perf_counter() - t_wall
    cfg = cfg.model_copy(update={"duration": duration_s})
    meta = _meta(res, cfg, sats, env, n_steps, cut.chunk, elapsed, stepping, tle, omm)
    meta["partitions"] = _partition_meta(bounds, executor, reducer)
    if recorder is not None:
        meta["positions"] = _record_positions(recorder, n_steps, cut.chunk)
    result = assemble(res, run, cfg, meta)
    if out_dir is not None:
        result.write(out_dir)
    return result


# --------------------------------------------------------------------------- set-up


def _feasible(design: Any) -> Any:
    """The design, checked to have satellites that can be built (launch cadence and production aside)."""
    if not all(hasattr(design, name) for name in ("params", "values", "feasible", "scenario")):
        raise InputError(
            "design",
            design if isinstance(design, str) else type(design).__name__,
            "a sized design: skyrack.design(scenario) first, then simulate(result)",
        )
    design.require_satellites("simulating")  # a fleet too big to launch in time is still simulable
    return design


def _settings(res: Any, settings: Simulation | None, overrides: Mapping[str, Any]) -> Simulation:
    """The run's settings: ``settings`` or the scenario's section, with the keyword overrides."""
    if settings is None:
        settings = getattr(res.scenario, "simulation", None) or Simulation()
    return override(settings, overrides)


def _time_grid(res: Any, cfg: Simulation) -> tuple[float, float]:
    """Duration and step of the run, s, checked against the mission life and the orbital period."""
    life_s = float(res.params["mission.lifetime"]) * YEAR_S
    duration_s = min(YEAR_S, life_s) if cfg.duration is None else float(cfg.duration)
    step_s = float(cfg.step)
    if duration_s > life_s * (1 + 1e-9):
        raise InputError(
            "simulation.duration",
            f"{duration_s / YEAR_S:.3g} yr",
            f"at most the mission lifetime ({life_s / YEAR_S:.3g} yr)",
        )
    period = float(orbital_period(float(res.params["orbit.altitude"])))
    if step_s > period / 10.0:
        raise InputError(
            "simulation.step",
            f"{step_s:g} s",
            f"at most a tenth of the orbital period ({period / 10.0:.0f} s) so eclipses are resolved",
        )
    if duration_s < step_s:
        raise InputError("simulation.duration", f"{duration_s:g} s", f"at least one step ({step_s:g} s)")
    return duration_s, step_s


def _warn_decay(res: Any, duration_s: float) -> None:
    """Warn when the exponential atmosphere brings the orbit down within the run (the run keeps its altitude)."""
    v = res.values
    mass = float(v["mass.per_satellite_kg"])
    drag_area = 0.5 * (float(v["power.array_area_m2"]) + float(np.nan_to_num(v["thermal.radiator_area_m2"])))
    alt = float(res.params["orbit.altitude"])
    life = orbit_lifetime_s(alt, mass, drag_area)
    if life < duration_s:
        warnings.warn(
            f"orbit at {alt / 1e3:.0f} km decays in about {life / 86400:.0f} days (exponential atmosphere, "
            f"Vallado table 8-4; {mass:,.0f} kg, {drag_area:,.0f} m2 mean drag area, CD 2.2), "
            f"before the end of the {duration_s / 86400:.0f}-day run; the simulation keeps the altitude constant",
            SkyrackWarning,
            stacklevel=3,
        )


def _recorder(
    positions: Positions | None, sats: Fleet, step_s: float, out_dir: str | Path | None
) -> PositionRecorder | None:
    """The position recorder of the run, or None when positions are not asked for."""
    if positions is None:
        return None
    if out_dir is None:
        raise InputError("positions", "no run directory", "give out_dir (--out): positions are written as they come")
    return PositionRecorder(positions, sats, step_s, out_dir)


# --------------------------------------------------------------------------- stepping


@dataclass
class _Chunking:
    """How the run is cut: steps per time-series bin and per chunk."""

    bin_len: int
    chunk: int

    @classmethod
    def of(cls, n_steps: int, bins: int, n_sat: int, chunk_sat_steps: int) -> _Chunking:
        bin_len = max(1, math.ceil(n_steps / max(bins, 1)))
        return cls(bin_len, max(bin_len, (max(chunk_sat_steps // n_sat, 1) // bin_len) * bin_len))


def _step_inputs(jd0: float, t: FloatArray, degradation: float) -> FloatArray:
    """Per-step inputs common to the fleet: Sun, Earth rotation, array power factor (degradation, 1/d²)."""
    jd = jd0 + t / 86400.0
    sun, dist = sun_vector_eci(jd)
    g = np.asarray(gmst(jd), dtype=np.float64)
    scale = (1.0 - degradation) ** (t / YEAR_S) * (AU / dist) ** 2
    return kernels.step_table(t, sun, dist, g, scale)


def _sgp4_block(sats: Fleet, fail: Failures, t: FloatArray, buffer: np.ndarray, alt: float) -> np.ndarray:
    """SGP4 positions of the chunk (float32, m); a satellite SGP4 gives up on fails at that step."""
    assert sats.sgp4 is not None
    m = t.size
    jd_whole = math.floor(sats.start_jd - 0.5) + 0.5
    offset_s = (sats.start_jd - jd_whole) * 86400.0
    block = buffer if m == buffer.shape[1] else np.empty((sats.n, m, 3), np.float32)
    block, err = sats.sgp4.positions(jd_whole, offset_s + t, block)
    bad = err != 0
    if bad.any():
        first = np.where(bad.any(axis=1), np.argmax(bad, axis=1), m)
        lost = first < m
        fail.par[lost, kernels.PAR.fail_t] = np.minimum(fail.par[lost, kernels.PAR.fail_t], t[first[lost]])
        block[bad] = np.array([R_EARTH + alt, 0.0, 0.0], np.float32)
    return np.ascontiguousarray(block)


@dataclass
class _Job:
    """What every partition of a run shares (sent to each worker with its satellites)."""

    res: Any
    cfg: Simulation
    env: Environment
    step_s: float
    n_steps: int
    duration_s: float
    cut: _Chunking
    per_satellite: bool = False


def _run_partitions(
    job: _Job, sats: Fleet, bounds: list[tuple[int, int]], executor: Any, report: Callable[..., None]
) -> Reducer:
    """Step every partition, here or on the executor's workers, and fold them into a :class:`Reducer`."""
    reducer = Reducer(len(bounds))
    total = max(sats.n, 1) * job.n_steps
    done = 0
    if executor is None:
        for i, (lo, hi) in enumerate(bounds):

            def tick(k: int, base: int = done, m: int = hi - lo) -> None:
                report(round((base + m * k) * job.n_steps / total))

            reducer.add(i, run_partition(job, sats.rows(lo, hi), tick))
            done += (hi - lo) * job.n_steps
    else:
        tasks = {i: (run_partition, (job, _portable(sats.rows(lo, hi)))) for i, (lo, hi) in enumerate(bounds)}
        for i, part in executor.run(tasks):
            reducer.add(i, part)
            done += (part.hi - part.lo) * job.n_steps
            report(round(done * job.n_steps / total))
    report(job.n_steps, final=True)
    return reducer


def _portable(sats: Fleet) -> Fleet:
    """The satellites as sent to a worker: SGP4 records of design orbits are rebuilt there from the elements."""
    if sats.sgp4 is None:
        return sats
    if sats.elements is None:
        raise InputError(
            "--workers", "a fleet from a TLE/OMM file", "one process for file fleets (SGP4 records cannot be sent)"
        )
    return replace(sats, sgp4=None)


def run_partition(job: _Job, sats: Fleet, tick: Callable[[int], None] | None = None) -> Partial:
    """Step one partition of the fleet through the whole run (a worker's task); ``tick(steps_done)``."""
    if job.cfg.propagator == "sgp4" and sats.sgp4 is None and sats.elements is not None:
        sats = replace(sats, sgp4=Sgp4Fleet(satrecs_from_elements(sats.elements), sats.names))
    t0 = time.perf_counter()
    fail = failures(job.res, sats.index, job.duration_s, int(job.cfg.seed))
    acc, sums, mins, maxs, kept = _step_through(job, sats, fail, tick)
    pid, rss = this_process()
    return Partial(
        0, sats.n, acc, fail.par, np.diff(fail.acc_off), nodal_periods(sats), sums, mins, maxs,
        time.perf_counter() - t0, pid, rss, kept,
    )  # fmt: skip


def _step_through(
    job: _Job, sats: Fleet, fail: Failures, tick: Callable[[int], None] | None
) -> tuple[FloatArray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Advance a partition chunk by chunk.

    Returns its accumulators, its share of the fleet series (block sums, min, max) and, when the job
    keeps them, its satellites' bins (n, bins, len(TS)).
    """
    n, cut, n_steps, step_s = sats.n, job.cut, job.n_steps, job.step_s
    alt = float(job.res.params["orbit.altitude"])
    degradation = float(job.res.params["satellite.power.degradation"])
    if sats.sgp4 is None:
        assert sats.elements is not None
        elem = j2_element_table(sats.elements)  # positions are computed inside the kernel
        buffer = np.zeros((n, 1, 3), np.float32)
    else:
        elem = np.zeros((0, 10))
        buffer = np.empty((n, min(cut.chunk, n_steps), 3), np.float32)
    state = kernels.initial_state(fail.par, fail.par[:, kernels.PAR.t_design])
    acc = kernels.new_accumulators(n)
    starts = block_starts(sats.index)
    sums: list[np.ndarray] = []
    mins: list[np.ndarray] = []
    maxs: list[np.ndarray] = []
    kept: list[np.ndarray] = []  # per-satellite bins, on request
    for k0 in range(0, n_steps, cut.chunk):
        m = min(cut.chunk, n_steps - k0)
        t: FloatArray = (k0 + np.arange(m, dtype=np.float64)) * step_s
        elem_t0 = 0.0
        if sats.sgp4 is None:
            assert sats.elements is not None
            elem_t0 = (sats.start_jd - sats.elements.epoch_jd) * 86400.0 + k0 * step_s
            block = buffer
        else:
            block = _sgp4_block(sats, fail, t, buffer, alt)
        ts = np.zeros((n, math.ceil(m / cut.bin_len), len(kernels.TS)), np.float32)
        # small work units, so a thread slowed by other jobs on the machine does not hold up the chunk
        with numba.parallel_chunksize(max(1, n // 32)):
            kernels.run_chunk(
                block,
                elem,
                elem_t0,
                _step_inputs(sats.start_jd, t, degradation),
                step_s,
                fail.par,
                (fail.acc_times, fail.acc_off),
                job.env.dose,
                job.env.stations,
                state,
                acc,
                cut.bin_len,
                ts,
            )
        for out, piece in zip((sums, mins, maxs), chunk_series(ts, starts), strict=True):
            out.append(piece)
        if job.per_satellite:
            kept.append(ts)
        if tick is not None:
            tick(k0 + m)
    bins = np.concatenate(kept, axis=1) if job.per_satellite else None
    return acc, np.concatenate(sums, axis=1), np.concatenate(mins), np.concatenate(maxs), bins


def _stepped(sats: Fleet, job: _Job, reducer: Reducer) -> Stepped:
    """What the run leaves, from the folded partitions."""
    acc, par, acc_off, period = reducer.satellites()
    cut, n_steps, step_s = job.cut, job.n_steps, job.step_s
    k0 = np.arange(0, n_steps, cut.chunk)
    times = np.concatenate(  # mid-times of the bins, chunk by chunk (a chunk holds whole bins)
        [
            _bin_mid_times(int(k), int(m), cut.bin_len, step_s)
            for k, m in zip(k0, np.minimum(cut.chunk, n_steps - k0), strict=True)
        ]
    )
    n_acc = round(
        float(job.res.values["compute.units_per_satellite"])
        * float(job.res.params["satellite.compute.accelerators_per_unit"])
    )
    return Stepped(
        sats.names, sats.index, sats.size, acc, par, acc_off, n_acc, step_s, n_steps, sats.start_jd,
        reducer.series(sats.n), times, period, reducer.per_satellite(),
    )  # fmt: skip


def _bin_mid_times(k0: int, m: int, bin_len: int, step_s: float) -> FloatArray:
    """Mid-times (s) of the bins of the chunk of ``m`` steps from step ``k0``."""
    first = np.arange(0, m, bin_len)
    return np.asarray((k0 + first) * step_s + 0.5 * step_s * np.minimum(bin_len, m - first), dtype=np.float64)


def _record_positions(recorder: PositionRecorder, n_steps: int, chunk: int) -> dict[str, Any]:
    """Write the recorder's positions chunk by chunk, in this process (from the elements, not the kernel)."""
    for k0 in range(0, n_steps, chunk):
        recorder.record(k0, min(chunk, n_steps - k0))
    return recorder.close()


def _partition_meta(bounds: list[tuple[int, int]], executor: Any, reducer: Reducer) -> dict[str, Any]:
    """How the run was split and where it ran: partitions, their sizes, workers and their peak memory."""
    sizes = [hi - lo for lo, hi in bounds]
    return {
        "count": len(bounds),
        "largest": max(sizes, default=0),
        "executor": "in-process" if executor is None else type(executor).__name__,
        "workers": int(getattr(executor, "workers", 1)),
        "peak_rss_bytes": {str(pid): rss for pid, rss in sorted(reducer.rss.items())},
    }


# --------------------------------------------------------------------------- record


def _meta(
    res: Any,
    cfg: Simulation,
    sats: Fleet,
    env: Environment,
    n_steps: int,
    chunk: int,
    elapsed: float,
    stepping: float,
    tle: str | Path | None,
    omm: str | Path | None,
) -> dict[str, Any]:
    """What the run was: scenario and its hash, code version, every setting, fleet, timing."""
    n = sats.n
    meta: dict[str, Any] = {
        "scenario": str(getattr(res.scenario, "name", "scenario")),
        "scenario_sha256": _scenario_hash(res),
        "skyrack_version": __version__,
        "seed": int(cfg.seed),
        "step_s": float(cfg.step),
        "duration_s": float(cfg.duration or 0.0),
        "steps": n_steps,
        "start_utc": jd_to_iso(sats.start_jd),
        "propagator": "sgp4" if sats.sgp4 is not None else "j2",
        "layout": sats.layout,
        "satellites_in_fleet": sats.size,
        "satellites_simulated": n,
        "dose_model": env.dose_source,
        "stations": env.n_stations,
        "eclipse_definition": ECLIPSE_DEFINITION,
        "chunk_steps": chunk,
        "settings": as_section(cfg),
        "wall_time_s": elapsed,
        "setup_s": elapsed - stepping,
        "stepping_s": stepping,
        "satellite_steps_per_s": n * n_steps / max(elapsed, 1e-9),
        "stepping_satellite_steps_per_s": n * n_steps / max(stepping, 1e-9),
    }
    for kind, path in (("tle", tle), ("omm", omm)):
        if path is not None:
            meta["fleet_file"] = {"kind": kind, "path": str(path), "sha256": _file_hash(path)}
    return meta


def _scenario_hash(res: Any) -> str:
    """SHA-256 of the scenario as canonical JSON (what was simulated), or "" if it cannot be dumped."""
    import hashlib

    try:
        text = res.scenario.model_dump_json()
    except AttributeError:
        return ""
    return hashlib.sha256(text.encode()).hexdigest()


def _file_hash(path: str | Path) -> str:
    """SHA-256 of a fleet file (already read and parsed by then)."""
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _progress_reporter(progress: bool | Callable[[int, int], None], total: int) -> Callable[..., None]:
    if callable(progress):
        fn = progress

        def call(done: int, final: bool = False) -> None:
            fn(done, total)

        return call
    if not progress:
        return lambda done, final=False: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("simulating"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
    )
    bar.start()
    task = bar.add_task("sim", total=total)

    def update(done: int, final: bool = False) -> None:
        bar.update(task, completed=done)
        if final:
            bar.stop()

    return update
