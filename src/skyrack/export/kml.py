"""KML for Google Earth and GIS tools: each satellite's ground track and its path at altitude.

Written with the standard library's ``xml.etree``. Per satellite a folder with the ground
track (a ``LineString`` clamped to the ground, cut where it crosses the antimeridian so no
line wraps round the globe) and the path at altitude (``altitudeMode absolute``); the
folder's ``TimeSpan`` is the recorded interval. Coordinates are WGS-84 longitude,
latitude (degrees) and height (m), as KML requires.

References
----------
.. [1] Open Geospatial Consortium, *OGC KML 2.3*, OGC 12-007r2, 2015 (Document, Folder,
       Placemark, LineString, MultiGeometry, altitudeMode, TimeSpan, Style).
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .track import Track

__all__ = ["KML_NS", "antimeridian_pieces", "write_kml"]

KML_NS = "http://www.opengis.net/kml/2.2"


def antimeridian_pieces(lon_deg: np.ndarray) -> list[slice]:
    """Slices of a track between its antimeridian crossings (a jump of more than 180° in longitude)."""
    cuts = np.nonzero(np.abs(np.diff(lon_deg)) > 180.0)[0] + 1
    edges = [0, *cuts.tolist(), int(lon_deg.size)]
    return [slice(a, b) for a, b in itertools.pairwise(edges) if b - a >= 2]


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _coordinates(lon: np.ndarray, lat: np.ndarray, height: np.ndarray) -> str:
    return " ".join(f"{x:.5f},{y:.5f},{z:.0f}" for x, y, z in zip(lon, lat, height, strict=True))


def _styles(doc: ET.Element) -> None:
    for name, colour, width in (("ground", "ff00a5ff", "1.5"), ("orbit", "ff0ad6ff", "1")):
        style = _sub(doc, "Style")
        style.set("id", name)
        line = _sub(style, "LineStyle")
        _sub(line, "color", colour)  # aabbggrr
        _sub(line, "width", width)


def _folder(doc: ET.Element, track: Track) -> None:
    folder = _sub(doc, "Folder")
    _sub(folder, "name", track.name)
    span = _sub(folder, "TimeSpan")
    _sub(span, "begin", f"{np.datetime_as_string(track.time[0], unit='s')}Z")
    _sub(span, "end", f"{np.datetime_as_string(track.time[-1], unit='s')}Z")
    for kind, heights, mode in (
        ("ground track", np.zeros_like(track.altitude_m), "clampToGround"),
        ("path at altitude", track.altitude_m, "absolute"),
    ):
        mark = _sub(folder, "Placemark")
        _sub(mark, "name", f"{track.name} {kind}")
        _sub(mark, "styleUrl", "#ground" if mode == "clampToGround" else "#orbit")
        multi = _sub(mark, "MultiGeometry")
        for piece in antimeridian_pieces(track.longitude_deg):
            line = _sub(multi, "LineString")
            _sub(line, "tessellate", "1" if mode == "clampToGround" else "0")
            _sub(line, "altitudeMode", mode)
            _sub(
                line, "coordinates", _coordinates(track.longitude_deg[piece], track.latitude_deg[piece], heights[piece])
            )


def write_kml(tracks: Iterable[Track], path: str | Path, name: str = "skyrack run") -> int:
    """Write the tracks as a KML document; returns the satellites written."""
    root = ET.Element("kml", {"xmlns": KML_NS})
    doc = _sub(root, "Document")
    _sub(doc, "name", name)
    _styles(doc)
    count = 0
    for track in tracks:
        if len(track) >= 2:
            _folder(doc, track)
            count += 1
    ET.indent(root)
    ET.ElementTree(root).write(Path(path), encoding="utf-8", xml_declaration=True)
    return count
