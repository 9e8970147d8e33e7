"""The main levers the page offers as sliders, and where to read their current values.

Each lever is a scenario field path with the unit its slider uses; its current
value is read from the designed result (after catalog defaults and overrides),
so a slider always starts where the model actually is.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Lever:
    """One slider: scenario ``path``, display ``unit``, range and scale, and the result key that holds its value."""

    path: str
    label: str
    unit: str
    min: float
    max: float
    step: float | None
    scale: str
    source: str

    def public(self) -> dict[str, Any]:
        out = asdict(self)
        del out["source"]
        return out


LEVERS: tuple[Lever, ...] = (
    Lever("launch.price_per_kg", "Launch price", "USD/kg", 10.0, 20000.0, None, "log", "launch.usd_per_kg"),
    Lever(
        "satellite.thermal.radiator_temperature",
        "Radiator temperature",
        "K",
        250.0,
        400.0,
        1.0,
        "linear",
        "thermal.radiator_temperature_k",
    ),
    Lever(
        "satellite.power.specific_power",
        "Array specific power",
        "W/kg",
        20.0,
        2000.0,
        None,
        "log",
        "power.specific_power",
    ),
    Lever("mission.lifetime", "Lifetime", "yr", 0.5, 15.0, 0.25, "linear", "mission.lifetime"),
    Lever(
        "terrestrial.electricity_price",
        "Electricity price (ground)",
        "USD/kWh",
        0.0,
        0.30,
        0.005,
        "linear",
        "terrestrial.electricity_price",
    ),
    Lever(
        "economics.accelerator_failure_rate",
        "Accelerator failure rate (orbit)",
        "1/yr",
        0.0,
        0.5,
        0.005,
        "linear",
        "economics.accelerator_failure_rate",
    ),
)


def lever_values(result: Any) -> dict[str, float | None]:
    """Current value of every lever in its unit (``None`` where it does not apply)."""
    out: dict[str, float | None] = {}
    for lever in LEVERS:
        key = lever.source
        raw = result.values.get(key, result.params.get(key))
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = math.nan
        out[lever.path] = value if math.isfinite(value) else None
    return out
