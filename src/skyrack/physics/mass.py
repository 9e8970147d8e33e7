"""Spacecraft mass roll-up: structure and margin, propellant, drag make-up.

All functions are pure and vectorised (floats or broadcasting arrays in, numpy
floats or arrays out) and do not validate input; impossible inputs give
``inf`` or ``nan`` as documented.

References
----------
.. [1] Wertz, J. R. & Larson, W. J. (eds.), *Space Mission Analysis and
       Design*, 3rd ed., 1999, §10.3 and appendix A (spacecraft mass
       distribution: structure ≈ 20–30 % of dry mass).
.. [2] Brown, C. D., *Elements of Spacecraft Design*, AIAA, 2002, §2 (on-orbit
       dry-mass allocation guide by subsystem; structure 21–29 %).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import Floats, _f, _out
from .constants import G0, MU_EARTH, R_EARTH, YEAR_S

__all__ = ["drag_delta_v_per_year", "dry_mass", "propellant_mass"]

"""Return type: a numpy float for scalar input, else a float64 array."""


def dry_mass(subsystem_masses_kg_sum: ArrayLike, structure_fraction: ArrayLike, margin_fraction: ArrayLike) -> Floats:
    """Dry mass from the non-structure subsystems, structure share and margin.

    Structure is sized as a fraction s of the (unmargined) dry mass, so the
    other subsystems are the remaining 1 − s; a system margin m is then added:

    .. math:: m_{dry} = \\frac{\\sum m_i}{1 - s} (1 + m)

    Parameters
    ----------
    subsystem_masses_kg_sum : float or array
        Sum of all subsystem masses except primary structure, kg (compute,
        arrays, radiators, batteries, shielding, bus avionics...).
    structure_fraction : float or array
        Structure as a fraction of dry mass s, 0..1 (≈ 0.2–0.3 for
        conventional spacecraft [1]_ [2]_; lower for large, light deployables).
    margin_fraction : float or array
        System mass margin / growth allowance m (0.2 = +20 %, typical before
        PDR [3]_).

    Returns
    -------
    float or array
        Dry mass including structure and margin, kg. ``inf`` where
        ``structure_fraction`` is 1 and negative above 1 (meaningless).

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §10.3 and appendix A (structure
           ≈ 20–30 % of dry mass for typical spacecraft).
    .. [2] Brown, *Elements of Spacecraft Design*, AIAA, 2002 (dry-mass
           allocation guide; structure 21–29 %).
    .. [3] AIAA S-120A-2015, *Mass Properties Control for Space Systems*
           (mass growth allowance by maturity).

    Examples
    --------
    800 kg of subsystems, 20 % structure, 20 % margin: 800/0.8·1.2 = 1200 kg.

    >>> round(float(dry_mass(800.0, 0.2, 0.2)), 6)
    1200.0
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(subsystem_masses_kg_sum) / (1.0 - _f(structure_fraction)) * (1.0 + _f(margin_fraction)))


def propellant_mass(dry_mass_kg: ArrayLike, delta_v_m_s: ArrayLike, isp_s: ArrayLike) -> Floats:
    """Propellant for a Δv budget, Tsiolkovsky rocket equation.

    .. math:: m_p = m_{dry} \\left(e^{\\Delta v / (I_{sp} g_0)} - 1\\right)

    Parameters
    ----------
    dry_mass_kg : float or array
        Mass after the burn (dry mass), kg.
    delta_v_m_s : float or array
        Total velocity change, m/s.
    isp_s : float or array
        Specific impulse, s (g0 = 9.80665 m/s²). Hall thrusters ≈ 1,500–2,000 s,
        hydrazine ≈ 220 s.

    Returns
    -------
    float or array
        Propellant mass, kg. ``inf`` where ``isp_s`` is 0 and Δv > 0.

    References
    ----------
    .. [1] Tsiolkovsky, K. E., "Exploration of outer space by means of reaction
           devices", 1903; in the form of Wertz & Larson, SMAD 3rd ed., 1999,
           ch. 17, m_p = m_f (e^{Δv/(I_sp g)} − 1).

    Examples
    --------
    1000 kg, 100 m/s, 1500 s: 1000·(e^(100/14709.975) − 1) = 6.821 kg.

    >>> round(float(propellant_mass(1000.0, 100.0, 1500.0)), 3)
    6.821
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _out(_f(dry_mass_kg) * np.expm1(_f(delta_v_m_s) / (_f(isp_s) * G0)))


def drag_delta_v_per_year(
    density_kg_m3: ArrayLike, ballistic_coefficient_kg_m2: ArrayLike, altitude_m: ArrayLike
) -> Floats:
    """Δv per year needed to cancel atmospheric drag on a circular orbit.

    .. math::

        a_D = \\frac{1}{2} \\frac{\\rho v^2}{B},\\quad v = \\sqrt{\\mu/(R+h)},
        \\quad \\Delta v_{yr} = a_D \\, t_{yr}

    Parameters
    ----------
    density_kg_m3 : float or array
        Atmospheric density at the orbit, kg/m³ (strongly dependent on solar
        activity: ~1e-14–1e-12 at 500–650 km). Use an atmosphere model.
    ballistic_coefficient_kg_m2 : float or array
        B = m / (C_D A), kg/m² (A is the area projected on the velocity).
    altitude_m : float or array
        Circular-orbit altitude above the equatorial radius, m.

    Returns
    -------
    float or array
        Δv per Julian year, m/s/yr. ``inf`` where B is 0.

    References
    ----------
    .. [1] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*,
           4th ed., 2013, ch. 8, atmospheric drag: a = −½ (C_D A / m) ρ v².

    Examples
    --------
    ρ = 1e-13 kg/m³, B = 50 kg/m², 650 km: v = 7,530.9 m/s,
    a = 0.5·1e-13·7530.9²/50 = 5.672e-8 m/s², × 31,557,600 s = 1.790 m/s/yr.

    >>> round(float(drag_delta_v_per_year(1e-13, 50.0, 650e3)), 3)
    1.79
    """
    v2 = MU_EARTH / (R_EARTH + _f(altitude_m))
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(0.5 * _f(density_kg_m3) * v2 / _f(ballistic_coefficient_kg_m2) * YEAR_S)
