"""Mean-element motion of near-circular orbits under J2, with the J3 frozen eccentricity.

The node, the argument of perigee and the mean anomaly drift at the secular J2
rates (:func:`skyrack.physics.orbit.j2_secular_rates`); a position adds the J3
long-period ("frozen") eccentricity and the first-order short-period J2 terms
(:func:`osculating_position`) and, for e > 0, a second-order expansion in the
eccentricity. From the same mean elements it agrees with SGP4 to about 0.4 km
over a day. :func:`j2_positions` is compiled with numba and runs in parallel
over satellites; the fleet simulation evaluates the same formulas inside its
kernel (:mod:`skyrack.simulate.kernels`).

Frame: the mean equator and equinox of date (the frame of
:func:`skyrack.physics.sun.sun_vector_eci`).

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       Microcosm Press, 2013, sec. 9.6 (secular effects of J2) and sec. 2.3
       (series for the true anomaly of a near-circular orbit).
.. [2] D. Brouwer, "Solution of the problem of artificial satellite theory
       without drag", *Astron. J.* 64, 378–397, 1959.
.. [3] F. R. Hoots, R. L. Roehrich, *Spacetrack Report No. 3: Models for
       Propagation of NORAD Element Sets*, 1980.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numba
import numpy as np
import numpy.typing as npt

from ._arrays import FloatArray
from .constants import J2, J3, R_EARTH
from .orbit import j2_secular_rates

__all__ = [
    "ELEM",
    "MeanElements",
    "j2_element_table",
    "j2_positions",
    "osculating_position",
    "short_period_constants",
]

Float32Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class MeanElements:
    """Mean Keplerian elements of a set of satellites at a common epoch.

    Every field is a float64 array of shape ``(n,)``; angles in radians,
    lengths in metres, the epoch a Julian date (UT).
    """

    a_m: FloatArray
    ecc: FloatArray
    inc: FloatArray
    raan: FloatArray
    argp: FloatArray
    mean_anomaly: FloatArray
    epoch_jd: float

    def __len__(self) -> int:
        return int(self.a_m.size)

    def take(self, index: Sequence[int] | np.ndarray) -> MeanElements:
        """The elements of the satellites at ``index``."""
        idx = np.asarray(index, dtype=np.intp)
        return MeanElements(
            self.a_m[idx],
            self.ecc[idx],
            self.inc[idx],
            self.raan[idx],
            self.argp[idx],
            self.mean_anomaly[idx],
            self.epoch_jd,
        )


@numba.njit(cache=True, inline="always")
def osculating_position(
    r: float,
    cu: float,
    su: float,
    co: float,
    so: float,
    ci: float,
    si: float,
    k1: float,
    k2: float,
    beta: float,
    ey: float,
) -> tuple[float, float, float]:  # pragma: no cover - compiled
    """Inertial position from the mean radius, argument of latitude u, node and inclination.

    Adds two corrections to the secular-J2 mean motion:

    * the J3 long-period ("frozen") eccentricity of a near-circular orbit, an eccentricity
      vector of size e_y = −(J3/2J2)(R/p) sin i pointing at ω = 90° (about 0.001 in low orbit):
      r ≈ r (1 − e_y sin u) and u_true ≈ u − 2 e_y cos u;
    * the first-order short-period J2 terms of Brouwer's theory in the form used by SGP4, with
      K1 = J2 R²/(2p) (m), K2 = J2 (R/p)²/2 and β = √(1 − e²):
      r' = r (1 − 1.5 K2 β (3 cos² i − 1)) + 0.5 K1 sin² i cos 2u,
      u' = u − 0.25 K2 (7 cos² i − 1) sin 2u,
      Ω' = Ω + 1.5 K2 cos i sin 2u,
      i' = i + 1.5 K2 cos i sin i cos 2u.

    Together they are about 7 km in radius and 15 km along track in low orbit. Angle changes
    are applied as rotations of the cosines and sines (to second order in the angle).

    References
    ----------
    .. [1] D. Brouwer, "Solution of the problem of artificial satellite theory without drag",
           *Astron. J.* 64, 378–397, 1959 (short-period and long-period terms).
    .. [2] F. R. Hoots, R. L. Roehrich, *Spacetrack Report No. 3: Models for Propagation of
           NORAD Element Sets*, 1980 (SGP4 short-period periodics and the J3 long-period
           terms); Vallado et al. (2006).
    .. [3] Vallado (2013), sec. 11.4 (frozen orbits: e ≈ −(J3/2J2)(R/a) sin i, ω = 90°).
    """
    c2u = cu * cu - su * su
    s2u = 2.0 * su * cu
    rr = r * (1.0 - ey * su) * (1.0 - 1.5 * k2 * beta * (3.0 * ci * ci - 1.0)) + 0.5 * k1 * si * si * c2u
    du = -0.25 * k2 * (7.0 * ci * ci - 1.0) * s2u - 2.0 * ey * cu
    dn = 1.5 * k2 * ci * s2u
    di = 1.5 * k2 * ci * si * c2u
    hu = 1.0 - 0.5 * du * du
    cu2, su2 = cu * hu - su * du, su * hu + cu * du
    co2, so2 = co - so * dn, so + co * dn
    ci2, si2 = ci - si * di, si + ci * di
    xp = rr * cu2
    yp = rr * su2
    return co2 * xp - so2 * ci2 * yp, so2 * xp + co2 * ci2 * yp, si2 * yp


@numba.njit(cache=True, inline="always")
def eccentric_position(
    a: float, ecc: float, mean: float, argp: float, node: float, corrections: tuple[float, ...]
) -> tuple[float, float, float]:  # pragma: no cover - compiled
    """Inertial position on an eccentric orbit from its mean elements at one time (angles in rad).

    The true anomaly and the radius to second order in e [1]_, ν = M + 2e sin M + (5/4)e² sin 2M and
    r/a = 1 − e cos M + e² sin² M, then :func:`osculating_position` with ``corrections`` =
    (cos i, sin i, K1, K2, β, e_y) (:func:`short_period_constants`).

    References
    ----------
    .. [1] Vallado (2013), sec. 2.3 (series expansions in the eccentricity).
    """
    ci, si, k1, k2, beta, ey = corrections
    sm, cm = math.sin(mean), math.cos(mean)
    nu = mean + 2.0 * ecc * sm + 2.5 * ecc * ecc * sm * cm
    r = a * (1.0 - ecc * cm + ecc * ecc * (1.0 - cm * cm))
    u = argp + nu
    return osculating_position(r, math.cos(u), math.sin(u), math.cos(node), math.sin(node), ci, si, k1, k2, beta, ey)


@numba.njit(cache=True, inline="always")
def short_period_constants(a: float, ecc: float, si: float) -> tuple[float, float, float, float]:  # pragma: no cover
    """K1, K2, β and e_y of :func:`osculating_position` for semi-major axis a (m), eccentricity, sin i."""
    p = a * (1.0 - ecc * ecc)
    k1 = 0.5 * J2 * R_EARTH * R_EARTH / p
    k2 = 0.5 * J2 * (R_EARTH / p) ** 2
    return k1, k2, math.sqrt(1.0 - ecc * ecc), -0.5 * (J3 / J2) * (R_EARTH / p) * si


@numba.njit(parallel=True, cache=True, fastmath=True)
def _j2_kernel(
    a: FloatArray,
    e: FloatArray,
    ci: FloatArray,
    si: FloatArray,
    raan0: FloatArray,
    raan_rate: FloatArray,
    argp0: FloatArray,
    argp_rate: FloatArray,
    m0: FloatArray,
    m_rate: FloatArray,
    t0: float,
    dt: float,
    out: Float32Array,
) -> None:  # pragma: no cover
    nsat, nstep = out.shape[0], out.shape[1]
    for s in numba.prange(nsat):
        ecc = e[s]
        k1, k2, beta, ey = short_period_constants(a[s], ecc, si[s])
        if ecc == 0.0:
            # circular: u advances at a constant rate; rotate (cos u, sin u) by a
            # fixed angle per step (exact recurrence, re-anchored every 256 steps)
            u_rate = argp_rate[s] + m_rate[s]
            cd, sd = math.cos(u_rate * dt), math.sin(u_rate * dt)
            cu, su = 1.0, 0.0
            for k in range(nstep):
                t = t0 + k * dt
                if k % 256 == 0:
                    u = argp0[s] + m0[s] + u_rate * t
                    cu, su = math.cos(u), math.sin(u)
                node = raan0[s] + raan_rate[s] * t
                co, so = math.cos(node), math.sin(node)
                x, y, z = osculating_position(a[s], cu, su, co, so, ci[s], si[s], k1, k2, beta, ey)
                out[s, k, 0] = x
                out[s, k, 1] = y
                out[s, k, 2] = z
                cu, su = cu * cd - su * sd, su * cd + cu * sd
        else:
            for k in range(nstep):
                t = t0 + k * dt
                mean, argp, node = m0[s] + m_rate[s] * t, argp0[s] + argp_rate[s] * t, raan0[s] + raan_rate[s] * t
                x, y, z = eccentric_position(a[s], ecc, mean, argp, node, (ci[s], si[s], k1, k2, beta, ey))
                out[s, k, 0] = x
                out[s, k, 1] = y
                out[s, k, 2] = z


class ELEM(IntEnum):
    """Columns of :func:`j2_element_table` (angles in rad, rates in rad/s)."""

    a_m = 0  # mean semi-major axis, m
    ecc = 1  # eccentricity
    cos_i = 2  # cosine of the inclination
    sin_i = 3  # sine of the inclination
    raan = 4  # right ascension of the ascending node at the epoch
    raan_rate = 5  # its secular J2 rate
    argp = 6  # argument of perigee at the epoch
    argp_rate = 7  # its secular J2 rate
    mean_anomaly = 8  # mean anomaly at the epoch
    mean_anomaly_rate = 9  # mean motion with the secular J2 term


def j2_element_table(elements: MeanElements) -> FloatArray:
    """Elements and secular J2 rates packed for the compiled kernels, shape ``(n, len(ELEM))``.

    Columns as :class:`ELEM`; rates from :func:`skyrack.physics.orbit.j2_secular_rates`.
    """
    raan_rate, argp_rate, m_rate = j2_secular_rates(elements.a_m, elements.ecc, elements.inc)
    columns = {
        ELEM.a_m: elements.a_m,
        ELEM.ecc: elements.ecc,
        ELEM.cos_i: np.cos(elements.inc),
        ELEM.sin_i: np.sin(elements.inc),
        ELEM.raan: elements.raan,
        ELEM.raan_rate: raan_rate,
        ELEM.argp: elements.argp,
        ELEM.argp_rate: argp_rate,
        ELEM.mean_anomaly: elements.mean_anomaly,
        ELEM.mean_anomaly_rate: m_rate,
    }
    table = np.empty((len(elements), len(ELEM)))
    for column, values in columns.items():
        table[:, column] = values
    return table


def j2_positions(elements: MeanElements, t0_s: float, dt_s: float, out: Float32Array) -> Float32Array:
    """Inertial positions of a fleet over equally spaced times, secular J2 theory.

    Parameters
    ----------
    elements : MeanElements
        Mean elements at ``elements.epoch_jd``.
    t0_s : float
        Time of the first step since the epoch, s.
    dt_s : float
        Step, s.
    out : numpy.ndarray
        float32 array of shape ``(n_satellites, n_steps, 3)`` filled in place
        with positions in metres (mean equator and equinox of date).

    Returns
    -------
    numpy.ndarray
        ``out``.

    Notes
    -----
    Secular rates from :func:`j2_secular_rates`; J3 frozen eccentricity and
    short-period J2 terms from :func:`osculating_position`. For e > 0 the true
    anomaly and radius follow the second-order series
    ν = M + 2e sin M + (5/4)e² sin 2M and r/a = 1 − e cos M + e² sin² M.

    References
    ----------
    .. [1] Vallado (2013), sec. 9.6 (secular J2) and sec. 2.3 (series
           expansions in the eccentricity).
    """
    raan_rate, argp_rate, m_rate = j2_secular_rates(elements.a_m, elements.ecc, elements.inc)
    _j2_kernel(
        elements.a_m,
        elements.ecc,
        np.cos(elements.inc),
        np.sin(elements.inc),
        elements.raan,
        raan_rate,
        elements.argp,
        argp_rate,
        elements.mean_anomaly,
        m_rate,
        float(t0_s),
        float(dt_s),
        out,
    )
    return out
