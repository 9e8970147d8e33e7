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
from dataclasses import dataclass
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
from .positions import PositionRecorder, Positions
from .result import SimulationResult, Stepped, assemble, jd_to_iso, reduce_bins
from .settings import as_section, override

__all__ = ["SimulationResult", "simulate"]

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
    per_satellite : bool, optional
        Keep every simulated satellite's binned series (``SimulationResult.per_satellite``,
        written as ``per_satellite.parquet``): satellites × bins rows.
    positions : skyrack.simulate.positions.Positions, optional
        Record positions (ECI, ECEF, latitude/longitude/height, illumination) every
        ``positions.every_s`` for the first ``positions.satellites`` satellites into
        ``out_dir/positions.parquet``, chunk by chunk (needs ``out_dir``).
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
    rng = np.random.default_rng(cfg.seed)
    sats = fleet(res, cfg, layout or "auto", tle, omm, rng)
    _warn_decay(res, duration_s)
    fail = failures(res, sats.n, duration_s, rng)
    env = environment(res, cfg, sats)
    n_steps = math.ceil(duration_s / step_s - 1e-9)
    recorder = _recorder(positions, sats, step_s, out_dir)
    run, chunk, stepping = _step_through(
        res, sats, fail, env, cfg, step_s, n_steps, chunk_sat_steps, progress, per_satellite, recorder
    )
    elapsed = time.perf_counter() - t_wall
    cfg = cfg.model_copy(update={"duration": duration_s})
    meta = _meta(res, cfg, sats, env, n_steps, chunk, elapsed, stepping, tle, omm)
    if recorder is not None:
        meta["positions"] = recorder.close()
    result = assemble(res, run, rng, cfg, meta)
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


def _step_through(
    res: Any,
    sats: Fleet,
    fail: Failures,
    env: Environment,
    cfg: Simulation,
    step_s: float,
    n_steps: int,
    chunk_sat_steps: int,
    progress: bool | Callable[[int, int], None],
    per_satellite: bool = False,
    recorder: PositionRecorder | None = None,
) -> tuple[Stepped, int, float]:
    """Advance the fleet chunk by chunk; returns what the run leaves, the chunk length and the stepping time."""
    n = sats.n
    cut = _Chunking.of(n_steps, int(cfg.bins), n, chunk_sat_steps)
    alt = float(res.params["orbit.altitude"])
    degradation = float(res.params["satellite.power.degradation"])
    if sats.sgp4 is None:
        assert sats.elements is not None
        elem = j2_element_table(sats.elements)  # positions are computed inside the kernel
        buffer = np.zeros((n, 1, 3), np.float32)
    else:
        elem = np.zeros((0, 10))
        buffer = np.empty((n, min(cut.chunk, n_steps), 3), np.float32)
    state = kernels.initial_state(fail.par, fail.par[:, kernels.PAR.t_design])
    acc = kernels.new_accumulators(n)
    series: list[np.ndarray] = []
    kept: list[np.ndarray] = []  # per-satellite bins, on request
    times: list[FloatArray] = []
    report = _progress_reporter(progress, n_steps)
    t_loop = time.perf_counter()
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
                env.dose,
                env.stations,
                state,
                acc,
                cut.bin_len,
                ts,
            )
        series.append(reduce_bins(ts))
        if per_satellite:
            kept.append(ts)
        if recorder is not None:
            recorder.record(k0, m)
        times.append(t[:: cut.bin_len] + 0.5 * step_s * np.minimum(cut.bin_len, m - np.arange(0, m, cut.bin_len)))
        report(k0 + m)
    report(n_steps, final=True)
    stepping = time.perf_counter() - t_loop
    run = Stepped(
        sats.names,
        sats.index,
        sats.size,
        acc,
        fail.par,
        fail.acc_off,
        fail.n_acc,
        step_s,
        n_steps,
        sats.start_jd,
        np.concatenate(series, axis=0),
        np.concatenate(times),
        nodal_periods(sats),
        np.concatenate(kept, axis=1) if per_satellite else None,
    )
    return run, cut.chunk, stepping


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
