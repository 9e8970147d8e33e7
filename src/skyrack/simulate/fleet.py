"""The simulated fleet: which satellites, where they start, what each one is and when it fails.

Satellites come from the design (laid out as a cluster, a train or a Walker
pattern from the design's orbit) or from a TLE/OMM file (SGP4); a seeded sample
may stand for a large fleet. Each satellite's row of parameters (columns of
:class:`skyrack.simulate.kernels.PAR`) comes from the sized design: array,
loads, battery, radiator and its environment, heat capacity. Failures are
constant-hazard: the satellite's time of failure and its accelerators' failure
times within the run.

References
----------
.. [1] F. P. Incropera, D. P. DeWitt, T. L. Bergman, A. S. Lavine,
       *Fundamentals of Heat and Mass Transfer*, 6th ed., Wiley, 2007, table A.1
       (specific heats).
.. [2] D. G. Gilmore (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd
       ed., 2002, ch. 2 (environmental loads on a radiator).
.. [3] R. E. Barlow, F. Proschan, *Mathematical Theory of Reliability*, Wiley,
       1965, ch. 2 (exponential law for a constant failure rate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..physics import thermal as thermal_physics
from ..physics.constants import R_EARTH, SIGMA, YEAR_S
from ..physics.orbit import j2_secular_rates
from ..physics.propagation import MeanElements
from ..physics.reliability import sample_failure_times
from ..physics.sun import julian_date, julian_date_from_datetime64, mean_sun_right_ascension
from ..scenario.simulation import Simulation
from . import kernels
from ._common import FloatArray
from .propagate import Sgp4Fleet, cluster_layout, read_fleet_file, satrecs_from_elements, train_layout, walker_layout

__all__ = [
    "SPECIFIC_HEAT_ALUMINIUM",
    "SPECIFIC_HEAT_COMPUTE",
    "Failures",
    "Fleet",
    "accelerator_failures",
    "design_elements",
    "failures",
    "fleet",
    "nodal_periods",
    "satellite_params",
    "start_jd",
]

SPECIFIC_HEAT_ALUMINIUM = 903.0
"""Specific heat of aluminium at 300 K, J/(kg K) (Incropera et al. 2007, table A.1); radiator panels."""
SPECIFIC_HEAT_COMPUTE = 700.0
"""Specific heat taken for the compute assembly (cold plates, boards, chips), J/(kg K): between copper
(385) and aluminium (903) and close to silicon (712) (Incropera et al. 2007, table A.1)."""


@dataclass
class Fleet:
    """The satellites of a run: a sample of the fleet, with their orbits at the start."""

    names: list[str]
    index: np.ndarray
    """Indices of the simulated satellites in the fleet."""
    size: int
    """Satellites in the whole fleet."""
    start_jd: float
    """Start of the run, Julian date (UT)."""
    layout: str
    """cluster, train, walker, or file (TLE/OMM)."""
    elements: MeanElements | None
    """Mean elements of design orbits propagated in the kernel (secular J2), else None."""
    sgp4: Sgp4Fleet | None
    """SGP4 satellites (file fleets, or design orbits with the sgp4 propagator), else None."""

    @property
    def n(self) -> int:
        """Satellites simulated."""
        return int(self.index.size)


def start_jd(start: Any, default_jd: float) -> float:
    """Julian date (UT) of ``start``: ISO text, a datetime, a Julian date, or None for ``default_jd``."""
    if start is None:
        return default_jd
    if isinstance(start, (int, float)):
        return float(start)
    try:
        stamp = np.datetime64(str(start).strip().removesuffix("Z"), "us")
    except (ValueError, TypeError):
        raise InputError("simulation.start", start, "an ISO date/time such as 2035-01-01T00:00") from None
    return float(julian_date_from_datetime64(stamp))


def design_elements(
    res: Any, layout: str, epoch_jd: float, cluster_radius_m: float, planes: int | None, index: Any = None
) -> tuple[MeanElements, str]:
    """Mean elements of the design's fleet (or of its satellites ``index``) at ``epoch_jd``, and the layout used.

    "auto" takes the scenario's ``constellation.layout``, else a train for sun-synchronous
    orbits and a Walker pattern otherwise. The node follows from the local time of the
    ascending node and the mean Sun. Only the satellites in ``index`` are laid out, so a
    sample of a huge fleet stays small.
    """
    p, v = res.params, res.values
    n = int(v["constellation.satellites"])
    a = R_EARTH + float(p["orbit.altitude"])
    inc = float(v["orbit.inclination_rad"])
    raan = float(mean_sun_right_ascension(epoch_jd)) + (float(p["orbit.ltan"]) - 12.0) * np.pi / 12.0
    if layout == "auto":
        default = "train" if p["orbit.kind"] == "sun_synchronous" else "walker"
        explicit = str(p.get("constellation.layout", "auto"))
        layout = default if explicit == "auto" else explicit
    if layout == "cluster":
        return cluster_layout(n, a, inc, raan, epoch_jd, radius_m=cluster_radius_m, index=index), layout
    if layout == "train":
        return train_layout(n, a, inc, raan, epoch_jd, index=index), layout
    if layout == "walker":
        return walker_layout(n, a, inc, raan, epoch_jd, planes=planes, index=index), layout
    raise InputError("layout", layout, "one of auto, cluster, train, walker")


def fleet(
    res: Any,
    cfg: Simulation,
    layout: str,
    tle: str | Path | None,
    omm: str | Path | None,
    rng: np.random.Generator,
) -> Fleet:
    """The satellites to simulate: the design's layout or a TLE/OMM file, sampled (seeded) if asked."""
    sgp4: Sgp4Fleet | None = None
    elements: MeanElements | None = None
    if tle is not None or omm is not None:
        sgp4 = read_fleet_file(tle if tle is not None else omm, "tle" if tle is not None else "omm")  # type: ignore[arg-type]
        jd0 = start_jd(cfg.start, float(np.max(sgp4.epoch_jd)))
        size, names, layout_used = len(sgp4), list(sgp4.names), "file"
    else:
        year = int(float(res.params["mission.start_year"]))
        jd0 = start_jd(cfg.start, float(julian_date(year, 1.0)))
        size, names, layout_used = int(res.values["constellation.satellites"]), [], layout
    if cfg.satellites is not None:
        if cfg.satellites > size:
            raise InputError("simulation.satellites", cfg.satellites, f"between 1 and the fleet size ({size})")
        index = np.sort(rng.choice(size, size=cfg.satellites, replace=False))
    else:
        index = np.arange(size)
    if sgp4 is not None:
        names = [names[i] for i in index]
        sgp4 = sgp4.take(index)
    else:  # only the sampled satellites are laid out: a sample of a huge fleet stays small
        elements, layout_used = design_elements(res, layout, jd0, cfg.cluster_radius, cfg.planes, index)
        names = [f"sat-{k:05d}" for k in index]
        if cfg.propagator == "sgp4":
            sgp4 = Sgp4Fleet(satrecs_from_elements(elements), names)
    return Fleet(names, index, size, jd0, layout_used, elements, sgp4)


def nodal_periods(sats: Fleet) -> FloatArray:
    """Nodal period of each simulated satellite, 2π/(dω/dt + dM/dt), s: the time between its eclipses.

    From the secular J2 rates of the mean elements (Vallado 2013, sec. 9.6), or SGP4's own mean
    motion and perigee rate for file fleets.
    """
    if sats.elements is not None:
        _, argp_rate, m_rate = j2_secular_rates(sats.elements.a_m, sats.elements.ecc, sats.elements.inc)
        return np.asarray(2.0 * np.pi / (argp_rate + m_rate), dtype=np.float64)
    assert sats.sgp4 is not None
    return np.array([2.0 * math.pi / (s.mdot + s.argpdot) * 60.0 for s in sats.sgp4.satrecs])  # rad/min


def satellite_params(res: Any, n: int, fail_t: FloatArray, n_acc: float) -> FloatArray:
    """Per-satellite parameters of the kernel from the sized design, shape (n, len(PAR)).

    The radiator's environment: absorbed Earth infrared ε F σ T_E⁴ A, and direct solar plus
    albedo α (S cos θ + S a F) A in full Sun (Gilmore 2002, ch. 2); the heat capacity of the
    radiator (aluminium) and the compute assembly.
    """
    p, v = res.params, res.values
    it_w = float(v["compute.it_power_per_satellite_w"])
    cap_j = float(v["power.battery_wh"]) * 3600.0
    area = float(v["thermal.radiator_area_m2"])
    eps, alpha = float(p["satellite.thermal.emissivity"]), float(p["satellite.thermal.solar_absorptivity"])
    vf = float(v["thermal.earth_view_factor"])
    irr = float(p["satellite.power.irradiance"])
    t_earth = (float(p["satellite.thermal.earth_ir"]) / SIGMA) ** 0.25
    q_sun = (
        float(thermal_physics.absorbed_solar_flux(alpha, irr, p["satellite.thermal.solar_incidence"]))
        + float(thermal_physics.absorbed_albedo_flux(alpha, irr, p["satellite.thermal.albedo"], vf))
    ) * area
    heat_cap = (
        float(v["thermal.radiator_mass_kg"]) * SPECIFIC_HEAT_ALUMINIUM
        + float(v["compute.mass_kg"]) * SPECIFIC_HEAT_COMPUTE
    )
    hp_w = float(v.get("thermal.heat_pump_work_w", 0.0) or 0.0)
    ladder = float(p["satellite.thermal.delta_junction_to_coolant"]) + float(
        p["satellite.thermal.delta_coolant_to_radiator"]
    )
    columns = {
        kernels.PAR.p_bol: float(v["power.array_power_bol_w"]),
        kernels.PAR.it: it_w,
        kernels.PAR.bus: it_w * float(p["satellite.power.bus_power_fraction"]),
        kernels.PAR.hp_per_it: hp_w / it_w if it_w > 0 else 0.0,
        kernels.PAR.cap_j: cap_j,
        kernels.PAR.floor_j: cap_j * (1.0 - float(p["satellite.power.depth_of_discharge"])),
        kernels.PAR.eta_dist: float(p["satellite.power.distribution_efficiency"]),
        kernels.PAR.eta_half: math.sqrt(float(p["satellite.power.round_trip_efficiency"])),
        kernels.PAR.shed: float(p["satellite.compute.eclipse_policy"] == "shed"),
        kernels.PAR.heat_cap: max(heat_cap, 1.0),
        kernels.PAR.emit: eps * SIGMA * float(p["satellite.thermal.sides"]) * area,
        kernels.PAR.q_ir: float(thermal_physics.absorbed_earth_ir_flux(eps, t_earth, vf)) * area,
        kernels.PAR.q_sun: q_sun,
        kernels.PAR.t_design: float(v["thermal.radiator_temperature_k"]),
        kernels.PAR.ladder: max(ladder, 1.0),
        kernels.PAR.n_acc: n_acc,
    }
    par = np.zeros((n, len(kernels.PAR)))
    for column, value in columns.items():
        par[:, column] = value
    par[:, kernels.PAR.fail_t] = fail_t
    return par


def accelerator_failures(
    n_sat: int, n_acc: int, rate_per_s: float, duration_s: float, rng: np.random.Generator
) -> tuple[FloatArray, np.ndarray]:
    """Failure times within the run of ``n_acc`` accelerators on each satellite (exponential lifetimes).

    The number failing in the run is binomial with p = 1 − exp(−λT); their times are drawn from
    the exponential distribution truncated to [0, T] by inverse transform (Barlow & Proschan 1965).

    Returns
    -------
    times : numpy.ndarray
        Failure times since the start, s, sorted within each satellite.
    offsets : numpy.ndarray
        int64, shape (n_sat + 1,): satellite s owns ``times[offsets[s]:offsets[s + 1]]``.
    """
    if rate_per_s <= 0.0 or n_acc <= 0:
        return np.zeros(0), np.zeros(n_sat + 1, dtype=np.int64)
    p_fail = -math.expm1(-rate_per_s * duration_s)
    counts = rng.binomial(n_acc, p_fail, size=n_sat)
    u = rng.random(int(counts.sum()))
    times = -np.log1p(-u * p_fail) / rate_per_s
    off = np.zeros(n_sat + 1, dtype=np.int64)
    off[1:] = np.cumsum(counts)
    for s in range(n_sat):
        times[off[s] : off[s + 1]].sort()
    return times, off


@dataclass
class Failures:
    """The satellites' parameters with their failure times, and their accelerators' failures."""

    par: FloatArray
    """Columns of :class:`skyrack.simulate.kernels.PAR`."""
    acc_times: FloatArray
    acc_off: np.ndarray
    n_acc: int
    """Accelerators per satellite."""


def failures(res: Any, n: int, duration_s: float, rng: np.random.Generator) -> Failures:
    """Draw satellite and accelerator failures (constant hazards from the catalog, the orbit's multiplier)."""
    p, v = res.params, res.values
    n_acc = round(float(v["compute.units_per_satellite"]) * float(p["satellite.compute.accelerators_per_unit"]))
    multiplier = float(p.get("economics.orbit_failure_multiplier", 1.0))
    sat_rate = float(p["economics.satellite_failure_rate"]) / YEAR_S
    acc_rate = float(p["economics.accelerator_failure_rate"]) * multiplier / YEAR_S
    sat_fail = np.asarray(sample_failure_times(n, sat_rate, rng), dtype=np.float64).reshape(n)
    sat_fail = np.where(sat_fail < duration_s, sat_fail, np.inf)
    acc_times, acc_off = accelerator_failures(n, n_acc, acc_rate, duration_s, rng)
    return Failures(satellite_params(res, n, sat_fail, float(n_acc)), acc_times, acc_off, n_acc)
