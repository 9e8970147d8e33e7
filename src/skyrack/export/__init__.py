"""Standard files from a run's recorded positions: CCSDS OEM ephemerides, CZML and KML.

A run written with positions (``skyrack simulate --positions --out RUN``, or
``simulate(..., positions=Positions(...), out_dir=RUN)``) has ``RUN/positions.parquet``;
:func:`export` turns it into

* ``oem`` — a CCSDS Orbit Ephemeris Message (KVN, version 2.0), one segment per
  satellite, positions and velocities in TEME, for orbit tools (GMAT, Orekit, STK);
* ``czml`` — a CZML document for a Cesium viewer: each satellite's Earth-fixed path,
  its illumination as the point's colour, the run's clock;
* ``kml`` — a KML document for Google Earth and GIS tools: each satellite's ground
  track and its path at altitude.

>>> from skyrack.export import export  # doctest: +SKIP
>>> export("runs/suncatcher", "czml")  # doctest: +SKIP
PosixPath('runs/suncatcher/positions.czml')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .files import FORMATS, export
    from .track import Track, read_tracks

_EXPORTS = {
    "FORMATS": ".files",
    "Track": ".track",
    "export": ".files",
    "read_tracks": ".track",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["FORMATS", "Track", "export", "read_tracks"]
