"""The work behind ``POST /api/orbit``: ground tracks, the fleet in 3D and the illumination of a design.

Run in a worker of :mod:`skyrack.web.pool` (registered in :data:`skyrack.web.work.TASKS`); returns
the three views as Plotly JSON, drawn by the page's plotly.js as they are.
"""

from __future__ import annotations

from typing import Any

from .limits import Limits
from .scenarios import scenario_from_request

ORBIT_DAYS = 0.5
"""Length of the short run behind the ground tracks and the illumination, days."""


def orbit(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``POST /api/orbit``: the orbit views of a design whose satellites can be built."""
    from ..model import design as run
    from ..report.orbit_figures import orbit_data
    from .work import fleet_size

    result = run(scenario_from_request(body))
    result.require_satellites("drawing its orbit")  # a terrestrial site, or satellites that cannot be built
    fleet_size(result, limits)
    return orbit_data(result, ORBIT_DAYS)
