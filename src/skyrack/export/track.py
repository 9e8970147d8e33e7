"""The positions a run recorded, satellite by satellite (``RUN/positions.parquet``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import InputError

__all__ = ["Track", "read_meta", "read_tracks", "run_paths"]

FloatArray = npt.NDArray[np.float64]

_BATCH_ROWS = 2_000_000  # rows read at a time: about 130 MB of columns


@dataclass(frozen=True)
class Track:
    """One satellite's recorded points, in time order (columns as ``positions.parquet``)."""

    name: str
    time: np.ndarray
    """UTC, datetime64[us]."""
    elapsed_s: FloatArray
    r_eci_m: FloatArray
    """Inertial (TEME) position, m, shape (n, 3)."""
    v_eci_m_per_s: FloatArray
    """Inertial velocity, m/s, shape (n, 3)."""
    r_ecef_m: FloatArray
    """Earth-fixed position, m, shape (n, 3)."""
    latitude_deg: FloatArray
    longitude_deg: FloatArray
    altitude_m: FloatArray
    illumination: FloatArray

    def __len__(self) -> int:
        return int(self.elapsed_s.size)

    def thinned(self, every_s: float | None) -> Track:
        """Every k-th point, k the whole number of recorded intervals nearest ``every_s`` (None: all)."""
        if every_s is None or len(self) < 2:
            return self
        k = max(1, round(every_s / float(self.elapsed_s[1] - self.elapsed_s[0])))
        return Track(self.name, *(getattr(self, f)[::k] for f in _ARRAYS))


_ARRAYS = (
    "time",
    "elapsed_s",
    "r_eci_m",
    "v_eci_m_per_s",
    "r_ecef_m",
    "latitude_deg",
    "longitude_deg",
    "altitude_m",
    "illumination",
)


def run_paths(run_dir: str | Path) -> tuple[Path, Path]:
    """``positions.parquet`` and ``fleet.json`` of a run directory, checked to exist."""
    run = Path(run_dir)
    positions, fleet = run / "positions.parquet", run / "fleet.json"
    if not positions.is_file():
        raise InputError(
            "run", str(run_dir), "a run directory with positions.parquet (skyrack simulate --positions --out DIR)"
        )
    return positions, fleet


def read_meta(run_dir: str | Path) -> dict[str, Any]:
    """The run's ``meta`` from ``fleet.json`` ({} if the file is missing or unreadable)."""
    _, fleet = run_paths(run_dir)
    try:
        payload = json.loads(fleet.read_text())
    except (OSError, ValueError):
        return {}
    meta = payload.get("meta") if isinstance(payload, dict) else None
    return meta if isinstance(meta, dict) else {}


def read_tracks(run_dir: str | Path, satellites: int | None = None) -> Iterator[Track]:
    """The recorded tracks of a run, one satellite at a time (at most ``satellites`` of them).

    Satellites are read in batches of about two million rows, so memory does not grow with the file.
    """
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path, _ = run_paths(run_dir)
    try:
        names_column = pq.read_table(path, columns=["satellite"])["satellite"]
    except (OSError, ValueError, KeyError) as error:
        raise InputError("run", str(path), f"a positions.parquet written by skyrack ({error})") from None
    names = [str(n) for n in pc.unique(names_column).to_pylist()]
    if satellites is not None:
        names = names[: max(int(satellites), 0)]
    per_sat = max(1, len(names_column) // max(len(names), 1))
    batch = max(1, _BATCH_ROWS // per_sat)
    for i in range(0, len(names), batch):
        chunk = names[i : i + batch]
        table = pq.read_table(path, filters=[("satellite", "in", chunk)])
        frame = table.to_pandas()
        for name, rows in frame.groupby("satellite", sort=False):
            yield _track(str(name), rows.sort_values("elapsed_s"))


def _track(name: str, rows: Any) -> Track:
    def xyz(prefix: str, suffix: str) -> FloatArray:
        return rows[[f"{prefix}{c}{suffix}" for c in ("x", "y", "z")]].to_numpy(dtype=np.float64)

    return Track(
        name=name,
        time=rows["time"].to_numpy(dtype="datetime64[us]"),
        elapsed_s=rows["elapsed_s"].to_numpy(dtype=np.float64),
        r_eci_m=xyz("", "_eci_m"),
        v_eci_m_per_s=xyz("v", "_eci_m_per_s"),
        r_ecef_m=xyz("", "_ecef_m"),
        latitude_deg=rows["latitude_deg"].to_numpy(dtype=np.float64),
        longitude_deg=rows["longitude_deg"].to_numpy(dtype=np.float64),
        altitude_m=rows["altitude_m"].to_numpy(dtype=np.float64),
        illumination=rows["illumination"].to_numpy(dtype=np.float64),
    )
