"""Views of the constellation from a run's recorded positions, as offline Plotly figures.

* :func:`ground_tracks` — the sub-satellite points on a world map (cut at the antimeridian);
* :func:`constellation_3d` — the fleet at one instant around the Earth, or, for a cluster
  a few kilometres across, in the cluster's own radial / along-track / cross-track frame;
* :func:`illumination_along_orbit` — the visible fraction of the solar disc along the orbit,
  with the eclipse (less than half the disc visible) shaded.

:func:`orbit_views` runs the short simulations these are drawn from (with positions) and
:func:`orbit_data` gives the same data as JSON-ready lists for the web page. Every figure is
self-contained: :func:`figure_html` embeds plotly.js from the installed package (no network).

References
----------
.. [1] D. A. Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., 2013,
       sec. 3.3 (RSW/RTN satellite frame: radial, along-track, cross-track).
"""

from __future__ import annotations

import functools
import tempfile
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..export.kml import antimeridian_pieces
from ..export.track import Track, read_tracks
from ..physics.constants import R_EARTH

__all__ = [
    "constellation_3d",
    "figure_html",
    "ground_tracks",
    "illumination_along_orbit",
    "orbit_data",
    "orbit_views",
    "relative_rtn_km",
]

CLUSTER_SPREAD_M = 200e3
"""A fleet whose satellites all lie within this of their centre is drawn in its own frame, in km."""
_ECLIPSE = 0.5  # less than half the solar disc visible (skyrack.physics.illumination.ECLIPSE_DEFINITION)
_MAX_TRACKS = 12  # ground tracks drawn
_SHELL_SATELLITES = 200  # satellites in the 3D view


def _go() -> Any:
    import plotly.graph_objects as go

    return go


def figure_html(fig: Any, include_plotlyjs: bool) -> str:
    """A figure as an HTML fragment; ``include_plotlyjs`` inlines plotly.js (do it once per page)."""
    return str(fig.to_html(full_html=False, include_plotlyjs=bool(include_plotlyjs), config={"responsive": True}))


def _split_lon(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes with a gap (NaN, which Plotly does not join) at each antimeridian crossing."""
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for piece in antimeridian_pieces(lon):
        xs += [lon[piece], np.array([np.nan])]
        ys += [lat[piece], np.array([np.nan])]
    return (np.concatenate(xs), np.concatenate(ys)) if xs else (np.zeros(0), np.zeros(0))


@functools.cache
def coastlines() -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes (deg) of the land outlines, rings separated by NaN.

    Natural Earth 1:110m land, as TopoJSON from ``world-atlas`` (see ``report/data/README.md``):
    quantised, delta-encoded arcs; a ring joins its arcs (``~i`` is arc ``i`` reversed), each
    arc after the first losing its first point, the last point of the arc before.

    References
    ----------
    .. [1] M. Bostock, *The TopoJSON Format Specification*, 1.0, 2013, sec. 2.1.2–2.1.5
           (transforms and arcs).
    """
    import json
    from importlib.resources import files

    topo = json.loads(files("skyrack.report").joinpath("data/land-110m.json").read_text())
    scale, shift = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = [np.cumsum(np.asarray(arc, dtype=np.float64), axis=0) * scale + shift for arc in topo["arcs"]]
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for geometry in topo["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for ring in (ring for polygon in polygons for ring in polygon):
            points = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ring]
            line = np.concatenate([points[0], *(p[1:] for p in points[1:])])
            lon, lat = _split_lon(line[:, 0], line[:, 1])
            xs.append(lon)
            ys.append(lat)
    x, y = np.concatenate(xs), np.concatenate(ys)
    x.flags.writeable = y.flags.writeable = False  # cached: shared by every caller
    return x, y


def ground_tracks(tracks: Sequence[Track], title: str = "Ground tracks") -> Any:
    """Map (longitude, latitude) of the sub-satellite points of each track over the coastlines.

    Drawn on plain axes with the land outlines shipped with skyrack, so the map needs no network;
    points in eclipse (less than half the solar disc visible) are marked.
    """
    go = _go()
    land_x, land_y = coastlines()
    fig = go.Figure(go.Scatter(x=land_x, y=land_y, mode="lines", name="coastline", hoverinfo="skip",
                               line={"width": 0.7, "color": "#9a9a90"}, showlegend=False))  # fmt: skip
    for track in tracks[:_MAX_TRACKS]:
        lon, lat = _split_lon(track.longitude_deg, track.latitude_deg)
        fig.add_trace(go.Scatter(x=lon, y=lat, mode="lines", name=track.name, line={"width": 1.5}))
    dark = [t.illumination < _ECLIPSE for t in tracks[:_MAX_TRACKS]]
    if any(d.any() for d in dark):
        lon_all = np.concatenate([t.longitude_deg[d] for t, d in zip(tracks, dark, strict=False)])
        lat_all = np.concatenate([t.latitude_deg[d] for t, d in zip(tracks, dark, strict=False)])
        fig.add_trace(go.Scatter(x=lon_all, y=lat_all, mode="markers", name="in eclipse",
                                 marker={"size": 3, "color": "#28408c"}))  # fmt: skip
    fig.update_layout(
        title=title, height=460, margin={"l": 50, "r": 10, "t": 40, "b": 40}, plot_bgcolor="#f4f7fb",
        xaxis={"title": "longitude, °", "range": [-180, 180], "dtick": 30, "zeroline": False},
        yaxis={"title": "latitude, °", "range": [-90, 90], "dtick": 30, "zeroline": False, "scaleanchor": "x"},
    )  # fmt: skip
    return fig


def relative_rtn_km(r_m: np.ndarray, v_m_per_s: np.ndarray) -> np.ndarray:
    """Positions relative to their centroid in the centroid's radial, along-track, cross-track frame, km.

    Parameters
    ----------
    r_m, v_m_per_s : numpy.ndarray
        Inertial positions (m) and velocities (m/s) of the satellites at one instant, shape (n, 3).

    Returns
    -------
    numpy.ndarray
        (n, 3): radial, along-track, cross-track offsets, km (Vallado 2013, sec. 3.3).
    """
    centre, v = r_m.mean(axis=0), v_m_per_s.mean(axis=0)
    radial = centre / np.linalg.norm(centre)
    normal = np.cross(centre, v)
    normal /= np.linalg.norm(normal)
    along = np.cross(normal, radial)
    d = r_m - centre
    return np.stack([d @ radial, d @ along, d @ normal], axis=1) / 1e3


def _earth(go: Any) -> Any:
    u, w = np.meshgrid(np.linspace(0, 2 * np.pi, 48), np.linspace(-np.pi / 2, np.pi / 2, 24))
    r = R_EARTH / 1e3
    return go.Surface(
        x=r * np.cos(w) * np.cos(u), y=r * np.cos(w) * np.sin(u), z=r * np.sin(w), showscale=False, opacity=0.6,
        colorscale=[[0, "#3a6ea5"], [1, "#3a6ea5"]], hoverinfo="skip", name="Earth",
    )  # fmt: skip


def constellation_3d(tracks: Sequence[Track], title: str = "The fleet in 3D") -> Any:
    """The satellites at the first recorded instant, coloured by illumination.

    Around the Earth (inertial frame, km) with one orbit of the first satellites drawn; a fleet
    within :data:`CLUSTER_SPREAD_M` of its centre is drawn instead in its own radial /
    along-track / cross-track frame, km (a 1 km cluster is a dot at the Earth's scale).
    """
    go = _go()
    r = np.array([t.r_eci_m[0] for t in tracks])
    v = np.array([t.v_eci_m_per_s[0] for t in tracks])
    nu = np.array([t.illumination[0] for t in tracks])
    names = [t.name for t in tracks]
    spread = float(np.max(np.linalg.norm(r - r.mean(axis=0), axis=1))) if len(tracks) else 0.0
    marker = {"size": 4, "color": nu, "colorscale": "Cividis", "cmin": 0, "cmax": 1,
              "colorbar": {"title": "illumination"}}  # fmt: skip
    fig = go.Figure()
    if len(tracks) > 1 and spread < CLUSTER_SPREAD_M:
        rel = relative_rtn_km(r, v)
        fig.add_trace(go.Scatter3d(x=rel[:, 1], y=rel[:, 2], z=rel[:, 0], mode="markers", marker=marker, text=names,
                                   name="satellites"))  # fmt: skip
        axes = {"xaxis_title": "along-track, km", "yaxis_title": "cross-track, km", "zaxis_title": "radial, km",
                "aspectmode": "data"}  # fmt: skip
        title = f"{title}: the cluster in its own frame ({spread / 1e3:.2f} km from its centre at most)"
    else:
        fig.add_trace(_earth(go))
        for t in tracks[:3]:
            p = t.r_eci_m / 1e3
            fig.add_trace(go.Scatter3d(x=p[:, 0], y=p[:, 1], z=p[:, 2], mode="lines", name=f"{t.name} path",
                                       line={"width": 2}))  # fmt: skip
        km = r / 1e3
        fig.add_trace(go.Scatter3d(x=km[:, 0], y=km[:, 1], z=km[:, 2], mode="markers", marker=marker, text=names,
                                   name="satellites"))  # fmt: skip
        axes = {"xaxis_title": "x (equinox), km", "yaxis_title": "y, km", "zaxis_title": "z (pole), km",
                "aspectmode": "data"}  # fmt: skip
    fig.update_layout(title=title, height=520, scene=axes, margin={"l": 0, "r": 0, "t": 40, "b": 0})
    return fig


def illumination_along_orbit(track: Track, title: str = "Illumination along the orbit") -> Any:
    """The visible fraction of the solar disc against time for one satellite, eclipses shaded."""
    go = _go()
    minutes = (track.elapsed_s - track.elapsed_s[0]) / 60.0
    fig = go.Figure(go.Scatter(x=minutes, y=track.illumination, mode="lines", name=track.name))
    dark = track.illumination < _ECLIPSE
    for piece in _runs(dark):
        fig.add_vrect(x0=minutes[piece.start], x1=minutes[piece.stop - 1], fillcolor="#28408c", opacity=0.2,
                      line_width=0)  # fmt: skip
    fig.update_layout(
        title=title, height=320, xaxis_title=f"minutes from {np.datetime_as_string(track.time[0], unit='m')} UTC",
        yaxis_title="visible fraction of the solar disc", yaxis_range=[-0.05, 1.05],
        margin={"l": 60, "r": 10, "t": 40, "b": 50},
    )  # fmt: skip
    return fig


def _runs(mask: np.ndarray) -> list[slice]:
    """Slices of consecutive True values."""
    edges = np.diff(np.r_[0, mask.astype(np.int8), 0])
    return [slice(a, b) for a, b in zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0], strict=True)]


# --------------------------------------------------------------------------- data from short runs


def _run_tracks(result: Any, satellites: int, **settings: Any) -> list[Track]:
    """Tracks of a short simulation with positions at every step (no dose table)."""
    from ..simulate import simulate
    from ..simulate.positions import Positions

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        simulate(result, satellites=satellites, dose=False, out_dir=tmp,
                 positions=Positions(float(settings["step"]), satellites), **settings)  # fmt: skip
        return list(read_tracks(tmp))


def orbit_views(result: Any, start_jd: float | None, days: float, seed: int = 0) -> dict[str, Any]:
    """The three figures of a design, from two short runs with positions.

    Ground tracks and illumination: up to three satellites over ``days`` from ``start_jd`` (the
    report starts at the year's worst eclipse); the 3D view: up to 200 satellites over one orbit.
    """
    fleet = int(max(1, min(float(result.values["constellation.satellites"]), 1e9)))
    period = float(result.values["orbit.period_s"])
    step = min(60.0, period / 20.0)
    start = {} if start_jd is None else {"start": start_jd}
    tracks = _run_tracks(result, min(3, fleet), duration=days * 86400.0, step=step, seed=seed, **start)
    shell = _run_tracks(result, min(_SHELL_SATELLITES, fleet), duration=period, step=period / 60.0, seed=seed,
                        **start)  # fmt: skip
    return {
        "ground_tracks": ground_tracks(tracks),
        "constellation_3d": constellation_3d(shell),
        "illumination": illumination_along_orbit(_first_orbits(tracks[0], period, 3)),
    }


def _first_orbits(track: Track, period_s: float, orbits: int) -> Track:
    """The part of a track that covers its first ``orbits`` orbits."""
    n = int(np.searchsorted(track.elapsed_s, track.elapsed_s[0] + orbits * period_s)) + 1
    return Track(track.name, *(getattr(track, f)[:n] for f in _FIELDS))


_FIELDS = ("time", "elapsed_s", "r_eci_m", "v_eci_m_per_s", "r_ecef_m", "latitude_deg", "longitude_deg",
           "altitude_m", "illumination")  # fmt: skip


def orbit_data(result: Any, start_jd: float | None, days: float = 1.0, seed: int = 0) -> dict[str, Any]:
    """The three views as Plotly JSON (``data`` and ``layout``, drawn by plotly.js as they are), for the page."""
    period = float(result.values["orbit.period_s"])
    figures = orbit_views(result, start_jd, days, seed)
    return {"period_min": period / 60.0, "figures": {name: _json_figure(fig) for name, fig in figures.items()}}


def _json_figure(fig: Any) -> dict[str, Any]:
    """A Plotly figure as a plain dict (data and layout) that plotly.js draws as it is."""
    import json

    out: dict[str, Any] = json.loads(fig.to_json())
    return out
