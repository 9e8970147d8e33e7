"""Solar-array and battery sizing for a spacecraft electrical power system.

Closed-form sizing relations in the form used for conceptual spacecraft design
[1]_: areal power of an array, its life degradation, the power the array must
make in sunlight to carry the loads through sunlight and eclipse, the battery
nameplate capacity for the eclipse, and masses from specific power, areal
density and specific energy.

All functions are pure, take floats or numpy arrays that broadcast against each
other, and return numpy scalars (for scalar input) or arrays. Inputs are SI:
W, W/m², s, kg, m²; energies of batteries are in Wh because cell and pack
datasheets quote Wh and Wh/kg. Nothing is validated here: a physically
meaningless input (an eclipse longer than the orbit, a zero depth of
discharge) propagates to ``inf`` or ``nan`` as documented per function; the
design layer checks inputs and reports infeasible designs.

References
----------
.. [1] Wertz, J. R. & Larson, W. J. (eds.), *Space Mission Analysis and
       Design*, 3rd ed., Microcosm / Kluwer, 1999, §11.4 "Power".
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import Floats, _f, _out

__all__ = [
    "array_area",
    "array_areal_power",
    "array_power_sunlit",
    "battery_capacity_wh",
    "battery_mass_kg",
    "degradation_factor",
    "mass_from_areal_density",
    "mass_from_specific_power",
]

"""Return type: a numpy float for scalar input, else a float64 array."""

_J_PER_WH = 3600.0


def array_areal_power(
    irradiance_w_m2: ArrayLike,
    efficiency: ArrayLike,
    packing_factor: ArrayLike,
    temperature_derating: ArrayLike,
    pointing_factor: ArrayLike,
) -> Floats:
    """Electrical power produced per square metre of solar array.

    .. math:: P_A = S \\, \\eta \\, f_{pack} \\, f_T \\, \\cos\\theta

    Parameters
    ----------
    irradiance_w_m2 : float or array
        Solar irradiance on the array plane at normal incidence, W/m²
        (1361 W/m² at 1 AU).
    efficiency : float or array
        Cell conversion efficiency at the rating temperature, 0..1.
    packing_factor : float or array
        Fraction of array area covered by active cells, 0..1 (≈0.85–0.9).
    temperature_derating : float or array
        Ratio of efficiency at operating temperature to that at the rating
        temperature, 0..1 (≈0.9 for triple-junction cells at ~60 °C).
    pointing_factor : float or array
        Cosine of the angle between the array normal and the Sun, 0..1
        (the "inherent degradation" and incidence loss of [1]_ may be folded in).

    Returns
    -------
    float or array
        Beginning-of-life electrical areal power, W/m² of array.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4: P_o = η S, beginning-of-life
           array output P_BOL = P_o I_d cos θ.

    Examples
    --------
    >>> float(array_areal_power(1361.0, 0.30, 0.88, 0.92, 1.0))  # doctest: +ELLIPSIS
    330.55...
    """
    return _out(
        _f(irradiance_w_m2) * _f(efficiency) * _f(packing_factor) * _f(temperature_derating) * _f(pointing_factor)
    )


def degradation_factor(rate_per_year: ArrayLike, years: ArrayLike) -> Floats:
    """Fraction of beginning-of-life array power left after ``years``.

    .. math:: L_d = (1 - D)^{L}

    Parameters
    ----------
    rate_per_year : float or array
        Fractional power loss per year, D (0.0075 for 0.75 %/yr).
    years : float or array
        Time since beginning of life, L, years (fractional years allowed).

    Returns
    -------
    float or array
        Life degradation factor L_d, dimensionless; 1 at ``years = 0``.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4, lifetime degradation
           L_d = (1 − degradation/yr)^(satellite life); end-of-life power
           P_EOL = P_BOL L_d.
    """
    return _out(np.power(1.0 - _f(rate_per_year), _f(years)))


def array_power_sunlit(
    load_sunlit_w: ArrayLike,
    load_eclipse_w: ArrayLike,
    sunlit_s: ArrayLike,
    eclipse_s: ArrayLike,
    path_efficiency_sunlit: ArrayLike,
    path_efficiency_eclipse: ArrayLike,
) -> Floats:
    """Power the array must deliver while sunlit to carry a full orbit.

    .. math:: P_{sa} = \\frac{P_e T_e / X_e + P_d T_d / X_d}{T_d}

    The array runs the sunlit load through the direct path (efficiency X_d)
    and, in the same sunlit time, recharges the battery for the eclipse load
    through the charge/discharge path (efficiency X_e).

    Parameters
    ----------
    load_sunlit_w : float or array
        Load in sunlight P_d, W.
    load_eclipse_w : float or array
        Load in eclipse P_e, W.
    sunlit_s : float or array
        Sunlit time per orbit T_d, s.
    eclipse_s : float or array
        Eclipse time per orbit T_e, s; may be 0 (no eclipse: P_sa = P_d/X_d).
    path_efficiency_sunlit : float or array
        X_d, array-to-load efficiency in sunlight, 0..1 (SMAD: 0.85 direct
        energy transfer, 0.80 peak-power tracking).
    path_efficiency_eclipse : float or array
        X_e, array-to-battery-to-load efficiency, 0..1 (SMAD: 0.65 direct
        energy transfer, 0.60 peak-power tracking).

    Returns
    -------
    float or array
        Required array output in sunlight P_sa, W. ``inf`` where ``sunlit_s``
        is 0 and there is load (the orbit is never lit); ``nan`` if, in
        addition, there is no load.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4, eq. 11-5.

    Examples
    --------
    1 kW both phases, 60 min sun, 35 min eclipse, X_e = 0.6, X_d = 0.8:
    (1000·2100/0.6 + 1000·3600/0.8)/3600 = 2222.2 W.

    >>> round(float(array_power_sunlit(1e3, 1e3, 3600, 2100, 0.8, 0.6)), 1)
    2222.2
    """
    p_d = _f(load_sunlit_w)
    p_e = _f(load_eclipse_w)
    t_d = _f(sunlit_s)
    t_e = _f(eclipse_s)
    energy = p_e * t_e / _f(path_efficiency_eclipse) + p_d * t_d / _f(path_efficiency_sunlit)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(energy / t_d)


def array_area(power_w: ArrayLike, areal_power_w_m2: ArrayLike) -> Floats:
    """Array area needed to produce ``power_w`` at ``areal_power_w_m2``.

    Parameters
    ----------
    power_w : float or array
        Required array output (normally end-of-life, in sunlight), W.
    areal_power_w_m2 : float or array
        Array output per unit area at the same conditions, W/m².

    Returns
    -------
    float or array
        Array area, m²; ``inf`` where the areal power is 0.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4: A_sa = P_sa / P_EOL.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(power_w) / _f(areal_power_w_m2))


def battery_capacity_wh(
    load_eclipse_w: ArrayLike,
    eclipse_s: ArrayLike,
    depth_of_discharge: ArrayLike,
    discharge_efficiency: ArrayLike,
) -> Floats:
    """Nameplate battery energy needed to carry the eclipse load.

    .. math:: C = \\frac{P_e T_e}{\\mathrm{DoD}\\; n}

    Parameters
    ----------
    load_eclipse_w : float or array
        Load in eclipse P_e, W.
    eclipse_s : float or array
        Longest eclipse T_e, s.
    depth_of_discharge : float or array
        Allowed depth of discharge per cycle, 0..1 (20–40 % for multi-year LEO).
    discharge_efficiency : float or array
        Battery-to-load transmission efficiency n, 0..1 (SMAD ≈ 0.9).

    Returns
    -------
    float or array
        Nameplate capacity, Wh (one battery; SMAD's N is taken as 1).
        ``inf`` where DoD or efficiency is 0 and there is an eclipse load.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4 (secondary batteries):
           C_r = P_e T_e / ((DOD) N n).

    Examples
    --------
    1 MW for 20 min at 30 % DoD and 0.9 efficiency:
    1e6·1200/(0.3·0.9)/3600 = 1.2346e6 Wh.

    >>> round(float(battery_capacity_wh(1e6, 1200.0, 0.3, 0.9)))
    1234568
    """
    energy_j = _f(load_eclipse_w) * _f(eclipse_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(energy_j / (_f(depth_of_discharge) * _f(discharge_efficiency)) / _J_PER_WH)


def mass_from_specific_power(power_w: ArrayLike, specific_power_w_per_kg: ArrayLike) -> Floats:
    """Mass of a power-scaled component (array wing, converter, radiator per W).

    Parameters
    ----------
    power_w : float or array
        Rated power, W.
    specific_power_w_per_kg : float or array
        Specific power, W/kg (deployed flexible arrays ≈ 100–150 W/kg).

    Returns
    -------
    float or array
        Mass, kg; ``inf`` where the specific power is 0.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4 (array mass from specific
           performance, W/kg).
    .. [2] Mikulas et al., NASA NTRS 20150006022 (≈150 W/kg flexible arrays).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(power_w) / _f(specific_power_w_per_kg))


def mass_from_areal_density(area_m2: ArrayLike, kg_per_m2: ArrayLike) -> Floats:
    """Mass of a sheet-like component (array blanket, radiator panel).

    Parameters
    ----------
    area_m2 : float or array
        Area, m².
    kg_per_m2 : float or array
        Areal density, kg/m².

    Returns
    -------
    float or array
        Mass, kg.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4 (array mass from area
           and areal density).
    """
    return _out(_f(area_m2) * _f(kg_per_m2))


def battery_mass_kg(capacity_wh: ArrayLike, specific_energy_wh_per_kg: ArrayLike) -> Floats:
    """Battery mass from nameplate capacity and pack specific energy.

    Parameters
    ----------
    capacity_wh : float or array
        Nameplate capacity, Wh.
    specific_energy_wh_per_kg : float or array
        Pack-level specific energy, Wh/kg (space Li-ion packs ≈ 100–130 Wh/kg).

    Returns
    -------
    float or array
        Battery mass, kg; ``inf`` where the specific energy is 0.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §11.4 (battery mass from
           specific energy density, W·hr/kg).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(capacity_wh) / _f(specific_energy_wh_per_kg))
