"""Self-contained HTML report of one scenario (see :func:`build_report`).

>>> from skyrack.report import build_report  # doctest: +SKIP
>>> build_report("suncatcher", "suncatcher.html", png_dir="figures")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .build import ReportData, build_report, collect, render_html
    from .claims import Claim, claims_check

_EXPORTS = {
    "Claim": ".claims",
    "ReportData": ".build",
    "build_report": ".build",
    "claims_check": ".claims",
    "collect": ".build",
    "render_html": ".build",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["Claim", "ReportData", "build_report", "claims_check", "collect", "render_html"]
