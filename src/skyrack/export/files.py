"""One entry point: a run directory and a format in, a file out."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .track import read_meta, read_tracks

__all__ = ["FORMATS", "export"]

FORMATS = ("oem", "czml", "kml")
"""File formats :func:`export` writes."""


def export(
    run_dir: str | Path,
    fmt: str,
    out: str | Path | None = None,
    every_s: float | None = None,
    satellites: int | None = None,
) -> Path:
    """Write a run's recorded positions as an OEM, CZML or KML file.

    Parameters
    ----------
    run_dir : str or path
        Directory of a run written with positions (``positions.parquet``, ``fleet.json``).
    fmt : {"oem", "czml", "kml"}
        File format.
    out : str or path, optional
        File to write (default ``RUN/positions.czml`` or ``RUN/positions.kml``); for OEM, the
        directory of one ``<satellite>.oem`` file per satellite (default ``RUN/oem``).
    every_s : float, optional
        Keep a point every this many seconds (rounded to whole recorded intervals; default: all).
    satellites : int, optional
        Export the first this many recorded satellites (default: all).

    Returns
    -------
    pathlib.Path
        The file (OEM: the directory) written.
    """
    fmt = str(fmt).lower()
    if fmt not in FORMATS:
        raise InputError("format", fmt, " | ".join(FORMATS))
    if every_s is not None and not every_s > 0:
        raise InputError("every", every_s, "a positive interval in seconds")
    meta = read_meta(run_dir)
    default = Path(run_dir) / ("oem" if fmt == "oem" else f"positions.{fmt}")
    path = Path(out) if out is not None else default
    tracks = (track.thinned(every_s) for track in read_tracks(run_dir, satellites))
    title = f"{meta.get('scenario', 'skyrack run')} from {str(meta.get('start_utc', ''))[:16]} UTC"
    if fmt == "oem":
        from .oem import write_oem

        written = write_oem(tracks, path, comment=f"{title}; positions recorded by skyrack simulate --positions")
    elif fmt == "czml":
        from .czml import write_czml

        written = write_czml(tracks, path, name=title)
    else:
        from .kml import write_kml

        written = write_kml(tracks, path, name=title)
    if written == 0:
        raise InputError("run", str(run_dir), "positions with at least two points per satellite")
    return path
