"""Clusters and links: formation flying, optical inter-satellite links, topology and the ground segment.

>>> from skyrack.links import lattice_formation
>>> lattice_formation(81, 650e3, 1.71).radius_m
1000.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_package

if TYPE_CHECKING:  # the lazy names, re-exported explicitly for type checkers (PEP 484: X as X)
    from .formation import (
        Formation as Formation,
        differential_drag_dv_per_year as differential_drag_dv_per_year,
        lattice_formation as lattice_formation,
        neighbour_distances as neighbour_distances,
        oscillations_per_orbit as oscillations_per_orbit,
        propagate_formation as propagate_formation,
        schweighart_sedwick_c as schweighart_sedwick_c,
        station_keeping_dv_per_year as station_keeping_dv_per_year,
        walker_positions as walker_positions,
    )
    from .ground import (
        contact_fractions as contact_fractions,
        friis_received_power_w as friis_received_power_w,
        ground_segment as ground_segment,
        shannon_capacity_bps as shannon_capacity_bps,
        slant_range_m as slant_range_m,
    )
    from .optical import (
        Terminal as Terminal,
        capacity_bps as capacity_bps,
        fresnel_distance_m as fresnel_distance_m,
        load_terminals as load_terminals,
        received_power_w as received_power_w,
        spatial_modes as spatial_modes,
        terminal as terminal,
    )
    from .report import links_summary as links_summary
    from .topology import (
        bisection_bps as bisection_bps,
        cluster_graph as cluster_graph,
        cluster_network as cluster_network,
        torus_bisection_bps as torus_bisection_bps,
    )

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
