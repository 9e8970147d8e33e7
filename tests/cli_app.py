"""The typer app that command tests invoke: a group, as in the main app, with the commands under test."""

from __future__ import annotations

from collections.abc import Callable

import typer


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
