"""Radiation-shield mass: areal density, enclosure area, packaged volume.

First-order sizing of a uniform aluminium-equivalent shield around the
compute payload. Shield thickness is expressed as areal density (kg/m²;
1 g/cm² = 10 kg/m²), the quantity dose–depth curves are tabulated against [1]_.
The enclosure is idealised as a cube holding the packaged compute.

A dose estimator that interpolates a user-supplied dose–depth curve is
included; it does not contain any radiation-environment model itself.

All functions are pure and vectorised (floats or broadcasting arrays in, numpy
floats or arrays out) and do not validate input.

References
----------
.. [1] Seltzer, S. M., *Updated calculations for routine space-shielding
       radiation dose estimates: SHIELDOSE-2*, NIST IR 5477, 1994.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import Floats, _f, _out

__all__ = [
    "ALUMINIUM_DENSITY_KG_M3",
    "areal_density_aluminium",
    "compute_volume",
    "dose_rate_behind_shield",
    "enclosure_area",
    "shield_mass",
]

"""Return type: a numpy float for scalar input, else a float64 array."""

ALUMINIUM_DENSITY_KG_M3 = 2700.0
"""Density of aluminium (pure and common 6xxx alloys ≈ 2,700 kg/m³), CRC
Handbook of Chemistry and Physics (97th ed., 2016), "Density of solids"."""


def areal_density_aluminium(thickness_m: ArrayLike, density_kg_m3: ArrayLike = ALUMINIUM_DENSITY_KG_M3) -> Floats:
    """Areal density of an aluminium sheet of the given thickness.

    .. math:: \\sigma_A = \\rho \\, t

    Parameters
    ----------
    thickness_m : float or array
        Sheet thickness t, m.
    density_kg_m3 : float or array, default 2700
        Material density ρ, kg/m³.

    Returns
    -------
    float or array
        Areal density, kg/m² (divide by 10 for g/cm²). 1 mm Al → 2.7 kg/m²
        = 0.27 g/cm²; 4 mm → 10.8 kg/m².

    References
    ----------
    .. [1] Seltzer, NIST IR 5477 (SHIELDOSE-2), 1994: shield depth expressed
           as areal density of aluminium (g/cm²).
    .. [2] CRC Handbook of Chemistry and Physics, 97th ed., 2016 (ρ_Al).
    """
    return _out(_f(thickness_m) * _f(density_kg_m3))


def enclosure_area(volume_m3: ArrayLike) -> Floats:
    """Outer surface of a cubic enclosure holding ``volume_m3``.

    .. math:: A = 6 \\, V^{2/3}

    Assumption: the shielded payload is one compact cube with the shield on
    all six faces. A cube has 24 % more surface than a sphere of the same
    volume (a lower bound, 4.836 V^{2/3}) and far less than a flat or
    distributed payload; shielding individual boards or using the bus
    structure as shield changes this entirely.

    Parameters
    ----------
    volume_m3 : float or array
        Enclosed volume, m³.

    Returns
    -------
    float or array
        Shield area, m².

    References
    ----------
    .. [1] Elementary solid geometry (cube of edge V^{1/3} has area 6 V^{2/3});
           spherical lower bound (36π)^{1/3} V^{2/3}.
    """
    return _out(6.0 * np.cbrt(_f(volume_m3)) ** 2)


def shield_mass(areal_density_kg_m2: ArrayLike, area_m2: ArrayLike) -> Floats:
    """Mass of a shield of uniform areal density.

    Parameters
    ----------
    areal_density_kg_m2 : float or array
        Shield areal density, kg/m².
    area_m2 : float or array
        Shielded area, m².

    Returns
    -------
    float or array
        Shield mass, kg (thin-shell approximation: thickness small compared
        with the enclosure size).

    References
    ----------
    .. [1] Seltzer, NIST IR 5477 (SHIELDOSE-2), 1994 (areal-density shield
           description; mass = areal density × area).
    """
    return _out(_f(areal_density_kg_m2) * _f(area_m2))


def compute_volume(mass_kg: ArrayLike, packaging_density_kg_m3: ArrayLike) -> Floats:
    """Volume occupied by packaged hardware of given mass and bulk density.

    Parameters
    ----------
    mass_kg : float or array
        Hardware mass, kg.
    packaging_density_kg_m3 : float or array
        Bulk (packaged) density, kg/m³, of the hardware including its
        internal voids (racks, cold plates, manifolds).

    Returns
    -------
    float or array
        Volume, m³; ``inf`` where the density is 0.

    References
    ----------
    .. [1] Wertz & Larson, SMAD 3rd ed., 1999, §10.3 (spacecraft volume from
           mass and typical bulk density).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return _out(_f(mass_kg) / _f(packaging_density_kg_m3))


def dose_rate_behind_shield(
    areal_density_kg_m2: ArrayLike,
    table_areal_density_kg_m2: ArrayLike,
    table_dose_rate: ArrayLike,
) -> Floats:
    """Dose rate behind a shield, interpolated from a dose–depth curve.

    Log-linear interpolation (linear in areal density, linear in the logarithm
    of dose) of a tabulated dose–depth curve such as SHIELDOSE-2 output from
    SPENVIS or OMERE for the orbit of interest.

    Limits, stated plainly: this function carries **no** radiation model; its
    answer is only as good as the table passed in. Outside the table it
    clamps to the end values (no extrapolation): thinner than the first point
    returns the first dose, thicker than the last returns the last dose,
    which is conservative for thick shields. Dose–depth curves are for a
    specific geometry (usually a solid sphere or slab of aluminium); real
    boxes, secondary particles and the South Atlantic Anomaly are outside it.

    Parameters
    ----------
    areal_density_kg_m2 : float or array
        Shield areal density, kg/m².
    table_areal_density_kg_m2 : 1-D array
        Tabulated areal densities, kg/m², strictly increasing.
    table_dose_rate : 1-D array
        Dose rate at each tabulated depth, any unit (e.g. rad(Si)/yr), > 0.

    Returns
    -------
    float or array
        Interpolated dose rate, in the unit of ``table_dose_rate``.

    References
    ----------
    .. [1] Seltzer, S. M., NIST IR 5477 (SHIELDOSE-2), 1994.
    .. [2] ESA SPENVIS, "SHIELDOSE-2 model" documentation,
           https://www.spenvis.oma.be (dose–depth curves).
    """
    x = _f(areal_density_kg_m2)
    log_dose = np.log(_f(table_dose_rate))
    return _out(np.exp(np.interp(x, _f(table_areal_density_kg_m2), log_dose)))
