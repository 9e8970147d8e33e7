"""Conical Earth shadow with penumbra: the fraction of the solar disc a satellite sees.

Seen from the satellite at r, the Sun (centre at r☉) is a disc of apparent
radius a = asin(R☉/|r☉ − r|), the Earth a disc of apparent radius
b = asin(R⊕/|r|), and their centres are c apart with
cos c = −r·(r☉ − r)/(|r| |r☉ − r|). The satellite is

* fully lit when c ≥ a + b,
* in the umbra (ν = 0) when c ≤ b − a,
* in an annular shadow (ν = 1 − b²/a²) when c ≤ a − b (beyond the umbra's apex),
* otherwise in the penumbra, where the occulted area of the solar disc is the
  lens A = a² acos(x/a) + b² acos((c − x)/b) − c y with
  x = (c² + a² − b²)/(2c), y = √(a² − x²), and ν = 1 − A/(π a²).

The Earth is a sphere of the equatorial radius with no atmosphere; the Sun's
disc is uniformly bright (no limb darkening).

References
----------
.. [1] O. Montenbruck, E. Gill, *Satellite Orbits: Models, Methods and
       Applications*, Springer, 2000, sec. 3.4.2, eqs. 3.85–3.87.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import numpy.typing as npt

from ._arrays import FloatArray
from .constants import R_EARTH, R_SUN

__all__ = ["illumination_fraction", "illumination_scalar"]


@numba.njit(cache=True, inline="always")
def illumination_scalar(
    x: float, y: float, z: float, sx: float, sy: float, sz: float, sun_distance: float
) -> float:  # pragma: no cover - compiled
    """Fraction of the solar disc visible from (x, y, z) m; (sx, sy, sz) the Sun's unit vector.

    Compiled (numba) scalar form of :func:`illumination_fraction`; see the
    module docstring for the model (Montenbruck & Gill 2000, sec. 3.4.2). The
    full-Sun and umbra tests compare r d cos c with r d cos(a ± b), both free of
    divisions, so that inverse trigonometric functions are evaluated only
    inside the penumbra.
    """
    along = x * sx + y * sy + z * sz
    if along >= 0.0:
        return 1.0  # day side: the Earth is behind the satellite
    r2 = x * x + y * y + z * z
    if r2 <= R_EARTH * R_EARTH:
        return 0.0
    # With d the satellite-Sun distance: |r_sun - r|^2 = D^2 - 2 D (r . s) + r^2 and
    # r . (r_sun - r) = D (r . s) - r^2, so r d cos c = r^2 - D (r . s); likewise
    # r d cos(a ± b) = sqrt(d^2 - R_sun^2) sqrt(r^2 - R^2) ∓ R_sun R. Comparing r d cos c with these
    # decides full Sun and umbra without a division or an inverse trigonometric function.
    d2 = sun_distance * sun_distance - 2.0 * sun_distance * along + r2
    rd_cos_c = r2 - sun_distance * along
    cross = math.sqrt(d2 - R_SUN * R_SUN) * math.sqrt(r2 - R_EARTH * R_EARTH)
    if rd_cos_c <= cross - R_SUN * R_EARTH:  # c >= a + b
        return 1.0
    # b > a (the Earth looks bigger than the Sun) iff R^2 d^2 > R_sun^2 r^2
    if R_EARTH * R_EARTH * d2 > R_SUN * R_SUN * r2 and rd_cos_c >= cross + R_SUN * R_EARTH:  # c <= b - a
        return 0.0
    d = math.sqrt(d2)
    r = math.sqrt(r2)
    sin_a = R_SUN / d
    sin_b = R_EARTH / r
    cos_c = rd_cos_c / (r * d)
    a = math.asin(sin_a)
    b = math.asin(sin_b)
    c = math.acos(min(1.0, max(-1.0, cos_c)))
    if c <= b - a:
        return 0.0
    if c <= a - b:
        return 1.0 - (b * b) / (a * a)
    xx = (c * c + a * a - b * b) / (2.0 * c)
    yy = math.sqrt(max(a * a - xx * xx, 0.0))
    area = (
        a * a * math.acos(min(1.0, max(-1.0, xx / a))) + b * b * math.acos(min(1.0, max(-1.0, (c - xx) / b))) - c * yy
    )
    nu = 1.0 - area / (math.pi * a * a)
    return min(1.0, max(0.0, nu))


@numba.njit(cache=True)
def _illumination_many(r: FloatArray, s: FloatArray, d: FloatArray, out: FloatArray) -> None:  # pragma: no cover
    for k in range(r.shape[0]):
        out[k] = illumination_scalar(r[k, 0], r[k, 1], r[k, 2], s[k, 0], s[k, 1], s[k, 2], d[k])


def illumination_fraction(
    position_m: npt.ArrayLike, sun_unit: npt.ArrayLike, sun_distance_m: npt.ArrayLike
) -> FloatArray:
    """Fraction of the solar disc visible from a satellite (conical shadow with penumbra).

    Parameters
    ----------
    position_m : array_like
        Satellite position, geocentric inertial, m, shape ``(..., 3)``.
    sun_unit : array_like
        Unit vector from the Earth's centre to the Sun, same frame, shape
        ``(..., 3)`` (broadcasts against ``position_m``).
    sun_distance_m : array_like
        Earth–Sun distance, m, shape ``(...)``.

    Returns
    -------
    numpy.ndarray
        ν in [0, 1]: 1 in full Sun, 0 in the umbra, shape ``(...)``.

    References
    ----------
    .. [1] Montenbruck & Gill (2000), sec. 3.4.2.

    Examples
    --------
    Behind the Earth on the Sun line, 650 km up: umbra. Beside the Earth: lit.

    >>> r = 7028137.0
    >>> float(illumination_fraction([-r, 0, 0], [1, 0, 0], 1.496e11))
    0.0
    >>> float(illumination_fraction([0, r, 0], [1, 0, 0], 1.496e11))
    1.0
    """
    r = np.asarray(position_m, dtype=np.float64)
    s = np.asarray(sun_unit, dtype=np.float64)
    d = np.asarray(sun_distance_m, dtype=np.float64)
    shape = np.broadcast_shapes(r.shape[:-1], s.shape[:-1], d.shape)
    # writeable C-contiguous copies: one compiled specialisation whatever the inputs
    rb = np.array(np.broadcast_to(r, (*shape, 3)).reshape(-1, 3), dtype=np.float64, order="C")
    sb = np.array(np.broadcast_to(s, (*shape, 3)).reshape(-1, 3), dtype=np.float64, order="C")
    db = np.array(np.broadcast_to(d, shape).reshape(-1), dtype=np.float64, order="C")
    out = np.empty(db.size)
    _illumination_many(rb, sb, db, out)
    return out.reshape(shape)
