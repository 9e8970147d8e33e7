"""The work behind ``POST /api/orbit``: ground tracks, the fleet in 3D and the illumination of a design.

Run in a worker of :mod:`skyrack.web.pool` (registered in :data:`skyrack.web.work.TASKS`); returns
the three views as Plotly JSON, drawn by the page's plotly.js as they are.
"""

from __future__ import annotations

from typing import Any

from .limits import LimitError, Limits
from .scenarios import scenario_from_request

ORBIT_DAYS = 0.5
"""Length of the short run behind the ground tracks and the illumination, days."""


def orbit(body: dict[str, Any], limits: Limits) -> dict[str, Any]:
    """``POST /api/orbit``: the orbit views of a design whose satellites can be built."""
    from ..model import design as run
    from ..report.orbit_figures import orbit_data

    result = run(scenario_from_request(body))
    result.require_satellites("drawing its orbit")  # a terrestrial site, or satellites that cannot be built
    count = float(result.values["constellation.satellites"])
    if not count <= limits.max_fleet:  # as skyrack.web.work.fleet_size (not imported: work imports this module)
        raise LimitError("constellation.satellites", f"{count:,.0f}", f"at most {limits.max_fleet:,} satellites")
    return orbit_data(result, _worst_eclipse_start_jd(result, ORBIT_DAYS), ORBIT_DAYS)


def _worst_eclipse_start_jd(result: Any, days: float) -> float:
    """Julian date ``days / 2`` before the middle of the year's day with the longest eclipse (as the report)."""
    import numpy as np

    from ..physics.sun import julian_date
    from ..report.build import _illumination_timeline

    day, _, eclipse_min, year = _illumination_timeline(result)
    worst = float(day[int(np.argmax(eclipse_min))]) if day.size else 0.0
    return float(julian_date(year, 1.0)) + max(worst - 0.5 * days, 0.0)
