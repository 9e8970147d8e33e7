"""The report's sustainability section: its numbers are the design's, its figures Plotly, its sources named."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from skyrack.model import design
from skyrack.physics.constants import MU_EARTH, R_EARTH, YEAR_S
from skyrack.report import build_report
from skyrack.report.sustainability import ALTITUDES_M, SOURCES, build
from skyrack.sustainability import starlink_avoidance_comparison


@pytest.fixture(scope="module")
def suncatcher():
    result = design("suncatcher", parity=False)
    return result, build(result)


def test_the_tables_show_the_designs_numbers(suncatcher) -> None:
    result, section = suncatcher
    v = result.values
    rows = dict(section.tables["sustainability_design"][1:])
    assert rows["drag Δv [m/s per year]"] == f"{v['propulsion.drag_dv_m_per_s_per_year']:.3g}"
    assert rows["natural decay of a dead satellite [yr]"] == f"{v['disposal.natural_decay_years']:.3g}"
    assert rows["FCC five-year rule met (unaided / with planned disposal)"] == "no / yes"
    # Suncatcher's scenario gives no shells: one shell at the design's orbit, said so
    assert "assumption" in section.note
    shells = section.tables["sustainability_shells"]
    assert len(shells) == 2 and shells[1][1] == "650 ± 0"
    # the shell's drag Δv is the design's (same density table, same ballistic coefficient)
    assert shells[1][5] == rows["drag Δv [m/s per year]"]
    fleet = dict(section.tables["sustainability_fleet"][1:])
    assert fleet["shells / satellites"] == f"1 / {v['constellation.satellites']:.0f}"
    assert any("ESTIMATE" in s and "not ORDEM" in s for (s,) in section.tables["sustainability_sources"][1:])
    assert len(section.tables["sustainability_sources"]) == len(SOURCES) + 1


def test_the_figures_are_plotly_and_carry_the_physics(suncatcher) -> None:
    import plotly.graph_objects as go

    result, section = suncatcher
    v = result.values
    altitude, risk = section.figures["sustainability_altitude"], section.figures["sustainability_risk"]
    assert isinstance(altitude, go.Figure) and isinstance(risk, go.Figure)
    # at the design's 650 km the curve is the design's drag Δv: ½ ρ̄ v² / B × 1 yr
    x, dv = np.asarray(altitude.data[0].x), np.asarray(altitude.data[0].y)
    at = int(np.argmin(np.abs(x - 650.0)))
    assert ALTITUDES_M[at] == 650e3
    assert dv[at] == pytest.approx(v["propulsion.drag_dv_m_per_s_per_year"], rel=1e-9)
    b, rho = v["propulsion.ballistic_coefficient_kg_per_m2"], v["propulsion.mean_density_kg_per_m3"]
    assert dv[at] == pytest.approx(0.5 * rho * MU_EARTH / (R_EARTH + 650e3) / b * YEAR_S, rel=1e-9)
    assert np.all(np.diff(dv) < 0)  # thinner air higher up
    # the Starlink point is the validation case's reported rate (148,696 / 0.5 yr / 9,400)
    point = next(t for t in risk.data if t.mode == "markers")
    assert float(point.y[0]) == pytest.approx(float(starlink_avoidance_comparison()["reported_per_satellite_year"]))
    assert float(point.y[0]) == pytest.approx(148_696 / 0.5 / 9_400)


def test_the_million_satellite_section_lists_its_shells(tmp_path: Path) -> None:
    path = build_report("spacex-odc-1m", tmp_path / "odc.html", mc_samples=500, sim_days=0.1)
    text = path.read_text(encoding="utf-8")
    start = text.index('<section id="sustainability">')
    section = re.sub(r"<script[^>]*>.*?</script>", "", text[start : text.index("</section>", start)], flags=re.S)
    assert section.count("<tr>") == 9 + 15 + 14 + 1 + len(SOURCES)  # shells, design, fleet, sources (+ headers)
    assert "1,400 ± 25" in section and "101.4" in section  # the high SSO shell
    assert "plotly-graph-div" in section


def test_an_impossible_design_gets_the_reason_not_a_crash() -> None:
    from skyrack.feasibility import PROPELLANT_RUNAWAY
    from skyrack.model import load_scenario

    result = design(load_scenario("suncatcher", ["satellite.thermal.radiator_temperature=150 K"]), parity=False)
    assert not int(result.values["feasibility.code"]) & PROPELLANT_RUNAWAY  # NaN mass is not a runaway
    section = build(result)
    assert section.note.startswith("not computed") and "sink" in section.note
    assert not section.tables and not section.figures
