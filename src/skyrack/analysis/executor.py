"""Running chunks of work: in process, on a local process pool or on Dask, with checkpoints.

Large analyses (sweeps, Monte Carlo, simulation sweeps) are split into
numbered chunks. Each chunk is a call ``fn(*args)`` of a module-level function
returning a :class:`pandas.DataFrame`; :func:`run_chunks` hands the chunks to
an executor and gives back the frames in chunk order, whatever order they
finish in.

Executors:

- :class:`SerialExecutor`: in this process, one chunk after another (default);
- :class:`PoolExecutor`: a local :class:`concurrent.futures.ProcessPoolExecutor` [1]_;
- :class:`DaskExecutor`: Dask distributed [2]_, a cluster at ``tcp://HOST:8786``,
  a :class:`distributed.LocalCluster` it starts (``"local"``) or a given client.

A :class:`Checkpoint` directory keeps every finished chunk as
``chunk-NNNNNNNN-<sha256>.parquet``, written atomically (a temporary file then
:func:`os.replace`, atomic on POSIX [3]_) and named with the SHA-256 of its
bytes, beside ``manifest.json`` holding a hash of the run's parameters; one run
at a time holds the directory's lock. A killed run restarted with
``resume=True`` skips the chunks on disk that pass their checksum and computes
only the others: no point is lost or computed twice, and since every chunk is
a pure function of the run's parameters and its index, the result equals an
uninterrupted run's bit for bit.

References
----------
.. [1] Python Software Foundation, "concurrent.futures — Launching parallel
   tasks", *The Python Standard Library*, https://docs.python.org/3/library/concurrent.futures.html.
.. [2] M. Rocklin, "Dask: Parallel computation with blocked algorithms and task
   scheduling", *Proc. 14th Python in Science Conf.* (SciPy 2015), 126-132, 2015.
.. [3] IEEE Std 1003.1-2017 (POSIX), ``rename()``: "the rename shall be atomic".
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, Protocol

from .._heap import KEEP_BYTES, MMAP_BYTES, keep_freed_heap
from ..errors import InputError

__all__ = [
    "LOCAL_CLUSTER_CONFIG",
    "MALLOC_ENV",
    "WORKER_ENV",
    "Checkpoint",
    "DaskExecutor",
    "Executor",
    "PoolExecutor",
    "SerialExecutor",
    "local_cluster",
    "make_executor",
    "params_hash",
    "run_chunks",
    "single_threaded",
]

Task = tuple[Callable[..., Any], tuple[Any, ...]]
Progress = Callable[[int, int], None]
MANIFEST = "manifest.json"
_CHUNK_FILE = re.compile(r"^chunk-(\d{8})-([0-9a-f]{64})\.parquet$")
LOCK_FILE = ".lock"


class Executor(Protocol):
    """Runs numbered tasks and yields ``(index, result)`` as they finish."""

    def run(self, tasks: Mapping[int, Task]) -> Iterator[tuple[int, Any]]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Every task in this process, in index order."""

    workers = 1

    def run(self, tasks: Mapping[int, Task]) -> Iterator[tuple[int, Any]]:
        for index in sorted(tasks):
            fn, args = tasks[index]
            yield index, fn(*args)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


MALLOC_ENV = {"MALLOC_TRIM_THRESHOLD_": str(KEEP_BYTES), "MALLOC_MMAP_THRESHOLD_": str(MMAP_BYTES)}
"""glibc's allocator in worker processes started from here: freed memory up to 32 MB a block is kept for
reuse (:mod:`skyrack._heap`'s thresholds, which glibc reads from the environment when a process starts; a
process already running, such as a pool worker, sets them with :func:`~skyrack._heap.keep_freed_heap`).

Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which also turns off glibc's
adaptive mmap threshold (mallopt(3)): every numpy temporary over 128 kB is then mapped and cleared
afresh, and a sweep task took 4 times the CPU (15.6 s against 4.4 s for 8 tasks of 524,288 designs,
measured). A value in the environment overrides the nannies' default.
"""

WORKER_ENV = {
    "NUMBA_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "ARROW_NUM_THREADS": "1",
    **MALLOC_ENV,
}
"""Environment of local worker processes: every numeric library single-threaded (one worker, one core),
and :data:`MALLOC_ENV`."""


def single_threaded() -> None:
    """Make this process's numeric libraries use one thread (a pool worker is one core's worth of work).

    Sets :data:`WORKER_ENV` for libraries not yet loaded, and numba's thread
    count for this thread if numba is already loaded (it reads the variable once).
    """
    os.environ.update(WORKER_ENV)
    import sys

    numba = sys.modules.get("numba")
    if numba is not None:
        numba.set_num_threads(1)


def _pool_worker_init(parent_pid: int) -> None:
    """Pool worker start-up: one thread per library, freed memory kept for the next task
    (:func:`skyrack._heap.keep_freed_heap`), and exit when the process that started the pool dies.

    A parent killed with SIGKILL cannot shut its pool down; without this its workers would wait
    for tasks forever (the forkserver, not the parent, is their parent process).
    """
    single_threaded()
    keep_freed_heap()
    threading.Thread(target=_exit_with, args=(parent_pid,), name="exit-with-parent", daemon=True).start()


def _exit_with(pid: int, poll_s: float = 0.5) -> None:
    while True:
        time.sleep(poll_s)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # alive, another user's (pid reused): keep watching
            pass


class PoolExecutor:
    """A local process pool of ``workers`` processes, at most ``2 * workers`` tasks in flight.

    Bounding the tasks in flight bounds memory: results are consumed (and
    checkpointed) as they arrive instead of piling up.
    """

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise InputError("--workers", workers, "must be at least 1")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing

            # forkserver/spawn: workers do not inherit the parent's threads (numba, BLAS) or locks
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_pool_worker_init,
                initargs=(os.getpid(),),
            )
        return self._pool

    def run(self, tasks: Mapping[int, Task]) -> Iterator[tuple[int, Any]]:
        pool = self._get()
        order = sorted(tasks)
        pending: dict[Future[Any], int] = {}
        position = 0
        limit = 2 * self.workers
        while position < len(order) or pending:
            while position < len(order) and len(pending) < limit:
                index = order[position]
                fn, args = tasks[index]
                pending[pool.submit(fn, *args)] = index
                position += 1
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()

    def close(self) -> None:
        """Shut the pool down."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> PoolExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskExecutor:
    """Tasks on Dask distributed.

    Parameters
    ----------
    scheduler : str or distributed.Client
        ``"local"`` starts a :class:`distributed.LocalCluster` of ``workers``
        single-threaded worker processes (closed by :meth:`close`); an address
        such as ``"tcp://10.0.0.5:8786"`` connects to a running scheduler; a
        :class:`distributed.Client` is used as is (and left open).
    workers : int, optional
        Workers of a local cluster (default: the machine's CPU count).
    """

    def __init__(self, scheduler: Any = "local", workers: int | None = None) -> None:
        from ..extras import require_extra

        require_extra("dask", "the Dask executor (--dask, --scheduler)")
        from distributed import Client

        self._own_client = False
        self._cluster: Any = None
        if isinstance(scheduler, Client):
            self.client = scheduler
        elif scheduler == "local":
            self._cluster = local_cluster(workers or os.cpu_count() or 1)
            self.client = Client(self._cluster)
            self._own_client = True
        elif isinstance(scheduler, str) and re.match(r"^(tcp|tls|inproc|ucx)://", scheduler):
            try:
                self.client = Client(scheduler, timeout="10s")
            except OSError as error:
                raise InputError("--scheduler", scheduler, f"cannot reach the Dask scheduler ({error})") from None
            self._own_client = True
        else:
            raise InputError("--scheduler", scheduler, "use 'local' or an address such as tcp://HOST:8786")
        from ._dask_heap import KeepFreedHeap

        self.client.register_plugin(KeepFreedHeap())  # workers keep freed memory (those started elsewhere too)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def run(self, tasks: Mapping[int, Task]) -> Iterator[tuple[int, Any]]:
        """Submit at most ``2 * workers`` tasks ahead of the results consumed (scheduler memory stays bounded)."""
        from distributed import as_completed

        order = iter(sorted(tasks))
        run_id = os.urandom(6).hex()
        futures: dict[Any, int] = {}

        def submit() -> Any:
            index = next(order, None)
            if index is None:
                return None
            fn, args = tasks[index]
            # pure=False: a task is never merged with another, and its key is unique to this run
            future = self.client.submit(fn, *args, pure=False, key=f"skyrack-chunk-{index}-{run_id}")
            futures[future] = index
            return future

        first = [f for f in (submit() for _ in range(max(4, 2 * self.workers))) if f is not None]
        pending = as_completed(first)
        for future in pending:
            index = futures.pop(future)
            following = submit()
            if following is not None:
                pending.add(following)
            yield index, future.result()
            future.release()

    def close(self) -> None:
        """Close the client and the local cluster this executor started."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # the statistical profiler samples the running task's stack every 10 ms from the worker's
    # event loop (about 5 % of a core per busy worker); it only feeds the dashboard
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "200ms",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings of the local clusters skyrack starts: no housekeeping that competes with the tasks.

On a machine with as many workers as cores, any CPU a worker's or the scheduler's
background threads use is taken from the tasks; with fewer workers than cores it
lands on an idle core for free, which makes scaling look worse than it is.
"""


def local_cluster(workers: int, **kwargs: Any) -> Any:
    """A :class:`distributed.LocalCluster` of ``workers`` single-threaded worker processes.

    Workers run every numeric library with one thread (:data:`WORKER_ENV`) and
    the cluster starts with :data:`LOCAL_CLUSTER_CONFIG` (no profiler, slow
    monitors) and its HTTP server on a free port; ``kwargs`` go to ``LocalCluster``.
    """
    from ..extras import require_extra

    require_extra("dask", "the Dask executor (--dask, --scheduler)")
    import dask
    from distributed import LocalCluster

    if workers < 1:
        raise InputError("--workers", workers, "must be at least 1")
    options: dict[str, Any] = {
        "n_workers": workers,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": ":0",  # Dask always starts its HTTP server: a free port, never a clash
        "env": dict(WORKER_ENV),
    }
    options.update(kwargs)
    os.environ.update(MALLOC_ENV)  # the nannies take it from here (dask would set a trim threshold of 64 kB)
    with dask.config.set(LOCAL_CLUSTER_CONFIG):  # read by the scheduler, nannies and workers as they start
        return LocalCluster(**options)


def make_executor(workers: int = 1, dask: str | None = None, scheduler: str | None = None) -> Executor:
    """The executor the CLI options ask for.

    ``scheduler`` (a ``tcp://`` address) wins over ``dask`` (only ``"local"``),
    which wins over ``workers`` (1: in process; more: a process pool).
    """
    if scheduler:
        return DaskExecutor(scheduler)
    if dask is not None:
        if dask != "local":
            raise InputError("--dask", dask, "only 'local' is supported; for a cluster use --scheduler tcp://HOST:8786")
        return DaskExecutor("local", workers=workers if workers > 1 else None)
    if workers < 1:
        raise InputError("--workers", workers, "must be at least 1")
    return SerialExecutor() if workers == 1 else PoolExecutor(workers)


def params_hash(params: Mapping[str, Any]) -> str:
    """SHA-256 of a run's parameters (JSON with sorted keys; non-JSON values by ``repr``)."""
    text = json.dumps(params, sort_keys=True, default=repr, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Checkpoint:
    """A directory of finished chunks of one run, and its manifest; one run at a time.

    Parameters
    ----------
    directory : str or path
        Where the chunks go (created if missing).
    params : mapping
        Everything that determines the run's result (scenario, points, seed,
        chunk size, outputs); its :func:`params_hash` is recorded in the manifest.
    n_chunks : int
        Number of chunks of the run.
    resume : bool
        Continue a run found in ``directory``. Without it a directory that
        already holds chunks is refused (so runs are never mixed by accident);
        with it, a directory whose manifest hash differs is refused.

    Notes
    -----
    The directory is locked (``fcntl.flock`` on ``.lock``, released by
    :meth:`close` or when the process dies): a second run on it is refused with
    the first one's process id instead of deleting its temporary files. Chunk
    ``i`` is stored as ``chunk-<i>-<sha256>.parquet``, the SHA-256 of the file's
    own bytes [1]_: a truncated or damaged chunk fails the check when read and
    is computed again.

    References
    ----------
    .. [1] NIST FIPS 180-4, *Secure Hash Standard (SHS)*, 2015.
    """

    def __init__(self, directory: str | Path, params: Mapping[str, Any], n_chunks: int, resume: bool = False) -> None:
        self.path = Path(directory)
        self.hash = params_hash(params)
        self.n_chunks = n_chunks
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise InputError("--checkpoint", str(self.path), "is a file; give a directory") from None
        self._lock: int | None = _lock_directory(self.path)
        try:
            self._check_manifest(params, resume)
        except BaseException:
            self.close()
            raise

    def _check_manifest(self, params: Mapping[str, Any], resume: bool) -> None:
        manifest = self.path / MANIFEST
        if manifest.exists():
            try:
                recorded = json.loads(manifest.read_text())
            except (OSError, ValueError):
                raise InputError("--checkpoint", str(self.path), "its manifest.json is unreadable") from None
            if not isinstance(recorded, dict) or recorded.get("hash") != self.hash:
                found = recorded.get("hash") if isinstance(recorded, dict) else None
                raise InputError(
                    "--checkpoint",
                    str(self.path),
                    "holds chunks of a different run (parameters hash "
                    f"{str(found)[:12]}, this run {self.hash[:12]}); use another directory",
                )
            if not resume and self.done():
                raise InputError(
                    "--checkpoint", str(self.path), "already holds chunks of this run; pass --resume to continue it"
                )
        for stale in self.path.glob(".*.tmp"):  # partial writes of a killed run (no other run holds the lock)
            with contextlib.suppress(OSError):
                stale.unlink()
        if not manifest.exists():
            record = {"hash": self.hash, "n_chunks": self.n_chunks, "params": params}
            _atomic_write_bytes(manifest, json.dumps(record, default=repr, indent=1).encode())

    def close(self) -> None:
        """Release the directory (the chunks stay)."""
        fd = getattr(self, "_lock", None)  # None once closed, missing if __init__ failed early
        if fd is not None:
            self._lock = None
            os.close(fd)

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()

    def file(self, index: int, digest: str) -> Path:
        """The file of chunk ``index`` whose bytes have SHA-256 ``digest``."""
        return self.path / f"chunk-{index:08d}-{digest}.parquet"

    def _files(self) -> dict[int, list[tuple[Path, str]]]:
        out: dict[int, list[tuple[Path, str]]] = {}
        for p in self.path.iterdir() if self.path.exists() else ():
            m = _CHUNK_FILE.match(p.name)
            if m is not None:
                out.setdefault(int(m.group(1)), []).append((p, m.group(2)))
        return out

    def done(self) -> set[int]:
        """Indices of the chunks on disk (checked when read)."""
        return set(self._files())

    def write(self, index: int, frame: Any) -> None:
        """Write chunk ``index`` (a DataFrame or a mapping of columns) atomically: temporary file, then rename."""
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            frame = pd.DataFrame(dict(frame))
        fd, tmp = tempfile.mkstemp(prefix=f".chunk-{index:08d}-", suffix=".tmp", dir=self.path)
        os.close(fd)
        try:
            frame.to_parquet(tmp, index=False)
            with open(tmp, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
                os.fsync(fh.fileno())
            target = self.file(index, digest)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        for other, _ in self._files().get(index, []):  # a damaged copy of the same chunk
            if other != target:
                other.unlink(missing_ok=True)

    def read(self, index: int) -> Any:
        """Chunk ``index`` as a DataFrame, or None when no copy on disk passes its checksum (damaged copies go)."""
        import pandas as pd

        for path, digest in self._files().get(index, []):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() == digest:
                return pd.read_parquet(io.BytesIO(data))
            path.unlink(missing_ok=True)
        return None


def _lock_directory(path: Path) -> int:
    """An exclusive lock on ``path/.lock`` (an open descriptor); InputError naming the holder if taken."""
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise InputError(
            "--checkpoint",
            str(path),
            f"is in use by another run (process {holder}); wait for it to finish or use another directory",
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def run_chunks(
    tasks: Sequence[Task],
    executor: Executor | None = None,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
    consume: Callable[[int, Any], None] | None = None,
) -> list[Any]:
    """Run ``tasks`` (``(fn, args)`` pairs returning DataFrames) and return their results in task order.

    Parameters
    ----------
    tasks : sequence of (callable, tuple)
        Chunk ``i`` is ``fn(*args)`` of ``tasks[i]``, returning a DataFrame
        (or, with ``checkpoint``, anything :meth:`Checkpoint.write` takes);
        ``fn`` must be importable (module level) to run in other processes.
    executor : Executor, optional
        Default :class:`SerialExecutor`.
    checkpoint : Checkpoint, optional
        Chunks already on disk (and passing their checksum) are read, not run;
        every finished chunk is written before the next is consumed. Its
        directory lock is released when this returns.
    progress : callable, optional
        ``progress(chunks_done, chunks_total)`` after every chunk.
    consume : callable, optional
        ``consume(index, result)`` for every chunk as it arrives (in any
        order; chunks read from the checkpoint first); the results are then
        not kept, which bounds memory.

    Returns
    -------
    list
        One result per task, in task order (None entries when ``consume`` is given).
    """
    try:
        return _run_chunks(tasks, executor, checkpoint, progress, consume)
    finally:
        if checkpoint is not None:
            checkpoint.close()


def _run_chunks(
    tasks: Sequence[Task],
    executor: Executor | None,
    checkpoint: Checkpoint | None,
    progress: Progress | None,
    consume: Callable[[int, Any], None] | None,
) -> list[Any]:
    total = len(tasks)
    results: list[Any] = [None] * total
    skip: set[int] = set()
    for index in sorted(i for i in checkpoint.done() if i < total) if checkpoint is not None else ():
        frame = checkpoint.read(index)  # type: ignore[union-attr]
        if frame is None:  # damaged on disk: computed again below
            continue
        skip.add(index)
        if consume is not None:
            consume(index, frame)
        else:
            results[index] = frame
    todo = {i: tasks[i] for i in range(total) if i not in skip}
    finished = len(skip)
    if progress is not None:
        progress(finished, total)
    runner = executor if executor is not None else SerialExecutor()
    for index, result in runner.run(todo):
        if checkpoint is not None:
            checkpoint.write(index, result)
        if consume is not None:
            consume(index, result)
        else:
            results[index] = result
        finished += 1
        if progress is not None:
            progress(finished, total)
    return results


@contextlib.contextmanager
def rich_progress(label: str, enabled: bool = True) -> Iterator[Progress | None]:
    """A rich progress bar on stderr as a ``progress(done, total)`` callback (None when disabled)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield update
