"""The typer app that command tests invoke: a group, as in the main app, with the commands under test."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.testing import CliRunner


def group_app(*registers: Callable[[typer.Typer], None]) -> typer.Typer:
    """A typer group with each ``register(app)`` applied to it.

    The group callback keeps a lone command a subcommand (``app simulate ...``), as in ``skyrack``.
    """
    application = typer.Typer()

    @application.callback()
    def main() -> None:
        """skyrack (test harness)."""

    for register in registers:
        register(application)
    return application


def invoke_json(app: typer.Typer, args: Sequence[str], runner: CliRunner | None = None) -> Any:
    """Run ``app args`` (a ``--json`` command), check that it exits 0 and return the JSON it printed."""
    result = (runner or CliRunner()).invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
