"""Cluster network topology over time: per-link capacity, routing and bisection bandwidth.

Each cluster member carries four optical terminals pointed at its lattice
neighbours (±1 radial, ±1 along-track index); a link's capacity follows from the
optical budget at the instantaneous distance. Bisection bandwidth is the
minimum cut between two halves of the cluster split by a plane through its
centre (networkx max-flow/min-cut [1]_), taken as the smaller of the radial and
along-track splits.

References
----------
.. [1] Ford, L. R. & Fulkerson, D. R., "Maximal flow through a network",
       Canadian J. Math. 8, 399–404 (1956); networkx ``minimum_cut``.
.. [2] NVIDIA, "NVIDIA Blackwell Architecture Technical Brief" (2024): NVLink 5,
       1.8 TB/s bidirectional per GPU.
.. [3] NVIDIA, "ConnectX-7 / Quantum-2 InfiniBand NDR" datasheets (2022):
       400 Gb/s per port, one port per GPU in DGX H100/B200 compute fabrics.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .formation import Formation, _lattice_pairs, propagate_formation
from .optical import C_LIGHT, Terminal

__all__ = [
    "IB_NDR_BPS_PER_GPU",
    "NVLINK5_BPS_PER_GPU",
    "bisection_bps",
    "cluster_graph",
    "cluster_network",
    "torus_bisection_bps",
]

NVLINK5_BPS_PER_GPU = 1.8e12 * 8
"""NVLink 5 bandwidth per GPU, bit/s (1.8 TB/s; NVIDIA Blackwell technical brief, 2024)."""
IB_NDR_BPS_PER_GPU = 400e9
"""InfiniBand NDR scale-out bandwidth per GPU, bit/s (400 Gb/s; NVIDIA ConnectX-7 datasheet)."""


def cluster_graph(formation: Formation, term: Terminal, t_s: float, modes: float | None = None) -> nx.Graph:
    """The cluster's link graph at time ``t_s``.

    Parameters
    ----------
    formation : Formation
    term : Terminal
        The optical terminal on every link.
    t_s : float
        Time, s.
    modes : float, optional
        Spatial modes per link (default: the terminal's).

    Returns
    -------
    networkx.Graph
        Nodes 0..n−1 with ``index`` (lattice coordinates); edges with
        ``distance_m``, ``capacity`` (bit/s, one direction) and ``delay_s``.

    References
    ----------
    .. [1] Agüera y Arcas et al., arXiv:2511.19468 (2025) (lattice neighbours as link partners).
    """
    pos = propagate_formation(formation, [t_s])[0]
    pairs = _lattice_pairs(formation)
    dist = np.linalg.norm(pos[pairs[:, 0]] - pos[pairs[:, 1]], axis=-1)
    cap = term.capacity_bps(dist, modes=modes)
    g = nx.Graph()
    for k, (i, j) in enumerate(formation.index):
        g.add_node(k, index=(int(i), int(j)))
    for (p, q), d, c in zip(pairs, dist, np.atleast_1d(cap), strict=True):
        g.add_edge(int(p), int(q), distance_m=float(d), capacity=float(c), delay_s=float(d) / C_LIGHT)
    return g


def bisection_bps(graph: nx.Graph, side_a: set[int]) -> float:
    """Minimum cut between ``side_a`` and the rest of ``graph``, bit/s (one direction).

    Parameters
    ----------
    graph : networkx.Graph
        Edges with ``capacity`` (bit/s).
    side_a : set of int
        Nodes of one half.

    Returns
    -------
    float
        bit/s. A 2×2 grid of unit links split in columns → 2.

    References
    ----------
    .. [1] Ford & Fulkerson (1956).
    """
    side_b = set(graph.nodes) - side_a
    if not side_a or not side_b:
        return math.inf
    dg = nx.DiGraph()
    for u, v, data in graph.edges(data=True):
        dg.add_edge(u, v, capacity=data["capacity"])
        dg.add_edge(v, u, capacity=data["capacity"])
    src, snk = "_a", "_b"
    for u in side_a:
        dg.add_edge(src, u)  # no capacity attribute: infinite
    for v in side_b:
        dg.add_edge(v, snk)
    value, _ = nx.minimum_cut(dg, src, snk)
    return float(value)


def _halves(formation: Formation) -> list[set[int]]:
    idx = formation.index
    along = {k for k, (i, j) in enumerate(idx) if j < 0 or (j == 0 and i < 0)}
    radial = {k for k, (i, j) in enumerate(idx) if i < 0 or (i == 0 and j < 0)}
    return [along, radial]


def cluster_network(
    formation: Formation, term: Terminal, t_s: ArrayLike, modes: float | None = None
) -> dict[str, NDArray[np.float64]]:
    """Link capacities, routing and bisection bandwidth at several times.

    Parameters
    ----------
    formation : Formation
    term : Terminal
    t_s : array (m,)
        Times, s.
    modes : float, optional
        Spatial modes per link.

    Returns
    -------
    dict of arrays (m,)
        ``links``, ``min_link_bps``, ``max_link_bps``, ``mean_link_bps``,
        ``bisection_bps`` (the smaller planar split), ``mean_hops``,
        ``diameter_hops``, ``max_path_delay_s`` (distance-weighted shortest path).

    References
    ----------
    .. [1] Ford & Fulkerson (1956); networkx shortest paths (Dijkstra).
    """
    times = np.atleast_1d(np.asarray(t_s, dtype=np.float64))
    keys = (
        "links",
        "min_link_bps",
        "max_link_bps",
        "mean_link_bps",
        "bisection_bps",
        "mean_hops",
        "diameter_hops",
        "max_path_delay_s",
    )
    out = {k: np.zeros(times.size) for k in keys}
    halves = _halves(formation)
    for n, t in enumerate(times):
        g = cluster_graph(formation, term, float(t), modes)
        caps = np.array([c for _, _, c in g.edges(data="capacity")], dtype=np.float64)
        out["links"][n] = g.number_of_edges()
        out["min_link_bps"][n] = caps.min() if caps.size else 0.0
        out["max_link_bps"][n] = caps.max() if caps.size else 0.0
        out["mean_link_bps"][n] = caps.mean() if caps.size else 0.0
        out["bisection_bps"][n] = min(bisection_bps(g, h) for h in halves) if g.number_of_nodes() > 1 else math.inf
        if g.number_of_nodes() > 1 and nx.is_connected(g):
            hops = dict(nx.all_pairs_shortest_path_length(g))
            lengths = [d for src, row in hops.items() for dst, d in row.items() if src != dst]
            out["mean_hops"][n] = float(np.mean(lengths))
            out["diameter_hops"][n] = float(max(lengths))
            delays = dict(nx.all_pairs_dijkstra_path_length(g, weight="delay_s"))
            out["max_path_delay_s"][n] = max(max(row.values()) for row in delays.values())
    return out


def torus_bisection_bps(planes: int, per_plane: int, link_bps: float) -> float:
    """Bisection of a Walker constellation's P × S torus (intra- and cross-plane links), bit/s.

    Cutting a 2-D torus across its longer dimension severs two rings of the
    shorter one: 2·min(P, S) links.

    Parameters
    ----------
    planes, per_plane : int
        P planes of S satellites.
    link_bps : float
        Capacity per link, bit/s.

    Returns
    -------
    float
        bit/s. 72 × 22 torus of 100 Gb/s links → 2·22·100 Gb/s = 4.4 Tb/s.

    References
    ----------
    .. [1] Dally, W. J. & Towles, B., *Principles and Practices of Interconnection
           Networks*, Morgan Kaufmann (2004), §3.3 (torus bisection).
    """
    if planes * per_plane < 2:
        return math.inf
    if min(planes, per_plane) == 1:
        return 2.0 * link_bps
    return 2.0 * min(planes, per_plane) * link_bps
