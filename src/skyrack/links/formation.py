"""Formation flying: bounded relative orbits of a compact cluster, and Walker constellations.

A Suncatcher-style cluster is a lattice of *eccentricity-vector* offsets about a
circular chief orbit. In Hill's frame (x radial, y along-track, z cross-track)
each member flies the bounded Hill–Clohessy–Wiltshire 2:1 ellipse

.. math:: x = -a(\\delta e_x \\cos\\omega t + \\delta e_y \\sin\\omega t),\\qquad
          y = \\kappa a(\\delta e_x \\sin\\omega t - \\delta e_y \\cos\\omega t)

with ω = n, κ = 2 for the unperturbed HCW equations [1]_, and the
Schweighart–Sedwick J2-modified values ω = n√(2 − c²), κ = 2c/√(2 − c²) [2]_.
A square lattice of δe (spacing ρ/a) therefore looks, at t = 0, like a ρ radial
× 2ρ along-track lattice that rotates (and stretches) in Hill's frame: the
distance between lattice neighbours swings between ρ and 2ρ twice per orbit.

References
----------
.. [1] Clohessy, W. H. & Wiltshire, R. S., "Terminal guidance system for
       satellite rendezvous", J. Aerospace Sci. 27(9), 653–658 (1960).
.. [2] Schweighart, S. A. & Sedwick, R. J., "High-fidelity linearized J2 model
       for satellite formation flight", J. Guidance, Control, and Dynamics
       25(6), 1073–1080 (2002).
.. [3] Alfriend, K. T., Vadali, S. R., Gurfil, P., How, J. P. & Breger, L. S.,
       *Spacecraft Formation Flying*, Elsevier (2010), ch. 4–5 (relative-orbit
       elements, differential drag).
.. [4] Walker, J. G., "Satellite constellations", J. British Interplanetary
       Society 37, 559–572 (1984).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..physics.constants import J2, MU_EARTH, R_EARTH, YEAR_S

__all__ = [
    "Formation",
    "differential_drag_dv_per_year",
    "lattice_formation",
    "neighbour_distances",
    "oscillations_per_orbit",
    "propagate_formation",
    "schweighart_sedwick_c",
    "station_keeping_dv_per_year",
    "walker_positions",
]

FloatArray = NDArray[np.float64]

J2_RESIDUAL_M_S_PER_YR_PER_KM = 3.0
"""Published upper bound on residual J2 drift correction for a Suncatcher cluster,
m/s per year per km of cluster radius (claim; ARA article / J. Watkins summary of
arXiv:2511.19468; low confidence)."""


@dataclass(frozen=True)
class Formation:
    """A cluster: lattice offsets and the chief orbit.

    Attributes
    ----------
    de : (n, 2) float64
        Eccentricity-vector offsets (δe_x, δe_y), dimensionless.
    index : (n, 2) int
        Integer lattice coordinates of each member.
    semi_major_axis_m : float
        Chief semi-major axis a, m.
    inclination_rad : float
        Chief inclination, rad.
    spacing_m : float
        Radial lattice spacing ρ, m (along-track spacing is 2ρ at t = 0).
    radius_m : float
        Cluster radius (largest along-track excursion), m.
    """

    de: FloatArray
    index: NDArray[np.int64]
    semi_major_axis_m: float
    inclination_rad: float
    spacing_m: float
    radius_m: float

    @property
    def size(self) -> int:
        """Number of satellites."""
        return int(self.de.shape[0])

    @property
    def mean_motion(self) -> float:
        """Chief mean motion n = √(μ/a³), rad/s."""
        return math.sqrt(MU_EARTH / self.semi_major_axis_m**3)

    @property
    def period_s(self) -> float:
        """Chief orbital period, s."""
        return 2.0 * math.pi / self.mean_motion


def lattice_formation(
    satellites: int,
    altitude_m: float,
    inclination_rad: float,
    radial_spacing_m: float = 100.0,
    along_track_spacing_m: float = 200.0,
) -> Formation:
    """The ``satellites`` lattice points nearest the centre of a radial × along-track lattice.

    Members are the integer points (i, j) of smallest ρ²(i² + j²) (ties broken by
    index), placed at radial offset −i·ρ_r and along-track offset −j·ρ_t at t = 0;
    for a bounded 2:1 HCW ellipse the along-track spacing must be twice the radial
    one [1]_ [3]_. 81 satellites are exactly the integer points with i² + j² ≤ 25,
    a disc of 5 × 200 m = 1 km along-track radius (Suncatcher [2]_).

    Parameters
    ----------
    satellites : int
        Number of members, ≥ 1.
    altitude_m : float
        Chief altitude above the equatorial radius, m.
    inclination_rad : float
        Chief inclination, rad.
    radial_spacing_m, along_track_spacing_m : float
        Lattice spacings at t = 0, m; along-track must equal 2 × radial.

    Returns
    -------
    Formation

    References
    ----------
    .. [1] Clohessy & Wiltshire (1960).
    .. [2] Agüera y Arcas et al., "Towards a future space-based, highly scalable AI
           infrastructure system design", arXiv:2511.19468 (2025): 81 satellites,
           1 km radius, neighbours 100–200 m.
    .. [3] Alfriend et al., *Spacecraft Formation Flying* (2010), §5.
    """
    if not isinstance(satellites, (int, np.integer)) or satellites < 1:
        raise InputError("formation.satellites", satellites, "a whole number ≥ 1")
    if radial_spacing_m <= 0:
        raise InputError("formation.radial_spacing", radial_spacing_m, "a positive distance in m")
    if not math.isclose(along_track_spacing_m, 2.0 * radial_spacing_m, rel_tol=1e-9):
        raise InputError(
            "formation.along_track_spacing", along_track_spacing_m, "twice the radial spacing (bounded 2:1 HCW ellipse)"
        )
    if altitude_m <= 0:
        raise InputError("orbit.altitude", altitude_m, "a positive altitude in m")
    k = math.ceil(math.sqrt(satellites / math.pi)) + 2
    ii, jj = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1), indexing="ij")
    pts = np.column_stack([ii.ravel(), jj.ravel()]).astype(np.int64)
    r2 = (pts**2).sum(axis=1)
    order = np.lexsort((pts[:, 1], pts[:, 0], r2))
    idx = pts[order[:satellites]]
    a = R_EARTH + altitude_m
    de = idx.astype(np.float64) * radial_spacing_m / a
    radius = float(np.sqrt((idx.astype(np.float64) ** 2).sum(axis=1)).max()) * along_track_spacing_m
    return Formation(de, idx, a, float(inclination_rad), float(radial_spacing_m), radius)


def schweighart_sedwick_c(semi_major_axis_m: ArrayLike, inclination_rad: ArrayLike) -> FloatArray:
    """Schweighart–Sedwick J2 coefficient c = √(1 + s), s = (3J2R²/8r²)(1 + 3cos 2i).

    Parameters
    ----------
    semi_major_axis_m : float or array
        Reference orbit radius r, m.
    inclination_rad : float or array
        Reference inclination i, rad.

    Returns
    -------
    float or array
        c (dimensionless, ≈ 1). r = 7,028 km, i = 0 → s = 1.337e-3, c = 1.000668.

    References
    ----------
    .. [1] Schweighart & Sedwick, JGCD 25(6), 1073–1080 (2002), eq. 11.
    """
    r = np.asarray(semi_major_axis_m, dtype=np.float64)
    i = np.asarray(inclination_rad, dtype=np.float64)
    s = 3.0 * J2 * R_EARTH**2 / (8.0 * r**2) * (1.0 + 3.0 * np.cos(2.0 * i))
    return np.asarray(np.sqrt(1.0 + s), dtype=np.float64)


def propagate_formation(formation: Formation, t_s: ArrayLike, j2: bool = True) -> FloatArray:
    """Relative positions of every member in Hill's frame, vectorised over members × times.

    Parameters
    ----------
    formation : Formation
    t_s : array (m,)
        Times since the lattice epoch, s.
    j2 : bool, default True
        Use the Schweighart–Sedwick J2-modified bounded solution (ω = n√(2 − c²),
        along-track/radial ratio 2c/√(2 − c²), frame rate n·c); else plain HCW.

    Returns
    -------
    array (m, n, 3)
        (radial, along-track, cross-track) offsets from the chief, m (planar: z = 0).

    References
    ----------
    .. [1] Clohessy & Wiltshire (1960).
    .. [2] Schweighart & Sedwick (2002), eqs. 37–38 (bounded in-plane solution).
    .. [3] Alfriend et al. (2010), §4.
    """
    t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    n = formation.mean_motion
    if j2:
        c = float(schweighart_sedwick_c(formation.semi_major_axis_m, formation.inclination_rad))
        omega = n * math.sqrt(2.0 - c * c)
        ratio = 2.0 * c / math.sqrt(2.0 - c * c)
    else:
        omega, ratio = n, 2.0
    a = formation.semi_major_axis_m
    ph = omega * t[:, None]
    ex = formation.de[None, :, 0]
    ey = formation.de[None, :, 1]
    x = -a * (ex * np.cos(ph) + ey * np.sin(ph))
    y = ratio * a * (ex * np.sin(ph) - ey * np.cos(ph))
    return np.stack([x, y, np.zeros_like(x)], axis=-1)


def _lattice_pairs(formation: Formation) -> NDArray[np.int64]:
    """Index pairs (p, q), p < q, of members one lattice step apart."""
    lookup = {(int(i), int(j)): k for k, (i, j) in enumerate(formation.index)}
    pairs = []
    for k, (i, j) in enumerate(formation.index):
        for di, dj in ((1, 0), (0, 1)):
            q = lookup.get((int(i) + di, int(j) + dj))
            if q is not None:
                pairs.append((k, q))
    return np.asarray(pairs, dtype=np.int64).reshape(-1, 2)


def neighbour_distances(formation: Formation, t_s: ArrayLike, j2: bool = True) -> dict[str, FloatArray]:
    """Lattice-neighbour and nearest-neighbour distances over time.

    Parameters
    ----------
    formation : Formation
    t_s : array (m,)
        Times, s.
    j2 : bool, default True
        J2-modified propagation (see :func:`propagate_formation`).

    Members are assumed coplanar (cross-track offsets zero), as in
    :func:`propagate_formation`.

    Returns
    -------
    dict
        ``pairs`` (p, 2) lattice-neighbour index pairs; ``pair_m`` (m, p) their
        distances, m; ``nearest_m`` (m, n) each member's instantaneous nearest
        distance, m; ``min_separation_m`` scalar array, the smallest distance
        between any two members at any sampled time, m.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468 (2025): neighbours 100–200 m,
           shape cycles twice per orbit.
    """
    pos = propagate_formation(formation, t_s, j2=j2)
    pairs = _lattice_pairs(formation)
    pair_m = np.linalg.norm(pos[:, pairs[:, 0], :] - pos[:, pairs[:, 1], :], axis=-1)
    n = formation.size
    nearest = np.full(pos.shape[:2], np.inf)
    if n > 1:
        z = pos[..., 0] + 1j * pos[..., 1]  # planar cluster: complex positions
        eye = np.eye(n, dtype=bool)
        step = max(1, 2_000_000 // (n * n))
        for k in range(0, z.shape[0], step):
            blk = np.abs(z[k : k + step, :, None] - z[k : k + step, None, :])
            blk[:, eye] = np.inf
            nearest[k : k + step] = blk.min(axis=2)
    return {
        "pairs": pairs,
        "pair_m": pair_m,
        "nearest_m": nearest,
        "min_separation_m": np.asarray(nearest.min()),
    }


def oscillations_per_orbit(signal: ArrayLike, samples_per_orbit: int) -> float:
    """Number of oscillation cycles per orbit of a sampled signal (count of mean crossings / 2).

    Parameters
    ----------
    signal : array (m,)
        A quantity sampled uniformly over whole orbits.
    samples_per_orbit : int
        Samples per orbit.

    Returns
    -------
    float
        Cycles per orbit (a pure cos 2nt gives 2.0).
    """
    s = np.asarray(signal, dtype=np.float64)
    s = s - s.mean()
    crossings = np.count_nonzero(np.signbit(s[1:]) != np.signbit(s[:-1]))
    return float(crossings / 2.0 / (s.size / samples_per_orbit))


def differential_drag_dv_per_year(
    density_kg_m3: ArrayLike,
    velocity_m_s: ArrayLike,
    area_to_mass_m2_kg: ArrayLike,
    spread: ArrayLike = 0.1,
    cd: float = 2.2,
) -> FloatArray:
    """Δv per year to cancel the drag *difference* between members, m/s/yr.

    .. math:: \\Delta v = \\tfrac12 \\rho v^2 C_D (A/m)\\,\\epsilon \\cdot 1\\,\\mathrm{yr}

    where ε is the fractional spread of ballistic coefficient across the cluster
    (assumption: 10 % from attitude and mass differences among identical
    satellites flying the same attitude law).

    Parameters
    ----------
    density_kg_m3 : float or array
        Atmospheric density ρ, kg/m³.
    velocity_m_s : float or array
        Orbital speed v, m/s.
    area_to_mass_m2_kg : float or array
        Mean area-to-mass ratio A/m, m²/kg.
    spread : float or array, default 0.1
        Fractional ballistic-coefficient spread ε.
    cd : float, default 2.2
        Drag coefficient (free-molecular flat plate, ~2.2).

    Returns
    -------
    float or array
        m/s per year. ρ = 1e-13, v = 7,500, A/m = 0.05, ε = 0.1 →
        0.5·1e-13·5.625e7·2.2·0.05·0.1·3.156e7 = 0.976 m/s/yr.

    References
    ----------
    .. [1] Alfriend et al., *Spacecraft Formation Flying* (2010), §7 (differential drag).
    """
    rho = np.asarray(density_kg_m3, dtype=np.float64)
    v = np.asarray(velocity_m_s, dtype=np.float64)
    am = np.asarray(area_to_mass_m2_kg, dtype=np.float64)
    eps = np.asarray(spread, dtype=np.float64)
    return np.asarray(0.5 * rho * v * v * cd * am * eps * YEAR_S, dtype=np.float64)


def station_keeping_dv_per_year(
    formation: Formation,
    density_kg_m3: float,
    area_to_mass_m2_kg: float,
    spread: float = 0.1,
    j2_residual_m_s_per_yr_per_km: float = J2_RESIDUAL_M_S_PER_YR_PER_KM,
) -> dict[str, float]:
    """Station-keeping Δv per satellite per year: residual J2 drift plus differential drag.

    Parameters
    ----------
    formation : Formation
    density_kg_m3 : float
        Atmospheric density at the chief altitude, kg/m³.
    area_to_mass_m2_kg : float
        Mean area-to-mass ratio, m²/kg.
    spread : float, default 0.1
        Fractional ballistic-coefficient spread (assumption).
    j2_residual_m_s_per_yr_per_km : float, default 3
        Residual J2 correction per km of cluster radius (published upper bound).

    Returns
    -------
    dict
        ``j2_m_s_per_yr``, ``drag_m_s_per_yr``, ``total_m_s_per_yr``.

    References
    ----------
    .. [1] Schweighart & Sedwick (2002); Alfriend et al. (2010), §7.
    """
    v = math.sqrt(MU_EARTH / formation.semi_major_axis_m)
    drag = float(differential_drag_dv_per_year(density_kg_m3, v, area_to_mass_m2_kg, spread))
    j2 = j2_residual_m_s_per_yr_per_km * formation.radius_m / 1000.0
    return {"j2_m_s_per_yr": j2, "drag_m_s_per_yr": drag, "total_m_s_per_yr": j2 + drag}


def walker_positions(
    total: int, planes: int, phasing: int, altitude_m: float, inclination_rad: float, t_s: ArrayLike = 0.0
) -> FloatArray:
    """Inertial positions of a Walker delta constellation T/P/F on circular orbits.

    Plane p has RAAN 2πp/P; satellite s in it has argument of latitude
    2πs/S + 2πFp/T (S = T/P) at t = 0, advancing at the mean motion.

    Parameters
    ----------
    total, planes, phasing : int
        T satellites in P equally spaced planes, phasing F (0 ≤ F < P).
    altitude_m : float
        Altitude, m.
    inclination_rad : float
        Inclination, rad.
    t_s : float or array (m,)
        Times, s.

    Returns
    -------
    array (m, T, 3)
        ECI positions, m.

    References
    ----------
    .. [1] Walker, JBIS 37, 559–572 (1984).
    """
    if planes < 1 or total < 1 or total % planes:
        raise InputError("walker", f"{total}/{planes}/{phasing}", "T a positive multiple of P")
    if not 0 <= phasing < planes:
        raise InputError("walker.phasing", phasing, f"0 ≤ F < P = {planes}")
    t = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    a = R_EARTH + altitude_m
    n = math.sqrt(MU_EARTH / a**3)
    s_per = total // planes
    p = np.repeat(np.arange(planes), s_per)
    s = np.tile(np.arange(s_per), planes)
    raan = 2.0 * math.pi * p / planes
    u = 2.0 * math.pi * s / s_per + 2.0 * math.pi * phasing * p / total
    u = u[None, :] + n * t[:, None]
    ci, si = math.cos(inclination_rad), math.sin(inclination_rad)
    cr, sr = np.cos(raan)[None, :], np.sin(raan)[None, :]
    cu, su = np.cos(u), np.sin(u)
    x = a * (cr * cu - sr * su * ci)
    y = a * (sr * cu + cr * su * ci)
    z = a * (su * si)
    return np.stack([x, y, z], axis=-1)
