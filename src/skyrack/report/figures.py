"""The report's figures, in Plotly (the web page's library): interactive, embedded in one offline file.

Every function returns a :class:`plotly.graph_objects.Figure`; axis titles take
labels and units from the output and parameter registries
(:func:`skyrack.outputs.label_with_unit`), money with its currency year.
:mod:`skyrack.report.build` inlines plotly.js once and each figure as a
``<div>``; ``--png-dir`` also writes each as a PNG through kaleido.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InputError
from ..outputs import CURRENCY, label_with_unit

ORBIT = "#1f77b4"
GROUND = "#8c564b"
WIN = "#2ca02c"
LOSE = "#d62728"
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94")  # fmt: skip


def _figure(title: str, height: int = 380) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.update_layout(
        title={"text": title}, template="plotly_white", height=height, margin={"l": 70, "r": 30, "t": 60, "b": 60}
    )
    return fig


def _words(key: str) -> str:
    return key.replace("_", " ")


def mass_breakdown(breakdown_kg: Mapping[str, float], title: str) -> Any:
    """Horizontal bars of the mass of one satellite by part, with each part's share."""
    import plotly.graph_objects as go

    items = sorted(((_words(k), v) for k, v in breakdown_kg.items() if v and math.isfinite(v) and v > 0),
                   key=lambda kv: kv[1])  # fmt: skip
    total = sum(v for _, v in items) or 1.0
    fig = _figure(title, height=int(28 * len(items) + 140))
    fig.add_trace(
        go.Bar(
            y=[k for k, _ in items], x=[v for _, v in items], orientation="h", marker_color=ORBIT,
            text=[f"{v:,.0f} kg ({v / total:.0%})" for _, v in items], textposition="outside",
            hovertemplate="%{y}: %{x:,.0f} kg<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(xaxis_title=label_with_unit("mass.per_satellite_kg"), showlegend=False)
    return fig


def cost_breakdown(orbit: Mapping[str, float], ground: Mapping[str, float]) -> Any:
    """Stacked bars of the present value of cost by part, orbit beside ground, in millions of dollars."""
    import plotly.graph_objects as go

    fig = _figure("life-cycle cost by part (present value)", height=460)
    for offset, side, parts in ((0, "orbit", orbit), (8, "ground", ground)):
        for i, (name, value) in enumerate(parts.items()):
            if math.isfinite(value) and value > 0:
                fig.add_trace(
                    go.Bar(
                        x=[side], y=[value / 1e6], name=f"{side}: {_words(name)}",
                        marker_color=PALETTE[(i + offset) % len(PALETTE)],
                        hovertemplate=f"{side}: {_words(name)}<br>$%{{y:,.1f}} M<extra></extra>",
                    )
                )  # fmt: skip
    fig.update_layout(barmode="stack", yaxis_title=f"Present value of cost [million {CURRENCY}]")
    return fig


def waterfall(steps: Sequence[tuple[str, float]], binding: str) -> Any:
    """Delivered compute from peak down each derating step; the binding limit in red."""
    import plotly.graph_objects as go

    names = [n for n, _ in steps]
    values = np.array([v for _, v in steps], dtype=float) / 1e15
    first = values[0] if values.size and values[0] else math.nan
    fig = _figure(f"delivered compute: binding limit = {binding}")
    fig.add_trace(
        go.Bar(
            x=names, y=values, marker_color=[LOSE if n == binding else ORBIT for n in names],
            text=[f"{v:,.0f}<br>{v / first:.0%}" for v in values], textposition="outside",
            hovertemplate="%{x}: %{y:,.1f} PFLOP/s<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(yaxis_title="Compute, dense BF16 [PFLOP/s]", showlegend=False)
    return fig


def breakeven(price: np.ndarray, orbit: np.ndarray, ground: float, current: float, crossing: float | None) -> Any:
    """Orbit's cost per PFLOP-day over the launch price (log-log), the ground's, the scenario and the crossing."""
    import plotly.graph_objects as go

    fig = _figure("breakeven over launch price")
    fig.add_trace(go.Scatter(x=price, y=orbit, mode="lines", name="orbit", line={"color": ORBIT}))
    fig.add_trace(
        go.Scatter(x=[price[0], price[-1]], y=[ground, ground], mode="lines", name="ground", line={"color": GROUND})
    )
    if math.isfinite(current):
        fig.add_vline(x=current, line={"color": "grey", "dash": "dot"}, annotation_text=f"scenario: ${current:,.0f}/kg")
    if crossing is not None:
        fig.add_vline(
            x=crossing, line={"color": WIN, "dash": "dash"}, annotation_text=f"breakeven: ${crossing:,.0f}/kg"
        )
    fig.update_layout(
        xaxis={"type": "log", "title": {"text": label_with_unit("launch.usd_per_kg")}},
        yaxis={"type": "log", "title": {"text": f"Cost per PFLOP-day, all-in [{CURRENCY}/PFLOP-day]"}},
    )
    return fig


def illumination(days: np.ndarray, beta_deg: np.ndarray, eclipse_min: np.ndarray, year: int) -> Any:
    """The year's beta angle (line) and eclipse per orbit (shaded), on two axes."""
    import plotly.graph_objects as go

    fig = _figure("the year's illumination: beta angle and eclipse length")
    fig.add_trace(go.Scatter(x=days, y=beta_deg, name="beta angle", line={"color": ORBIT}))
    fig.add_trace(
        go.Scatter(
            x=days, y=eclipse_min, name="eclipse per orbit", yaxis="y2", fill="tozeroy", mode="lines",
            line={"color": "rgba(0,0,0,0.4)", "shape": "hvh"}, fillcolor="rgba(0,0,0,0.25)",
        )
    )  # fmt: skip
    top = max(float(np.max(eclipse_min, initial=0.0)) * 1.2, 1.0)
    fig.update_layout(
        xaxis_title=f"Day of {year}",
        yaxis={"title": {"text": "Beta angle [°]"}},
        yaxis2={"title": {"text": "Eclipse per orbit [min]"}, "overlaying": "y", "side": "right", "range": [0, top]},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def traces(ts: Any) -> Any:
    """Battery state of charge and radiator temperature over a simulated run (fleet mean and extreme)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    hours = np.asarray(ts["elapsed_s"], dtype=float) / 3600.0
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    for row, key, low, high, label in (
        (1, "state_of_charge", "mean_of_means", "min_of_mins", "State of charge [%]"),
        (2, "radiator_temperature_k", "mean_of_means", "max_of_maxes", "Radiator temperature [K]"),
    ):
        scale = 100.0 if row == 1 else 1.0
        extreme = "lowest" if row == 1 else "highest"
        fig.add_trace(go.Scatter(x=hours, y=np.asarray(ts[f"{key}_{low}"]) * scale, name=f"fleet mean (row {row})",
                                 line={"color": ORBIT}), row=row, col=1)  # fmt: skip
        fig.add_trace(go.Scatter(x=hours, y=np.asarray(ts[f"{key}_{high}"]) * scale,
                                 name=f"{extreme} at any step (row {row})", line={"color": LOSE, "width": 1}),
                      row=row, col=1)  # fmt: skip
        fig.update_yaxes(title_text=label, row=row, col=1)
    fig.update_xaxes(title_text="Hours from start", row=2, col=1)
    fig.update_layout(
        title={"text": "battery and radiator over a simulated run (fleet sample)"}, template="plotly_white",
        height=520, legend={"orientation": "h", "y": -0.15},
    )  # fmt: skip
    return fig


def tornado(base: float, bars: Sequence[tuple[str, float, float]], output: str, labels: Sequence[str] = ()) -> Any:
    """One-at-a-time sensitivity: the output with each input at its P10 and P90, around the base."""
    import plotly.graph_objects as go

    names = list(labels) or [_input_label(b[0]) for b in bars]
    fig = _figure("sensitivity (one at a time)", height=int(34 * len(bars) + 160))
    for k, side in ((1, "input at P10"), (2, "input at P90")):
        ends = [float(b[k]) for b in bars]
        fig.add_trace(
            go.Bar(
                y=names[::-1], x=[e - base for e in ends[::-1]], base=base, orientation="h", name=side,
                marker_color=[WIN if e < base else LOSE for e in ends[::-1]], opacity=0.8,
                hovertemplate="%{y}: %{x:.3g} from the base<extra>" + side + "</extra>",
            )
        )  # fmt: skip
    fig.add_vline(x=base, line={"color": "black", "width": 1})
    lows = [min(b[1], b[2]) for b in bars]
    highs = [max(b[1], b[2]) for b in bars]
    if base > 0 and min(lows, default=base) < 1.0 < max(highs, default=base):
        fig.add_vline(x=1.0, line={"color": "grey", "dash": "dash"}, annotation_text="parity")
    fig.update_layout(barmode="overlay", xaxis_title=_output_title(output), showlegend=False)
    return fig


def _input_label(name: str) -> str:
    """A varied input's label from the parameter registry (its name when it has none)."""
    from ..tables import header

    try:
        return header(name)
    except InputError:
        return name


def _output_title(name: str) -> str:
    try:
        return label_with_unit(name)
    except InputError:  # not a declared output: its name, as given
        return name


def monte_carlo(ratio: np.ndarray, p_win: float, n: int) -> Any:
    """A histogram of the cost ratio over the draws (log bins), with parity marked."""
    import plotly.graph_objects as go

    fig = _figure(f"Monte Carlo, {n:,} draws: probability orbit is cheaper = {p_win:.1%}")
    finite = ratio[np.isfinite(ratio) & (ratio > 0)]
    if finite.size:
        lo, hi = np.quantile(finite, [0.001, 0.999])
        edges = np.geomspace(max(lo, 1e-3), max(hi, lo * 1.01, 1e-3 * 1.01), 81)
        counts, _ = np.histogram(finite, bins=edges)
        steps = np.append(counts, counts[-1])  # a step outline over log bins (bars would not scale on a log axis)
        fig.add_trace(
            go.Scatter(
                x=edges, y=steps, mode="lines", line={"shape": "hv", "color": ORBIT}, fill="tozeroy", name="draws"
            )
        )
    fig.add_vline(x=1.0, line={"color": WIN, "dash": "dash"}, annotation_text="parity")
    fig.update_layout(
        xaxis={"type": "log", "title": {"text": label_with_unit("economics.cost_ratio")}},
        yaxis_title="Draws", showlegend=False,
    )  # fmt: skip
    return fig


def bridge(
    start: tuple[str, float], steps: Sequence[tuple[str, float, str]], end: tuple[str, float], ylabel: str, title: str
) -> Any:
    """A waterfall from ``start`` to ``end``: one floating bar per ``(label, change, status)`` step.

    Rising steps are red, falling ones green (a cost figure); inert steps (and non-finite changes)
    are drawn at zero height and named "inert".
    """
    import plotly.graph_objects as go

    names = [start[0], *(name for name, _, _ in steps), end[0]]
    changes = [c if math.isfinite(c) and status not in ("same", "inert") else 0.0 for _, c, status in steps]
    texts = [f"{start[1]:,.3g}"]
    texts += [f"{c:+,.3g}" if c else "inert" for c in changes]
    texts.append(f"{end[1]:,.3g}")
    fig = _figure(title, height=440)
    fig.add_trace(
        go.Waterfall(
            x=names, y=[start[1], *changes, end[1]], measure=["absolute", *("relative" for _ in changes), "total"],
            text=texts, textposition="outside", increasing={"marker": {"color": LOSE}},
            decreasing={"marker": {"color": WIN}}, totals={"marker": {"color": GROUND}},
            connector={"line": {"color": "grey", "width": 1}},
        )
    )  # fmt: skip
    fig.update_layout(yaxis_title=ylabel, showlegend=False, xaxis_tickangle=-35)
    return fig


def close(fig: Any) -> None:
    """Nothing to release for a Plotly figure (kept for callers written for matplotlib)."""
    del fig
