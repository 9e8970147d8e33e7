"""Arrays computed once per machine and kept on disk, keyed by everything they depend on.

Used for the slow tables a fresh process would otherwise rebuild (traced
geomagnetic grids, NRLMSISE-00 orbit averages). The folder comes from the
caller (:func:`skyrack.units.cache_dir`); None keeps nothing. A file is written
under a temporary name and renamed, so concurrent processes never read half of
one; a file that cannot be read is computed again and replaced; a folder that
cannot be written only costs the next process the computation.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["cached_arrays", "cached_json"]

Arrays = dict[str, npt.NDArray[np.float64]]


def cached_arrays(folder: str | None, name: str, key: object, compute: Callable[[], Arrays]) -> Arrays:
    """``compute()``, or the arrays it returned before for the same ``key`` (kept as ``name_<digest>.npz``).

    ``key`` must be a value whose ``repr`` names everything the arrays depend on
    (inputs, grids, library and model versions).
    """
    if folder is None:
        return compute()
    path = _path(folder, name, key, ".npz")
    if path.is_file():
        try:
            with np.load(path) as stored:
                return {k: np.asarray(stored[k], dtype=np.float64) for k in stored.files}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # unreadable: compute again and replace it
    arrays = compute()
    # (numpy's stub fears a key named allow_pickle among the arrays)
    _write(path, lambda tmp: np.savez(tmp, **arrays))  # type: ignore[arg-type]
    return arrays


def cached_json(folder: str | None, name: str, key: object, compute: Callable[[], Any]) -> Any:
    """``compute()``, or the data it returned before for the same ``key`` (kept as ``name_<digest>.json``).

    Only data that JSON gives back equal is kept (not dates, keys other than text, NaN).
    ``key`` as for :func:`cached_arrays`.
    """
    if folder is None:
        return compute()
    path = _path(folder, name, key, ".json")
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        pass  # absent or unreadable: compute again and replace it
    data = compute()
    try:
        text = json.dumps(data, allow_nan=False)
    except (TypeError, ValueError):
        return data
    if json.loads(text) == data:
        _write(path, lambda tmp: tmp.write_text(text, "utf-8"))
    return data


def _path(folder: str, name: str, key: object, suffix: str) -> Path:
    """The file that keeps ``name`` for ``key``: ``name_<digest of repr(key)><suffix>`` in ``folder``."""
    return Path(folder) / f"{name}_{hashlib.sha256(repr(key).encode()).hexdigest()[:20]}{suffix}"


def _write(path: Path, write: Callable[[Path], object]) -> None:
    """``write`` a temporary file beside ``path``, then rename it there; a folder that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp{path.suffix}")
        write(tmp)
        os.replace(tmp, path)
    except OSError:
        pass
