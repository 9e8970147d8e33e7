"""The test servers' helper: its memory readings survive a job process that has ended but is not reaped."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from webserver import Served

# a parent that forks a child which exits at once and is never waited for (a zombie), then sleeps
_PARENT = "import os, time\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(pid, flush=True)\ntime.sleep(30)\n"


def test_peaks_skip_a_process_that_has_ended_but_is_not_reaped() -> None:
    proc = subprocess.Popen([sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        status = Path(f"/proc/{child}/status")
        deadline = time.monotonic() + 10.0
        while "State:\tZ" not in status.read_text() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "VmHWM:" not in status.read_text()  # a zombie has no memory lines
        served = Served(proc, "http://127.0.0.1:1")
        assert child in served.pids()
        peaks = served.peaks_mb()
        assert list(peaks) == [proc.pid] and peaks[proc.pid] > 0.0
    finally:
        proc.kill()
        proc.wait()
