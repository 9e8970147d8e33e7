"""The ``skyrack check`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import InputError, SkyrackError

if TYPE_CHECKING:
    from .verdict import Verdict

__all__ = ["print_preset_claims", "print_verdicts", "register"]

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


def _overrides(set_: list[str] | None, catalogs: list[str] | None) -> list[str]:
    extra = [f"catalog_files={json.dumps([str(Path(c).resolve()) for c in catalogs])}"] if catalogs else []
    return [*(set_ or []), *extra]


def _friendly(run: Callable[[], int]) -> None:
    """Run ``run``; skyrack's own errors become one line on stderr and exit code 2."""
    try:
        code = run()
    except SkyrackError as error:
        Console(stderr=True).print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add the ``check`` command to the main ``skyrack`` app."""

    @app.command("check")
    def check_command(
        scenario: Annotated[str, typer.Argument(help="Preset name or scenario YAML file")],
        claims: Annotated[
            list[str] | None,
            typer.Argument(
                help='Claims to test, e.g. "economics.lcoe_usd_per_mwh <= 50 USD/MWh if launch.price_per_kg = '
                "200 USD/kg\" (default: the scenario's own claims: list)"
            ),
        ] = None,
        set_: Annotated[
            list[str] | None, typer.Option("--set", "-s", help="Override a scenario field: path=value")
        ] = None,
        catalog: Annotated[list[str] | None, typer.Option("--catalog", "-c", help="Extra catalog YAML file")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of verdicts")] = False,
    ) -> None:
        """Check claims against a design: holds, does not hold or holds only if, with the numbers.

        A claim is 'quantity op value unit': an output (e.g. economics.usd_per_pflop_day), a parameter
        path, 'a / b' of two, or an alias (lcoe, cost ratio, compute per tonne...); op is <, <=, >, >= or
        == (with '± 10 %'); conditions follow 'if'. Exit code 1 when a claim does not hold, 2 for bad input.
        """

        def run() -> int:
            verdicts = _verdicts(scenario, claims or [], _overrides(set_, catalog))
            if as_json:
                sys.stdout.write(json.dumps([v.to_dict() for v in verdicts], indent=2) + "\n")
            else:
                print_verdicts(Console(), verdicts, f"skyrack check: {scenario}")
            return 1 if any(v.verdict == "does not hold" for v in verdicts) else 0

        _friendly(run)


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
