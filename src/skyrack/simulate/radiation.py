"""The trapped-particle dose model and radiation event rates, as used by the simulation.

The model lives in :mod:`skyrack.physics.radiation` (the closed-form design
needs it too, and physics imports nothing above it); this module keeps the
simulation's names.
"""

from __future__ import annotations

from ..physics.radiation import (  # noqa: F401  (re-exported, private names for the cache tests)
    AL_DENSITY_G_CM3,
    DoseModel,
    Solar,
    _geomag_compute,
    _geomag_grid,
    build_dose_model,
    dose_map,
    electron_range_al,
    electron_stopping_power_si,
    event_rates_per_gy,
    interp_trilinear,
    proton_range_al,
    proton_stopping_power,
    transmitted_dose_weights,
)

__all__ = [
    "AL_DENSITY_G_CM3",
    "DoseModel",
    "build_dose_model",
    "dose_map",
    "electron_range_al",
    "electron_stopping_power_si",
    "event_rates_per_gy",
    "interp_trilinear",
    "proton_range_al",
    "proton_stopping_power",
    "transmitted_dose_weights",
]
