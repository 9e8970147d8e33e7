"""Helpers for tests of documented commands: find ``skyrack ...`` lines in Markdown and shell files,
parse them against the real CLI, and shrink their sizes for the suite."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import typer

from skyrack.cli import app

ROOT = Path(__file__).resolve().parents[1]

_FENCE = re.compile(r"```(console|sh|bash)?\n(.*?)```", re.DOTALL)


def command_lines(text: str, *, fenced: bool = True) -> list[str]:
    """Every ``skyrack ...`` command line in ``text`` (in console/sh code blocks if ``fenced``).

    Backslash continuations are joined and a leading ``.venv/bin/`` is dropped.
    """
    bodies = [m.group(2) for m in _FENCE.finditer(text)] if fenced else [text]
    out = []
    for body in bodies:
        for line in body.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix(".venv/bin/")
            if line.startswith("skyrack "):
                out.append(line)
    return out


def argv(line: str) -> list[str]:
    """The arguments after ``skyrack`` (comments and shell redirections removed)."""
    words = shlex.split(line, comments=True)
    assert words[0] == "skyrack", line
    words = words[1:]
    for stop in (">", ">>", "|", "&&", ";"):
        if stop in words:
            words = words[: words.index(stop)]
    return words


def resolve(words: list[str]) -> tuple[Any, list[str], str]:
    """The (click) command a list of words names, its own arguments, and its full name."""
    command: Any = typer.main.get_group(app)
    name = "skyrack"
    rest = list(words)
    while hasattr(command, "commands"):  # a group
        assert rest, f"{name} needs a subcommand"
        sub = command.commands.get(rest[0])
        assert sub is not None, f"{name}: no command {rest[0]!r}"
        name, command, rest = f"{name} {rest[0]}", sub, rest[1:]
    return command, rest, name


def parse(words: list[str]) -> tuple[Any, str]:
    """Parse ``words`` with the real command (no work is done); fails on unknown or hidden (old) options."""
    command, rest, name = resolve(words)
    ctx = command.make_context(name, rest)
    for param in command.params:
        source = ctx.get_parameter_source(param.name or "")
        given = source is not None and source.name == "COMMANDLINE"
        assert not (given and getattr(param, "hidden", False)), f"{name}: {param.opts} is an old, hidden spelling"
    return ctx, name


def scenario_arguments(ctx: Any) -> list[str]:
    """The scenario (or scenarios) a parsed command names."""
    value: Any = ctx.params.get("scenario", ctx.params.get("scenarios"))
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


# Sizes the suite runs a documented command at: (option spellings, the largest value kept).
REDUCE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("-n", "--draws"), "2000"),
    (("--sobol",), "64"),
    (("--population",), "64"),
    (("-d", "--duration"), "1 d"),
    (("--seeds",), "0"),
)


def _size(text: str) -> float:
    number = re.match(r"[\d.]+", text.replace(",", ""))
    return float(number.group()) if number else float("inf")


def reduced(words: list[str]) -> tuple[list[str], list[str]]:
    """``words`` with draw counts, Sobol sizes, durations and seed ranges cut to the suite's sizes.

    Returns the new words and a description of each change. Durations are cut to one day, six hours
    for simulation sweeps (deploy's planning horizon, in years, is kept); a grid of ``:count``
    points in ``--vary`` is cut to 3; commands whose defaults are long get the options of
    :data:`ADDED`.
    """
    out, changes = list(words), []
    command = words[0] if words else ""
    for i, word in enumerate(out[:-1]):
        value = out[i + 1]
        for spellings, limit in REDUCE:
            if word not in spellings or (command == "deploy" and word in ("-d", "--duration")):
                continue
            if word in ("-d", "--duration"):
                limit = "6 h" if command == "simsweep" else limit
                if not (value.endswith(" h") and _size(value) <= 6) and value != limit:
                    out[i + 1] = limit
            elif word == "--seeds" or _size(value) > _size(limit):
                out[i + 1] = limit
            if out[i + 1] != value:
                changes.append(f"{word} {value} -> {out[i + 1]}")
        if word in ("-v", "--vary") and re.search(r":(\d+)$", value) and int(value.rsplit(":", 1)[1]) > 3:
            out[i + 1] = value.rsplit(":", 1)[0] + ":3"
            changes.append(f"{word} {value} -> {out[i + 1]}")
    for option, value in ADDED.get(command, ()):
        if not any(w in _SPELLINGS.get(option, (option,)) for w in out):
            out += [option, value]
            changes.append(f"{command}: {option} {value}")
    return out, changes


# Options added (when not given) to commands whose defaults are long: (option, value) per command.
ADDED: dict[str, tuple[tuple[str, str], ...]] = {
    "simulate": (("--duration", "1 d"),),
    "report": (("--draws", "2000"), ("--duration", "1 d")),
    "sensitivity": (("--sobol", "64"),),
    "optimise": (("--population", "64"),),
    "simsweep": (("--satellites", "8"),),
}
_SPELLINGS = {"--duration": ("-d", "--duration"), "--draws": ("-n", "--draws")}
