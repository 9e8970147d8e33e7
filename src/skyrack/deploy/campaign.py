"""The launch campaign: launches per year that deploy a fleet and keep it replaced.

Year ``y`` of a campaign spans ``[y, y+1)`` years after the go decision. Each
year the planner

1. retires the satellites that reach the end of their life (launched mid-year,
   they retire in year ``y0 + floor(0.5 + lifetime)``),
2. launches what is missing, limited by the launch cadence (vehicles × flights
   per vehicle, from the lead time on) and by the satellites built so far
   (manufacturing rate, which grows with Wright's learning curve),
3. loses a share of the satellites to failures (replaced the next year, in
   whole satellites: the expected shortfall is rounded to the nearest one).

A satellite larger than one launch (``launch.in_orbit_assembly``) takes
``max(by mass, by volume)`` launches and enters service when its last part is
up.

References
----------
.. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
.. [2] Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed., 1999,
       ch. 18–19 (launch-vehicle selection, constellation replenishment).
.. [3] SpaceX (Musk, Feb 2026): 1 Mt/yr at 200 t per Starship flight is 5,000
       flights a year, one every ~1.75 h.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from ..physics.launch import hours_between_flights, wright_learning_exponent

__all__ = ["Campaign", "campaign_inputs", "launch_cadence", "retirement_delay", "schedule"]

Array = NDArray[np.float64]
_EPS = 1e-9


def launch_cadence(vehicles: float, flights_per_vehicle: float | None, turnaround_yr: float | None = None) -> float:
    """Flights per year of a launch fleet.

    .. math:: f = V \\cdot \\min(f_{vehicle}, 1 / t_{turnaround})

    Parameters
    ----------
    vehicles : float
        Vehicles (booster + ship) in the fleet.
    flights_per_vehicle : float or None
        Flights per year of one vehicle, 1/yr.
    turnaround_yr : float or None
        Time between two flights of one vehicle, yr; caps the rate.

    Returns
    -------
    float
        Flights per year.

    Raises
    ------
    InputError
        Zero, negative or missing cadence.

    References
    ----------
    .. [1] Definition: cadence = fleet size × per-vehicle rate; SpaceX's "every
           hour" Starship claim (Feb 2026) is 8,766 flights a year.

    Examples
    --------
    >>> launch_cadence(4, 24, 1 / 12)
    48.0
    """
    rates = [r for r in (flights_per_vehicle, None if turnaround_yr is None else 1.0 / turnaround_yr) if r is not None]
    if not rates:
        raise InputError(
            "deployment.flights_per_vehicle", None, "the launcher's catalog entry has no flights_per_year; give one"
        )
    rate = min(rates)
    if not (math.isfinite(rate) and rate > 0):
        raise InputError("deployment.flights_per_vehicle", rate, "a cadence greater than zero")
    if not vehicles >= 1:
        raise InputError("deployment.vehicles", vehicles, "at least one vehicle")
    return float(vehicles * rate)


def retirement_delay(lifetime_yr: float) -> int:
    """Years after its launch year that a satellite is retired.

    Launched on average mid-year, it retires ``lifetime`` later:
    ``floor(0.5 + lifetime)``, at least one year.

    Parameters
    ----------
    lifetime_yr : float
        Design life, yr.

    Returns
    -------
    int
        Whole years.

    References
    ----------
    .. [1] Starlink: ~5-yr design life, de-orbited at end of life (SpaceX
           FCC reports; DLR).

    Examples
    --------
    >>> retirement_delay(5.0), retirement_delay(0.92)
    (5, 1)
    """
    return max(1, math.floor(0.5 + lifetime_yr + _EPS))


@dataclass
class Campaign:
    """A year-by-year launch campaign (arrays indexed by year since the go decision)."""

    launches: Array
    satellites_launched: Array
    satellites_built: Array
    satellites_in_orbit: Array
    satellites_after_launch: Array
    satellites_mean: Array
    failures: Array
    retired: Array
    mass_launched_kg: Array
    target_satellites: float
    satellites_per_launch: float
    launches_per_satellite: float
    cadence_per_year: float
    initial_launches: float
    years_to_full: float
    feasible: bool
    reasons: list[str] = field(default_factory=list)
    fuel_kg: Array = field(default_factory=lambda: np.zeros(0))
    co2e_kg: Array = field(default_factory=lambda: np.zeros(0))
    failures_replaced: Array = field(default_factory=lambda: np.zeros(0))

    @property
    def hours_between_flights(self) -> float:
        """Mean hours between two flights at full cadence."""
        return float(hours_between_flights(self.cadence_per_year))


def schedule(
    target_satellites: float,
    satellite_mass_kg: float,
    satellites_per_launch: float,
    launches_per_satellite: float,
    cadence_per_year: float,
    years: int,
    lifetime_yr: float,
    *,
    lead_time_yr: float = 0.0,
    failure_rate: float = 0.0,
    manufacturing_rate: float | None = None,
    manufacturing_learning_rate: float = 0.0,
    replace: bool = True,
    replace_failed: bool | None = None,
    fuel_per_launch_kg: float = 0.0,
    co2e_per_launch_kg: float = 0.0,
) -> Campaign:
    """Schedule the launches that deploy a fleet and replace its losses.

    Parameters
    ----------
    target_satellites : float
        Satellites the fleet needs in service.
    satellite_mass_kg : float
        Mass of one satellite, kg.
    satellites_per_launch : float
        Whole satellites per launch (≥ 1), or 0 for a satellite assembled in
        orbit from ``launches_per_satellite`` launches.
    launches_per_satellite : float
        Launches that carry one assembled satellite (used when
        ``satellites_per_launch`` < 1).
    cadence_per_year : float
        Flights per year of the fleet (> 0).
    years : int
        Years to plan.
    lifetime_yr : float
        Satellite design life, yr (see :func:`retirement_delay`).
    lead_time_yr : float, default 0
        Go decision to first launch, yr; the first year has ``1 - lead`` of its cadence.
    failure_rate : float, default 0
        Share of satellites lost per year.
    manufacturing_rate : float, optional
        Satellites built in the first year; each doubling of cumulative output
        raises the rate by ``1/(1 - LR)`` (Wright). ``None``: not a limit.
    manufacturing_learning_rate : float, default 0
        Wright learning rate of the unit build time.
    replace, replace_failed : bool, default True, optional
        Replace retired satellites; failed ones too (``replace_failed`` defaults to ``replace``).
    fuel_per_launch_kg, co2e_per_launch_kg : float, default 0
        Carbon-bearing fuel burned and CO2 emitted per launch, kg.

    Returns
    -------
    Campaign
        Arrays per year; ``feasible`` is False, with reasons, if the fleet is not complete
        within ``years`` or the cadence cannot hold it.

    Raises
    ------
    InputError
        Zero or negative cadence, or a satellite that fits no launch.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
    .. [2] Wertz & Larson, SMAD 3rd ed., 1999, ch. 19 (replenishment).
    .. [3] SpaceX (Musk, Feb 2026): 1 Mt/yr at 200 t per flight = 5,000
           flights per year.

    Examples
    --------
    Musk's arithmetic: 500,000 two-tonne satellites, 100 per 200 t flight, at
    5,000 flights a year go up in one year.

    >>> c = schedule(500_000, 2_000, 100, 1, 5_000, 1, 5.0)
    >>> int(c.launches[0]), float(c.mass_launched_kg[0])
    (5000, 1000000000.0)
    """
    if not (math.isfinite(cadence_per_year) and cadence_per_year > 0):
        raise InputError("deployment.cadence", cadence_per_year, "a launch cadence greater than zero")
    k, n = _payload(satellites_per_launch, launches_per_satellite)
    target = float(target_satellites)
    delay = retirement_delay(lifetime_yr)
    b = float(wright_learning_exponent(manufacturing_learning_rate))

    replace_failed = replace if replace_failed is None else replace_failed
    rows, full_year = _fly_years(
        target, satellite_mass_kg, k, n, cadence_per_year, years, delay, lead_time_yr, failure_rate,
        manufacturing_rate, b, replace, replace_failed,
    )  # fmt: skip
    launches = rows["launches"]
    initial = float(math.ceil(target / k - _EPS)) if k >= 1 else float(math.ceil(target * n - _EPS))
    per_satellite = n if k < 1 else 1.0 / k
    reasons = _reasons(
        target, initial, per_satellite, cadence_per_year, years, lifetime_yr, lead_time_yr, full_year, delay,
        failure_rate if replace and replace_failed else 0.0, manufacturing_rate, replace,
    )  # fmt: skip
    return Campaign(
        launches=launches,
        satellites_launched=rows["sats_up"],
        satellites_built=rows["built"],
        satellites_in_orbit=rows["alive_end"],
        satellites_after_launch=rows["after_launch"],
        satellites_mean=rows["alive_mean"],
        failures=rows["failed"],
        retired=rows["retired"],
        mass_launched_kg=rows["mass"],
        target_satellites=target,
        satellites_per_launch=float(k),
        launches_per_satellite=n,
        cadence_per_year=float(cadence_per_year),
        initial_launches=initial,
        years_to_full=math.nan if full_year is None else float(full_year + 1),
        feasible=not reasons,
        reasons=reasons,
        fuel_kg=launches * fuel_per_launch_kg,
        co2e_kg=launches * co2e_per_launch_kg,
        failures_replaced=rows["replacements"],
    )


def _fly_years(
    target: float,
    satellite_mass_kg: float,
    k: int,
    n: float,
    cadence: float,
    years: int,
    delay: int,
    lead_time_yr: float,
    failure_rate: float,
    manufacturing_rate: float | None,
    b: float,
    replace: bool,
    replace_failed: bool,
) -> tuple[dict[str, np.ndarray], int | None]:
    """The campaign year by year (arguments as :func:`schedule`'s): its arrays and the year the fleet is complete."""
    y_idx = np.arange(years, dtype=float)
    available = np.clip(y_idx + 1.0 - lead_time_yr, 0.0, 1.0)
    capacity_cum = np.floor(np.cumsum(cadence * available) + _EPS)

    names = ("launches", "sats_up", "built", "alive_end", "alive_mean", "failed", "retired", "after_launch", "mass",
             "replacements")  # fmt: skip
    rows = {name: np.zeros(years) for name in names}
    launches, sats_up, built_arr, alive_end, alive_mean, failed, retired, after_launch, mass, replacements = (
        rows[name] for name in names
    )
    cohorts = np.zeros(years)
    lost, pending = 0.0, 0.0  # failures never replaced; failures awaiting replacement
    built, launched_total, completed_total, partial = 0.0, 0.0, 0.0, 0.0
    full_year: int | None = None
    for y in range(years):
        built = _built_by_year_end(built, manufacturing_rate, b)
        built_arr[y] = built if math.isfinite(built) else np.nan
        if y - delay >= 0:
            retired[y] = cohorts[y - delay]
            cohorts[y - delay] = 0.0
        alive = float(cohorts.sum())
        # replacing: the expected shortfall, in whole satellites; else: what was never launched
        wanted = max(0.0, math.floor(target - lost - alive + 0.5) if replace else target - completed_total)
        stock = max(0.0, math.floor(built + _EPS) - completed_total) if math.isfinite(built) else math.inf
        ready = min(wanted, stock)
        capacity = capacity_cum[y] - launched_total
        flights, up, partial = _fly(ready, capacity, k, n, partial)
        launches[y], sats_up[y] = flights, up
        mass[y] = up * satellite_mass_kg if k >= 1 else flights * satellite_mass_kg / n
        launched_total += flights
        completed_total += up
        cohorts[y] += up
        if full_year is None and completed_total >= target - _EPS:
            full_year = y
        start = alive + up
        after_launch[y] = start
        replacements[y] = min(up, pending)
        pending -= replacements[y]
        failed[y] = start * failure_rate
        if replace and replace_failed:
            pending += failed[y]
        else:
            lost += failed[y]
        cohorts *= 1.0 - failure_rate
        alive_end[y] = float(cohorts.sum())
        alive_mean[y] = 0.5 * (alive + alive_end[y])
    return rows, full_year


def _fly(ready: float, capacity: float, k: int, n: float, partial: float) -> tuple[float, float, float]:
    """One year's flights: (flights, satellites completed, launches carried over toward the next one).

    ``k`` whole satellites per launch, or (``k`` = 0) one satellite assembled from ``n``
    launches, ``partial`` of which already flew.
    """
    if k >= 1:
        flights = min(capacity, math.ceil(ready / k - _EPS))
        return max(0.0, flights), min(ready, flights * k), partial
    flights = min(capacity, max(0.0, ready * n - partial))
    partial += flights
    up = math.floor(partial / n + _EPS)
    return max(0.0, flights), up, partial - up * n


def _payload(satellites_per_launch: float, launches_per_satellite: float) -> tuple[int, float]:
    """Whole satellites per launch ``k`` (0 for one assembled in orbit) and launches per satellite ``n``."""
    k = math.floor(satellites_per_launch + _EPS) if satellites_per_launch >= 1 - _EPS else 0
    n = 1.0 if k >= 1 else float(math.ceil(launches_per_satellite - _EPS))
    if k < 1 and not (math.isfinite(n) and n >= 1):
        raise InputError("satellites_per_launch", satellites_per_launch, "a satellite that fits at least one launch")
    return k, n


def _built_by_year_end(built: float, first_year_rate: float | None, b: float) -> float:
    """Satellites built by the end of a year: one more year of a Wright-learning line [1]_.

    The rate is ``first_year_rate`` times (cumulative output / first year's output)^-b,
    b from :func:`wright_learning_exponent`; no line (``None``) is no limit.

    References
    ----------
    .. [1] Wright, T. P., J. Aeronautical Sciences 3(4):122–128, 1936.
    """
    if first_year_rate is None:
        return math.inf
    return built + first_year_rate * (max(built, first_year_rate) / first_year_rate) ** (-b)


def _reasons(
    target: float,
    initial: float,
    launches_per_sat: float,
    cadence: float,
    years: int,
    lifetime_yr: float,
    lead_time_yr: float,
    full_year: int | None,
    delay: int,
    replaced_failure_rate: float,
    manufacturing_rate: float | None,
    replace: bool,
) -> list[str]:
    """Why a campaign cannot deliver its fleet: not complete in time, or a cadence that cannot hold it [1]_.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, ch. 19 (replenishment).
    """
    reasons = []
    if full_year is None:
        reasons.append(
            f"the fleet is not complete within {years} years: it needs {initial:,.0f} launches "
            f"at {cadence:,.1f} flights/yr"
            + ("" if manufacturing_rate is None else f" and {target:,.0f} satellites at {manufacturing_rate:,.1f}/yr")
            + f" after a {lead_time_yr:g}-yr lead time"
        )
    if replace:
        hold = target * (1.0 / lifetime_yr + replaced_failure_rate) * launches_per_sat
        if hold > cadence * (1 + 1e-9):
            reasons.append(
                f"holding {target:,.0f} satellites of {lifetime_yr:g}-yr life needs {hold:,.0f} launches/yr, "
                f"more than the fleet's {cadence:,.1f}: capacity never reaches the target"
            )
    elif full_year is not None and full_year >= delay:
        reasons.append(
            f"the first satellites retire ({lifetime_yr:g}-yr life) before the last is launched "
            f"(year {full_year + 1}): the full fleet is never in service at once"
        )
    return reasons


def campaign_inputs(values: Mapping[str, float], params: Mapping[str, Any], packing: float | None) -> dict[str, float]:
    """Satellites per launch and launches per assembled satellite of a sized design.

    Parameters
    ----------
    values : mapping
        Design outputs (``mass.per_satellite_kg``, ``mass.stowed_volume_m3``,
        ``launch.payload_kg``).
    params : mapping
        Design parameters (``launch.fairing_volume``,
        ``launch.packing_efficiency``, ``launch.in_orbit_assembly``).
    packing : float or None
        Dispenser packing efficiency (default: the design's).

    Returns
    -------
    dict
        ``satellites_per_launch`` (0 if assembled in orbit) and
        ``launches_per_satellite`` = max(by mass, by volume) for one satellite.

    Raises
    ------
    InputError
        A satellite that fits no launch and is not assembled in orbit.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, ch. 18 (payload mass and
           fairing volume as launch constraints).
    """
    m = float(values["mass.per_satellite_kg"])
    v = float(values["mass.stowed_volume_m3"])
    payload = float(values["launch.payload_kg"])
    eta = float(params["launch.packing_efficiency"]) if packing is None else packing
    usable = float(params["launch.fairing_volume"]) * eta
    per_launch = math.floor(min(payload / m, usable / v) + _EPS)
    by_mass = math.ceil(m / payload - _EPS)
    by_volume = math.ceil(v / usable - _EPS)
    assembled = float(params.get("launch.in_orbit_assembly", 0.0)) > 0.5
    if per_launch < 1 and not assembled:
        raise InputError(
            "launch.vehicle",
            params.get("launch.vehicle"),
            f"one satellite ({m:,.0f} kg, {v:,.1f} m3) exceeds the payload ({payload:,.0f} kg) or usable fairing "
            f"({usable:,.1f} m3); use a bigger vehicle, smaller satellites or launch.in_orbit_assembly: true",
        )
    if assembled and per_launch < 1:
        return {"satellites_per_launch": 0.0, "launches_per_satellite": float(max(by_mass, by_volume))}
    return {"satellites_per_launch": float(per_launch), "launches_per_satellite": 1.0}
