"""The trapped-particle dose model and radiation event rates, as used by the simulation.

The model lives in :mod:`skyrack.physics.radiation` (the closed-form design
needs it too, and physics imports nothing above it); this module keeps the
simulation's names.
"""

from __future__ import annotations

from ..physics.radiation import (  # re-exported (PEP 484: X as X); private names for the cache tests
    AL_DENSITY_G_CM3 as AL_DENSITY_G_CM3,
    DoseModel as DoseModel,
    Solar as Solar,
    _geomag_compute as _geomag_compute,
    _geomag_grid as _geomag_grid,
    build_dose_model as build_dose_model,
    dose_map as dose_map,
    electron_range_al as electron_range_al,
    electron_stopping_power_si as electron_stopping_power_si,
    event_rates_per_gy as event_rates_per_gy,
    interp_trilinear as interp_trilinear,
    proton_range_al as proton_range_al,
    proton_stopping_power as proton_stopping_power,
    transmitted_dose_weights as transmitted_dose_weights,
)
