"""The ISS element set that propagation, simulation and fuzzing tests read, as a TLE and as OMM fields.

Printed in the Wikipedia article "Two-line element set" (checksums valid); the OMM fields hold the same elements.
"""

from __future__ import annotations

ISS_TLE = """ISS (ZARYA)
1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927
2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537
"""
"""Three lines (name, line 1, line 2), each ending in a newline."""

ISS_OMM = {
    "OBJECT_NAME": "ISS (ZARYA)",
    "NORAD_CAT_ID": 25544,
    "EPOCH": "2008-09-20T12:25:40.104192",
    "MEAN_MOTION": 15.72125391,
    "ECCENTRICITY": 0.0006703,
    "INCLINATION": 51.6416,
    "RA_OF_ASC_NODE": 247.4627,
    "ARG_OF_PERICENTER": 130.5360,
    "MEAN_ANOMALY": 325.0288,
    "BSTAR": -0.11606e-4,
    "MEAN_MOTION_DOT": -0.00002182,
    "MEAN_MOTION_DDOT": 0.0,
}
"""The same elements as CCSDS OMM keys and values (JSON types)."""
