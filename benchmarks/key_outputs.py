"""The headline outputs that the throughput benchmarks keep: costs, breakeven, mass, launches and areas."""

from __future__ import annotations

KEY_OUTPUTS = [
    "economics.usd_per_pflop_day", "terrestrial.usd_per_pflop_day", "economics.cost_ratio",
    "breakeven.launch_usd_per_kg", "economics.usd_per_accelerator_hour", "economics.infrastructure_usd_per_mwh",
    "mass.total_kg", "launch.launches", "power.array_area_m2", "thermal.radiator_area_m2",
]  # fmt: skip
