"""Results written where they are computed: a directory of Parquet partitions, one per task.

A run with an output directory never gathers its rows: each task writes its
rows as ``part-NNNNNNNN.parquet`` [1]_ and sends back only a :class:`PartInfo`
(row count, SHA-256 of the columns [2]_ and each column's finite count, minimum
and maximum). The directory reads back as one table with
``pandas.read_parquet(directory)`` (partitions in index order). Workers on other
machines need the directory on a file system they share with the client.

A partition is written to a temporary name and renamed into place (atomic on
POSIX [3]_), with its :class:`PartInfo` in the file's metadata. The directory's
``_manifest.json`` holds a hash of the run's parameters: a killed run restarted
with ``resume=True`` keeps every partition whose data still matches its
recorded digest and computes only the others; a directory of another run is
refused.

References
----------
.. [1] Apache Parquet format specification, https://parquet.apache.org/docs/file-format/.
.. [2] NIST FIPS 180-4, *Secure Hash Standard (SHS)*, 2015.
.. [3] IEEE Std 1003.1-2017 (POSIX), ``rename()``: "the rename shall be atomic".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._json import finite_or_none
from ..errors import InputError

__all__ = ["OutputDirectory", "PartInfo", "Partitions", "columns_digest", "write_part"]

MANIFEST = "_manifest.json"
_PART = re.compile(r"^part-(\d{8})\.parquet$")
_META_KEY = b"skyrack.part"


def part_name(index: int) -> str:
    """File name of partition ``index``."""
    return f"part-{index:08d}.parquet"


@dataclass(frozen=True)
class PartInfo:
    """What a task reports about the partition it wrote.

    ``stats[column]`` is ``(finite, minimum, maximum)`` over the finite values
    (NaN minimum and maximum when there are none).
    """

    index: int
    rows: int
    digest: str
    stats: dict[str, tuple[int, float, float]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {"index": self.index, "rows": self.rows, "digest": self.digest, "stats": self.stats},
            allow_nan=True,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> PartInfo:
        data = json.loads(text)
        stats = {k: (int(v[0]), float(v[1]), float(v[2])) for k, v in data["stats"].items()}
        return cls(int(data["index"]), int(data["rows"]), str(data["digest"]), stats)


def columns_digest(columns: Mapping[str, Any]) -> str:
    """SHA-256 [2]_ of named columns: each column's name, dtype and bytes, in order."""
    h = hashlib.sha256()
    for name, values in columns.items():
        array = np.ascontiguousarray(values)
        h.update(f"{name}\0{array.dtype.str}\0{array.size}\0".encode())
        h.update(array.data.cast("B"))
    return h.hexdigest()


def _column_stats(values: Any) -> tuple[int, float, float]:
    array = np.asarray(values, dtype=np.float64)
    finite = array[np.isfinite(array)]
    if finite.size == 0:
        return 0, math.nan, math.nan
    return int(finite.size), float(finite.min()), float(finite.max())


def write_part(directory: str | Path, index: int, columns: Mapping[str, Any]) -> PartInfo:
    """Write partition ``index`` of ``columns`` (equal-length arrays) into ``directory``; its :class:`PartInfo`.

    Runs where the task runs. The file appears under its final name only once
    complete (written to a temporary name, then renamed).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = len(next(iter(columns.values()))) if columns else 0
    info = PartInfo(index, rows, columns_digest(columns), {k: _column_stats(v) for k, v in columns.items()})
    table = pa.table({k: np.asarray(v) for k, v in columns.items()})
    table = table.replace_schema_metadata({_META_KEY: info.to_json().encode()})
    path = Path(directory)
    fd, tmp = tempfile.mkstemp(prefix=f".part-{index:08d}-", suffix=".tmp", dir=path)
    os.close(fd)
    try:
        pq.write_table(table, tmp, use_dictionary=False)  # dictionaries cost 3x the write and gain little on floats
        os.replace(tmp, path / part_name(index))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return info


def read_part_info(path: Path) -> PartInfo | None:
    """The :class:`PartInfo` of a partition file if its data still matches its digest, else None."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
        meta = (table.schema.metadata or {}).get(_META_KEY)
        if meta is None:
            return None
        info = PartInfo.from_json(meta)
        columns = {name: table.column(name).to_numpy() for name in table.column_names}
    except (OSError, ValueError, KeyError):
        return None
    return info if columns_digest(columns) == info.digest else None


@dataclass
class Partitions:
    """A run's rows, left on disk as Parquet partitions: where, how many, and what they hold."""

    path: Path
    columns: list[str]
    parts: list[PartInfo]

    @property
    def rows(self) -> int:
        """Rows over all partitions."""
        return sum(p.rows for p in self.parts)

    @property
    def digest(self) -> str:
        """SHA-256 of the partitions' digests in order: equal for two runs exactly when every value is."""
        return hashlib.sha256("".join(p.digest for p in self.parts).encode()).hexdigest()

    def files(self) -> list[Path]:
        """The partition files, in index order."""
        return [self.path / part_name(p.index) for p in self.parts]

    def stats(self) -> dict[str, dict[str, float]]:
        """Per column: count of finite values, their minimum and maximum."""
        out: dict[str, dict[str, float]] = {}
        for name in self.columns:
            triples = [p.stats[name] for p in self.parts if name in p.stats]
            finite = sum(t[0] for t in triples)
            lows = [t[1] for t in triples if t[0]]
            highs = [t[2] for t in triples if t[0]]
            out[name] = {
                "finite": float(finite),
                "min": min(lows) if lows else math.nan,
                "max": max(highs) if highs else math.nan,
            }
        return out

    def frame(self, columns: Iterable[str] | None = None) -> Any:
        """Every row in memory as one DataFrame (the whole run: mind its size)."""
        import pandas as pd

        wanted = list(columns) if columns is not None else None
        frames = [pd.read_parquet(f, columns=wanted) for f in self.files()]
        return pd.concat(frames, ignore_index=True) if len(frames) != 1 else frames[0]

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary (NaN as None)."""
        return {
            "out": str(self.path),
            "rows": self.rows,
            "partitions": len(self.parts),
            "sha256": self.digest,
            "columns": {k: {s: finite_or_none(v) for s, v in st.items()} for k, st in self.stats().items()},
        }


class OutputDirectory:
    """The client's side of a partition directory: its manifest, and the partitions already done.

    Parameters
    ----------
    directory : str or path
        Created if missing; an existing directory must be empty or hold this run.
    params : mapping
        Everything that determines the run's rows; its hash goes in the manifest.
    n_parts : int
        Partitions of the run.
    resume : bool
        Keep the partitions of an interrupted run of the same parameters.
    """

    def __init__(self, directory: str | Path, params: Mapping[str, Any], n_parts: int, resume: bool = False) -> None:
        from .executor import params_hash

        self.path = Path(directory)
        self.n_parts = n_parts
        self.hash = params_hash(params)
        if self.path.exists() and not self.path.is_dir():
            raise InputError("--out", str(self.path), "is a file; give a directory for the partitions")
        manifest = self.path / MANIFEST
        if manifest.exists():
            self._check(manifest, resume)
        elif self.path.exists() and any(self.path.iterdir()):
            raise InputError("--out", str(self.path), "is not empty and holds no skyrack run; give a new directory")
        self.path.mkdir(parents=True, exist_ok=True)
        for stale in self.path.glob(".part-*.tmp"):  # partial writes of a killed run
            with contextlib.suppress(OSError):
                stale.unlink()
        if not manifest.exists():
            record = {"hash": self.hash, "partitions": n_parts, "params": params}
            manifest.write_text(json.dumps(record, default=repr, indent=1))

    def _check(self, manifest: Path, resume: bool) -> None:
        try:
            recorded = json.loads(manifest.read_text())
        except (OSError, ValueError):
            raise InputError("--out", str(self.path), "its _manifest.json is unreadable") from None
        if not isinstance(recorded, dict) or recorded.get("hash") != self.hash:
            raise InputError("--out", str(self.path), "holds the partitions of a different run; use another directory")
        if not resume and any(_PART.match(p.name) for p in self.path.iterdir()):
            raise InputError("--out", str(self.path), "already holds partitions of this run; pass --resume to continue")

    def done(self) -> dict[int, PartInfo]:
        """Partitions on disk whose data matches their digest (damaged ones are deleted, to be computed again)."""
        out: dict[int, PartInfo] = {}
        for path in sorted(self.path.iterdir()):
            match = _PART.match(path.name)
            if match is None or int(match.group(1)) >= self.n_parts:
                continue
            info = read_part_info(path)
            if info is None or info.index != int(match.group(1)):
                path.unlink(missing_ok=True)
                continue
            out[info.index] = info
        return out

    def read(self, index: int) -> dict[str, Any]:
        """Partition ``index`` as ``{column: array}``."""
        import pyarrow.parquet as pq

        table = pq.read_table(self.path / part_name(index))
        return {name: table.column(name).to_numpy() for name in table.column_names}
