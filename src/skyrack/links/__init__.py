"""Clusters and links: formation flying, optical inter-satellite links, topology and the ground segment.

>>> from skyrack.links import lattice_formation
>>> lattice_formation(81, 650e3, 1.71).radius_m
1000.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:  # the names of _EXPORTS, for type checkers (re-exported through __all__)
    from .formation import (  # noqa: F401
        Formation,
        differential_drag_dv_per_year,
        lattice_formation,
        neighbour_distances,
        oscillations_per_orbit,
        propagate_formation,
        schweighart_sedwick_c,
        station_keeping_dv_per_year,
        walker_positions,
    )
    from .ground import contact_fractions, friis_received_power_w, ground_segment, shannon_capacity_bps, slant_range_m  # noqa: F401
    from .optical import (  # noqa: F401
        Terminal,
        capacity_bps,
        fresnel_distance_m,
        load_terminals,
        received_power_w,
        spatial_modes,
        terminal,
    )
    from .report import links_summary  # noqa: F401
    from .topology import bisection_bps, cluster_graph, cluster_network, torus_bisection_bps  # noqa: F401

_EXPORTS = {
    "Formation": ".formation",
    "differential_drag_dv_per_year": ".formation",
    "lattice_formation": ".formation",
    "neighbour_distances": ".formation",
    "oscillations_per_orbit": ".formation",
    "propagate_formation": ".formation",
    "schweighart_sedwick_c": ".formation",
    "station_keeping_dv_per_year": ".formation",
    "walker_positions": ".formation",
    "contact_fractions": ".ground",
    "friis_received_power_w": ".ground",
    "ground_segment": ".ground",
    "shannon_capacity_bps": ".ground",
    "slant_range_m": ".ground",
    "Terminal": ".optical",
    "capacity_bps": ".optical",
    "fresnel_distance_m": ".optical",
    "load_terminals": ".optical",
    "received_power_w": ".optical",
    "spatial_modes": ".optical",
    "terminal": ".optical",
    "links_summary": ".report",
    "bisection_bps": ".topology",
    "cluster_graph": ".topology",
    "cluster_network": ".topology",
    "torus_bisection_bps": ".topology",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = sorted(_EXPORTS)
