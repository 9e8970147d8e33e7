"""The ``skyrack export`` command (registered on the main app by :func:`register`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..cli_common import console, duration_s, friendly
from ..errors import InputError

__all__ = ["register"]

RunArgument = Annotated[Path, typer.Argument(help="Run directory written by `skyrack simulate --positions --out RUN`.")]
FormatOption = Annotated[str, typer.Option("--format", help="oem (one CCSDS OEM per satellite), czml or kml.")]
ExportOutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="File to write (OEM: a directory); default RUN/positions.FMT or RUN/oem/."),
]
EveryOption = Annotated[
    str | None, typer.Option("--every", help="Keep a point every this long, e.g. '5 min' (default: all).")
]
SatellitesOption = Annotated[
    int | None, typer.Option("--satellites", help="Export the first N recorded satellites (default: all).")
]


def export_command(
    run: RunArgument,
    fmt: FormatOption,
    out: ExportOutOption = None,
    every: EveryOption = None,
    satellites: SatellitesOption = None,
) -> None:
    """Write a run's recorded positions as CCSDS OEM ephemerides, CZML (Cesium) or KML (Google Earth)."""
    from .files import export

    if satellites is not None and satellites < 1:
        raise InputError("--satellites", satellites, "at least 1")
    every_s = duration_s(every, "--every") if every is not None else None
    path = export(run, fmt, out, every_s, satellites)
    console().print(f"{fmt.lower()} written to {path}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``export`` command to the main ``skyrack`` app."""
    app.command("export")(friendly(export_command))
