"""Fleets for the simulation: design layouts, SGP4, TLE and OMM input.

Two propagators produce Earth-centred inertial positions for a block of
satellites × time steps (one chunk of the run, never the whole run):

* :func:`skyrack.physics.propagation.j2_positions` — mean-element theory for
  circular and near-circular orbits (secular J2, J3 frozen eccentricity,
  short-period J2); the default for design orbits (the engine evaluates the
  same formulas inside its kernel). The layouts here (:func:`train_layout`,
  :func:`walker_layout`, :func:`cluster_layout`) give its mean elements.
* :class:`Sgp4Fleet` — the SGP4 theory of ``sgp4.api.SatrecArray`` (Vallado
  et al. 2006) for real satellites, built from a TLE file, a CCSDS OMM file
  (XML, JSON or KVN) or from design elements through ``sgp4init``.

Frames: the J2 propagator works in the mean equator and equinox of date (the
frame of :func:`skyrack.physics.sun.sun_vector_eci`); SGP4 returns TEME. The
two differ by nutation in longitude (< 20″), which moves a shadow crossing by
less than 0.1 s in low orbit and is neglected.

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed.,
       Microcosm Press, 2013, sec. 9.6 (secular effects of J2: node, argument
       of perigee and mean anomaly rates) and sec. 2.3 (series for the true
       anomaly of a near-circular orbit).
.. [2] D. A. Vallado, P. Crawford, R. Hujsak, T. S. Kelso, "Revisiting
       Spacetrack Report #3", AIAA 2006-6753 (SGP4 and the TLE format).
.. [3] CCSDS 502.0-B-3, *Orbit Data Messages*, Blue Book, 2023 (OMM in KVN,
       XML; the JSON layout of CelesTrak follows the same keywords).
.. [4] J. G. Walker, "Satellite constellations", *J. Br. Interplanet. Soc.*
       37, 559–572, 1984 (delta patterns i: t/p/f).
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sgp4.api import WGS72, WGS84, Satrec, SatrecArray

from ..errors import InputError, Note
from ..physics.constants import MU_EARTH, R_EARTH
from ..physics.orbit import j2_secular_rates, sun_synchronous_inclination
from ..physics.propagation import MeanElements
from ..safe_input import MAX_FLEET_FILE_BYTES, read_text
from ._common import Float32Array, FloatArray

__all__ = [
    "Sgp4Fleet",
    "cluster_layout",
    "parse_omm",
    "parse_tle",
    "satrecs_from_elements",
    "shells_layout",
    "train_layout",
    "walker_layout",
]

_MIN_PER_DAY = 1440.0
_JD_1949_DEC_31 = 2433281.5  # sgp4init's epoch origin (days since 1949 December 31 00:00 UT)


# --------------------------------------------------------------------------- layouts


def _elements(n: int, a: float, inc: float, raan: FloatArray, u: FloatArray, epoch_jd: float) -> MeanElements:
    z = np.zeros(n)
    return MeanElements(
        np.full(n, a), z, np.full(n, inc), np.mod(raan, 2 * np.pi), z.copy(), np.mod(u, 2 * np.pi), float(epoch_jd)
    )


def _which(n: int, index: npt.ArrayLike | None) -> npt.NDArray[np.int64]:
    """The satellite numbers to lay out: ``index`` (checked against ``n``) or all ``n``."""
    if index is None:
        return np.arange(n, dtype=np.int64)
    k = np.asarray(index, dtype=np.int64).reshape(-1)
    if k.size and (k.min() < 0 or k.max() >= n):
        raise InputError("index", f"{k.min()}..{k.max()}", f"satellite numbers from 0 to {n - 1}")
    return k


def _nearest_divisor(n: int) -> int:
    """The divisor of ``n`` nearest its square root (the larger on a tie), in O(sqrt n)."""
    root = math.isqrt(n)
    for step in range(root + 1):
        for p in (root + step, root - step):
            if p >= 1 and n % p == 0:
                q = n // p  # the partner divisor may be nearer still
                return min((p, q), key=lambda d: (abs(d - math.sqrt(n)), -d))
    return 1


def train_layout(
    n: int,
    a_m: float,
    inc_rad: float,
    raan_rad: float,
    epoch_jd: float,
    u0_rad: float = 0.0,
    *,
    index: npt.ArrayLike | None = None,
) -> MeanElements:
    """``n`` satellites evenly spaced in argument of latitude in one orbit plane.

    Used for sun-synchronous designs: every satellite keeps the design's local
    time of the ascending node, so they all see the same illumination season.

    Parameters
    ----------
    n : int
        Number of satellites.
    a_m, inc_rad, raan_rad : float
        Semi-major axis (m), inclination and node (rad).
    epoch_jd : float
        Epoch, Julian date UT.
    u0_rad : float, optional
        Argument of latitude of the first satellite, rad.
    index : array_like of int, optional
        Lay out only these satellites of the ``n`` (a sample of a large fleet
        costs the sample's size, not the fleet's); default all.

    Returns
    -------
    MeanElements
        Circular elements; the argument of perigee is 0 so the mean anomaly is
        the argument of latitude.

    References
    ----------
    .. [1] Walker (1984): a one-plane pattern n/1/0.
    """
    k = _which(n, index)
    u = u0_rad + 2.0 * np.pi * k / n
    return _elements(k.size, a_m, inc_rad, np.full(k.size, raan_rad), u, epoch_jd)


def walker_layout(
    n: int,
    a_m: float,
    inc_rad: float,
    raan0_rad: float,
    epoch_jd: float,
    planes: int | None = None,
    phasing: int = 1,
    *,
    index: npt.ArrayLike | None = None,
) -> MeanElements:
    """A Walker delta pattern i: t/p/f (planes spread over 360° of node).

    Parameters
    ----------
    n : int
        Total number of satellites t.
    a_m, inc_rad : float
        Semi-major axis (m) and inclination (rad).
    raan0_rad : float
        Node of the first plane, rad.
    epoch_jd : float
        Epoch, Julian date UT.
    planes : int, optional
        Number of planes p; default the divisor of n nearest √n. When p does
        not divide n the last plane is partly filled.
    phasing : int, optional
        Walker phasing factor f: satellites in plane k are shifted by
        2π f k / t in argument of latitude.
    index : array_like of int, optional
        Lay out only these satellites of the ``n``; default all.

    Returns
    -------
    MeanElements
        Circular elements.

    References
    ----------
    .. [1] Walker (1984), delta patterns.

    Examples
    --------
    >>> el = walker_layout(24, 7e6, 0.9, 0.0, 2451545.0, planes=3)
    >>> [round(float(np.degrees(x))) for x in el.raan[::8]]
    [0, 120, 240]
    """
    if planes is None:
        planes = _nearest_divisor(n)
    planes = max(1, min(int(planes), n))
    per_plane = math.ceil(n / planes)
    j = _which(n, index)
    plane, slot = j // per_plane, j % per_plane
    raan = raan0_rad + 2.0 * np.pi * plane / planes
    u = 2.0 * np.pi * slot / per_plane + 2.0 * np.pi * phasing * plane / n
    return _elements(j.size, a_m, inc_rad, raan, u, epoch_jd)


def cluster_layout(
    n: int,
    a_m: float,
    inc_rad: float,
    raan_rad: float,
    epoch_jd: float,
    radius_m: float = 1000.0,
    u0_rad: float = 0.0,
    *,
    index: npt.ArrayLike | None = None,
) -> MeanElements:
    """A tight cluster: ``n`` satellites within ``radius_m`` of a reference orbit.

    The satellites fill a disc in the along-track/cross-track plane on a
    sunflower (Vogel) spiral: the along-track offset x becomes a shift x/a of
    the argument of latitude, the cross-track offset y a shift y/(a sin i) of
    the node (the cross-track separation at the equator crossing). All share the
    semi-major axis and inclination, so their secular J2 rates are equal and
    the formation holds under this theory (Suncatcher's 81 satellites within
    1 km, arXiv:2511.19468, fig. 4).

    Parameters
    ----------
    n : int
        Number of satellites.
    a_m, inc_rad, raan_rad : float
        Reference orbit (m, rad, rad).
    epoch_jd : float
        Epoch, Julian date UT.
    radius_m : float, optional
        Cluster radius, m (default 1 km).
    u0_rad : float, optional
        Argument of latitude of the cluster centre, rad.
    index : array_like of int, optional
        Lay out only these satellites of the ``n``; default all.

    Returns
    -------
    MeanElements
        Circular elements.

    References
    ----------
    .. [1] H. Vogel, "A better way to construct the sunflower head",
           *Math. Biosci.* 44, 179–189, 1979 (r ∝ √k, golden-angle spiral).
    """
    k = _which(n, index)
    r = radius_m * np.sqrt((k + 0.5) / n)
    theta = k * np.pi * (3.0 - math.sqrt(5.0))  # golden angle
    x, y = r * np.cos(theta), r * np.sin(theta)
    s = max(abs(math.sin(inc_rad)), 1e-6)
    return _elements(k.size, a_m, inc_rad, raan_rad + y / (a_m * s), u0_rad + x / a_m, epoch_jd)


def shells_layout(
    shells: Sequence[Any],
    raan0_rad: float,
    sso_raan_rad: Callable[[float], float],
    epoch_jd: float,
    *,
    index: npt.ArrayLike | None = None,
) -> MeanElements:
    """A constellation laid out shell by shell, each shell a Walker delta pattern i: T/P/F.

    Satellites are numbered shell after shell in the order given, plane after plane within a
    shell: satellite m of plane k of a shell of P planes of S satellites (T = P S) has node
    Ω_k and argument of latitude u = 2πm/S + 2πFk/T [1]_. A shell's thickness is shared out
    among its planes: plane k flies at h + t ((k + ½)/P − ½), so the planes of a shell sit at
    distinct altitudes across its band (skyrack assumption: the scenario gives the band, not how
    it is filled).

    Walker shells spread their planes over 360° of node from ``raan0_rad``, Ω_k = Ω₀ + 2πk/P.
    Sun-synchronous shells keep the local time of their ascending node: every plane has the node
    of the shell's LTAN (``sso_raan_rad(ltan_hours)``) and the J2 sun-synchronous inclination of
    its own altitude [2]_, so the planes of an SSO shell are concentric rings stacked across the
    band, each phased by F as in a Walker pattern.

    Parameters
    ----------
    shells : sequence of :class:`skyrack.scenario.shells.Shell`
        The shells (SI: altitude and thickness m, inclination rad, LTAN h).
    raan0_rad : float
        Node of the first plane of every Walker shell, rad.
    sso_raan_rad : callable
        Node (rad) of a local time of the ascending node given in hours, at the epoch.
    epoch_jd : float
        Epoch, Julian date UT.
    index : array_like of int, optional
        Lay out only these satellites (numbers from 0 to the shells' total − 1); default all.

    Returns
    -------
    MeanElements
        Circular elements.

    References
    ----------
    .. [1] Walker (1984), delta patterns.
    .. [2] Vallado (2013), sec. 11.4.1 (sun-synchronous condition).
    """
    counts = np.array([int(sh.planes) * int(sh.per_plane) for sh in shells], dtype=np.int64)
    first = np.concatenate(([0], np.cumsum(counts)))
    j = _which(int(first[-1]), index)
    which = np.searchsorted(first, j, side="right") - 1
    a, inc, raan, u = (np.empty(j.size) for _ in range(4))
    for i, sh in enumerate(shells):
        sel = which == i
        planes, per_plane, total = int(sh.planes), int(sh.per_plane), int(counts[i])
        plane, slot = np.divmod(j[sel] - first[i], per_plane)
        alt = float(sh.altitude) + float(sh.thickness) * ((plane + 0.5) / planes - 0.5)
        a[sel] = R_EARTH + alt
        u[sel] = 2.0 * np.pi * slot / per_plane + 2.0 * np.pi * int(sh.phasing) * plane / total
        if sh.kind == "sso":
            inc[sel] = sun_synchronous_inclination(alt)
            raan[sel] = sso_raan_rad(float(sh.ltan if sh.ltan is not None else 18.0))
        else:
            inc[sel] = float(sh.inclination)
            raan[sel] = raan0_rad + 2.0 * np.pi * plane / planes
    z = np.zeros(j.size)
    return MeanElements(a, z, inc, np.mod(raan, 2 * np.pi), z.copy(), np.mod(u, 2 * np.pi), float(epoch_jd))


# --------------------------------------------------------------------------- SGP4


def _epoch_parts(epoch_jd: float) -> tuple[float, float]:
    whole = math.floor(epoch_jd - 0.5) + 0.5
    return whole, epoch_jd - whole


def satrecs_from_elements(elements: MeanElements, bstar: float = 0.0) -> list[Satrec]:
    """SGP4 satellites (``sgp4init``, WGS-84 constants) matching J2 mean elements.

    SGP4 reads its input mean motion as a Kozai mean motion and adds its own
    secular J2 and J4 rates. The input is iterated until SGP4's secular rate
    of the argument of latitude (``mdot + argpdot``) equals that of
    :func:`j2_secular_rates`, so that both propagators keep the satellites at
    the same place along the orbit over long runs.

    Parameters
    ----------
    elements : MeanElements
        Mean elements; the epoch becomes the SGP4 epoch.
    bstar : float, optional
        SGP4 drag term B*, 1/earth radii (default 0: no drag).

    Returns
    -------
    list of sgp4.api.Satrec

    References
    ----------
    .. [1] Vallado et al. (2006), SGP4 initialisation (Kozai to Brouwer mean
           motion, secular rates ``mdot``, ``argpdot``, ``nodedot``).
    """
    epoch = elements.epoch_jd - _JD_1949_DEC_31
    _, argp_rate, m_rate = j2_secular_rates(elements.a_m, elements.ecc, elements.inc)
    out: list[Satrec] = []
    for j in range(len(elements)):
        u_rate = (argp_rate[j] + m_rate[j]) * 60.0  # rad/min
        n_kozai = math.sqrt(MU_EARTH / elements.a_m[j] ** 3) * 60.0
        for _ in range(6):
            sat = Satrec()
            sat.sgp4init(
                WGS84,
                "i",
                (j % 99999) + 1,
                epoch,
                bstar,
                0.0,
                0.0,
                float(elements.ecc[j]),
                float(elements.argp[j]),
                float(elements.inc[j]),
                float(elements.mean_anomaly[j]),
                n_kozai,
                float(elements.raan[j]),
            )
            n_kozai *= u_rate / (sat.mdot + sat.argpdot)
        out.append(sat)
    return out


class Sgp4Fleet:
    """Positions of many satellites from SGP4 (``sgp4.api.SatrecArray``), one chunk at a time.

    Parameters
    ----------
    satrecs : sequence of sgp4.api.Satrec
        The satellites.
    names : sequence of str, optional
        Their names (default the catalogue numbers).

    References
    ----------
    .. [1] Vallado et al. (2006).
    """

    def __init__(self, satrecs: Sequence[Satrec], names: Sequence[str] | None = None) -> None:
        if not satrecs:
            raise InputError("satellites", 0, "need at least one satellite")
        self.satrecs = list(satrecs)
        self.array = SatrecArray(self.satrecs)
        self.names = list(names) if names is not None else [str(s.satnum) for s in self.satrecs]

    def __len__(self) -> int:
        return len(self.satrecs)

    def take(self, index: Sequence[int] | np.ndarray) -> Sgp4Fleet:
        """The satellites at ``index``."""
        idx = [int(i) for i in np.asarray(index)]
        return Sgp4Fleet([self.satrecs[i] for i in idx], [self.names[i] for i in idx])

    @property
    def epoch_jd(self) -> FloatArray:
        """Epoch of each satellite's elements, Julian date UT."""
        return np.array([s.jdsatepoch + s.jdsatepochF for s in self.satrecs])

    def positions(self, jd_whole: float, seconds: FloatArray, out: Float32Array) -> tuple[Float32Array, np.ndarray]:
        """TEME positions at ``jd_whole + seconds / 86400``.

        Parameters
        ----------
        jd_whole : float
            Whole part of the Julian date of the run start.
        seconds : numpy.ndarray
            Times since ``jd_whole``, s, shape ``(n_steps,)``.
        out : numpy.ndarray
            float32 array ``(n_satellites, n_steps, 3)`` filled with metres.

        Returns
        -------
        positions : numpy.ndarray
            ``out``.
        errors : numpy.ndarray
            SGP4 error code per satellite and step (0 = good; 6 = decayed).
        """
        days = seconds / 86400.0
        whole = np.floor(days)
        jd = jd_whole + whole
        fr = days - whole
        err, r, _ = self.array.sgp4(jd, fr)
        out[...] = r * 1000.0
        return out, err


# --------------------------------------------------------------------------- TLE


def _tle_checksum(line: str) -> int:
    total = 0
    for ch in line[:68]:
        if ch.isdigit():
            total += int(ch)
        elif ch == "-":
            total += 1
    return total % 10


_TLE_FIELDS = {
    1: [
        (3, 7, "satellite number", r"[ 0-9A-Z]{4}[0-9]"),
        (8, 8, "classification", r"[UCS ]"),
        (19, 20, "epoch year", r"\d\d"),
        (21, 32, "epoch day", r"[ \d]{3}\.\d{8}"),
        (34, 43, "first derivative of mean motion", r"[ +-]\.\d{8}|[ +-]?0\.\d{7}|[ +-]?\d?\.\d+"),
        (45, 52, "second derivative of mean motion", r"[ +-]\d{5}[+-]\d"),
        (54, 61, "B*", r"[ +-]\d{5}[+-]\d"),
        (63, 63, "ephemeris type", r"[\d ]"),
        (65, 68, "element set number", r"[ \d]{3}\d"),
    ],
    2: [
        (3, 7, "satellite number", r"[ 0-9A-Z]{4}[0-9]"),
        (9, 16, "inclination", r"[ \d]{3}\.[\d ]{4}"),
        (18, 25, "right ascension of the node", r"[ \d]{3}\.[\d ]{4}"),
        (27, 33, "eccentricity", r"\d{7}"),
        (35, 42, "argument of perigee", r"[ \d]{3}\.[\d ]{4}"),
        (44, 51, "mean anomaly", r"[ \d]{3}\.[\d ]{4}"),
        (53, 63, "mean motion", r"[ \d]{2}\.[\d ]{8}"),
        (64, 68, "revolution number", r"[ \d]{5}"),
    ],
}
_TLE_BLANKS = {1: (2, 9, 18, 33, 44, 53, 62, 64), 2: (2, 8, 17, 26, 34, 43, 52)}


def _check_tle_line(line: str, kind: int, lineno: int, source: str) -> None:
    def fail(col: int, what: str, value: str) -> None:
        raise InputError(f"{source} line {lineno}, column {col}", value, what)

    if not line.isascii():
        col = next(k for k, ch in enumerate(line) if not ch.isascii())
        fail(col + 1, "TLE lines are ASCII text (digits 0-9)", line[col])
    if len(line) < 69:
        fail(len(line) + 1, f"a TLE line {kind} has 69 columns; this one ends at column {len(line)}", line)
    if len(line) > 69:
        fail(70, "a TLE line has 69 columns; unexpected text after column 69", line[69:])
    if line[0] != str(kind):
        fail(1, f"expected line number '{kind}'", line[0])
    for col in _TLE_BLANKS[kind]:
        if line[col - 1] != " ":
            fail(col, "expected a blank column in the fixed TLE layout", line[col - 1])
    for start, end, name, pattern in _TLE_FIELDS[kind]:
        text = line[start - 1 : end]
        if not re.fullmatch(pattern, text):
            fail(start, f"malformed {name} in columns {start}-{end}", text)
    if not line[68].isdigit():
        fail(69, "the checksum (column 69) must be a digit", line[68])
    expected = _tle_checksum(line)
    if int(line[68]) != expected:
        fail(69, f"checksum mismatch: the digits and minus signs of columns 1-68 give {expected}", line[68])


def parse_tle(text: str, source: str = "TLE") -> tuple[list[Satrec], list[str]]:
    """Satellites from two-line (or three-line, with names) element sets.

    Every line is checked against the fixed column layout of the format
    (field patterns, blank separator columns, the modulo-10 checksum in column
    69, matching catalogue numbers on both lines) before SGP4 initialises it.

    Parameters
    ----------
    text : str
        File contents.
    source : str, optional
        Name used in error messages (the file name).

    Returns
    -------
    satrecs : list of sgp4.api.Satrec
        WGS-72 constants, as the element sets are fitted with them.
    names : list of str
        Names from title lines, or the catalogue numbers.

    Raises
    ------
    skyrack.errors.InputError
        Naming the line and column of the first problem.

    References
    ----------
    .. [1] Vallado et al. (2006), appendix: TLE format and checksum.
    .. [2] CelesTrak, "NORAD two-line element set format" (T. S. Kelso).
    """
    lines = [ln.rstrip("\r\n").rstrip() for ln in text.splitlines()]
    satrecs: list[Satrec] = []
    names: list[str] = []
    pending_name: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("1 ") or (line.startswith("1") and len(line) >= 60):
            if i + 1 >= len(lines):
                raise InputError(f"{source} line {i + 1}, column 1", line[:20], "line 1 has no line 2 after it")
            line2 = lines[i + 1]
            _check_tle_line(line, 1, i + 1, source)
            _check_tle_line(line2, 2, i + 2, source)
            if line[2:7] != line2[2:7]:
                raise InputError(
                    f"{source} line {i + 2}, column 3",
                    line2[2:7],
                    f"catalogue number differs from line {i + 1} ({line[2:7]})",
                )
            sat = Satrec.twoline2rv(line, line2, WGS72)
            if sat.error:
                raise InputError(
                    f"{source} line {i + 1}, column 1",
                    line[:20],
                    f"SGP4 cannot initialise this element set (error {sat.error})",
                )
            satrecs.append(sat)
            names.append(pending_name or line[2:7].strip())
            pending_name = None
            i += 2
            continue
        if line.startswith("2 "):
            raise InputError(f"{source} line {i + 1}, column 1", line[:20], "line 2 without a line 1 before it")
        if pending_name is not None:
            raise InputError(
                f"{source} line {i + 1}, column 1",
                Note("a second line that is not a TLE line (text not shown)"),
                "expected TLE line 1 (starting '1 ') after the title line",
            )
        pending_name = line[2:].strip() if line.startswith("0 ") else line.strip()
        i += 1
    if not satrecs:
        raise InputError(source, Note("no line starting '1 '"), "no two-line element sets found")
    return satrecs, names


# --------------------------------------------------------------------------- OMM

_OMM_REQUIRED = (
    "EPOCH",
    "MEAN_MOTION",
    "ECCENTRICITY",
    "INCLINATION",
    "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER",
    "MEAN_ANOMALY",
)


def _omm_epoch_days(text: str, where: str) -> float:
    value = text.strip().rstrip("Z")
    for fmt in ("%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%jT%H:%M:%S.%f", "%Y-%jT%H:%M:%S"):
        try:
            stamp = datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
        origin = datetime(1949, 12, 31, tzinfo=UTC)
        return (stamp - origin).total_seconds() / 86400.0
    raise InputError(where, text, "EPOCH must be an ISO time such as 2025-11-27T12:00:00.000")


def _omm_satrec(fields: dict[str, tuple[str, str]], record: str) -> tuple[Satrec, str]:
    """One Satrec from OMM keywords; ``fields`` maps keyword -> (value, location)."""
    for key in _OMM_REQUIRED:
        if key not in fields:
            raise InputError(record, key, f"missing OMM keyword {key}")

    def num(key: str, default: float | None = None) -> float:
        if key not in fields:
            if default is None:
                raise InputError(record, key, f"missing OMM keyword {key}")
            return default
        value, where = fields[key]
        try:
            number = float(value)
        except ValueError:
            raise InputError(where, value, f"{key} must be a number") from None
        if not math.isfinite(number):
            raise InputError(where, value, f"{key} must be finite")
        return number

    deg = math.pi / 180.0
    epoch = _omm_epoch_days(*fields["EPOCH"])
    ecc = num("ECCENTRICITY")
    if not 0.0 <= ecc < 1.0:
        raise InputError(fields["ECCENTRICITY"][1], ecc, "ECCENTRICITY must be in [0, 1)")
    n_rev_day = num("MEAN_MOTION")
    if n_rev_day <= 0.0:
        raise InputError(fields["MEAN_MOTION"][1], n_rev_day, "MEAN_MOTION must be positive (rev/day)")
    satnum = int(num("NORAD_CAT_ID", 0.0)) % 100000
    sat = Satrec()
    sat.sgp4init(
        WGS72,
        "i",
        satnum,
        epoch,
        num("BSTAR", 0.0),
        num("MEAN_MOTION_DOT", 0.0) * 2 * math.pi / _MIN_PER_DAY**2,
        num("MEAN_MOTION_DDOT", 0.0) * 2 * math.pi / _MIN_PER_DAY**3,
        ecc,
        num("ARG_OF_PERICENTER") * deg,
        num("INCLINATION") * deg,
        num("MEAN_ANOMALY") * deg,
        n_rev_day * 2 * math.pi / _MIN_PER_DAY,
        num("RA_OF_ASC_NODE") * deg,
    )
    if sat.error:
        raise InputError(record, fields["EPOCH"][0], f"SGP4 cannot initialise this element set (error {sat.error})")
    name = fields.get("OBJECT_NAME", (str(satnum), ""))[0].strip() or str(satnum)
    return sat, name


_JSON_WINDOW = 1 << 16


def _parse_omm_json(text: str, source: str) -> list[tuple[Satrec, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{source} line {error.lineno}, column {error.colno}",
            Note("text that is not JSON (not shown)"),
            f"invalid JSON: {error.msg}",
        ) from None
    except RecursionError:
        raise InputError(source, Note("JSON nested too deeply"), "an OMM JSON list of records") from None
    records = data if isinstance(data, list) else [data]
    pos, line, line_start = 0, 1, 0
    out = []
    for k, rec in enumerate(records):
        where = f"{source} record {k + 1}"
        if not isinstance(rec, dict):
            raise InputError(where, type(rec).__name__, "each OMM record must be a JSON object")
        fields = {}
        for key, value in rec.items():
            # records and keys come in file order: search from the last match, in a bounded window (linear time)
            match = re.compile(r'"' + re.escape(str(key)) + r'"\s*:').search(text, pos, pos + _JSON_WINDOW)
            loc = where
            if match:  # count lines only over new text: linear in all
                line += text.count("\n", pos, match.start())
                line_start = max(line_start, text.rfind("\n", pos, match.start()) + 1)
                pos = match.end()
                loc = f"{source} line {line}, column {match.start() - line_start + 1} ({key})"
            fields[str(key).upper()] = (str(value), loc)
        out.append(_omm_satrec(fields, where))
    return out


def _parse_omm_xml(text: str, source: str) -> list[tuple[Satrec, str]]:
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise InputError(source, Note("a document type declaration"), "OMM XML without DTDs or entities")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        ln, col = error.position
        raise InputError(
            f"{source} line {ln}, column {col + 1}",
            Note("text that is not XML (not shown)"),
            f"invalid XML: {str(error).split(':')[0]}",
        ) from None
    except UnicodeEncodeError as error:  # a lone surrogate: no XML parser reads it
        ln, col = text.count("\n", 0, error.start) + 1, error.start - text.rfind("\n", 0, error.start)
        raise InputError(
            f"{source} line {ln}, column {col}",
            Note("a character that is not valid Unicode (not shown)"),
            "OMM XML in valid Unicode (UTF-8)",
        ) from None
    out = []
    segments = [el for el in root.iter() if el.tag.split("}")[-1] == "segment"] or [root]
    for k, seg in enumerate(segments):
        fields = {}
        for el in seg.iter():
            tag = el.tag.split("}")[-1].upper()
            if el.text is not None and el.text.strip() and len(el) == 0:
                fields[tag] = (el.text.strip(), f"{source} segment {k + 1}, <{tag}>")
        out.append(_omm_satrec(fields, f"{source} segment {k + 1}"))
    return out


def _parse_omm_kvn(text: str, source: str) -> list[tuple[Satrec, str]]:
    records: list[dict[str, tuple[str, str]]] = []
    current: dict[str, tuple[str, str]] = {}
    for ln, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("COMMENT"):
            continue
        if "=" not in stripped:
            raise InputError(
                f"{source} line {ln}, column 1",
                Note("a line without '=' (not shown)"),
                "expected 'KEYWORD = value' (OMM KVN)",
            )
        key, _, value = stripped.partition("=")
        key = key.strip().upper()
        col = line.index("=") + 2 + (len(value) - len(value.lstrip()))
        value = re.sub(r"\s*\[.*\]\s*$", "", value.strip())  # drop "[deg]" style units
        if key == "CCSDS_OMM_VERS" and current:
            records.append(current)
            current = {}
        if key in current and key in _OMM_REQUIRED:
            records.append(current)
            current = {}
        current[key] = (value, f"{source} line {ln}, column {col}")
    if current:
        records.append(current)
    return [_omm_satrec(rec, f"{source} record {k + 1}") for k, rec in enumerate(records)]


def parse_omm(text: str, source: str = "OMM") -> tuple[list[Satrec], list[str]]:
    """Satellites from a CCSDS Orbit Mean-elements Message (XML, JSON or KVN).

    Parameters
    ----------
    text : str
        File contents; the format is recognised from the first character
        (``<`` XML, ``[``/``{`` JSON, else KVN).
    source : str, optional
        Name used in error messages.

    Returns
    -------
    satrecs : list of sgp4.api.Satrec
        Initialised with ``sgp4init`` (WGS-72, as for TLEs).
    names : list of str
        OBJECT_NAME of each record.

    Raises
    ------
    skyrack.errors.InputError
        Naming the line and column (or record and keyword) of the problem.

    References
    ----------
    .. [1] CCSDS 502.0-B-3 (2023), OMM keywords and units: MEAN_MOTION rev/day,
           angles in degrees, MEAN_MOTION_DOT rev/day², MEAN_MOTION_DDOT rev/day³.
    """
    head = text.lstrip()[:1]
    if head == "<":
        pairs = _parse_omm_xml(text, source)
    elif head in "[{":
        pairs = _parse_omm_json(text, source)
    else:
        pairs = _parse_omm_kvn(text, source)
    if not pairs:
        raise InputError(source, Note("no records"), "no OMM records found")
    return [p[0] for p in pairs], [p[1] for p in pairs]


def read_fleet_file(path: str | Path, kind: str) -> Sgp4Fleet:
    """An :class:`Sgp4Fleet` from a TLE or OMM file (``kind`` is "tle" or "omm")."""
    p = Path(path)
    text = read_text(p, kind, MAX_FLEET_FILE_BYTES)
    sats, names = parse_tle(text, p.name) if kind == "tle" else parse_omm(text, p.name)
    return Sgp4Fleet(sats, names)
