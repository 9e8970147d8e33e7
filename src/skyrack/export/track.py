"""The positions a run recorded, satellite by satellite (``RUN/positions.parquet``)."""

from __future__ import annotations

import itertools
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
        table = pq.read_table(path, filters=[("satellite", "in", names[i : i + batch])])
        yield from _split(table)


def _split(table: Any) -> Iterator[Track]:
    """The tracks of a table of positions, in the order their satellites first appear."""
    import pyarrow.compute as pc

    sat = table["satellite"].to_numpy(zero_copy_only=False).astype(str)
    order = np.lexsort((table["elapsed_s"].to_numpy(), sat))
    first = {name: k for k, name in reversed(list(enumerate(sat)))}
    cols = {name: table[name].to_numpy() for name in table.column_names if name != "satellite"}
    cols["time"] = pc.cast(table["time"], "timestamp[us]").to_numpy().astype("datetime64[us]")
    sorted_sat = sat[order]
    starts = np.r_[0, np.nonzero(sorted_sat[1:] != sorted_sat[:-1])[0] + 1, sat.size]
    pieces = [order[a:b] for a, b in itertools.pairwise(starts)]
    for rows in sorted(pieces, key=lambda r: first[sat[r[0]]]):
        yield _track(str(sat[rows[0]]), {name: column[rows] for name, column in cols.items()})


def _track(name: str, rows: dict[str, np.ndarray]) -> Track:
    def xyz(prefix: str, suffix: str) -> FloatArray:
        return np.column_stack([rows[f"{prefix}{c}{suffix}"] for c in ("x", "y", "z")]).astype(np.float64)

    def f64(key: str) -> FloatArray:
        return np.asarray(rows[key], dtype=np.float64)

    return Track(
        name=name,
        time=rows["time"],
        elapsed_s=f64("elapsed_s"),
        r_eci_m=xyz("", "_eci_m"),
        v_eci_m_per_s=xyz("v", "_eci_m_per_s"),
        r_ecef_m=xyz("", "_ecef_m"),
        latitude_deg=f64("latitude_deg"),
        longitude_deg=f64("longitude_deg"),
        altitude_m=f64("altitude_m"),
        illumination=f64("illumination"),
    )
