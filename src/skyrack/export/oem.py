"""CCSDS Orbit Ephemeris Messages (OEM), KVN form: one file per satellite.

An OEM describes one object (its segments all share ``OBJECT_NAME``), so a run's
ephemerides are a directory of files, ``<satellite>.oem``, each written line by line as the
tracks are read; the ``oem`` package reads them back (``oem.OrbitEphemerisMessage.open``),
which the tests do.

Positions and velocities are those the run recorded: TEME (true equator, mean equinox —
the frame SGP4 works in and that the run rotates to Earth-fixed by GMST), in km and km/s,
epochs in UTC. The J2 theory's positions (secular J2 with short-period terms, within about
0.4 km of SGP4 over a day) are in its mean-of-date frame, written as TEME: the two differ by
the nutation, under 20″, some 0.7 km at most in low orbit.

References
----------
.. [1] CCSDS 502.0-B-2, *Orbit Data Messages*, Blue Book, 2009, sec. 5 (OEM: header,
       metadata, data lines ``epoch X Y Z X_DOT Y_DOT Z_DOT`` in km and km/s).
.. [2] SANA registry of celestial-body reference frames (``TEME``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import numpy as np

from .._version import __version__
from .track import Track

__all__ = ["OEM_VERSION", "file_name", "write_oem"]

OEM_VERSION = "2.0"


def _epoch(t: np.datetime64) -> str:
    return str(np.datetime_as_string(t, unit="us"))


def _segment(out: IO[str], track: Track) -> None:
    out.write("\nMETA_START\n")
    out.write(f"OBJECT_NAME = {track.name}\nOBJECT_ID = {track.name}\n")
    out.write("CENTER_NAME = EARTH\nREF_FRAME = TEME\nTIME_SYSTEM = UTC\n")
    out.write(f"START_TIME = {_epoch(track.time[0])}\nSTOP_TIME = {_epoch(track.time[-1])}\n")
    out.write("META_STOP\n\n")
    state = np.hstack([track.r_eci_m / 1e3, track.v_eci_m_per_s / 1e3])
    epochs = np.datetime_as_string(track.time.astype("datetime64[us]"), unit="us")
    for epoch, row in zip(epochs, state, strict=True):
        out.write(f"{epoch} {row[0]:.6f} {row[1]:.6f} {row[2]:.6f} {row[3]:.9f} {row[4]:.9f} {row[5]:.9f}\n")


def file_name(satellite: str) -> str:
    """A safe file name for a satellite's OEM: letters, digits, ``-``, ``_`` and ``.`` kept, others ``_``."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", satellite).strip("._") or "satellite"
    return f"{safe[:100]}.oem"


def write_oem(tracks: Iterable[Track], directory: str | Path, comment: str = "") -> int:
    """Write each track as an OEM file in ``directory``; returns the files written.

    Parameters
    ----------
    tracks : iterable of Track
        Recorded tracks (:func:`skyrack.export.read_tracks`); a track needs two points or more.
    directory : str or path
        Directory to write ``<satellite>.oem`` files into (created if need be).
    comment : str, optional
        A COMMENT line for each header (what run the ephemeris comes from).
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    count = 0
    for track in tracks:
        if len(track) < 2:
            continue
        with (folder / file_name(track.name)).open("w", encoding="ascii", errors="replace") as out:
            out.write(f"CCSDS_OEM_VERS = {OEM_VERSION}\n")
            if comment:
                out.write(f"COMMENT {comment}\n")
            out.write(f"CREATION_DATE = {created}\nORIGINATOR = skyrack {__version__}\n")
            _segment(out, track)
        count += 1
    return count
