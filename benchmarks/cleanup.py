"""Benchmarks that start servers or clusters stop them also when they are themselves stopped."""

from __future__ import annotations

import signal
import sys
from types import FrameType


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that ``with`` blocks and ``finally`` clauses stop what was started.

    The scheduler, workers and servers run in their own sessions (a terminal's
    Ctrl-C does not reach them), so only this process's clean-up stops them.
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
