"""Cluster and ground links of a designed system (a :class:`skyrack.model.Result`).

Layout: a design whose ``constellation.layout`` is ``cluster`` (or ``auto`` with
2–400 satellites) flies as a Suncatcher-style lattice cluster with
``suncatcher-isl`` terminals; larger fleets as a Walker delta T/P/F torus with
four ``spacex-laser`` terminals per satellite; one satellite has no ISL.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..physics.atmosphere import density
from ..physics.constants import R_EARTH
from .formation import lattice_formation, neighbour_distances, oscillations_per_orbit, station_keeping_dv_per_year
from .ground import ground_segment
from .optical import terminal
from .topology import IB_NDR_BPS_PER_GPU, NVLINK5_BPS_PER_GPU, cluster_network, torus_bisection_bps

__all__ = ["AREA_TO_MASS_M2_KG", "BC_SPREAD", "MAX_CLUSTER", "links_summary", "walker_shape"]

MAX_CLUSTER = 400
"""Largest fleet flown as one lattice cluster by the ``auto`` layout."""
BC_SPREAD = 0.1
"""Assumed fractional ballistic-coefficient spread across a cluster (differential drag)."""
AREA_TO_MASS_M2_KG = 0.06
"""Fallback area-to-mass ratio, m²/kg (≈ 105 m² array on a 1.8 t satellite)."""


def walker_shape(total: int) -> tuple[int, int, int]:
    """A Walker T/P/F for at least ``total`` satellites: P = round(√T), S = ⌈T/P⌉, T = P·S, F = 1.

    Examples
    --------
    >>> walker_shape(81)
    (81, 9, 1)
    >>> walker_shape(37894)
    (38025, 195, 1)
    """
    planes = max(1, round(math.sqrt(total)))
    per_plane = math.ceil(total / planes)
    return planes * per_plane, planes, 1 if planes > 1 else 0


def _inclination(result: Any) -> float:
    inc = float(result.values.get("orbit.inclination_rad", math.nan))
    return inc if math.isfinite(inc) else 0.0


def links_summary(result: Any, times: int = 5, stations: list[str] | None = None) -> dict[str, Any]:
    """Cluster links, topology, station keeping and ground links of a design.

    Parameters
    ----------
    result : skyrack.model.Result
        A designed system.
    times : int, default 5
        Topology snapshots over half an orbit (the formation's shape period).
    stations : list of str, optional
        Ground stations (all catalog stations when omitted).

    Returns
    -------
    dict
        ``layout``; ``cluster`` (neighbour distances, links, bisection, per-GPU
        bisection vs NVLink/InfiniBand, station keeping); ``ground`` (see
        :func:`skyrack.links.ground.ground_segment`); and the per-satellite
        ``injection_bps`` and fleet ``bisection_bps`` the workloads use.
    """
    if hasattr(result, "require_satellites"):
        result.require_satellites("a links report")
    v, p = result.values, result.params
    sats = round(v.get("constellation.satellites", 1.0))
    acc = float(v.get("compute.accelerators", 1.0))
    alt = float(p["orbit.altitude"])
    inc = _inclination(result)
    layout = str(p.get("constellation.layout", "auto"))
    if sats <= 1:
        kind = "single"
    elif layout == "cluster" or (layout == "auto" and sats <= MAX_CLUSTER):
        kind = "cluster"
    else:
        kind = "walker"
    out: dict[str, Any] = {"layout": kind, "satellites": sats, "accelerators": acc}
    cluster: dict[str, Any] = {}
    cluster_delay = 0.0
    cluster_hops = 0.0
    if kind == "single":
        injection = math.inf
        bisection = math.inf
    elif kind == "cluster":
        form = lattice_formation(min(sats, MAX_CLUSTER), alt, inc)
        term = terminal("suncatcher-isl")
        spo = 200
        t = np.linspace(0.0, 4.0 * form.period_s, 4 * spo, endpoint=False)
        nd = neighbour_distances(form, t)
        pair = nd["pair_m"]
        net = cluster_network(form, term, np.linspace(0.0, form.period_s / 2.0, times, endpoint=False))
        mass = float(v.get("mass.per_satellite_kg", math.nan))
        area = float(v.get("power.array_area_m2", math.nan)) + float(v.get("thermal.radiator_area_m2", 0.0))
        a2m = area / mass if math.isfinite(area / mass) and area / mass > 0 else AREA_TO_MASS_M2_KG
        sk = station_keeping_dv_per_year(form, float(density(alt)), a2m, BC_SPREAD)
        bis = float(net["bisection_bps"].min())
        cluster = {
            "terminal": term.name,
            "radius_m": form.radius_m,
            "neighbour_min_m": float(pair.min()) if pair.size else math.nan,
            "neighbour_max_m": float(pair.max()) if pair.size else math.nan,
            "neighbour_oscillations_per_orbit": oscillations_per_orbit(pair[:, 0], spo) if pair.size else 0.0,
            "nearest_min_m": float(nd["nearest_m"].min()),
            "nearest_max_m": float(nd["nearest_m"].max()),
            "min_separation_m": float(nd["min_separation_m"]),
            "links": float(net["links"].max()),
            "link_min_bps": float(net["min_link_bps"].min()),
            "link_max_bps": float(net["max_link_bps"].max()),
            "bisection_min_bps": bis,
            "bisection_max_bps": float(net["bisection_bps"].max()),
            "mean_hops": float(net["mean_hops"].mean()),
            "diameter_hops": float(net["diameter_hops"].max()),
            "max_path_delay_s": float(net["max_path_delay_s"].max()),
            "area_to_mass_m2_kg": a2m,
            "bc_spread": BC_SPREAD,
            **{f"dv_{k}": val for k, val in sk.items()},
        }
        injection = 4.0 * float(net["min_link_bps"].min())
        bisection = bis
        cluster_hops = float(net["mean_hops"].mean())
        cluster_delay = float(net["max_path_delay_s"].max())
    else:
        total, planes, phasing = walker_shape(sats)
        per_plane = total // planes
        a = R_EARTH + alt
        spacing = 2.0 * a * math.sin(math.pi / per_plane) if per_plane > 1 else 2.0 * a
        term = terminal("spacex-laser")
        link = float(term.capacity_bps(spacing))
        bisection = torus_bisection_bps(planes, per_plane, link)
        injection = 4.0 * link
        cluster = {
            "terminal": term.name,
            "walker": f"{total}/{planes}/{phasing}",
            "intra_plane_spacing_m": spacing,
            "link_min_bps": link,
            "link_max_bps": link,
            "links": 2.0 * total,
            "bisection_min_bps": bisection,
            "mean_hops": (planes + per_plane) / 4.0,
        }
        cluster_hops = (planes + per_plane) / 4.0
        cluster_delay = cluster_hops * spacing / 299792458.0
    if math.isfinite(bisection):
        cluster["bisection_per_accelerator_bps"] = bisection / (acc / 2.0)
    cluster["nvlink5_per_gpu_bps"] = NVLINK5_BPS_PER_GPU
    cluster["ib_ndr_per_gpu_bps"] = IB_NDR_BPS_PER_GPU
    out["cluster"] = cluster
    out["injection_bps"] = injection
    out["bisection_bps"] = bisection
    ground = ground_segment(alt, inc, stations, cluster_hops=cluster_hops, cluster_delay_s=cluster_delay)
    out["ground"] = ground
    # Assumption: every satellite carries its own downlink terminal and stations have an antenna per satellite.
    out["downlink_tb_per_day"] = sats * (float(ground["ka_tb_per_day"]) + float(ground["optical_tb_per_day"]))
    if kind == "walker":
        # a dense constellation always has a satellite overhead: serve users directly (Starlink-like), no fibre
        out["user_fraction"] = 1.0
        out["user_latency_s"] = float(ground["latency_mask_s"]) - float(ground["terrestrial_latency_s"]) - cluster_delay
    else:
        out["user_fraction"] = float(ground["contact_fraction_any"])
        out["user_latency_s"] = float(ground["latency_mask_s"])
    return out
