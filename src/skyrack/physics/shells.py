"""Constellation shells: Walker patterns, minimum separations and shell capacity.

A shell is a set of circular orbits at one altitude band: P planes equally
spaced in right ascension, S = T/P satellites per plane, and Walker phasing F
(plane k is shifted by 2πF k/T along-track) [1]_. A sun-synchronous shell takes
its inclination from J2 (:func:`skyrack.physics.orbit.sun_synchronous_inclination`).

Minimum separation within a shell is exact, not sampled: for two satellites
on circular orbits of the same radius r and inclination i, in planes ΔΩ apart
and with along-track phase offset φ, the cosine of their angular separation
over time is

.. math:: \\cos γ(u) = K + P \\cos(2u + φ) + Q \\sin(2u + φ)

with K, P, Q from the 2×2 block M of R_x(i)ᵀ R_z(ΔΩ) R_x(i):
K = ½(m₁₁ + m₂₂) cos φ + ½(m₁₂ − m₂₁) sin φ, P = ½(m₁₁ − m₂₂),
Q = ½(m₁₂ + m₂₁) (product-to-sum identities). The closest approach is
γ_min = acos(K + √(P² + Q²)), and the distance 2 r sin(γ_min / 2). By the
symmetry of a Walker pattern it suffices to take satellite 0 against all
others. J2 drift is common to all planes of a shell and does not change it.

All functions broadcast their array arguments except where noted.

References
----------
.. [1] Walker, J. G., "Satellite constellations", J. Br. Interplanet. Soc. 37,
       559–572, 1984 (delta patterns i: T/P/F).
.. [2] Arnas, D., Lifson, M., Linares, R. & Avendaño, M. E., "Definition of
       low Earth orbit slotting architectures using 2D lattice flower
       constellations", Adv. Space Res. 67(11), 3696–3711, 2021 (shells whose
       satellites keep a minimum separation at all times).
.. [3] Fejes Tóth, L., *Lagerungen in der Ebene, auf der Kugel und im Raum*,
       Springer, 1953 (densest packing of equal circles: density π/√12).
.. [4] Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th
       ed., 2013, sec. 2.4 (argument of latitude, rotation matrices).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._arrays import FloatArray, Floats, _f, _out
from .constants import R_EARTH

__all__ = [
    "closest_approach_angle",
    "packing_capacity",
    "shell_gaps",
    "walker_min_separation",
    "walker_offsets",
]

_CHUNK = 2_000_000


def closest_approach_angle(inclination_rad: ArrayLike, delta_raan_rad: ArrayLike, phase_rad: ArrayLike) -> Floats:
    """Smallest angle ever between two satellites on equal circular orbits.

    Parameters
    ----------
    inclination_rad : float or array
        Common inclination i, rad.
    delta_raan_rad : float or array
        Difference in right ascension of the ascending node ΔΩ, rad.
    phase_rad : float or array
        Along-track offset φ = u₂ − u₁, rad.

    Returns
    -------
    float or array
        Minimum angular separation γ_min over the orbit, rad (0: they collide).

    References
    ----------
    .. [4] Vallado (2013), sec. 2.4.

    Examples
    --------
    Two polar planes 120° apart with φ = 120° (Walker 90°: 3/3/1): by hand
    cos γ = ½(1 + cos ΔΩ) cos φ + ½(cos ΔΩ − 1) cos(2u + φ), whose maximum is
    ¼ · (−½) + ¾ = 0.625, so γ_min = 51.32°.

    >>> round(float(np.degrees(closest_approach_angle(np.pi / 2, 2 * np.pi / 3, 2 * np.pi / 3))), 2)
    51.32
    """
    i, dw, phi = (_f(x) for x in (inclination_rad, delta_raan_rad, phase_rad))
    ci, si, cw, sw = np.cos(i), np.sin(i), np.cos(dw), np.sin(dw)
    # M = R_x(i)^T R_z(ΔΩ) R_x(i), top-left 2x2 block
    m11 = cw
    m12 = -sw * ci
    m21 = sw * ci
    m22 = cw * ci**2 + si**2
    k = 0.5 * (m11 + m22) * np.cos(phi) + 0.5 * (m12 - m21) * np.sin(phi)
    amp = np.hypot(0.5 * (m11 - m22), 0.5 * (m12 + m21))
    return _out(np.arccos(np.clip(k + amp, -1.0, 1.0)))


def walker_offsets(planes: int, per_plane: int, phasing: int) -> tuple[FloatArray, FloatArray]:
    """ΔΩ and along-track offsets of every satellite of a Walker delta pattern from satellite 0.

    Plane k has Ω = 2πk/P; satellite m of plane k has u = 2πm/S + 2πFk/T [1]_.

    Parameters
    ----------
    planes : int
        Number of planes P (≥ 1).
    per_plane : int
        Satellites per plane S (≥ 1).
    phasing : int
        Walker phasing F, 0 ≤ F < P.

    Returns
    -------
    delta_raan, phase : numpy.ndarray
        Offsets of the T − 1 other satellites, rad.

    References
    ----------
    .. [1] Walker, JBIS 37, 559, 1984.

    Examples
    --------
    >>> dw, ph = walker_offsets(2, 2, 1)
    >>> np.degrees(dw).round(1).tolist(), np.degrees(ph).round(1).tolist()
    ([0.0, 180.0, 180.0], [180.0, 90.0, 270.0])
    """
    total = planes * per_plane
    k, m = np.divmod(np.arange(1, total), per_plane)
    return 2.0 * np.pi * k / planes, 2.0 * np.pi * (m / per_plane + phasing * k / total)


def walker_min_separation(
    altitude_m: float, inclination_rad: float, planes: int, per_plane: int, phasing: int
) -> tuple[float, float]:
    """Closest approach between any two satellites of a Walker delta shell, over all time.

    Parameters
    ----------
    altitude_m : float
        Shell altitude (all satellites at one radius: the worst case for a
        shell of finite thickness), m.
    inclination_rad : float
        Inclination, rad.
    planes, per_plane, phasing : int
        Walker P, S = T/P and F.

    Returns
    -------
    distance_m : float
        Minimum distance between any two satellites, m (0 for a pattern whose
        satellites collide at the plane crossings).
    in_plane_m : float
        Distance between neighbours in one plane, 2 r sin(π/S), m.

    References
    ----------
    .. [1] Walker, JBIS 37, 559, 1984.
    .. [2] Arnas et al., Adv. Space Res. 67, 3696, 2021.

    Examples
    --------
    Walker 53°: 1584/72/17 at 550 km: neighbours in one plane are
    2 r sin(π/22) = 1,972 km apart, but satellites of different planes pass
    within about 20 km of each other at the plane crossings:

    >>> d, d_in = walker_min_separation(550e3, np.radians(53.0), 72, 22, 17)
    >>> round(d_in / 1e3), round(d / 1e3)
    (1972, 20)
    """
    r = R_EARTH + float(altitude_m)
    total = planes * per_plane
    if total < 2:
        return np.inf, np.inf
    best = np.pi
    for start in range(0, total - 1, _CHUNK):
        dw, ph = walker_offsets(planes, per_plane, phasing)
        dw, ph = dw[start : start + _CHUNK], ph[start : start + _CHUNK]
        best = min(best, float(np.min(closest_approach_angle(inclination_rad, dw, ph))))
    in_plane = 2.0 * r * np.sin(np.pi / per_plane) if per_plane > 1 else np.inf
    return 2.0 * r * np.sin(best / 2.0), float(in_plane)


def shell_gaps(altitude_m: ArrayLike, thickness_m: ArrayLike) -> FloatArray:
    """Radial gap between each pair of shells, between their facing edges.

    gap_ij = |h_i − h_j| − (t_i + t_j) / 2; negative where shells overlap.

    Parameters
    ----------
    altitude_m : array
        Mean altitude of each shell, m (1-D).
    thickness_m : array
        Radial thickness of each shell, m (1-D, same length).

    Returns
    -------
    numpy.ndarray
        (n, n) gaps, m, with +inf on the diagonal.

    References
    ----------
    .. [2] Arnas et al., Adv. Space Res. 67, 3696, 2021 (stacked shells kept
           apart radially).

    Examples
    --------
    >>> shell_gaps([500e3, 540e3], [50e3, 20e3])[0, 1] / 1e3
    np.float64(5.0)
    """
    h = np.atleast_1d(_f(altitude_m))
    t = np.atleast_1d(_f(thickness_m))
    gap = np.abs(h[:, None] - h[None, :]) - 0.5 * (t[:, None] + t[None, :])
    np.fill_diagonal(gap, np.inf)
    return gap


def packing_capacity(altitude_m: ArrayLike, min_separation_m: ArrayLike) -> Floats:
    """Upper bound on satellites in one shell that keep a minimum separation.

    At any instant the satellites of a single-radius shell are points on a
    sphere of radius r at least d apart; circles of radius d/2 around them
    cannot overlap, and the densest packing of equal circles covers π/√12 of
    the area [3]_, so N ≤ (π/√12) 4πr² / (π d²/4) = 8π r² / (√3 d²).
    Patterns that keep the separation for all time (Walker, 2D lattice flower
    constellations [2]_) hold fewer: this is the ceiling, not a design.

    Parameters
    ----------
    altitude_m : float or array
        Shell altitude, m.
    min_separation_m : float or array
        Minimum separation, m.

    Returns
    -------
    float or array
        Maximum satellites in the shell.

    References
    ----------
    .. [2] Arnas et al., Adv. Space Res. 67, 3696, 2021.
    .. [3] Fejes Tóth (1953).

    Examples
    --------
    550 km, 10 km apart: 8π (6,928.137 km)² / (√3 · 100 km²) = 6.96e6.

    >>> round(float(packing_capacity(550e3, 10e3)) / 1e6, 2)
    6.96
    """
    r = R_EARTH + _f(altitude_m)
    return _out(8.0 * np.pi * r**2 / (np.sqrt(3.0) * _f(min_separation_m) ** 2))
