"""Charts of sweeps and breakeven surfaces: offline HTML, labelled from the registries, infeasible points blank."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from skyrack.cli import app


def _figure(html: str) -> dict:
    """The figure's data and layout, read back from the HTML plotly writes."""
    match = re.search(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(\[.*?\]),\s*(\{.*?\}),\s*\{", html, re.S)
    assert match, "no Plotly.newPlot call in the file"
    return {"data": json.loads(match.group(1)), "layout": json.loads(match.group(2))}


def _array(value: object) -> np.ndarray:
    """A data array as plotly writes it: a list, or a typed array ``{"dtype", "bdata", "shape"}``."""
    if isinstance(value, dict):
        import base64

        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float)
        shape = value.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.array([np.nan if v is None else v for v in np.ravel(value)], dtype=float).reshape(np.shape(value))


def test_two_parameter_sweep_plots_a_heatmap_with_infeasible_cells_blank(tmp_path: Path) -> None:
    plot = tmp_path / "sweep.html"
    args = ["sweep", "suncatcher", "-v", "orbit.altitude=500 km,900 km", "-v",
            "satellite.thermal.radiator_temperature=260 K,300 K,345 K", "--plot", str(plot)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    html = plot.read_text()
    assert html.count("/*! For license information please see plotly.min.js.LICENSE.txt */") <= 1
    assert '<script src="http' not in html and len(html) > 1_000_000  # plotly.js inlined: it opens offline
    fig = _figure(html)
    (trace,) = fig["data"]
    assert trace["type"] == "heatmap"
    assert list(_array(trace["x"])) == [500.0, 900.0]  # km on the axis, from metres in the frame
    z = _array(trace["z"])
    # 345 K is above what the chip-to-radiator ladder allows (358 K junction - 30 K): infeasible, so blank
    assert z.shape == (3, 2) and np.isnan(z[2]).all() and np.isfinite(z[:2]).all()
    assert any("junctions above their limit" in str(t) for t in trace["text"][2])
    assert fig["layout"]["xaxis"]["title"]["text"].endswith("[km]")
    assert "Blank: infeasible" in json.dumps(fig["layout"]["annotations"])


def test_breakeven_plots_a_contour_and_the_parity_line(tmp_path: Path) -> None:
    plot = tmp_path / "breakeven.html"
    args = ["breakeven", "suncatcher", "-s", "terrestrial.electricity_price=0.5 USD/kWh",
            "--x", "launch.price_per_kg=20..3000 USD/kg:log:5",
            "--y", "economics.satellite_cost_per_w=0.1..200 USD/W:log:30",
            "--plot", str(plot)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    fig = _figure(plot.read_text())
    contour, parity = fig["data"]
    assert contour["type"] == "contour" and parity["name"] == "parity"
    assert fig["layout"]["xaxis"]["type"] == "log" and "[2025 USD/kg]" in fig["layout"]["xaxis"]["title"]["text"]
    # on the parity line the ratio is 1: the colour level (log10 of the ratio) there is 0
    ratio = _array(contour["customdata"])
    assert np.nanmin(ratio) < 1 < np.nanmax(ratio)
    assert np.isfinite(_array(parity["y"])).any()


def test_plot_needs_a_grid_over_one_or_two_parameters(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["sweep", "suncatcher", "-v", "orbit.altitude=500..900 km", "-m", "lhs", "-n", "4",
              "--plot", str(tmp_path / "x.html")],
    )  # fmt: skip
    assert result.exit_code == 2 and "--plot" in result.output
