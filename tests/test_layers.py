"""Import contracts: imports point down only, and no two subpackages import each other.

The contracts live in pyproject.toml (``[tool.importlinter]``); import-linter builds the import
graph from the sources, function-level imports included. The negative tests run the same contracts
on a copy of the package with one bad import added, to show that each contract can fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(src: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--no-logo"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package and its contracts to break."""
    shutil.copytree(
        ROOT / "src" / "skyrack", tmp_path / "src" / "skyrack", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add(copy: Path, module: str, text: str) -> None:
    path = copy / "src" / "skyrack" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text, encoding="utf-8")


def test_the_contracts_hold() -> None:
    out = _lint(ROOT / "src", ROOT)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Contracts: 2 kept, 0 broken." in out.stdout


BREAKS = [
    pytest.param(
        "physics/orbit.py",
        "def _design_it(name: str) -> object:\n    from ..model import design\n\n    return design(name)\n",
        [
            "Imports point down only BROKEN",
            "skyrack.physics is not allowed to import skyrack.model",
            "skyrack.physics.orbit -> skyrack.model",
        ],
        id="a function-level import of a higher layer",
    ),
    pytest.param(  # links <- workloads already; links -> workloads closes the loop that used to exist
        "links/optical.py",
        "def _goodput() -> object:\n    from ..workloads import compare\n\n    return compare\n",
        ["No import cycle among subpackages BROKEN", "skyrack.links", "skyrack.workloads"],
        id="an import cycle between subpackages",
    ),
]


@pytest.mark.parametrize(("module", "text", "fragments"), BREAKS)
def test_an_added_import_breaks_its_contract(copy: Path, module: str, text: str, fragments: list[str]) -> None:
    _add(copy, module, text)
    out = _lint(copy / "src", copy)
    assert out.returncode == 1
    for fragment in fragments:
        assert fragment in out.stdout, fragment


def test_a_module_outside_every_layer_is_refused(copy: Path) -> None:
    (copy / "src" / "skyrack" / "stray.py").write_text('"""Not in any layer."""\n', encoding="utf-8")
    out = _lint(copy / "src", copy)
    assert out.returncode == 1
    assert "skyrack.stray" in out.stdout
