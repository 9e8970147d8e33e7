"""Results store: every run in a DuckDB catalog, bulk results as Parquet files.

Layout under the store's home directory::

    runs.duckdb         table ``runs`` (one row per run)
    runs.lock           advisory lock file serialising access across processes
    results/<id>.parquet  bulk results of a run (samples, sweep points), if any

The home is, in order: the ``home`` argument, the ``SKYRACK_HOME`` environment
variable, or the per-user data directory (``platformdirs.user_data_dir("skyrack")``).
DuckDB allows one writing process per database file, so every access takes an
``fcntl.flock`` on ``runs.lock`` (exclusive to write, shared to read): concurrent
writers queue instead of failing or corrupting the file.

A run's Parquet file is written to a temporary file (locked by its writer), then
renamed into ``results/`` and catalogued under the exclusive lock, so a results
file never exists without its row for longer than a writer lives. A writer killed
between the two leaves an orphan, which the next write or delete sweeps away, with
the temporary files of writers that no longer hold their lock.

Runs are named by their id or an unambiguous prefix of it (hex digits only: no
pattern ever matches more than the runs that start with it).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ._json import json_safe
from .errors import InputError

ENV = "SKYRACK_HOME"
DB_NAME = "runs.duckdb"
LOCK_NAME = "runs.lock"
RESULTS = "results"
_ID = re.compile(r"^[0-9a-f]{1,32}$")
_RESULT_FILE = re.compile(r"^([0-9a-f]{12})\.parquet$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL,
    scenario_name VARCHAR,
    scenario_json VARCHAR,
    scenario_sha256 VARCHAR,
    code_version VARCHAR,
    seed BIGINT,
    summary_json VARCHAR,
    results_file VARCHAR
)
"""
_COLUMNS = (
    "id",
    "kind",
    "created",
    "scenario_name",
    "scenario_json",
    "scenario_sha256",
    "code_version",
    "seed",
    "summary_json",
    "results_file",
)


def home(path: str | os.PathLike[str] | None = None) -> Path:
    """The store's directory (created if missing): ``path``, ``$SKYRACK_HOME`` or the user data dir."""
    if path is not None:
        root = Path(path)
    elif os.environ.get(ENV):
        root = Path(os.environ[ENV])
    else:
        import platformdirs

        root = Path(platformdirs.user_data_dir("skyrack"))
    root = root.expanduser()
    (root / RESULTS).mkdir(parents=True, exist_ok=True)
    return root


@contextlib.contextmanager
def _locked(root: Path, exclusive: bool) -> Iterator[Any]:
    """A DuckDB connection held under the store's file lock."""
    from .extras import import_extra

    duckdb = import_extra("store", "the results store (--save, skyrack runs)", "duckdb")
    with open(root / LOCK_NAME, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            db = root / DB_NAME
            if not exclusive and not db.exists():
                fcntl.flock(lock, fcntl.LOCK_EX)  # the first reader creates the empty catalog, alone
                exclusive = True
            con = duckdb.connect(str(db), read_only=not exclusive)
            try:
                if exclusive:
                    con.execute(_SCHEMA)
                yield con
            finally:
                con.close()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """``skyrack.__version__``, plus ``git describe`` of the source tree when it is a git checkout."""
    from . import __version__

    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return __version__
    described = out.stdout.strip()
    return f"{__version__}+git.{described}" if out.returncode == 0 and described else __version__


def scenario_json(scenario: Any) -> str:
    """Canonical JSON of a scenario (a :class:`skyrack.scenario.Scenario`, a mapping, or None)."""
    if scenario is None:
        return "null"
    if hasattr(scenario, "model_dump"):
        data = scenario.model_dump(mode="json")
    elif isinstance(scenario, Mapping):
        data = dict(scenario)
    else:
        data = str(scenario)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def save_run(
    kind: str,
    scenario: Any,
    summary: Mapping[str, Any],
    seed: int | None = None,
    table: Any = None,
    home_dir: str | os.PathLike[str] | None = None,
) -> str:
    """Store a run; returns its id.

    Parameters
    ----------
    kind : str
        What ran: ``"sweep"``, ``"montecarlo"``, ``"sensitivity"``, ...
    scenario : Scenario, mapping or None
        The scenario, stored as canonical JSON with its SHA-256.
    summary : mapping
        JSON-ready summary (NaN stored as null).
    seed : int, optional
        The run's random seed.
    table : pandas.DataFrame, optional
        Bulk results, written to ``results/<id>.parquet``.
    home_dir : path, optional
        Store directory (default: ``$SKYRACK_HOME`` or the user data dir).
    """
    root = home(home_dir)
    run_id = uuid.uuid4().hex[:12]
    text = scenario_json(scenario)
    name = getattr(scenario, "name", None) or (scenario.get("name") if isinstance(scenario, Mapping) else None)
    row = (
        run_id,
        kind,
        datetime.now(UTC).replace(tzinfo=None),
        name,
        text,
        hashlib.sha256(text.encode()).hexdigest(),
        code_version(),
        seed,
        json.dumps(json_safe(dict(summary)), sort_keys=True),
        f"{RESULTS}/{run_id}.parquet" if table is not None else None,
    )
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(_temporary_results(root, table)) if table is not None else None
        with _locked(root, exclusive=True) as con:
            sweep_orphans(root, con)
            if tmp is not None:
                os.replace(tmp, root / RESULTS / f"{run_id}.parquet")
            _insert(con, row)
    return run_id


def _insert(con: Any, row: tuple[Any, ...]) -> None:
    con.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(_COLUMNS))})", row)


@contextlib.contextmanager
def _temporary_results(root: Path, table: Any) -> Iterator[Path]:
    """``table`` written to a temporary Parquet file in ``results/``, locked by this writer while it exists."""
    fd, name = tempfile.mkstemp(prefix=".", suffix=".parquet.tmp", dir=root / RESULTS)
    tmp = Path(name)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        table.to_parquet(tmp, index=False)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)  # gone already once renamed into place
        os.close(fd)


def sweep_orphans(root: Path, con: Any) -> list[str]:
    """Remove results files with no catalog row and temporary files whose writer died; returns their names.

    Call with ``con`` held under the exclusive lock: no live writer can then be
    between its rename and its row.
    """
    known = {r[0] for r in con.execute("SELECT results_file FROM runs WHERE results_file IS NOT NULL").fetchall()}
    removed = []
    for path in (root / RESULTS).iterdir():
        orphan = _RESULT_FILE.match(path.name) is not None and f"{RESULTS}/{path.name}" not in known
        if orphan or (path.name.startswith(".") and path.name.endswith(".tmp") and _abandoned(path)):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def _abandoned(path: Path, grace_s: float = 60.0) -> bool:
    """A temporary file no live writer holds locked, untouched for ``grace_s`` (a writer locks it at once)."""
    try:
        if time.time() - path.stat().st_mtime < grace_s:
            return False
    except OSError:
        return False
    return not _locked_by_writer(path)


def _locked_by_writer(path: Path) -> bool:
    """Whether a live process holds the lock of a temporary file (a writer still writing it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock taken here
    return False


def _row(values: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(zip(_COLUMNS, values, strict=True))
    out["created"] = out["created"].isoformat(timespec="seconds") + "Z"
    return out


def list_runs(home_dir: str | os.PathLike[str] | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """Every run, newest first: id, kind, created, scenario name and hash, code version, seed."""
    root = home(home_dir)
    query = "SELECT * FROM runs" + (" WHERE kind = ?" if kind else "") + " ORDER BY created DESC, id"
    with _locked(root, exclusive=False) as con:
        rows = con.execute(query, [kind] if kind else []).fetchall()
    out = []
    for values in rows:
        row = _row(values)
        del row["scenario_json"], row["summary_json"]
        out.append(row)
    return out


def _resolve_id(con: Any, run_id: str) -> str:
    """The full id of ``run_id``: an exact id, else the one id it is a prefix of (never a pattern)."""
    if not isinstance(run_id, str) or not _ID.match(run_id):
        shown = run_id if not isinstance(run_id, str) or len(run_id) <= 40 else run_id[:40] + "..."
        raise InputError("run", shown, "a run id or its first hex digits (`skyrack runs list` shows the ids)")
    if con.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone():
        return run_id
    rows = con.execute("SELECT id FROM runs WHERE starts_with(id, ?) ORDER BY id LIMIT 6", [run_id]).fetchall()
    matches = [str(r[0]) for r in rows]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputError("run", run_id, "no such run; `skyrack runs list` shows the ids")
    raise InputError("run", run_id, f"ambiguous prefix, matches {', '.join(matches[:5])}, ...; give more digits")


def get_run(run_id: str, home_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """One run (an id or a unique id prefix), with its scenario and summary parsed from JSON."""
    root = home(home_dir)
    with _locked(root, exclusive=False) as con:
        full = _resolve_id(con, run_id)
        values = con.execute("SELECT * FROM runs WHERE id = ?", [full]).fetchone()
    row = _row(values)
    row["scenario"] = json.loads(row.pop("scenario_json"))
    row["summary"] = json.loads(row.pop("summary_json"))
    return row


def load_results(run_id: str, home_dir: str | os.PathLike[str] | None = None) -> Any:
    """The bulk results of a run as a pandas DataFrame (None if it has none)."""
    import pandas as pd

    run = get_run(run_id, home_dir)
    if not run["results_file"]:
        return None
    return pd.read_parquet(home(home_dir) / run["results_file"])


def export_run(run_id: str, path: str | os.PathLike[str], home_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write a run to ``path``: ``.json`` (record and summary), ``.parquet`` or ``.csv`` (bulk results)."""
    target = Path(path)
    run = get_run(run_id, home_dir)
    suffix = target.suffix.lower()
    if suffix == ".json":
        target.write_text(json.dumps(run, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return target
    if suffix not in (".parquet", ".csv"):
        raise InputError("export", str(target), "use a .json, .parquet or .csv file name")
    if not run["results_file"]:
        raise InputError("export", run["id"], "this run has no bulk results; export it as .json")
    source = home(home_dir) / run["results_file"]
    if suffix == ".parquet":
        shutil.copyfile(source, target)
    else:
        import pandas as pd

        pd.read_parquet(source).to_csv(target, index=False)
    return target


def delete_run(run_id: str, home_dir: str | os.PathLike[str] | None = None) -> str:
    """Delete a run and its bulk results; returns the full id."""
    root = home(home_dir)
    with _locked(root, exclusive=True) as con:
        full = _resolve_id(con, run_id)
        row = con.execute("SELECT results_file FROM runs WHERE id = ?", [full]).fetchone()
        con.execute("DELETE FROM runs WHERE id = ?", [full])  # the row first: a kill here leaves an orphan file,
        if row and row[0]:  # which the next write sweeps, never a row without its file
            (root / row[0]).unlink(missing_ok=True)
        sweep_orphans(root, con)
    return full
