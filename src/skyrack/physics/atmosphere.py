"""Exponential atmosphere and a drag lifetime estimate for circular orbits.

Used only to warn when a simulated orbit would decay within the run; the
propagators themselves keep the altitude constant.

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       Microcosm Press, 2013, sec. 8.6.2 and table 8-4 (exponential
       atmosphere: base altitude, nominal density, scale height; from CIRA-72
       and the U.S. Standard Atmosphere 1976).
.. [2] D. G. King-Hele, *Satellite Orbits in an Atmosphere: Theory and
       Applications*, Blackie, 1987, ch. 3 (decay of a circular orbit:
       da/dt = −ρ √(μ a) C_D A/m).
.. [3] A. Cauchy (1832): the mean projected area of a convex body over random
       orientations is a quarter of its surface area, so a thin plate of face
       area A presents A/2 on average.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._arrays import FloatArray
from .constants import MU_EARTH, R_EARTH

__all__ = ["DRAG_COEFFICIENT", "density", "orbit_lifetime_s"]

DRAG_COEFFICIENT = 2.2
"""Drag coefficient of a satellite in free-molecular flow (Vallado 2013, sec. 8.6.2)."""

# Vallado (2013) table 8-4: base altitude h0 [km], nominal density rho0 [kg/m^3], scale height H [km]
_TABLE = np.array(
    [
        (0.0, 1.225, 7.249),
        (25.0, 3.899e-2, 6.349),
        (30.0, 1.774e-2, 6.682),
        (40.0, 3.972e-3, 7.554),
        (50.0, 1.057e-3, 8.382),
        (60.0, 3.206e-4, 7.714),
        (70.0, 8.770e-5, 6.549),
        (80.0, 1.905e-5, 5.799),
        (90.0, 3.396e-6, 5.382),
        (100.0, 5.297e-7, 5.877),
        (110.0, 9.661e-8, 7.263),
        (120.0, 2.438e-8, 9.473),
        (130.0, 8.484e-9, 12.636),
        (140.0, 3.845e-9, 16.149),
        (150.0, 2.070e-9, 22.523),
        (180.0, 5.464e-10, 29.740),
        (200.0, 2.789e-10, 37.105),
        (250.0, 7.248e-11, 45.546),
        (300.0, 2.418e-11, 53.628),
        (350.0, 9.518e-12, 53.298),
        (400.0, 3.725e-12, 58.515),
        (450.0, 1.585e-12, 60.828),
        (500.0, 6.967e-13, 63.822),
        (600.0, 1.454e-13, 71.835),
        (700.0, 3.614e-14, 88.667),
        (800.0, 1.170e-14, 124.64),
        (900.0, 5.245e-15, 181.05),
        (1000.0, 3.019e-15, 268.00),
    ]
)


def density(altitude_m: npt.ArrayLike) -> FloatArray:
    """Atmospheric density from the exponential model, ρ = ρ0 exp(−(h − h0)/H).

    Parameters
    ----------
    altitude_m : array_like
        Altitude, m (0 and above; the last layer extends beyond 1,000 km).

    Returns
    -------
    numpy.ndarray
        Density, kg/m³.

    References
    ----------
    .. [1] Vallado (2013), table 8-4.

    Examples
    --------
    >>> float(density(400e3))
    3.725e-12
    >>> round(float(density(650e3)) * 1e14, 3)  # 1.454e-13 * exp(-50/71.835)
    7.249
    """
    h_km = np.asarray(altitude_m, dtype=np.float64) / 1000.0
    k = np.clip(np.searchsorted(_TABLE[:, 0], h_km, side="right") - 1, 0, len(_TABLE) - 1)
    h0, rho0, scale = _TABLE[k, 0], _TABLE[k, 1], _TABLE[k, 2]
    return rho0 * np.exp(-(h_km - h0) / scale)


def orbit_lifetime_s(
    altitude_m: float,
    mass_kg: float,
    drag_area_m2: float,
    drag_coefficient: float = DRAG_COEFFICIENT,
    reentry_altitude_m: float = 120e3,
) -> float:
    """Time for a circular orbit to decay to ``reentry_altitude_m`` under drag.

    Integrates dt = −da / (ρ(a) √(μ a) C_D A/m) from the altitude down to the
    re-entry altitude (trapezoid rule on a 1 km grid).

    Parameters
    ----------
    altitude_m : float
        Initial altitude, m.
    mass_kg : float
        Satellite mass, kg.
    drag_area_m2 : float
        Mean cross-section to the flow, m².
    drag_coefficient : float, optional
        C_D (default 2.2).
    reentry_altitude_m : float, optional
        Altitude at which the satellite is counted as lost, m (default 120 km,
        below which decay takes hours).

    Returns
    -------
    float
        Lifetime, s (0 at or below the re-entry altitude; ``inf`` without drag area).

    References
    ----------
    .. [1] King-Hele (1987), ch. 3; Vallado (2013), sec. 8.6 and table 8-4.

    Examples
    --------
    One layer by hand, 450 → 400 km with B = C_D A/m = 0.022 m²/kg: with
    ρ0 = 3.725e-12 kg/m³ and H = 58.515 km, and √(μ a) taken at 425 km,
    H (e^(50/58.515) − 1) / (ρ0 B √(μ a)) = 1.851e7 s (214 days).

    >>> round(orbit_lifetime_s(450e3, 1.0, 0.01, 2.2, 400e3) / 1e7, 2)
    1.85
    """
    if drag_area_m2 <= 0.0 or mass_kg <= 0.0:
        return float("inf")
    if altitude_m <= reentry_altitude_m:
        return 0.0
    n = max(2, int((altitude_m - reentry_altitude_m) / 1000.0) + 1)
    h = np.linspace(reentry_altitude_m, altitude_m, n)
    b = drag_coefficient * drag_area_m2 / mass_kg
    integrand = 1.0 / (density(h) * b * np.sqrt(MU_EARTH * (R_EARTH + h)))
    return float(np.trapezoid(integrand, h))
