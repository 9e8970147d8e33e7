"""The core install works without the optional extras, and a missing extra is one clear line.

Each test runs Python in a subprocess whose ``sys.meta_path`` path finder does not find the
extras' packages, as in a fresh ``pip install skyrack``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skyrack.extras import EXTRAS, MissingExtraError, has_extra, import_extra, require_extra

SRC = Path(__file__).resolve().parents[1] / "src"

BLOCK = textwrap.dedent(
    """
    import sys
    from importlib.machinery import PathFinder

    BLOCKED = {blocked!r}

    class Hide:
        # the path finder, except that the extras' packages are not there (find_spec says None)
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                return None
            return PathFinder.find_spec(name, path, target)

        def invalidate_caches(self):
            PathFinder.invalidate_caches()

        def find_distributions(self, *args, **kwargs):  # package metadata (importlib.metadata) as before
            return PathFinder.find_distributions(*args, **kwargs)

    sys.meta_path[:] = [Hide() if finder is PathFinder else finder for finder in sys.meta_path]
    """
)

# Modules that may import an extra at their top, by design: the web service (its app, routers, pool and
# jobs). The command that starts it must import without the extra, to say which extra is missing.
SERVICE_PACKAGE = "skyrack.web."
MUST_IMPORT = {"skyrack.web", "skyrack.web.cli"}


def _run(code: str, blocked: set[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "SKYRACK_HOME": str(tmp_path / "home")}
    script = BLOCK.format(blocked=sorted(blocked)) + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )


ALL_EXTRA_MODULES = {m for modules in EXTRAS.values() for m in modules}


def test_core_modules_import_without_extras(tmp_path: Path) -> None:
    code = """
    import importlib, pkgutil, skyrack
    failed = {}
    for info in pkgutil.walk_packages(skyrack.__path__, "skyrack."):
        if info.name == "skyrack.__main__":  # runs the CLI
            continue
        try:
            importlib.import_module(info.name)
        except ImportError as error:
            failed[info.name] = error.name
    print(repr(failed))
    """
    proc = _run(code, ALL_EXTRA_MODULES, tmp_path)
    assert proc.returncode == 0, proc.stderr
    failed = eval(proc.stdout.strip())  # a dict literal printed by the child
    # only the service modules need an extra, and each fails on one of the web extra's packages
    assert "skyrack.web.app" in failed  # the blocking works: FastAPI was not found
    assert all(name.startswith(SERVICE_PACKAGE) for name in failed), failed
    assert not MUST_IMPORT & set(failed), failed
    for name, missing in failed.items():
        assert missing.partition(".")[0] in EXTRAS["web"], (name, missing)


def test_core_commands_run_without_extras(tmp_path: Path) -> None:
    code = """
    from skyrack.cli import main
    for argv in (["design", "suncatcher", "--json"], ["compare", "suncatcher", "starcloud-40mw"]):
        try:
            main(argv)
        except SystemExit as stop:
            assert not stop.code, (argv, stop.code)
    """
    proc = _run(code, ALL_EXTRA_MODULES, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert '"usd_per_pflop_day"' in proc.stdout  # the design's JSON
    assert "orbit vs ground" in proc.stdout  # the comparison table's title
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("extra", "argv", "message"),
    [
        ("web", ["serve"], "error: skyrack serve needs the web extra: pip install 'skyrack[web]'"),
        (
            "store",
            ["runs", "list"],
            "error: the results store (--save, skyrack runs) needs the store extra: pip install 'skyrack[store]'",
        ),
        (
            "dask",
            ["sweep", "suncatcher", "--vary", "launch.price_per_kg=100..200 USD/kg:2", "--dask", "local"],
            "error: the Dask executor (--dask, --scheduler) needs the dask extra: pip install 'skyrack[dask]'",
        ),
    ],
)
def test_missing_extra_is_one_line_and_exit_2(tmp_path: Path, extra: str, argv: list[str], message: str) -> None:
    code = f"""
    from skyrack.cli import main
    main({argv!r})
    """
    proc = _run(code, set(EXTRAS[extra]), tmp_path)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stderr.strip().splitlines() == [message]


def test_helpers_in_process() -> None:
    # this test environment has every extra (the suite runs with skyrack[all,test])
    assert all(has_extra(name) for name in EXTRAS)
    require_extra("store", "anything")
    assert import_extra("store", "anything", "duckdb").__name__ == "duckdb"
    with pytest.raises(ValueError, match="unknown extra"):
        has_extra("gpu")
    error = MissingExtraError("web", "skyrack serve")
    assert isinstance(error, ImportError)
    assert str(error) == "skyrack serve needs the web extra: pip install 'skyrack[web]'"
