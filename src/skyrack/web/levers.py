"""The main levers the page offers as sliders, and where to read their current values.

Each lever is a registry parameter (its scenario path is the slider's name in
overrides and share links); its label and unit come from the registry
(:mod:`skyrack.scenario.registry`). Only the slider's range and scale are chosen
here. A slider's current value is the designed result's (after catalog defaults,
overrides and shared numbers), so it always starts where the model actually is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..scenario.registry import parameter


@dataclass(frozen=True)
class Lever:
    """One slider: a registry parameter ``path``, the slider's range and scale, and an output to read if unset."""

    path: str
    min: float
    max: float
    step: float | None
    scale: str
    output: str | None = None

    def public(self) -> dict[str, Any]:
        param = parameter(self.path)
        return {
            "path": self.path,
            "label": param.label,
            "unit": param.unit,
            "side": param.side,
            "min": self.min,
            "max": self.max,
            "step": self.step,
            "scale": self.scale,
        }


LEVERS: tuple[Lever, ...] = (
    Lever("launch.price_per_kg", 10.0, 20000.0, None, "log", "launch.usd_per_kg"),
    Lever("satellite.thermal.radiator_temperature", 250.0, 400.0, 1.0, "linear", "thermal.radiator_temperature_k"),
    Lever("satellite.power.specific_power", 20.0, 2000.0, None, "log"),
    Lever("mission.lifetime", 0.5, 15.0, 0.25, "linear"),
    Lever("terrestrial.electricity_price", 0.0, 0.30, 0.005, "linear"),
    Lever("economics.accelerator_failure_rate", 0.0, 0.5, 0.005, "linear"),
)


def lever_values(result: Any) -> dict[str, float | None]:
    """Current value of every lever in its unit (``None`` where it does not apply)."""
    out: dict[str, float | None] = {}
    for lever in LEVERS:
        raw = result.params.get(lever.path)
        value = _number(raw)
        if not math.isfinite(value) and lever.output is not None:
            value = _number(result.values.get(lever.output))
        out[lever.path] = value if math.isfinite(value) else None
    return out


def _number(raw: Any) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return math.nan
