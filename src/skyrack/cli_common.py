"""What every ``skyrack`` command shares: consoles, errors, options, output checks, JSON, budgets.

One meaning per flag across the commands:

===========================  ==========================================================
``-s, --set PATH=VALUE``     override a scenario field (repeatable)
``-c, --catalog FILE``       extra catalog YAML file (repeatable)
``-o, --out PATH``           the one output file (or directory, for ``simulate``)
``-d, --duration TIME``      a length of time with its unit: ``"60 d"``, ``"1 yr"``, ``"6 h"``
``-n, --draws N``            random draws (Monte Carlo, random sweeps, robust optimisation)
``-q, --quantity NAME``      an output quantity to keep or show (repeatable)
``-u, --uncertain SPEC``     an uncertain input ``param=kind(...)`` (repeatable)
``-v, --vary SPEC``          a parameter range (repeatable)
``-m, --method NAME``        how a sweep samples its ranges
``-w, --workers N``          local worker processes
``--seed N``                 random seed, 0 to 2**32 - 1
``--json``                   print JSON on stdout (non-finite numbers as null)
``--no-limits``              lift the size and time budgets checked before any work
===========================  ==========================================================

The short flags are :data:`SHORT_FLAGS` (a test walks every command against
it); ``-O`` and ``-y`` survive only as hidden, deprecated spellings
(:data:`DEPRECATED_SHORT_FLAGS`).

Every failure is one line on stderr: ``error: ...`` with exit code 2 for bad
input (a :class:`~skyrack.errors.SkyrackError`, including a budget refused up
front), ``internal error: ... (please report)`` with exit code 70 for anything
unforeseen.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from functools import wraps
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, TypeVar

import typer
from rich.console import Console

from . import budgets
from ._json import json_safe
from .errors import InputError, SkyrackError, one_line

__all__ = [
    "DEPRECATED_SHORT_FLAGS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "SHORT_FLAGS",
    "check_out_dir",
    "check_out_file",
    "check_seed",
    "console",
    "duration_s",
    "emit_json",
    "error_line",
    "exit_if_infeasible",
    "friendly",
    "overrides",
    "renamed",
]

EXIT_INPUT = 2
"""Exit code of bad input, an infeasible design or a refused budget."""
EXIT_INTERNAL = 70
"""Exit code of an unforeseen error (EX_SOFTWARE): a bug to report."""

F = TypeVar("F", bound=Callable[..., Any])

SHORT_FLAGS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "-s": "--set",
        "-c": "--catalog",
        "-o": "--out",
        "-d": "--duration",
        "-n": "--draws",
        "-q": "--quantity",
        "-u": "--uncertain",
        "-v": "--vary",
        "-m": "--method",
        "-w": "--workers",
    }
)
"""Every visible short flag and the one long option it means, in every command."""
DEPRECATED_SHORT_FLAGS: Final[Mapping[str, str]] = MappingProxyType({"-O": "--output", "-y": "--years"})
"""Hidden old spellings, accepted with a warning (``-O`` is now ``-q``, ``-y`` is ``-d '3 yr'``)."""


# --------------------------------------------------------------------------- consoles and errors


def console(width: int = 160) -> Console:
    """The stdout console (``width`` columns when not a terminal)."""
    return Console(width=None if sys.stdout.isatty() else width)


def err_console() -> Console:
    """The stderr console (notes, warnings, progress)."""
    return Console(stderr=True)


def error_line(message: str, prefix: str = "error") -> None:
    """``prefix: message`` as one line on stderr (control characters escaped, length bounded)."""
    text = one_line(f"{prefix}: {message}", 4000)
    err_console().print(text, markup=False, highlight=False, soft_wrap=True)


def note(message: str) -> None:
    """An informational line on stderr."""
    err_console().print(message, markup=False, highlight=False, soft_wrap=True)


def friendly(func: F) -> F:
    """Run a command: skyrack's errors as one line and exit 2, anything unforeseen as one line and exit 70."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SkyrackError as error:
            error_line(str(error))
            raise typer.Exit(EXIT_INPUT) from None
        except (typer.Exit, typer.Abort, typer.TyperException, KeyboardInterrupt, BrokenPipeError):
            raise  # typer's own exits and usage errors; a reader that went away (`skyrack compare | head`)
        except Exception as error:  # a bug (or an exhausted machine): never a traceback, always reported
            error_line(internal_message(error), "internal error")
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper  # type: ignore[return-value]


def internal_message(error: BaseException) -> str:
    """The line shown for an unforeseen exception."""
    shown = one_line(str(error), 200)
    return f"{type(error).__name__}{': ' + shown if shown else ''} (please report this at the project's issue tracker)"


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """A deprecation or other warning on stderr, once per process."""
    if message not in _WARNED:
        _WARNED.add(message)
        error_line(message, "warning")


def renamed(new: Any, old: Any, old_flag: str, new_flag: str, convert: Callable[[Any], Any] | None = None) -> Any:
    """The value of ``new_flag``, or of its old spelling ``old_flag`` (warning once that it is deprecated)."""
    if old is None or old == []:
        return new
    warn_once(f"{old_flag} is deprecated; use {new_flag}")
    return convert(old) if convert is not None else old


# --------------------------------------------------------------------------- common options

SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", "-s", help="Override a scenario field: path=value, e.g. thermal.emissivity=0.92. Repeatable."
    ),
]
CatalogOption = Annotated[
    list[str] | None,
    typer.Option("--catalog", "-c", help="Extra catalog YAML file (new or shadowing entries). Repeatable."),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON on stdout (non-finite numbers as null).")]
SeedOption = Annotated[int, typer.Option("--seed", help=f"Random seed, 0 to {budgets.MAX_SEED}.")]
NoLimitsFlag = Annotated[
    bool,
    typer.Option("--no-limits", help="Lift the size and time budgets that are checked before any work starts."),
]
ScenarioArgument = Annotated[str, typer.Argument(help="Preset name or scenario YAML file.")]


def overrides(set_: Sequence[str] | None, catalogs: Sequence[str] | None) -> list[str]:
    """``--set`` overrides plus ``--catalog`` files as one ``catalog_files`` override."""
    files = []
    for name in catalogs or []:
        if any(op in name for op in ("<=", ">=")):
            raise InputError("--catalog", name, "a catalog YAML file (-c means --catalog; use --constraint)")
        try:
            files.append(str(Path(name).resolve()))
        except (OSError, ValueError, RuntimeError) as error:  # a NUL byte, a symlink loop
            raise InputError("--catalog", name, f"not a usable path ({error})") from None
    extra = [f"catalog_files={json.dumps(files)}"] if files else []
    return [*(set_ or []), *extra]


def check_seed(seed: int, field: str = "--seed") -> int:
    """A seed from 0 to 2**32 - 1."""
    if not 0 <= seed <= budgets.MAX_SEED:
        raise InputError(field, seed, f"a seed from 0 to {budgets.MAX_SEED}")
    return seed


def duration_s(text: str, field: str = "--duration", *, bare_unit: str | None = None) -> float:
    """A positive length of time with its unit ("60 d", "1 yr", "6 h"), in seconds.

    ``bare_unit`` accepts a plain number in that unit with a deprecation warning
    (the old ``--days 60`` / ``--step 30`` spellings).
    """
    from .units import to_unit

    if bare_unit is not None:
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            warn_once(f"{field} takes a time with its unit, e.g. '{text} {bare_unit}'")
            text = f"{number!r} {bare_unit}"
    value = to_unit(text, "s", field=field)
    if value <= 0:
        raise InputError(field, text, "a positive time with its unit, e.g. '30 s', '60 d', '1 yr'")
    return value


# --------------------------------------------------------------------------- outputs


def check_out_file(path: Path | None, suffixes: Sequence[str] = (), field: str = "--out") -> None:
    """Check, before any work, that ``path`` can be written: allowed suffix, not a directory, parent writable."""
    if path is None:
        return
    if _is_dir(path, field):
        raise InputError(field, str(path), "a directory; give a file name")
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(field, str(path), "a " + " or ".join(suffixes) + " file name")
    _check_writable_dir(path.parent, field, path)


def check_out_dir(path: Path | None, field: str = "--out", *, must_exist: bool = False) -> None:
    """Check, before any work, that ``path`` is (or can be created as) a writable directory."""
    if path is None:
        return
    if _exists(path, field):
        if not path.is_dir():
            raise InputError(field, str(path), "exists and is not a directory")
        _check_writable_dir(path, field, path)
    elif must_exist:
        raise InputError(field, str(path), "no such directory")
    else:
        _check_writable_dir(path.parent, field, path)


def _exists(path: Path, field: str) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError) as error:
        raise InputError(field, str(path), f"not a usable path ({getattr(error, 'strerror', None) or error})") from None


def _is_dir(path: Path, field: str) -> bool:
    return _exists(path, field) and path.is_dir()


def _check_writable_dir(directory: Path, field: str, path: Path) -> None:
    where = directory if str(directory) else Path(".")
    if not _exists(where, field):
        raise InputError(field, str(path), f"the directory {where} does not exist")
    if not where.is_dir():
        raise InputError(field, str(path), f"{where} is not a directory")
    if not os.access(where, os.W_OK | os.X_OK):
        raise InputError(field, str(path), f"cannot write in {where}")


def exit_if_infeasible(reasons: Sequence[str]) -> None:
    """An impossible design: its reasons on one stderr line, exit code 2."""
    if reasons:
        error_line("infeasible design: " + "; ".join(reasons))
        raise typer.Exit(EXIT_INPUT)


def emit_json(data: Any) -> None:
    """The JSON output policy: one document on stdout, indented, non-finite numbers as null."""
    sys.stdout.write(json.dumps(json_safe(data), indent=2, allow_nan=False, default=str) + "\n")


# --------------------------------------------------------------------------- budgets


def _float(amount: float) -> float:
    """``amount`` as a float; a count too large for one (a 900-digit grid size) is infinite."""
    try:
        return float(amount)
    except OverflowError:
        return math.inf


def _about(amount: float, text: Callable[[float], str]) -> str:
    value = _float(amount)
    return text(value) if math.isfinite(value) else "far too much"


def check_evaluations(field: str, count: float, no_limits: bool) -> None:
    """Designs one command evaluates (sweep points, draws, Sobol runs)."""
    if not no_limits:
        note_ = _about(count, lambda n: f"about {budgets.seconds_text(n / budgets.DESIGNS_PER_S)} on one core")
        budgets.check_budget(field, count, budgets.MAX_EVALUATIONS, "design evaluations", note_)


def check_rows(field: str, rows: float, no_limits: bool) -> None:
    """Rows one command keeps in memory and writes out."""
    if not no_limits:
        note_ = _about(rows, lambda n: f"about {n * budgets.BYTES_PER_ROW / 1e9:,.1f} GB in memory")
        budgets.check_budget(field, rows, budgets.MAX_TABLE_ROWS, "table rows", note_)


def check_simulation(field: str, satellites: float, steps: float, runs: float, no_limits: bool) -> None:
    """Satellites per run and satellite-steps in all for ``runs`` simulations."""
    if no_limits:
        return
    budgets.check_budget(field, satellites, budgets.MAX_SIM_SATELLITES, "satellites per simulation")
    total = satellites * steps * runs
    note_ = _about(total, lambda n: f"about {budgets.seconds_text(n / budgets.SAT_STEPS_PER_S)} on one core")
    budgets.check_budget(field, total, budgets.MAX_SAT_STEPS, "satellite-steps", note_)


def check_step(step: float, no_limits: bool, field: str = "--step") -> None:
    """The shortest simulation step (shared with the web service)."""
    if not no_limits and step < budgets.MIN_SIM_STEP_S:
        raise budgets.BudgetError(
            field,
            f"{step:g} s",
            f"at least {budgets.MIN_SIM_STEP_S:g} s (the same minimum as the service); {budgets.OVERRIDE_HINT}",
        )


def check_workers(workers: int | None, task_size: int | None, no_limits: bool) -> None:
    """Worker processes and the points all of them hold at once (workers x task size)."""
    if workers is not None and workers < 1:
        raise InputError("--workers", workers, "at least 1 (1 runs in this process)")
    if task_size is not None and task_size < 1:
        raise InputError("--task-size", task_size, "at least 1 point per task")
    if no_limits:
        return
    budgets.check_budget("--workers", workers or 1, budgets.MAX_WORKERS, "worker processes")
    held = (workers or os.cpu_count() or 1) * (task_size or 1)
    budgets.check_budget("--task-size", held, budgets.MAX_IN_FLIGHT, "points held by the workers at once")
