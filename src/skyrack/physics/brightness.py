"""Sky brightness: apparent magnitudes of satellites and how many are seen at twilight.

A satellite is modelled as a diffusely (Lambert) reflecting sphere whose
cross-section times albedo is the sum of ρ A over its surfaces, as in Hainaut
& Williams [1]_. Its apparent V magnitude at range d and phase angle φ (Sun –
satellite – observer) is

.. math:: m = m_☉ − 2.5 \\log_{10}\\left( \\frac{ρA}{d^2} \\frac{2}{3π^2}
          \\left[(π − φ)\\cos φ + \\sin φ\\right] \\right)

with m_☉ = −26.76 [2]_ (at full phase the Lambert sphere's geometric albedo is
2ρ/3). Satellites of a shell are spread over the latitudes ±i with the
time-averaged surface density of circular orbits of random node,
N / (2π² r² √(sin² i − sin² φ)) [3]_; the sky of an observer is integrated on a
grid of azimuth and elevation, counting satellites that are above a minimum
elevation and outside the Earth's (cylindrical) shadow.

The recommendation checked is SATCON1's: satellites should be fainter than
V = 7 + 2.5 log10(h / 550 km) [4]_ [5]_.

References
----------
.. [1] Hainaut, O. R. & Williams, A. P., "Impact of satellite constellations
       on astronomical observations with ESO telescopes in the visible and
       infrared domains", A&A 636, A121, 2020.
.. [2] Willmer, C. N. A., "The absolute magnitude of the Sun in several
       filters", ApJS 236, 47, 2018 (apparent V = −26.76).
.. [3] Bohlin, R. et al.; in the form used for constellation densities by
       Hainaut & Williams (2020), sec. 2 (satellite density as a function of
       latitude for circular orbits of inclination i).
.. [4] Walker, C. et al., "Impact of satellite constellations on optical
       astronomy and recommendations toward mitigations" (SATCON1 report),
       NSF NOIRLab / AAS, 2020, recommendation on brightness.
.. [5] Walker, C. et al. (eds.), *Dark and Quiet Skies for Science and
       Society*, UNOOSA / IAU, 2021.
.. [6] Mallama, A., "The brightness of VisorSat-design Starlink satellites",
       arXiv:2101.00374, 2021 (measured Starlink magnitudes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, Floats, _f, _out
from .constants import R_EARTH

__all__ = [
    "SUN_V_MAGNITUDE",
    "TwilightSky",
    "apparent_magnitude",
    "lambert_sphere_phase",
    "recommended_limit",
    "shell_surface_density",
    "twilight_sky",
]

SUN_V_MAGNITUDE = -26.76
"""Apparent V magnitude of the Sun at 1 AU [2]."""

_N_AZ = 72
_N_EL = 40


def lambert_sphere_phase(phase_angle_rad: ArrayLike) -> Floats:
    """Phase function of a Lambert sphere, normalised to 1 at full phase.

    Φ(φ) = [(π − φ) cos φ + sin φ] / π [1]_.

    Parameters
    ----------
    phase_angle_rad : float or array
        Sun–satellite–observer angle, rad.

    Returns
    -------
    float or array
        Φ, 1 at φ = 0 (full), 1/π at 90°, 0 at 180°.

    References
    ----------
    .. [1] Hainaut & Williams, A&A 636, A121, 2020.

    Examples
    --------
    >>> round(float(lambert_sphere_phase(np.pi / 2)), 4)
    0.3183
    """
    p = _f(phase_angle_rad)
    return _out(((np.pi - p) * np.cos(p) + np.sin(p)) / np.pi)


def apparent_magnitude(albedo_area_m2: ArrayLike, range_m: ArrayLike, phase_angle_rad: ArrayLike) -> Floats:
    """Apparent V magnitude of a satellite modelled as a Lambert sphere.

    Parameters
    ----------
    albedo_area_m2 : float or array
        Σ ρ A over the surfaces (cross-section times diffuse albedo), m².
    range_m : float or array
        Observer–satellite distance, m.
    phase_angle_rad : float or array
        Sun–satellite–observer angle, rad.

    Returns
    -------
    float or array
        V magnitude (larger is fainter); inf for a satellite that reflects nothing.

    References
    ----------
    .. [1] Hainaut & Williams, A&A 636, A121, 2020.
    .. [2] Willmer, ApJS 236, 47, 2018.

    Examples
    --------
    ρA = 1 m² at 550 km, φ = 90°: ratio = (2/(3π²)) / 5.5e5² = 2.2330e-13,
    m = −26.76 + 31.628 = 4.87.

    >>> round(float(apparent_magnitude(1.0, 550e3, np.pi / 2)), 2)
    4.87
    """
    ratio = _f(albedo_area_m2) / _f(range_m) ** 2 * (2.0 / (3.0 * np.pi)) * _f(lambert_sphere_phase(phase_angle_rad))
    with np.errstate(divide="ignore"):
        return _out(SUN_V_MAGNITUDE - 2.5 * np.log10(ratio))


def recommended_limit(altitude_m: ArrayLike) -> Floats:
    """SATCON1 brightness recommendation, V = 7 + 2.5 log10(h / 550 km) [4]_.

    Parameters
    ----------
    altitude_m : float or array
        Orbit altitude, m.

    Returns
    -------
    float or array
        The V magnitude a satellite should be fainter than.

    References
    ----------
    .. [4] Walker et al., SATCON1 report, 2020.

    Examples
    --------
    >>> round(float(recommended_limit(1100e3)), 3)
    7.753
    """
    return _out(7.0 + 2.5 * np.log10(_f(altitude_m) / 550e3))


def shell_surface_density(
    satellites: ArrayLike, radius_m: ArrayLike, inclination_rad: ArrayLike, latitude_rad: ArrayLike
) -> Floats:
    """Time-averaged number of a shell's satellites per unit area of its sphere.

    σ(φ) = N / (2π² r² √(sin² i − sin² φ)) for |φ| < i (i folded to ≤ 90°),
    0 outside [3]_; it integrates to N over the sphere.

    Parameters
    ----------
    satellites : float or array
        Satellites in the shell, N.
    radius_m : float or array
        Shell radius, m.
    inclination_rad : float or array
        Inclination, rad.
    latitude_rad : float or array
        Geocentric latitude, rad.

    Returns
    -------
    float or array
        Satellites per m².

    References
    ----------
    .. [3] Hainaut & Williams (2020), sec. 2.

    Examples
    --------
    Polar shell at the equator: N / (2π² r²).

    >>> r = 7e6
    >>> round(float(shell_surface_density(1000, r, np.pi / 2, 0.0) * 2 * np.pi**2 * r**2), 6)
    1000.0
    """
    inc = _f(inclination_rad)
    s_i = np.sin(np.minimum(inc, np.pi - inc))
    gap = s_i**2 - np.sin(_f(latitude_rad)) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = _f(satellites) / (2.0 * np.pi**2 * _f(radius_m) ** 2 * np.sqrt(gap))
    return _out(np.where(gap > 1e-6, dens, 0.0))


@dataclass(frozen=True)
class TwilightSky:
    """What an observer sees of one or more shells at one Sun position (arrays over shells)."""

    visible: FloatArray
    """Sunlit satellites above the minimum elevation (time-averaged count)."""
    brightest_magnitude: FloatArray
    """Brightest V magnitude of a sunlit satellite above the minimum elevation (inf if none)."""
    brighter_than_limit: FloatArray
    """Visible satellites brighter than the SATCON1 limit for their altitude."""


def _sky_grid(min_elevation_rad: float) -> tuple[FloatArray, FloatArray, FloatArray]:
    az = (np.arange(_N_AZ) + 0.5) * 2.0 * np.pi / _N_AZ
    edges = np.linspace(min_elevation_rad, np.pi / 2, _N_EL + 1)
    el = 0.5 * (edges[1:] + edges[:-1])
    solid = (np.sin(edges[1:]) - np.sin(edges[:-1])) * 2.0 * np.pi / _N_AZ
    a, e = np.meshgrid(az, el, indexing="ij")
    return a.ravel(), e.ravel(), np.broadcast_to(solid, (_N_AZ, _N_EL)).ravel()


def twilight_sky(
    observer_latitude_rad: float,
    sun_declination_rad: float,
    sun_altitude_rad: float,
    altitude_m: ArrayLike,
    inclination_rad: ArrayLike,
    satellites: ArrayLike,
    albedo_area_m2: ArrayLike,
    *,
    min_elevation_rad: float = np.radians(30.0),
) -> TwilightSky:
    """Satellites of some shells seen by an observer with the Sun below the horizon.

    The sky above ``min_elevation_rad`` is divided into a 72 × 40 grid; along
    each line of sight the shell's sphere is met at range d, where the
    satellites per steradian are σ(φ) d² / cos ζ (ζ the angle between the line
    of sight and the local vertical at the shell). The Sun sits in the evening
    sky at the given altitude (negative: below the horizon); shadow is the
    Earth's cylindrical shadow.

    Parameters
    ----------
    observer_latitude_rad : float
        Observer's geocentric latitude, rad.
    sun_declination_rad : float
        Sun's declination (season), rad: +23.44° at the June solstice.
    sun_altitude_rad : float
        Sun's altitude, rad: −12° at the end of nautical twilight, −18° astronomical.
    altitude_m, inclination_rad, satellites, albedo_area_m2 : array
        Per shell (1-D): altitude m, inclination rad, satellites, Σ ρA m².
    min_elevation_rad : float
        Lowest elevation counted, rad (30° by default: the sky used for science).

    Returns
    -------
    TwilightSky
        Counts and brightest magnitudes per shell.

    References
    ----------
    .. [1] Hainaut & Williams, A&A 636, A121, 2020.
    .. [4] Walker et al., SATCON1 report, 2020.

    Examples
    --------
    >>> sky = twilight_sky(np.radians(40.0), 0.0, np.radians(-12.0), [550e3], [np.radians(53.0)], [4408], [1.0])
    >>> 1.0 < float(sky.visible[0]) < 100.0
    True
    """
    h = np.atleast_1d(_f(altitude_m))[:, None]
    inc = np.atleast_1d(_f(inclination_rad))[:, None]
    n_sat = np.atleast_1d(_f(satellites))[:, None]
    rho_a = np.atleast_1d(_f(albedo_area_m2))[:, None]
    lat = float(observer_latitude_rad)
    dec = float(sun_declination_rad)
    cos_h = (np.sin(sun_altitude_rad) - np.sin(lat) * np.sin(dec)) / (np.cos(lat) * np.cos(dec))
    hour = np.arccos(np.clip(cos_h, -1.0, 1.0))  # evening: Sun west of the meridian
    sun = np.array([np.cos(dec) * np.cos(-hour), np.cos(dec) * np.sin(-hour), np.sin(dec)])
    obs = R_EARTH * np.array([np.cos(lat), 0.0, np.sin(lat)])
    up = obs / R_EARTH
    east = np.array([0.0, 1.0, 0.0])
    north = np.cross(up, east)
    az, el, solid = _sky_grid(min_elevation_rad)
    los = (np.cos(el) * np.sin(az))[:, None] * east + (np.cos(el) * np.cos(az))[:, None] * north
    los = los + np.sin(el)[:, None] * up  # (k, 3)
    r = R_EARTH + h  # (s, 1)
    b = los @ obs  # (k,)
    d = -b + np.sqrt(b**2 - R_EARTH**2 + r**2)  # (s, k)
    pos = obs + d[..., None] * los  # (s, k, 3)
    rad_hat = pos / r[..., None]
    cos_zeta = np.einsum("skc,kc->sk", rad_hat, los)
    sigma = _f(shell_surface_density(n_sat, r, inc, np.arcsin(rad_hat[..., 2])))
    per_cell = sigma * d**2 / cos_zeta * solid
    along = pos @ sun
    lit = (along > 0) | (np.linalg.norm(pos - along[..., None] * sun, axis=-1) > R_EARTH)
    to_obs = -los
    phase = np.arccos(np.clip(to_obs @ sun, -1.0, 1.0))  # (k,)
    mag = _f(apparent_magnitude(rho_a, d, phase))
    seen = lit & (per_cell > 0)
    limit = _f(recommended_limit(h))
    return TwilightSky(
        visible=np.sum(np.where(seen, per_cell, 0.0), axis=1),
        brightest_magnitude=np.min(np.where(seen, mag, np.inf), axis=1),
        brighter_than_limit=np.sum(np.where(seen & (mag < limit), per_cell, 0.0), axis=1),
    )
