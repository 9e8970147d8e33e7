"""Interactive charts of result frames (Plotly), labelled from the registries; one offline HTML file each.

:func:`sweep_figure` draws a sweep over one parameter as lines and over two as
a heatmap; :func:`breakeven_figure` draws the cost ratio over two parameters
as filled contours with the parity line (ratio = 1) on top. Infeasible points
are left blank (masked) and their reasons are in the hover text and a note
under the chart. :func:`write_html` writes one self-contained file with
plotly.js inlined: it opens without a network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from .errors import InputError
from .tables import FEASIBILITY, describe, feasible_cells, header

__all__ = ["axis_title", "breakeven_figure", "sweep_figure", "write_html"]

_SCALE_FOR_PLOTS = {"length": ("km", 1e-3), "mass": ("t", 1e-3), "duration": ("days", 1 / 86400.0)}


def axis_title(name: str, group: str | None = None) -> tuple[str, float]:
    """An axis title with its unit and the factor from the canonical unit to it: ``("Altitude [km]", 1e-3)``."""
    q = describe(name, group)
    if q.kind in _SCALE_FOR_PLOTS and q.unit in ("m", "kg", "s"):
        symbol, factor = _SCALE_FOR_PLOTS[q.kind]
        return f"{q.label} [{symbol}]", factor
    return header(name, group=group, with_unit=True), 1.0


def _masked(frame: Any, column: str) -> tuple[Any, list[str]]:
    """The column with infeasible rows as NaN, and each row's feasibility in words."""
    values = frame[column].to_numpy(dtype=np.float64).copy()
    if FEASIBILITY not in frame.columns:
        return values, ["" for _ in values]
    codes = frame[FEASIBILITY].to_numpy(dtype=np.float64)
    values[np.nan_to_num(codes, nan=1.0) != 0] = np.nan
    return values, feasible_cells(codes)


def _note(words: list[str]) -> str:
    bad = sorted({w for w in words if w.startswith("no")})
    return "Blank: infeasible (" + "; ".join(w.removeprefix("no: ") for w in bad) + ")" if bad else ""


def sweep_figure(frame: Any, varied: list[str], output: str, title: str) -> Any:
    """A sweep's ``output`` over one varied parameter (lines) or two (a heatmap), infeasible points blank."""
    import plotly.graph_objects as go

    if output not in frame.columns:
        raise InputError("--quantity", output, "an output the sweep computed: " + ", ".join(map(str, frame.columns)))
    z, words = _masked(frame, output)
    z_title, z_factor = axis_title(output)
    if len(varied) == 1:
        x_title, x_factor = axis_title(varied[0])
        x = frame[varied[0]].to_numpy(dtype=np.float64) * x_factor
        fig = go.Figure(go.Scatter(x=x, y=z * z_factor, mode="lines+markers", text=words, name=z_title))
        fig.update_layout(xaxis_title=x_title, yaxis_title=z_title)
    elif len(varied) == 2:
        (x_title, x_factor), (y_title, y_factor) = axis_title(varied[0]), axis_title(varied[1])
        table = frame.assign(_z=z * z_factor, _why=words)
        grid = table.pivot_table(index=varied[1], columns=varied[0], values="_z", aggfunc="first", dropna=False)
        why = table.pivot_table(index=varied[1], columns=varied[0], values="_why", aggfunc="first")
        fig = go.Figure(
            go.Heatmap(
                x=grid.columns.to_numpy(dtype=np.float64) * x_factor,
                y=grid.index.to_numpy(dtype=np.float64) * y_factor,
                z=grid.to_numpy(),
                text=why.reindex_like(grid).to_numpy(),
                hovertemplate="%{x}, %{y}: %{z}<br>feasible: %{text}<extra></extra>",
                colorbar={"title": {"text": z_title}},
            )
        )
        fig.update_layout(xaxis_title=x_title, yaxis_title=y_title)
    else:
        raise InputError("--plot", len(varied), "a grid sweep over one or two parameters (lines or a heatmap)")
    note = _note(words)
    fig.update_layout(title={"text": title}, template="plotly_white")
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=-0.18, showarrow=False, align="left")
    return fig


def breakeven_figure(surface: Any, title: str) -> Any:
    """The cost ratio over two parameters (filled contours, log axes where the grid is) and its parity line."""
    import plotly.graph_objects as go

    (x_title, x_factor), (y_title, y_factor) = axis_title(surface.x_name), axis_title(surface.y_name)
    x, y = np.asarray(surface.x) * x_factor, np.asarray(surface.y) * y_factor
    ratio = np.asarray(surface.ratio, dtype=np.float64).T  # rows: y, columns: x
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.log10(np.where(ratio > 0, ratio, np.nan))  # a ratio reads on a log scale: 0.5 and 2 alike
    ticks = [r for r in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if np.nanmin(level, initial=0) - 0.3 <= np.log10(r)]
    fig = go.Figure(
        go.Contour(
            x=x, y=y, z=level, customdata=ratio, colorscale="RdBu_r", zmid=0.0, connectgaps=False,
            colorbar={"title": {"text": header("economics.cost_ratio")}, "tickvals": np.log10(ticks),
                      "ticktext": [f"{t:g}" for t in ticks]},
            hovertemplate="%{x}, %{y}: orbit / ground %{customdata:.3g}<extra></extra>",
        )
    )  # fmt: skip
    contour = np.asarray(surface.contour, dtype=np.float64) * y_factor
    if np.isfinite(contour).any():
        fig.add_trace(go.Scatter(x=x, y=contour, mode="lines", line={"color": "black", "width": 3}, name="parity"))
    else:
        note = "orbit and ground do not reach parity anywhere in these ranges (blank: infeasible)"
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=-0.18, showarrow=False, align="left")
    log_x, log_y = _is_log(x), _is_log(y)
    fig.update_layout(
        title={"text": title}, template="plotly_white", xaxis_title=x_title, yaxis_title=y_title,
        xaxis_type="log" if log_x else "linear", yaxis_type="log" if log_y else "linear",
    )  # fmt: skip
    return fig


def _is_log(values: Any) -> bool:
    v = np.asarray(values, dtype=np.float64)
    if len(v) < 3 or np.any(v <= 0):
        return False
    return bool(np.allclose(np.diff(np.log(v)), np.log(v[1] / v[0]), rtol=1e-6))


def write_html(fig: Any, path: Path) -> None:
    """One self-contained HTML file (plotly.js inlined): it opens offline."""
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)
