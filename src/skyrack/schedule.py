"""The deployment schedule in closed form: when capital is spent and output comes online.

The orbit's fleet goes up at the binding rate: launches begin after the lead time and run
at the fleet's cadence (vehicles x flights per vehicle), while satellites are built from
the go decision at the production rate of their class; whichever is slower sets the pace.
The ground's first power waits for permits and construction and for the grid queue (or
the on-site plant), then grows at most ``deployment.max_power_per_year``. Both sides are
taken as linear ramps, so every discount factor has a closed form and a batch of a
million designs costs a few array operations.

:mod:`skyrack.feasibility` turns the schedule into a verdict; :mod:`skyrack.economics`
discounts spending and output along it; ``skyrack deploy`` plans the same schedule year
by year.

References
----------
.. [1] Brealey, Myers & Allen, *Principles of Corporate Finance*, 13th ed., ch. 2
       (continuous discounting of a level flow).
.. [2] Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed., 1999, ch. 18-19
       (launch-vehicle cadence, constellation build-up and replenishment).
.. [3] JLL 2026 Global Data Center Outlook; Dominion Energy letter to large-load customers (Aug 2024)
       (time to grid power of data-center loads).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .physics._arrays import _f as _a, _where
from .scenario.deployment import MEDIUM_SATELLITE_KG, SMALL_SATELLITE_KG

Array = npt.NDArray[np.float64]

__all__ = [
    "first_power_time",
    "fleet_cadence",
    "ground_schedule",
    "orbit_schedule",
    "production_rate",
    "ramp_discount",
    "ramp_discount_rho",
]


def fleet_cadence(vehicles: Any, flights_per_vehicle: Any, turnaround_yr: Any = np.nan) -> Array:
    """Flights per year of a launch fleet.

    .. math:: f = V \\min(f_{vehicle}, 1 / t_{turnaround})

    Parameters
    ----------
    vehicles : float or array
        Vehicles (booster + ship) in the fleet.
    flights_per_vehicle : float or array
        Flights per year of one vehicle [1/yr].
    turnaround_yr : float or array, optional
        Time between two flights of one vehicle [yr]; NaN for no cap.

    Returns
    -------
    numpy.ndarray
        Flights per year [1/yr].

    References
    ----------
    .. [1] Definition (cadence = fleet size x per-vehicle rate); SMAD 3rd ed. ch. 18.

    Examples
    --------
    >>> float(fleet_cadence(4, 24, 1 / 12))
    48.0
    """
    turn = _a(turnaround_yr)
    cap = _where(np.isfinite(turn) & (turn > 0), 1.0 / _where(turn > 0, turn, 1.0), np.inf)
    return _a(vehicles) * np.minimum(_a(flights_per_vehicle), cap)


def production_rate(
    dry_mass_kg: Any, small_per_yr: Any, medium_per_yr: Any, large_kg_per_yr: Any, given_per_yr: Any = np.nan
) -> Array:
    """Satellites built per year: the rate given, else the default of the satellite's class by dry mass.

    Up to 500 kg a satellite is in the small class (``small_per_yr``), up to 3 t in the
    Starlink class (``medium_per_yr``); larger satellites come off a line of
    ``large_kg_per_yr`` of dry mass a year.

    Parameters
    ----------
    dry_mass_kg : float or array
        Dry mass of one satellite [kg].
    small_per_yr, medium_per_yr : float or array
        Class rates [1/yr].
    large_kg_per_yr : float or array
        Dry mass built per year for the large class [kg/yr].
    given_per_yr : float or array, optional
        A scenario's own rate [1/yr]; NaN to use the class default.

    Returns
    -------
    numpy.ndarray
        Satellites per year [1/yr].

    References
    ----------
    .. [1] OneWeb Satellites (Airbus, 2019): two satellites a day.
    .. [2] J. McDowell, Starlink statistics (planet4589.org): ~2,000 launched a year, 2023-2024.

    Examples
    --------
    >>> production_rate([150.0, 800.0, 8000.0], 730.0, 2000.0, 1.6e6).tolist()
    [730.0, 2000.0, 200.0]
    """
    m = _a(dry_mass_kg)
    by_class = _where(
        m <= SMALL_SATELLITE_KG,
        _a(small_per_yr),
        _where(m <= MEDIUM_SATELLITE_KG, _a(medium_per_yr), _a(large_kg_per_yr) / _where(m > 0, m, 1.0)),
    )
    given = _a(given_per_yr)
    return _where(np.isfinite(given), given, by_class)


def orbit_schedule(
    satellites: Any, launches: Any, cadence_per_yr: Any, production_per_yr: Any, lead_yr: Any
) -> tuple[Array, Array]:
    """First launch and fleet completion, years after the go decision.

    Launches run at the cadence from the lead time on; satellites are built at the
    production rate from the go decision. The number up by time t is
    min(c_s (t - T0), p t), with c_s = cadence x satellites per launch, so the fleet of
    N is complete at

    .. math:: T_1 = \\max\\left(T_0 + \\frac{L}{f},\\ \\frac{N}{p}\\right)

    for L launches at f flights a year.

    Parameters
    ----------
    satellites : float or array
        Satellites in the fleet N.
    launches : float or array
        Launches that put the fleet up once L.
    cadence_per_yr : float or array
        Flights per year f [1/yr].
    production_per_yr : float or array
        Satellites built per year p [1/yr].
    lead_yr : float or array
        Go decision to first launch T0 [yr].

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        T0 and T1 [yr].

    References
    ----------
    .. [1] SMAD 3rd ed. ch. 19 (constellation build-up).

    Examples
    --------
    Blue Origin's 51,600 satellites in 1,518 New Glenn launches at 96 flights a year:

    >>> [round(float(t), 2) for t in orbit_schedule(51600, 1518, 96, 2000, 2.5)]
    [2.5, 25.8]
    """
    t0 = _a(lead_yr)
    t1 = np.maximum(t0 + _a(launches) / _a(cadence_per_yr), _a(satellites) / _a(production_per_yr))
    if np.shape(t0) == np.shape(t1):  # as np.broadcast_arrays, which returns them as they are (a scalar stays one)
        return t0, t1
    return np.broadcast_arrays(t0, t1)  # type: ignore[return-value]


def ramp_discount(rate: Any, duration_yr: Any) -> Array:
    """Mean discount factor of a flow spread evenly over ``duration_yr`` from t = 0.

    .. math:: u = \\frac{1 - e^{-\\rho D}}{\\rho D},\\quad \\rho = \\ln(1 + r)

    (1 when D = 0 or r = 0). Spending or output that follows a linear ramp over
    [T, T + D] is worth u e^(-ρT) of the same amount at t = 0.

    Parameters
    ----------
    rate : float or array
        Discount rate r [1/yr].
    duration_yr : float or array
        Length of the ramp D [yr].

    Returns
    -------
    numpy.ndarray
        Dimensionless factor in (0, 1].

    References
    ----------
    .. [1] Brealey, Myers & Allen, ch. 2 (present value of a level flow).

    Examples
    --------
    >>> round(float(ramp_discount(0.08, 2.0)), 6)  # (1 - 1.08**-2) / (2 ln 1.08)
    0.92684
    """
    return ramp_discount_rho(np.log1p(_a(rate)), duration_yr)


def ramp_discount_rho(rho: Any, duration_yr: Any) -> Array:
    """:func:`ramp_discount` for a continuous rate ρ = ln(1 + r) already computed [1/yr]."""
    x = _a(rho) * _a(duration_yr)
    positive = x > 1e-12
    if positive.all():  # the usual case, without the masked arithmetic
        return -np.expm1(-x) / x
    safe = _where(positive, x, 1.0)
    return _where(positive, -np.expm1(-safe) / safe, 1.0 - x / 2.0)


def first_power_time(permitting_yr: Any, construction_yr: Any, queue_yr: Any, on_site: Any = False) -> Array:
    """Years from the go decision to a ground site's first power.

    .. math::

        t_{grid} = \\max(t_{permit} + t_{build},\\ t_{queue}),\\qquad
        t_{on\\,site} = t_{permit} + \\max(t_{build},\\ t_{generation})

    On the grid the connection request is filed at the go decision and waits while permits
    and construction proceed; on-site generation is built after the permits, beside the hall.

    Parameters
    ----------
    permitting_yr : float or array
        Planning and permits [yr].
    construction_yr : float or array
        Construction to first power [yr].
    queue_yr : float or array
        Grid wait from the go decision (grid sites) or on-site generation build time [yr].
    on_site : bool or array, default False
        On-site generation instead of a grid connection.

    Returns
    -------
    numpy.ndarray
        Years to first power.

    References
    ----------
    .. [1] JLL 2026 Global Data Center Outlook (~4 yr to utility power); Dominion Energy (2024).
    .. [2] Epoch AI, "Data-center build-out speeds", 2025 (1-3.6 yr construction);
       J. Huang via nextbigfuture.com (~3 yr of planning and permits).

    Examples
    --------
    >>> float(first_power_time(3, 2, 4)), float(first_power_time(3, 1.5, 0.33, True))
    (5.0, 4.5)
    """
    p, c, q = _a(permitting_yr), _a(construction_yr), _a(queue_yr)
    return _where(np.asarray(on_site, dtype=bool)[()], p + np.maximum(c, q), np.maximum(p + c, q))


def ground_schedule(p: Mapping[str, Any], it_power_w: Any) -> dict[str, Array]:
    """First power, full power and construction start of the ground site sized at ``it_power_w``.

    A site with on-site generation (generation capex above zero) does not wait in the
    grid queue; its plant is built in ``deployment.generation_build_time``.

    Returns
    -------
    dict
        ``first_power`` and ``full_power`` [yr after the go decision]; ``ramp`` [yr].
    """
    on_site = _a(p["terrestrial.generation_capex"]) > 0
    queue = _where(on_site, _a(p["deployment.generation_build_time"]), _a(p["deployment.interconnection_wait"]))
    first = first_power_time(p["deployment.permitting_time"], p["terrestrial.build_time"], queue, on_site)
    ramp = _a(it_power_w) / _a(p["deployment.max_power_per_year"])
    return {"first_power": first, "full_power": first + ramp, "ramp": ramp}
