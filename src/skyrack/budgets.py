"""Budgets: how much work and memory one command may ask for, checked before the work starts.

A budget is a limit on an estimate made from the inputs alone (grid points,
draws, satellite-steps...), so that a request for hours of work or gigabytes of
memory is refused at once with the estimate and the limit in the message, never
discovered as a ``MemoryError`` or a hang. The command line lifts them with
``--no-limits``; the web service has its own, stricter limits
(:class:`skyrack.web.limits.Limits`), and shares :data:`MIN_SIM_STEP_S`.

The rates behind the time estimates are measured by ``benchmarks/`` on one core.
"""

from __future__ import annotations

from .errors import BudgetError

__all__ = [
    "DESIGNS_PER_S",
    "MAX_EVALUATIONS",
    "MAX_IN_FLIGHT",
    "MAX_RUNS",
    "MAX_SAT_STEPS",
    "MAX_SEED",
    "MAX_SIM_SATELLITES",
    "MAX_TABLE_ROWS",
    "MAX_WORKERS",
    "MIN_SIM_STEP_S",
    "OVERRIDE_HINT",
    "SAT_STEPS_PER_S",
    "check_budget",
]

DESIGNS_PER_S = 1.0e6
"""Designs sized and costed per second on one core, a dozen outputs kept (benchmarks/bench_design.py)."""
SAT_STEPS_PER_S = 1.5e7
"""Satellite-steps simulated per second on one core, full pipeline (benchmarks/bench_simulate.py)."""
BYTES_PER_ROW = 100
"""Memory of one kept table row (about a dozen float64 columns), bytes."""

MIN_SIM_STEP_S = 10.0
"""Shortest simulation step, s: the one minimum of the command line and the service."""
MAX_SIM_SATELLITES = 100_000
"""Most satellites in one simulation (the default sample is 1,000)."""
MAX_SAT_STEPS = 1.0e11
"""Most satellite-steps in one command (about 2 h on one core)."""
MAX_EVALUATIONS = 1.0e9
"""Most designs evaluated by one command: sweep points, draws, Sobol runs, optimiser evaluations (~17 min)."""
MAX_TABLE_ROWS = 10_000_000
"""Most rows kept in memory and written out by one command (about 1 GB)."""
MAX_RUNS = 10_000
"""Most simulations in one simulation sweep (variants x seeds)."""
MAX_WORKERS = 256
"""Most local worker processes."""
MAX_IN_FLIGHT = 1 << 24
"""Most points held by all workers at once (workers x task size; about 1.6 GB)."""
MAX_SEED = 2**32 - 1
"""Largest random seed (seeds are 0 to 2**32 - 1, as in the service)."""

OVERRIDE_HINT = "pass --no-limits to run it anyway"


def check_budget(
    field: str, estimate: float, limit: float, what: str, note: str = "", *, hint: str = OVERRIDE_HINT
) -> None:
    """Refuse ``estimate`` above ``limit`` with both in the message.

    Parameters
    ----------
    field : str
        The option or field the estimate comes from (``"--vary"``, ``"-n"``).
    estimate, limit : float
        The estimated amount and the most allowed, in the unit ``what`` names.
    what : str
        The unit, e.g. ``"grid points"``, ``"satellite-steps"``.
    note : str, optional
        A consequence, e.g. ``"about 3 h on one core"``.
    hint : str, optional
        How to lift the limit.

    Raises
    ------
    skyrack.errors.BudgetError
        When ``estimate > limit``.
    """
    if estimate > limit:
        about = f" ({note})" if note else ""
        raise BudgetError(field, f"{_count(estimate)} {what}{about}", f"the limit is {limit:,.0f} {what}; {hint}")


def _count(amount: float) -> str:
    """'1,234' or, for a number too large to print in full, '1.2e+400' (exact integers never overflow)."""
    if isinstance(amount, int) and abs(amount) >= 10**15:
        digits = str(abs(amount)) if amount.bit_length() < 13_000 else "9" * 4000
        return f"{'-' if amount < 0 else ''}{digits[0]}.{digits[1]}e+{len(digits) - 1}"
    return f"{amount:,.0f}" if abs(amount) < 1e15 else f"{amount:.2g}"


def seconds_text(seconds: float) -> str:
    """A rough duration for a message: '40 s', '12 min', '3.1 h', '2.5 d'."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
