"""Freed memory kept in long-lived compute processes (glibc's malloc thresholds).

A batch of designs allocates and frees hundreds of arrays of a few hundred kB
each. By default glibc serves a block above its mmap threshold (128 kB at start,
raised to the largest block freed so far) with a fresh mapping, and returns the
free top of its heap to the system once that exceeds the trim threshold (twice
the mmap threshold) [1]_. Either way the next batch faults the same pages in
again and the kernel clears them: at 180 service requests a batch, 250 page
faults and 0.5 ms of system time per request (measured). Worker processes (the
service's, the local pool's) raise both thresholds once, at start
(:func:`keep_freed_heap`); the processes a cluster starts take the same
thresholds from their environment (``analysis.executor.MALLOC_ENV``). A library
does not change its host's allocator, so the process that imports skyrack keeps
glibc's defaults.

References
----------
.. [1] mallopt(3), Linux man-pages 6.x: M_MMAP_THRESHOLD, M_TRIM_THRESHOLD and
       their dynamic adjustment.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["KEEP_BYTES", "MMAP_BYTES", "keep_freed_heap"]

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # <malloc.h>
KEEP_BYTES = 256 << 20
"""Free heap top kept before any is returned to the system [bytes]."""
MMAP_BYTES = 32 << 20
"""Blocks from this size up get a mapping of their own (glibc's largest allowed threshold on 64-bit) [bytes]."""


def keep_freed_heap(keep_bytes: int = KEEP_BYTES, mmap_bytes: int = MMAP_BYTES) -> bool:
    """Keep up to ``keep_bytes`` of freed heap and serve blocks under ``mmap_bytes`` from the heap.

    Returns whether glibc took both settings (False on another platform or C library).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_TRIM_THRESHOLD, keep_bytes)) and bool(mallopt(M_MMAP_THRESHOLD, mmap_bytes))
