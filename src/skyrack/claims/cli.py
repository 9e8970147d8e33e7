"""The ``skyrack check`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..cli_common import CatalogOption, JsonFlag, ScenarioArgument, SetOption, console, emit_json, friendly, overrides
from ..errors import InputError

if TYPE_CHECKING:
    from .verdict import Verdict

__all__ = ["check_command", "print_preset_claims", "print_verdicts", "register"]

_STYLE = {"holds": "bold green", "holds only if": "bold yellow", "does not hold": "bold red"}


def print_verdicts(console: Console, verdicts: Sequence[Verdict], title: str) -> None:
    """Each verdict: the claim (quoted, with its source), the verdict, and the reasoning in numbers."""
    console.print(f"[bold]{escape(title)}[/bold]")
    for v in verdicts:
        console.print()
        if v.claim is not None:
            c = v.claim
            console.print(f"[italic]“{escape(c.statement)}”[/italic]", soft_wrap=True)
            console.print(f"  — {escape(c.by)}, {escape(c.source)} ({escape(c.date)})", soft_wrap=True)
        style = _STYLE.get(v.verdict, "bold")
        console.print(f"  [{style}]{escape(v.verdict)}[/{style}]: {escape(v.summary)}", soft_wrap=True)
        for line in v.reasoning:
            console.print(f"    · {escape(line)}", soft_wrap=True, highlight=False)


def print_preset_claims(console: Console, checked: Mapping[str, Sequence[Verdict]]) -> None:
    """The presets' published claims with verdicts (``skyrack validate``): not pass/fail, a reading."""
    console.print()
    console.print("[bold]Published claims of the presets' actors[/bold] (a claim that does not hold is not a failure)")
    for name, verdicts in checked.items():
        console.print()
        print_verdicts(console, verdicts, f"{name}")
    counts = [v.verdict for vs in checked.values() for v in vs]
    tally = ", ".join(f"{counts.count(k)} {k}" for k in _STYLE if counts.count(k))
    console.print()
    console.print(f"{len(counts)} claims of {len(checked)} presets: {tally}")


def register(app: typer.Typer) -> None:
    """Add the ``check`` command to the main ``skyrack`` app."""
    app.command("check")(friendly(check_command))


def check_command(
    scenario: ScenarioArgument,
    claims: Annotated[
        list[str] | None,
        typer.Argument(
            help='Claims to test, e.g. "economics.energy_usd_per_mwh <= 50 USD/MWh if launch.price_per_kg = '
            "200 USD/kg\" (default: the scenario's own claims: list)"
        ),
    ] = None,
    set_: SetOption = None,
    catalog: CatalogOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Check claims against a design: holds, does not hold or holds only if, with the numbers.

    A claim is 'quantity op value unit': an output (e.g. economics.usd_per_pflop_day), a parameter
    path, 'a / b' of two, or an alias (energy cost, cost per mwh, cost ratio, infrastructure ratio,
    compute per tonne...); op is <, <=, >, >= or == (with '± 10 %'); conditions follow 'if'.
    Exit code 1 when a claim does not hold, 2 for bad input.
    """
    verdicts = _verdicts(scenario, claims or [], overrides(set_, catalog))
    if as_json:
        emit_json([v.to_dict() for v in verdicts])
    else:
        print_verdicts(console(), verdicts, f"skyrack check: {scenario}")
    if any(v.verdict == "does not hold" for v in verdicts):
        raise typer.Exit(1)


def _verdicts(scenario: str, claims: list[str], overrides: list[str]) -> list[Verdict]:
    from ..model import load_scenario
    from .parse import parse_test
    from .verdict import check, check_claims

    scn = load_scenario(scenario, overrides)
    if claims:
        tests = [parse_test(text, field=f"claim {k + 1}") for k, text in enumerate(claims)]
        return [check(scn, test) for test in tests]
    if not scn.claims:
        raise InputError(
            "claims", scenario, "a claim to check, e.g. 'economics.cost_ratio < 1' (the scenario has none)"
        )
    return check_claims(scn)
