"""CZML for a Cesium viewer: every satellite's Earth-fixed path, lit or in eclipse, on the run's clock.

Each satellite is a packet with its recorded Earth-fixed positions (``referenceFrame
FIXED``, time-tagged samples in seconds from the run's start, Lagrange interpolation), a
point whose colour follows the illumination (sunlit yellow, eclipse dark blue, sampled at
the recorded points) and a trailing path of one orbit. The document is built and checked
with ``czml3``'s model of the CZML schema.

References
----------
.. [1] Analytical Graphics, Inc., *CZML Guide* and *CZML Structure* (packet, Position,
       Clock, Path; czml-writer wiki), 2015-2024.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ..physics.constants import MU_EARTH
from .track import Track

__all__ = ["czml_document", "write_czml"]

_LIT = np.array([255.0, 214.0, 10.0, 255.0])  # sunlit: yellow
_DARK = np.array([40.0, 60.0, 140.0, 255.0])  # eclipse: dark blue
_LABELS_UP_TO = 20  # label satellites by name when there are no more than this


def _iso(t: np.datetime64) -> str:
    return f"{np.datetime_as_string(t, unit='s')}Z"


def _period_s(track: Track) -> float:
    """Orbital period from the mean radius, s (Kepler's third law)."""
    a = float(np.mean(np.linalg.norm(track.r_eci_m, axis=1)))
    return 2.0 * math.pi * math.sqrt(a**3 / MU_EARTH)


def _packet(track: Track, epoch: str, labelled: bool) -> Any:
    from czml3 import Packet
    from czml3.properties import Color, Label, Path, Point, Position
    from czml3.types import TimeInterval

    t = track.elapsed_s - track.elapsed_s[0]
    samples = np.column_stack([t, track.r_ecef_m]).reshape(-1).tolist()
    nu = np.clip(track.illumination, 0.0, 1.0)[:, None]
    rgba = np.rint(_DARK + nu * (_LIT - _DARK)).astype(int)
    colours = np.column_stack([t.astype(object), rgba.astype(object)]).reshape(-1).tolist()
    start, end = _iso(track.time[0]), _iso(track.time[-1])
    return Packet(
        id=track.name,
        name=track.name,
        availability=TimeInterval(start=start, end=end),
        position=Position.model_validate(
            {
                "epoch": epoch,
                "referenceFrame": "FIXED",
                "cartesian": samples,
                "interpolationAlgorithm": "LAGRANGE",
                "interpolationDegree": 5,
            }
        ),
        point=Point(pixelSize=6, color=Color.model_validate({"epoch": epoch, "rgba": colours})),
        path=Path(leadTime=0, trailTime=_period_s(track), width=1, resolution=60),
        label=Label(text=track.name, show=True, scale=0.5) if labelled else None,
    )


def czml_document(tracks: list[Track], name: str) -> Any:
    """A ``czml3.Document`` of the tracks: a preamble with the run's clock and a packet per satellite."""
    from czml3 import CZML_VERSION, Document, Packet
    from czml3.enums import ClockRanges, ClockSteps
    from czml3.properties import Clock
    from czml3.types import TimeInterval

    start = min(track.time[0] for track in tracks)
    end = max(track.time[-1] for track in tracks)
    clock = Clock(
        interval=TimeInterval(start=_iso(start), end=_iso(end)),
        currentTime=_iso(start),
        multiplier=60,
        range=ClockRanges.LOOP_STOP,
        step=ClockSteps.SYSTEM_CLOCK_MULTIPLIER,
    )
    preamble = Packet(id="document", name=name, version=CZML_VERSION, clock=clock)
    labelled = len(tracks) <= _LABELS_UP_TO
    return Document(packets=[preamble, *(_packet(t, _iso(t.time[0]), labelled) for t in tracks)])


def write_czml(tracks: Iterable[Track], path: str | Path, name: str = "skyrack run") -> int:
    """Write the tracks (two points or more each) as a CZML document; returns the satellites written."""
    kept = [track for track in tracks if len(track) >= 2]
    if not kept:
        return 0
    Path(path).write_text(czml_document(kept, name).dumps())
    return len(kept)
