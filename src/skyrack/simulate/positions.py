"""Positions along the run, on request: every N steps, for the first satellites, written as they come.

A year at 30 s for a thousand satellites is a billion positions; recording them is
opt-in (``simulate(..., positions=Positions(every_s, satellites))``, ``skyrack simulate
--positions``). The recorder takes the satellites' states at every ``stride``-th step of
the run from the same theory the kernel steps with (secular J2 with the short-period
terms of :func:`skyrack.physics.propagation.j2_positions`, or SGP4), converts them to the
Earth-fixed frame and to geodetic latitude, longitude and height
(:mod:`skyrack.physics.frames`), adds the visible fraction of the solar disc
(:func:`skyrack.physics.shadow.illumination_fraction`) and appends each chunk to
``positions.parquet`` in the run directory as a row group, so memory holds one chunk,
never the run.

Velocities are inertial: SGP4's own, or for J2 orbits the central difference of positions
5 s either side (truncation error |r⃛| h²/6 ≈ 4e-5 m/s in low orbit; the positions are float32, as
in the kernel, so rounding of about 0.5 m gives some 0.05 m/s).

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013,
       ch. 3 (TEME to Earth-fixed by GMST) and sec. 9.6 (secular J2).
.. [2] F. B. Hildebrand, *Introduction to Numerical Analysis*, 2nd ed., 1974, sec. 5.2
       (central-difference error h² f‴/6).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..physics.frames import ecef_to_geodetic, eci_to_ecef
from ..physics.propagation import j2_positions
from ..physics.shadow import illumination_fraction
from ..physics.sun import sun_vector_eci
from ._common import FloatArray

__all__ = ["MAX_POSITION_SATELLITES", "POSITION_COLUMNS", "PositionRecorder", "Positions"]

MAX_POSITION_SATELLITES = 10_000
"""Most satellites whose positions a run records (the file grows as satellites × recorded steps)."""
_HALF_SPAN_S = 5.0  # central difference for J2 velocities, s

POSITION_COLUMNS: tuple[str, ...] = (
    "satellite",
    "time",
    "elapsed_s",
    "x_eci_m",
    "y_eci_m",
    "z_eci_m",
    "vx_eci_m_per_s",
    "vy_eci_m_per_s",
    "vz_eci_m_per_s",
    "x_ecef_m",
    "y_ecef_m",
    "z_ecef_m",
    "latitude_deg",
    "longitude_deg",
    "altitude_m",
    "illumination",
)
"""Columns of ``positions.parquet`` (declared as ``simulate.positions.*`` in :mod:`skyrack.outputs`)."""


@dataclass(frozen=True)
class Positions:
    """What positions to record: one point every ``every_s`` seconds for the first ``satellites``.

    Parameters
    ----------
    every_s : float
        Interval between recorded points, s (rounded to a whole number of steps, at least one).
    satellites : int, optional
        Record the first this many simulated satellites (default 100).
    """

    every_s: float
    satellites: int = 100

    def __post_init__(self) -> None:
        if not (math.isfinite(self.every_s) and self.every_s > 0):
            raise InputError("positions.every", self.every_s, "a positive interval in seconds")
        if not 1 <= int(self.satellites) <= MAX_POSITION_SATELLITES:
            raise InputError("positions.satellites", self.satellites, f"1 to {MAX_POSITION_SATELLITES:,}")


class PositionRecorder:
    """Writes the positions of a run chunk by chunk into ``out_dir/positions.parquet``.

    Parameters
    ----------
    request : Positions
        Interval and satellite cap.
    sats : skyrack.simulate.fleet.Fleet
        The simulated fleet (design elements or SGP4 satellites).
    step_s : float
        Step of the run, s.
    out_dir : path
        Run directory.
    """

    def __init__(self, request: Positions, sats: Any, step_s: float, out_dir: str | Path) -> None:
        import pyarrow.parquet as pq

        self.stride = max(1, round(request.every_s / step_s))
        self.step_s = float(step_s)
        n = min(int(request.satellites), sats.n)
        index = np.arange(n)
        self.names = np.asarray(sats.names[:n], dtype=object)
        self.start_jd = float(sats.start_jd)
        self.elements = sats.elements.take(index) if sats.elements is not None else None
        self.sgp4 = sats.sgp4.take(index) if sats.sgp4 is not None else None
        self.path = Path(out_dir) / "positions.parquet"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError("out", str(out_dir), f"cannot create the directory ({error.strerror})") from None
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None

    def record(self, k0: int, m: int) -> None:
        """Record the steps k0 ≤ k < k0 + m that fall on the stride."""
        first = -(-k0 // self.stride) * self.stride
        if first >= k0 + m:
            return
        t = np.arange(first, k0 + m, self.stride, dtype=np.float64) * self.step_s
        r, v = self._states(t)
        self._write(t, r, v)

    def close(self) -> dict[str, Any]:
        """Close the file; what was recorded, for the run's meta."""
        if self._writer is not None:
            self._writer.close()
        return {
            "file": self.path.name,
            "every_s": self.stride * self.step_s,
            "satellites": int(self.names.size),
            "rows": self.rows,
            "frame": "ECI: TEME for SGP4, mean of date for J2 (taken as TEME); ECEF: GMST rotation; geodetic: WGS-84",
        }

    # ----------------------------------------------------------------- states

    def _states(self, t: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Inertial positions (m) and velocities (m/s) at ``t`` s from the start, shape (n, len(t), 3)."""
        if self.sgp4 is not None:
            jd_whole = math.floor(self.start_jd - 0.5) + 0.5
            days = ((self.start_jd - jd_whole) * 86400.0 + t) / 86400.0
            whole = np.floor(days)
            _, r_km, v_km_s = self.sgp4.array.sgp4(jd_whole + whole, days - whole)
            return np.asarray(r_km, dtype=np.float64) * 1e3, np.asarray(v_km_s, dtype=np.float64) * 1e3
        assert self.elements is not None
        t_epoch = (self.start_jd - self.elements.epoch_jd) * 86400.0
        dt = float(t[1] - t[0]) if t.size > 1 else 1.0
        r3 = np.empty((3, len(self.elements), t.size, 3))
        for j, offset in enumerate((-_HALF_SPAN_S, 0.0, _HALF_SPAN_S)):  # each series is equally spaced
            out = np.empty((len(self.elements), t.size, 3), np.float32)
            r3[j] = j2_positions(self.elements, t_epoch + t[0] + offset, dt, out)
        return r3[1], (r3[2] - r3[0]) / (2.0 * _HALF_SPAN_S)

    # ----------------------------------------------------------------- output

    def _write(self, t: FloatArray, r: FloatArray, v: FloatArray) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        n, k = r.shape[0], t.size
        jd = self.start_jd + t / 86400.0
        r_ecef = eci_to_ecef(r, jd[None, :])
        lat, lon, alt = ecef_to_geodetic(r_ecef)
        sun, dist = sun_vector_eci(jd)
        nu = illumination_fraction(r, sun[None, :, :], dist[None, :])
        epoch = np.datetime64(_iso(self.start_jd), "us")
        columns: dict[str, Any] = {
            "satellite": np.repeat(self.names, k),
            "time": np.tile(epoch + (t * 1e6).astype("timedelta64[us]"), n),
            "elapsed_s": np.tile(t, n),
        }
        for name, array in (("eci_m", r), ("ecef_m", r_ecef)):
            for axis, c in enumerate("xyz"):
                columns[f"{c}_{name}"] = array[:, :, axis].reshape(-1)
            if name == "eci_m":
                for axis, c in enumerate("xyz"):
                    columns[f"v{c}_eci_m_per_s"] = v[:, :, axis].reshape(-1)
        columns["latitude_deg"] = np.degrees(lat).reshape(-1)
        columns["longitude_deg"] = np.degrees(lon).reshape(-1)
        columns["altitude_m"] = np.asarray(alt).reshape(-1)
        columns["illumination"] = np.asarray(nu).reshape(-1)
        table = pa.table({name: columns[name] for name in POSITION_COLUMNS})
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema)
        self._writer.write_table(table)
        self.rows += table.num_rows


def _iso(jd: float) -> str:
    us = round((jd - 2440587.5) * 86400e6)
    return str(np.datetime64(us, "us"))
