"""One meaning per flag across the commands, one output option, one duration syntax; old spellings still work."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from skyrack.cli import app
from skyrack.errors import InputError


def _commands() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    out: dict[str, Any] = {}
    for name, command in group.commands.items():
        for sub, subcommand in getattr(command, "commands", {}).items():
            out[f"{name} {sub}"] = subcommand
        out[name] = command
    return out


def _visible_options() -> dict[str, dict[str, list[str]]]:
    """{command: {long name: [its spellings]}} for every option shown in --help."""
    return {
        name: {p.opts[0]: list(p.opts) for p in command.params if p.param_type_name == "option" and not p.hidden}
        for name, command in _commands().items()
    }


def test_every_short_flag_has_one_meaning_across_commands() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    for options in _visible_options().values():
        for spellings in options.values():
            longs = [s for s in spellings if s.startswith("--")]
            for short in (s for s in spellings if not s.startswith("--")):
                meanings[short].update(longs)
    clashes = {short: longs for short, longs in meanings.items() if len(longs) > 1}
    assert not clashes
    assert meanings["-o"] == {"--out"} and meanings["-c"] == {"--catalog"} and meanings["-w"] == {"--workers"}
    assert meanings["-n"] == {"--draws"} and meanings["-d"] == {"--duration"} and meanings["-q"] == {"--quantity"}


def test_common_options_are_spelled_alike_everywhere() -> None:
    options = _visible_options()
    scenario_commands = [
        "design", "compare", "simulate", "links", "workload", "deploy", "report", "sweep", "breakeven",
        "montecarlo", "sensitivity", "optimise", "simsweep",
    ]  # fmt: skip
    for name in scenario_commands:
        assert options[name]["--set"] == ["--set", "-s"], name
        assert options[name]["--catalog"] == ["--catalog", "-c"], name
    for name, spellings in options.items():
        assert "--output" not in spellings and "--days" not in spellings and "--years" not in spellings, name
        if "--out" in spellings:
            assert spellings["--out"] == ["--out", "-o"], name
    for name in ("sweep", "montecarlo", "sensitivity", "optimise", "simulate", "report"):
        assert "--seed" in options[name]
    for name in ("sweep", "breakeven", "montecarlo", "sensitivity", "optimise", "simsweep", "simulate", "report"):
        assert "--no-limits" in options[name], name


def _walk(command: Any, path: str = "skyrack") -> list[tuple[str, Any]]:
    """Every (command path, option) in typer's command tree, nested groups and hidden options included."""
    found = [(path, p) for p in command.params if p.param_type_name == "option"]
    for name, sub in getattr(command, "commands", {}).items():
        found.extend(_walk(sub, f"{path} {name}"))
    return found


def test_short_flags_follow_the_table_in_cli_common_in_every_command() -> None:
    from skyrack import cli_common
    from skyrack.cli_common import DEPRECATED_SHORT_FLAGS, SHORT_FLAGS

    options = _walk(typer.main.get_command(app))
    assert any(path.startswith("skyrack runs ") for path, _ in options)  # the walk reached the nested commands
    seen: dict[str, set[str]] = defaultdict(set)
    for path, option in options:
        longs = [s for s in option.opts if s.startswith("--")]
        for short in (s for s in [*option.opts, *option.secondary_opts] if not s.startswith("--")):
            table = DEPRECATED_SHORT_FLAGS if option.hidden else SHORT_FLAGS
            assert table.get(short) in longs, (path, short, longs)
            seen[short].add(path)
    assert set(seen) == set(SHORT_FLAGS) | set(DEPRECATED_SHORT_FLAGS)  # no entry of the table is stale
    for short, long in SHORT_FLAGS.items():
        assert f"``{short}, {long}" in (cli_common.__doc__ or ""), short  # the documented table agrees
        for path, option in options:  # a long option with a short flag has it wherever it appears
            if long in option.opts and not option.hidden:
                assert short in option.opts, (path, long)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            ["deploy", "starcloud-1", "--years", "3", "--json"],
            ["deploy", "starcloud-1", "--duration", "3 yr", "--json"],
        ),
        (
            ["sweep", "suncatcher", "-v", "launch.price_per_kg=100 USD/kg,200 USD/kg", "-O", "mass.total_kg", "--json"],
            ["sweep", "suncatcher", "-v", "launch.price_per_kg=100 USD/kg,200 USD/kg", "-q", "mass.total_kg", "--json"],
        ),
    ],
)
def test_old_spellings_are_hidden_aliases_that_warn(old: list[str], new: list[str]) -> None:
    from skyrack import cli_common

    cli_common._WARNED.clear()
    runner = CliRunner()
    before, after = runner.invoke(app, old), runner.invoke(app, new)
    assert before.exit_code == 0 and after.exit_code == 0, before.output
    assert json.loads(before.stdout) == json.loads(after.stdout)
    assert "is deprecated; use" in before.stderr and "deprecated" not in after.stderr
    again = runner.invoke(app, old)
    assert "deprecated" not in again.stderr  # once per process


def test_durations_are_unit_strings_everywhere() -> None:
    from skyrack.cli_common import duration_s

    assert duration_s("60 d") == 60 * 86400.0
    assert duration_s("1 yr") == pytest.approx(365.25 * 86400.0)
    assert duration_s("6 h") == 6 * 3600.0
    for bad in ("60", "0 d", "-1 yr", "ten days", "5 m"):
        with pytest.raises(InputError, match="--duration"):
            duration_s(bad)
