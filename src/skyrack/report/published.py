"""Report sections for a scenario's published claims (with verdicts) and for a reconciliation bridge."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

__all__ = ["bridge_figure", "published_html", "reconciliation_html"]

_CSS = {"holds": "holds", "holds only if": "partly"}


def published_html(verdicts: Sequence[Any]) -> str:
    """The scenario's own published claims: the quote, its source, the verdict and the reasoning in numbers."""
    if not verdicts:
        return ""
    parts = ["<h3>Published claims about this system</h3>"]
    for v in verdicts:
        c = v.claim
        quote = "" if c is None else f"<blockquote>“{html.escape(c.statement)}”</blockquote>"
        who = (
            ""
            if c is None
            else f"<p class='note'>{html.escape(c.by)}, {html.escape(c.source)} ({html.escape(c.date)})</p>"
        )
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in v.reasoning)
        css = _CSS.get(v.verdict, "fails")
        parts.append(
            f'<div class="claim">{quote}{who}<p><span class="verdict {css}">{html.escape(v.verdict)}</span> '
            f"{html.escape(v.summary)}</p><ul>{reasons}</ul></div>"
        )
    parts.append("<h3>Popular claims, tested against this design</h3>")
    return "".join(parts)


def bridge_figure(r: Any, b: Any) -> Any:
    """The Plotly waterfall of bridge ``b`` (:func:`skyrack.report.figures.bridge`)."""
    from ..claims.parse import display_unit
    from ..outputs import OUTPUTS, unit_symbol
    from .figures import bridge

    steps = [(s.group, s.delta, s.status) for s in b.steps]
    unit = unit_symbol(b.quantity.unit) if b.quantity.text in OUTPUTS else display_unit(b.quantity.unit)
    ylabel = f"{b.quantity.label} [{unit}]" if unit else b.quantity.label
    title = f"{b.quantity.label}: {r.a.name} → {r.b.name}, one assumption group at a time"
    return bridge((f"A: {r.a.name}", b.a), steps, (f"B: {r.b.name}", b.b), ylabel, title)


def reconciliation_html(r: Any, figures: Sequence[str]) -> str:
    """Each bridge (chart and table, the order stated), the line items side by side and what is not mapped."""
    from ..formatting import format_value
    from ..outputs import OUTPUTS
    from ..reconcile.bridge import BRIDGE_COLUMNS, bridge_rows

    out = [
        f"<p>A: {html.escape(r.a.name)} ({html.escape(r.a.source)}); B: {html.escape(r.b.name)} "
        f"({html.escape(r.b.source)}). One assumption group at a time takes B's values, in this order: "
        f"{html.escape(' → '.join(r.order))}. The steps sum to B − A.</p>"
    ]
    for side in (r.a, r.b):
        if side.reasons:
            why = html.escape("; ".join(side.reasons))
            out.append(
                f"<p class='note'>{html.escape(side.name)} is infeasible: {why}. Its figures are still explained.</p>"
            )
    for bridge, figure in zip(r.bridges, figures, strict=True):
        q = bridge.quantity
        out.append(f"<h3>{html.escape(q.label)} ({html.escape(q.text)})</h3>")
        out.append(figure)
        rows = [BRIDGE_COLUMNS, *bridge_rows(r, bridge)]
        out.append(_table(rows))
        out.append(f"<p class='note'>residual (B − A minus the sum of the steps): {bridge.residual:.1e}</p>")
    items = [("item", r.a.name, r.b.name)] + [
        (OUTPUTS[n].label, str(format_value(n, a)), str(format_value(n, b))) for n, a, b in r.line_items
    ]
    out.append("<h3>Line items side by side</h3>" + _table(items))
    if r.b.assumptions is not None and r.b.assumptions.not_mapped:
        lis = "".join(
            f"<li>{html.escape(m.assumption)}: {html.escape(m.reason)}</li>" for m in r.b.assumptions.not_mapped
        )
        out.append(f"<h3>Assumptions of B that no skyrack parameter expresses</h3><ul>{lis}</ul>")
    return "".join(out)


def _table(rows: Sequence[Sequence[str]]) -> str:
    head, *body = rows
    text = "<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>"
    for row in body:
        text += "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
    return text + "</table>"
