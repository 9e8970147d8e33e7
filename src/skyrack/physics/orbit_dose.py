"""Orbit-averaged trapped-particle dose and single-event flux, tabulated for the closed-form design.

The design sizes millions of orbits a second and cannot trace geomagnetic
field lines, so it reads a table: orbit-averaged ionising dose rate in silicon
from trapped electrons and from trapped protons, and the 67-MeV-equivalent
proton flux that drives single-event effects
(:func:`~skyrack.physics.radiation.transmitted_see_weights`), behind a solid
aluminium sphere, over altitude (150–30,000 km), inclination (0–90°, a
retrograde orbit at i sees what one at 180° − i does) and shield thickness
(0–50 mm), for the AE8/AP8 solar minimum and maximum. :func:`build_table`
makes it from the same model and grid the simulation uses
(:func:`~skyrack.physics.radiation.build_dose_model`, 4° × 6°); it ships as
``data/orbit_dose.npz`` and loads in milliseconds.

Orbit average. Under the rotating Earth a circular orbit passes every
longitude equally often, so its mean dose rate is the mean over the argument
of latitude u of the zonal (longitude) mean of the dose-rate grid, taken at
the geocentric latitude asin(sin i sin u) and at the altitude above the
ellipsoid of the frozen orbit (:func:`~skyrack.physics.orbit.frozen_orbit_radius`),
with the simulation's latitude, altitude and interpolation conventions. What
is included and left out is that of :mod:`skyrack.physics.radiation`: trapped
electrons and protons only (no solar particle events, no galactic cosmic rays,
no secondaries), a screening model good to a factor of 2–3.

Lookup: trilinear in (altitude, inclination, thickness) on the logarithm of
each quantity. Outside 150–30,000 km the result is NaN (the table does not
reach there); thicker shields than 50 mm get the 50 mm value (an upper bound).

References
----------
.. [1] Sawyer & Vette, NSSDC/WDC-A-R&S 76-06 (1976), AP-8; Vette, NSSDC/WDC-A-R&S
       91-24 (1991), AE-8; evaluated with the ``aep8`` package (IRBEM).
.. [2] Seltzer, *SHIELDOSE-2*, NIST IR 5477 (1994): solid-sphere geometry.
.. [3] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       2013, sec. 11.4 (frozen orbits) — the orbit the design and the simulation fly.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .._lazy import numba  # numba loads when a kernel first runs
from .constants import R_EARTH
from .orbit import frozen_orbit_radius
from .radiation import AL_DENSITY_G_CM3, BENDEL_A_MEV, _bin_mean_weights, _flux_bins

__all__ = ["TABLE_PATH", "OrbitRadiation", "build_table", "dose_components", "orbit_radiation"]

FloatArray = npt.NDArray[np.float64]

TABLE_PATH = Path(__file__).with_name("data") / "orbit_dose.npz"
"""The shipped table (rebuild with ``python -m skyrack.physics.orbit_dose``)."""

ALTITUDES_KM = np.concatenate(
    [np.arange(150.0, 2000.0, 50.0), np.arange(2000.0, 6000.0, 250.0), np.arange(6000.0, 30001.0, 2000.0)]
)
INCLINATIONS_DEG = np.arange(0.0, 90.01, 2.5)
SHIELDS_MM = np.array([0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 30.0, 50.0])
QUANTITIES = ("electron_min", "electron_max", "proton_min", "proton_max", "see_min", "see_max")
"""What the table file stores, per solar phase."""
_FLATTENING = 1.0 / 298.257223563  # WGS-84, as the simulation's kernel
_FLOOR = 1e-30  # the logarithm of zero


class OrbitRadiation(NamedTuple):
    """Orbit-averaged radiation behind a shield, arrays with the inputs' broadcast shape.

    Dose rates (trapped electrons and protons together) are in Gy(Si)/s,
    fluxes in protons cm⁻² s⁻¹ (67 MeV equivalent); ``min`` and ``max`` are
    the AE8/AP8 solar minimum and maximum models.
    """

    dose_min: FloatArray
    dose_max: FloatArray
    see_min: FloatArray
    see_max: FloatArray


# --------------------------------------------------------------------------- building


def _zonal(grid: FloatArray) -> FloatArray:
    """Mean over longitude of a (..., lat, lon) grid whose last longitude repeats the first.

    The mean of a piecewise-linear periodic function over a full turn is the
    mean of its nodes, so this is exactly the longitude average of the
    simulation's interpolation.
    """
    return np.asarray(grid[..., :-1].mean(axis=-1))


def _orbit_average(
    zonal: FloatArray, lats_rad: FloatArray, alts_m: FloatArray, altitude_m: float, inclinations_rad: FloatArray
) -> FloatArray:
    """Mean over the argument of latitude of a zonal (alt, lat) field, for each inclination."""
    u = (np.arange(720) + 0.5) * (2.0 * np.pi / 720)
    inc = inclinations_rad[:, None]
    r = frozen_orbit_radius(altitude_m, inc, u)
    sin_lat = np.sin(inc) * np.sin(u)
    lat = np.arcsin(sin_lat)
    alt = r - R_EARTH * (1.0 - _FLATTENING * sin_lat**2)
    fi = np.clip((lat - lats_rad[0]) / (lats_rad[1] - lats_rad[0]), 0.0, lats_rad.size - 1.0)
    i = np.minimum(fi.astype(np.int64), lats_rad.size - 2)
    ti = fi - i
    fk = np.clip((alt - alts_m[0]) / (alts_m[1] - alts_m[0]), 0.0, alts_m.size - 1.0)
    k = np.minimum(fk.astype(np.int64), alts_m.size - 2)
    tk = fk - k
    value = (
        (1 - tk) * ((1 - ti) * zonal[k, i] + ti * zonal[k, i + 1])
        + tk * ((1 - ti) * zonal[k + 1, i] + ti * zonal[k + 1, i + 1])
    )  # fmt: skip
    return np.asarray(value.mean(axis=1))


def _node(altitude_m: float, lat_step: float, lon_step: float, epoch_year: float) -> dict[str, FloatArray]:
    """Orbit averages at one altitude, (inclination, shield) per quantity."""
    lo, hi = altitude_m - 10e3, altitude_m + 35e3  # the orbit spans −5 to +31 km above the ellipsoid
    n_alt = max(2, math.ceil((hi - lo) / 75e3) + 1)
    alts = np.linspace(lo, hi, n_alt)
    alts_t = tuple(float(a) for a in alts)
    lats = np.radians(np.linspace(-90.0, 90.0, round(180.0 / lat_step) + 1))
    incs = np.radians(INCLINATIONS_DEG)
    xs = SHIELDS_MM * 0.1 * AL_DENSITY_G_CM3  # g/cm²
    out = {name: np.empty((incs.size, xs.size)) for name in QUANTITIES}
    for phase in ("min", "max"):
        for particle, names in (("e", ("electron",)), ("p", ("proton", "see"))):
            edges, dj = _flux_bins(particle, phase, alts_t, lat_step, lon_step, epoch_year, 0.3, None)
            zonal_bins = _zonal(np.moveaxis(dj, -1, 0))  # (bins, alt, lat)
            for j, x in enumerate(xs):
                for name in names:
                    kind = "see" if name == "see" else particle
                    w = _bin_mean_weights(edges, float(x), kind)
                    zonal = np.tensordot(w, zonal_bins, axes=1)
                    out[f"{name}_{phase}"][:, j] = _orbit_average(zonal, lats, alts, altitude_m, incs)
    return out


def build_table(
    path: Path | str = TABLE_PATH,
    altitudes_km: npt.ArrayLike = ALTITUDES_KM,
    lat_step_deg: float = 4.0,
    lon_step_deg: float = 6.0,
    epoch_year: float = 2030.0,
    progress: Callable[[str], None] | None = print,
) -> Path:
    """Build and write the orbit-averaged table from AE8/AP8 (minutes: field-line tracing).

    Parameters
    ----------
    path : path-like
        Output ``.npz`` file.
    altitudes_km : array_like
        Altitude nodes, km, increasing.
    lat_step_deg, lon_step_deg : float
        Geomagnetic grid, degrees (the simulation's default 4° × 6°).
    epoch_year : float
        Year of the South Atlantic Anomaly's westward drift (0.3°/yr); the
        longitude average hardly depends on it.
    progress : callable, optional
        Called with a line of text per altitude.

    Returns
    -------
    pathlib.Path
        The file written.

    References
    ----------
    .. [1] See the module references.
    """
    import aep8

    h_km = np.asarray(altitudes_km, dtype=np.float64)
    tables = {name: np.empty((h_km.size, INCLINATIONS_DEG.size, SHIELDS_MM.size)) for name in QUANTITIES}
    for n, h in enumerate(h_km):
        node = _node(h * 1e3, lat_step_deg, lon_step_deg, epoch_year)
        for name in QUANTITIES:
            tables[name][n] = node[name]
        if progress is not None:
            progress(f"{h:8.0f} km  dose(650 km-like, 3 mm, i 80°) e {node['electron_max'][32, 6]:.3g} Gy/s")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        altitude_m=h_km * 1e3,
        inclination_deg=INCLINATIONS_DEG,
        shield_mm=SHIELDS_MM,
        quantities=np.array(QUANTITIES),
        values=np.stack([tables[name] for name in QUANTITIES]).astype(np.float32),
        meta=np.array(
            f"AE8/AP8 via aep8 {aep8.__version__}; grid {lat_step_deg}x{lon_step_deg} deg; "
            f"Bendel A {BENDEL_A_MEV} MeV; SAA epoch {epoch_year}"
        ),
    )
    return out


# --------------------------------------------------------------------------- lookup


class _Table(NamedTuple):
    altitude_m: FloatArray
    inclination_deg: FloatArray
    shield_mm: FloatArray
    log_values: FloatArray  # (altitude, inclination, shield, OrbitRadiation field): one cache line per corner
    components: FloatArray  # (QUANTITIES, altitude, inclination, shield), as stored
    meta: str
    hints: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]  # see _hint


def _hint(axis: FloatArray) -> npt.NDArray[np.int64]:
    """For x on a uniform grid of the axis's smallest spacing, the last node at or below it.

    With it a compiled lookup finds x's cell in one or two steps instead of a binary search.
    """
    step = float(np.min(np.diff(axis)))
    grid = axis[0] + step * np.arange(int(np.ceil((axis[-1] - axis[0]) / step)) + 1)
    return np.minimum(np.searchsorted(axis, grid, side="right") - 1, axis.size - 2).astype(np.int64)


@functools.lru_cache(maxsize=2)
def _load(path: str) -> _Table:
    with np.load(path) as z:
        values = np.asarray(z["values"], dtype=np.float64)
        names = tuple(str(q) for q in z["quantities"])
        if names != QUANTITIES:
            raise ValueError(f"{path}: quantities {names}, expected {QUANTITIES}")
        e_min, e_max, p_min, p_max, see_min, see_max = values
        lookup = np.stack([e_min + p_min, e_max + p_max, see_min, see_max], axis=-1)
        h, i, t = (np.asarray(z[k], dtype=np.float64) for k in ("altitude_m", "inclination_deg", "shield_mm"))
        return _Table(
            h,
            i,
            t,
            np.ascontiguousarray(np.log(np.maximum(lookup, _FLOOR))),
            values,
            str(z["meta"]),
            (_hint(h), _hint(i), _hint(t)),
        )


@numba.njit(cache=True, inline="always")
def _locate(axis: FloatArray, hint: npt.NDArray[np.int64], x: float) -> tuple[int, float]:  # pragma: no cover
    """Cell index and fraction of x on an increasing axis (clamped to its ends), from :func:`_hint`."""
    n = axis.size
    if x <= axis[0]:
        return 0, 0.0
    if x >= axis[n - 1]:
        return n - 2, 1.0
    step = (axis[n - 1] - axis[0]) / (hint.size - 1) if hint.size > 1 else 1.0
    k = hint[min(int((x - axis[0]) / step), hint.size - 1)]
    while k < n - 2 and axis[k + 1] <= x:
        k += 1
    return k, (x - axis[k]) / (axis[k + 1] - axis[k])


@numba.njit(parallel=True, cache=True)
def _lookup(
    altitude_m: FloatArray,
    inclination_rad: FloatArray,
    shield_mm: FloatArray,
    h_axis: FloatArray,
    i_axis: FloatArray,
    s_axis: FloatArray,
    h_hint: npt.NDArray[np.int64],
    i_hint: npt.NDArray[np.int64],
    s_hint: npt.NDArray[np.int64],
    log_values: FloatArray,
    out: FloatArray,
) -> None:  # pragma: no cover - compiled
    """Trilinear interpolation of the log table (its 4 quantities); NaN off the altitude range."""
    for d in numba.prange(altitude_m.size):
        h, inc = altitude_m[d], inclination_rad[d]
        if not (h_axis[0] <= h <= h_axis[h_axis.size - 1]) or math.isnan(inc + shield_mm[d]):
            for q in range(4):
                out[q, d] = np.nan
            continue
        a, ta = _locate(h_axis, h_hint, h)
        b, tb = _locate(i_axis, i_hint, math.degrees(min(inc, math.pi - inc)))  # i and 180° − i alike
        c, tc = _locate(s_axis, s_hint, shield_mm[d])
        q0 = q1 = q2 = q3 = 0.0
        for da in range(2):
            wa = ta if da else 1.0 - ta
            for db in range(2):
                wb = tb if db else 1.0 - tb
                for dc in range(2):
                    w = wa * wb * (tc if dc else 1.0 - tc)
                    row = log_values[a + da, b + db, c + dc]
                    q0 += w * row[0]
                    q1 += w * row[1]
                    q2 += w * row[2]
                    q3 += w * row[3]
        out[0, d] = math.exp(q0)
        out[1, d] = math.exp(q1)
        out[2, d] = math.exp(q2)
        out[3, d] = math.exp(q3)


def _lookup_numpy(h: FloatArray, inc_deg: FloatArray, t_mm: FloatArray, table: _Table) -> FloatArray:
    """:func:`_lookup` in numpy, for small batches (no compiled code to load for one design)."""
    axes = (table.altitude_m, table.inclination_deg, table.shield_mm)
    corners, fractions = [], []
    for axis, x in zip(axes, (h, inc_deg, t_mm), strict=True):
        k = np.clip(np.searchsorted(axis, x, side="right") - 1, 0, axis.size - 2)
        f = np.clip((x - axis[k]) / (axis[k + 1] - axis[k]), 0.0, 1.0)
        corners.append(np.stack([k, k + 1]))
        fractions.append(np.stack([1.0 - f, f]))
    (ka, kb, kc), (wa, wb, wc) = corners, fractions
    block = table.log_values[ka[:, None, None], kb[None, :, None], kc[None, None, :]]  # (2, 2, 2, n, q)
    weight = wa[:, None, None] * wb[None, :, None] * wc[None, None, :]
    acc = (block * weight[..., None]).sum(axis=(0, 1, 2)).T
    bad = ~((h >= axes[0][0]) & (h <= axes[0][-1])) | np.isnan(inc_deg + t_mm)
    return np.asarray(np.where(bad, np.nan, np.exp(acc)))


_COMPILED_FROM = 4096  # designs: below this numpy is as fast and loads nothing


def orbit_radiation(
    altitude_m: npt.ArrayLike,
    inclination_rad: npt.ArrayLike,
    shield_thickness_m: npt.ArrayLike,
    path: Path | str = TABLE_PATH,
) -> OrbitRadiation:
    """Orbit-averaged dose rates and single-event flux behind an aluminium shield.

    Parameters
    ----------
    altitude_m : array_like
        Mean altitude of the circular (frozen) orbit, m; 150–30,000 km, NaN outside.
    inclination_rad : array_like
        Inclination, rad (retrograde folded: i and π − i are the same).
    shield_thickness_m : array_like
        Aluminium-equivalent shield thickness, m (solid sphere; ≥ 0, capped at 50 mm).
    path : path-like, optional
        Table file (default the shipped one).

    Returns
    -------
    OrbitRadiation
        Dose rate, Gy(Si)/s, and the 67-MeV-equivalent proton flux,
        cm⁻² s⁻¹, at solar minimum and maximum.

    References
    ----------
    .. [1] See the module references (AE8/AP8, SHIELDOSE-2 geometry, frozen orbits).

    Examples
    --------
    >>> r = orbit_radiation(650e3, np.radians(97.98), 3e-3)
    >>> 0.5 < float(r.dose_max) * 3.15576e7 * 100 / 1e3 < 2.0  # krad(Si)/yr
    True
    """
    h, inc, t = np.broadcast_arrays(
        np.asarray(altitude_m, dtype=np.float64),
        np.asarray(inclination_rad, dtype=np.float64),
        np.asarray(shield_thickness_m, dtype=np.float64),
    )
    shape = h.shape
    table = _load(str(path))
    t_mm = np.ascontiguousarray(np.maximum(t.ravel(), 0.0) * 1e3)
    if h.size < _COMPILED_FROM:
        folded = np.degrees(np.arccos(np.abs(np.cos(inc.ravel()))))  # i and 180° − i alike
        out = _lookup_numpy(h.ravel(), folded, t_mm, table)
    else:
        out = np.empty((len(OrbitRadiation._fields), h.size))
        axes = (table.altitude_m, table.inclination_deg, table.shield_mm)
        flat = (np.ascontiguousarray(h.ravel()), np.ascontiguousarray(inc.ravel()))
        _lookup(*flat, t_mm, *axes, *table.hints, table.log_values, out)
    return OrbitRadiation(*(np.asarray(row.reshape(shape)) for row in out))


if __name__ == "__main__":  # pragma: no cover - offline build
    print(f"wrote {build_table()}")


def dose_components(altitude_m: float, inclination_rad: float, shield_thickness_m: float) -> dict[str, float]:
    """Electron and proton dose rates (Gy(Si)/s) and flux of one orbit, each phase, from the table.

    Parameters
    ----------
    altitude_m, inclination_rad, shield_thickness_m : float
        As for :func:`orbit_radiation`.

    Returns
    -------
    dict
        :data:`QUANTITIES` → value (trilinear in the logarithm, like :func:`orbit_radiation`).

    References
    ----------
    .. [1] See the module references.
    """
    table = _load(str(TABLE_PATH))
    logs = np.moveaxis(np.log(np.maximum(table.components, _FLOOR)), 0, -1)
    split = table._replace(log_values=np.ascontiguousarray(logs))
    folded = math.degrees(math.acos(abs(math.cos(inclination_rad))))
    values = _lookup_numpy(
        np.array([altitude_m], dtype=np.float64),
        np.array([folded]),
        np.array([max(shield_thickness_m, 0.0) * 1e3]),
        split,
    )
    return {name: float(values[k, 0]) for k, name in enumerate(QUANTITIES)}
