"""The ``skyrack links`` command (added to the main app by :func:`register`)."""

from __future__ import annotations

import math
from typing import Any

import typer
from rich.table import Table

from ..cli_common import (
    CatalogOption,
    JsonFlag,
    ScenarioArgument,
    SetOption,
    console,
    emit_json,
    friendly,
    overrides,
)

__all__ = ["register"]


def _fmt(x: Any, spec: str = ".4g") -> str:
    if isinstance(x, float):
        if math.isinf(x):
            return "∞"
        if math.isnan(x):
            return "—"
        return f"{x:{spec}}"
    return str(x)


def _design(scenario: str, overrides: list[str]) -> Any:
    from ..model import design, load_scenario

    return design(load_scenario(scenario, overrides), parity=False)


_CLUSTER_ROWS: tuple[tuple[str, str, float, str], ...] = (
    ("terminal", "terminal", 1.0, ""),
    ("walker", "Walker T/P/F", 1.0, ""),
    ("radius_m", "cluster radius, m", 1.0, ",.0f"),
    ("neighbour_min_m", "lattice-neighbour distance min, m", 1.0, ".1f"),
    ("neighbour_max_m", "lattice-neighbour distance max, m", 1.0, ".1f"),
    ("neighbour_oscillations_per_orbit", "neighbour-distance cycles per orbit", 1.0, ".2f"),
    ("min_separation_m", "minimum separation, m", 1.0, ".1f"),
    ("intra_plane_spacing_m", "intra-plane spacing, km", 1e-3, ",.0f"),
    ("links", "links", 1.0, ",.0f"),
    ("link_min_bps", "link capacity min, Gb/s", 1e-9, ",.0f"),
    ("link_max_bps", "link capacity max, Gb/s", 1e-9, ",.0f"),
    ("bisection_min_bps", "bisection bandwidth, Tb/s", 1e-12, ",.2f"),
    ("bisection_per_accelerator_bps", "bisection per accelerator, Gb/s", 1e-9, ",.3f"),
    ("ib_ndr_per_gpu_bps", "terrestrial InfiniBand NDR per GPU, Gb/s", 1e-9, ",.0f"),
    ("nvlink5_per_gpu_bps", "terrestrial NVLink 5 per GPU, Gb/s", 1e-9, ",.0f"),
    ("mean_hops", "mean hops", 1.0, ".2f"),
    ("diameter_hops", "diameter, hops", 1.0, ".0f"),
    ("dv_j2_m_s_per_yr", "station keeping J2, m/s/yr", 1.0, ".2f"),
    ("dv_drag_m_s_per_yr", "station keeping differential drag, m/s/yr", 1.0, ".3f"),
    ("dv_total_m_s_per_yr", "station keeping total, m/s/yr", 1.0, ".2f"),
)


def _links_tables(name: str, s: dict[str, Any]) -> list[Table]:
    t1 = Table(title=f"{name}: cluster links ({s['layout']}, {s['satellites']:,} satellites)", header_style="bold")
    t1.add_column("quantity")
    t1.add_column("value", justify="right")
    c = s["cluster"]
    for key, label, mult, spec in _CLUSTER_ROWS:
        if key not in c:
            continue
        val = c[key]
        t1.add_row(label, _fmt(val * mult, spec) if isinstance(val, float) else str(val))
    g = s["ground"]
    t2 = Table(title=f"{name}: ground links (per satellite)", header_style="bold")
    for col in ("station", "contact min/day", "Ka TB/day", "cloud-free", "optical TB/day"):
        t2.add_column(col, justify="left" if col == "station" else "right")
    for row in g["stations"]:
        t2.add_row(
            row["station"],
            f"{row['contact_minutes_per_day']:.0f}",
            f"{row['ka_tb_per_day']:.1f}",
            f"{row['cloud_free']:.2f}",
            f"{row['optical_tb_per_day']:.1f}",
        )
    t2.add_row("any station", f"{g['contact_fraction_any'] * 1440:.0f}", f"{g['ka_tb_per_day']:.1f}", "", "")
    t3 = Table(title=f"{name}: latency to users (one way)", header_style="bold")
    t3.add_column("path")
    t3.add_column("ms", justify="right")
    t3.add_row("orbit, satellite at zenith", f"{g['latency_zenith_s'] * 1e3:.2f}")
    t3.add_row("orbit, satellite at the elevation mask", f"{g['latency_mask_s'] * 1e3:.2f}")
    t3.add_row("orbit, as served (model)", f"{s['user_latency_s'] * 1e3:.2f}")
    t3.add_row("terrestrial region (1,000 km fibre)", f"{g['terrestrial_latency_s'] * 1e3:.2f}")
    return [t1, t2, t3]


def links_command(
    scenario: ScenarioArgument,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Cluster links (formation, optical budget, topology) and ground links of a design."""
    from .report import links_summary

    summary = links_summary(_design(scenario, overrides(set_, catalog)))
    if as_json:
        emit_json(summary)
        return
    shown = console(120)
    for table in _links_tables(scenario, summary):
        shown.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``links`` command to the main ``skyrack`` app."""
    app.command("links")(friendly(links_command))
