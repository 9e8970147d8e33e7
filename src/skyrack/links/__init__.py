"""Clusters and links: formation flying, optical inter-satellite links, topology and the ground segment.

>>> from skyrack.links import lattice_formation
>>> lattice_formation(81, 650e3, 1.71).radius_m
1000.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_package

if TYPE_CHECKING:  # the lazy names, for type checkers
    from .formation import (
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
    from .ground import contact_fractions, friis_received_power_w, ground_segment, shannon_capacity_bps, slant_range_m
    from .optical import (
        Terminal,
        capacity_bps,
        fresnel_distance_m,
        load_terminals,
        received_power_w,
        spatial_modes,
        terminal,
    )
    from .report import links_summary
    from .topology import bisection_bps, cluster_graph, cluster_network, torus_bisection_bps

__getattr__, __dir__, __all__ = lazy_package(
    __name__,
    {
        ".formation": (
            "Formation differential_drag_dv_per_year lattice_formation neighbour_distances oscillations_per_orbit"
            " propagate_formation schweighart_sedwick_c station_keeping_dv_per_year walker_positions"
        ),
        ".ground": "contact_fractions friis_received_power_w ground_segment shannon_capacity_bps slant_range_m",
        ".optical": "Terminal capacity_bps fresnel_distance_m load_terminals received_power_w spatial_modes terminal",
        ".report": "links_summary",
        ".topology": "bisection_bps cluster_graph cluster_network torus_bisection_bps",
    },
)
