"""Matplotlib figures of the report (Agg backend: no window ever opens)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

ORBIT = "#1f77b4"
GROUND = "#8c564b"
WIN = "#2ca02c"
LOSE = "#d62728"


def _figure(width: float = 7.0, height: float = 3.6) -> tuple[Figure, Any]:
    fig, ax = plt.subplots(figsize=(width, height), dpi=110, layout="constrained")
    ax.grid(True, alpha=0.3)
    return fig, ax


def mass_breakdown(breakdown_kg: Mapping[str, float], title: str) -> Figure:
    items = [(k.replace("_", " "), v) for k, v in breakdown_kg.items() if v and math.isfinite(v) and v > 0]
    items.sort(key=lambda kv: kv[1])
    fig, ax = _figure(7.0, 0.35 * len(items) + 1.2)
    names = [k for k, _ in items]
    values = [v for _, v in items]
    total = sum(values) or 1.0
    bars = ax.barh(names, values, color=ORBIT)
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {value:,.0f} kg ({value / total:.0%})", va="center"
        )
    ax.set_xlabel("mass per satellite, kg")
    ax.set_xlim(0, max(values, default=1.0) * 1.35)
    ax.set_title(title)
    return fig


def cost_breakdown(orbit: Mapping[str, float], ground: Mapping[str, float]) -> Figure:
    """Stacked bars of present-value cost, MUSD."""
    fig, ax = _figure(7.0, 3.8)
    palette = [plt.get_cmap("tab20")(i) for i in range(20)]
    for x, parts in ((0, orbit), (1, ground)):
        bottom = 0.0
        for i, (name, value) in enumerate(parts.items()):
            if not math.isfinite(value) or value <= 0:
                continue
            color = palette[(i + (0 if x == 0 else 8)) % len(palette)]
            ax.bar(x, value / 1e6, bottom=bottom, color=color, label=name, width=0.55)
            bottom += value / 1e6
    ax.set_xticks([0, 1], ["orbit", "ground"])
    ax.set_ylabel("present value of cost, MUSD")
    ax.set_title("life-cycle cost by part")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def waterfall(steps: Sequence[tuple[str, float]], binding: str) -> Figure:
    fig, ax = _figure(7.0, 3.6)
    names = [n for n, _ in steps]
    values = np.array([v for _, v in steps]) / 1e15
    colors = [LOSE if n == binding else ORBIT for n in names]
    ax.bar(names, values, color=colors)
    for i, value in enumerate(values):
        share = value / values[0] if values[0] else math.nan
        ax.text(i, value, f"{value:,.0f}\n{share:.0%}", ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("PFLOP/s (dense BF16)")
    ax.set_ylim(0, values.max() * 1.25 if values.size and values.max() > 0 else 1.0)
    ax.set_title(f"delivered compute: binding limit = {binding}")
    ax.tick_params(axis="x", labelsize=8)
    return fig


def breakeven(price: np.ndarray, orbit: np.ndarray, ground: float, current: float, crossing: float | None) -> Figure:
    fig, ax = _figure()
    ax.loglog(price, orbit, color=ORBIT, label="orbit")
    ax.axhline(ground, color=GROUND, label="ground")
    if math.isfinite(current):
        ax.axvline(current, color="grey", ls=":", label=f"scenario: {current:,.0f} USD/kg")
    if crossing is not None:
        ax.axvline(crossing, color=WIN, ls="--", label=f"breakeven: {crossing:,.0f} USD/kg")
    ax.set_xlabel("launch price, USD/kg")
    ax.set_ylabel("USD per PFLOP-day")
    ax.set_title("breakeven over launch price")
    ax.legend(fontsize=8)
    return fig


def illumination(days: np.ndarray, beta_deg: np.ndarray, eclipse_min: np.ndarray, year: int) -> Figure:
    fig, ax = _figure(7.0, 3.4)
    ax.plot(days, beta_deg, color=ORBIT)
    ax.set_xlabel(f"day of {year}")
    ax.set_ylabel("beta angle, deg", color=ORBIT)
    ax2 = ax.twinx()
    ax2.fill_between(days, eclipse_min, color="k", alpha=0.3, step="mid")
    ax2.set_ylabel("eclipse per orbit, min")
    ax2.set_ylim(0, max(float(np.max(eclipse_min, initial=0.0)) * 1.2, 1.0))
    ax.set_title("the year's illumination: beta angle and eclipse length")
    return fig


def traces(ts: Any) -> Figure:
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(7.0, 4.6), dpi=110, sharex=True, layout="constrained")
    hours = np.asarray(ts["elapsed_s"], dtype=float) / 3600.0
    ax1.plot(hours, ts["state_of_charge_mean_of_means"], color=ORBIT, label="fleet mean")
    ax1.plot(hours, ts["state_of_charge_min_of_mins"], color=LOSE, lw=0.8, label="lowest at any step")
    ax1.set_ylabel("state of charge")
    ax1.legend(fontsize=8)
    ax1.grid(True, alpha=0.3)
    ax2.plot(hours, ts["radiator_temperature_k_mean_of_means"], color=ORBIT, label="fleet mean")
    ax2.plot(hours, ts["radiator_temperature_k_max_of_maxes"], color=LOSE, lw=0.8, label="highest at any step")
    ax2.set_ylabel("radiator temperature, K")
    ax2.set_xlabel("hours from start")
    ax2.legend(fontsize=8)
    ax2.grid(True, alpha=0.3)
    ax1.set_title("battery and radiator over a simulated run (fleet sample)")
    return fig


def tornado(base: float, bars: Sequence[tuple[str, float, float]], output: str) -> Figure:
    fig, ax = _figure(7.0, 0.45 * len(bars) + 1.4)
    for i, (name, lo, hi) in enumerate(reversed(bars)):
        ax.barh(i, lo - base, left=base, color=WIN if lo < base else LOSE, alpha=0.8)
        ax.barh(i, hi - base, left=base, color=WIN if hi < base else LOSE, alpha=0.8)
        del name
    ax.set_yticks(range(len(bars)), [b[0] for b in reversed(bars)], fontsize=8)
    ax.axvline(base, color="k", lw=1)
    if base > 0 and min((min(b[1], b[2]) for b in bars), default=base) < 1.0 < max(
        (max(b[1], b[2]) for b in bars), default=base
    ):
        ax.axvline(1.0, color="grey", ls="--", lw=1)
    ax.set_xlabel(f"{output} (input at P10 / P90)")
    ax.set_title("sensitivity (one at a time)")
    return fig


def monte_carlo(ratio: np.ndarray, p_win: float, n: int) -> Figure:
    fig, ax = _figure()
    finite = ratio[np.isfinite(ratio) & (ratio > 0)]
    if finite.size:
        lo, hi = np.quantile(finite, [0.001, 0.999])
        bins = np.geomspace(max(lo, 1e-3), max(hi, lo * 1.01, 1e-3 * 1.01), 80)
        ax.hist(finite, bins=bins, color=ORBIT, alpha=0.8)
        ax.set_xscale("log")
    ax.axvline(1.0, color=WIN, ls="--", label="parity")
    ax.set_xlabel("orbit / ground cost ratio ($/PFLOP-day)")
    ax.set_ylabel("draws")
    ax.set_title(f"Monte Carlo, {n:,} draws: P(orbit wins) = {p_win:.1%}")
    ax.legend(fontsize=8)
    return fig


def close(fig: Figure) -> None:
    plt.close(fig)
