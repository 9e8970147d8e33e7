"""Lazy packages: every public name is importable and re-exported explicitly for strict type checkers."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import skyrack

PACKAGES = ["skyrack", "skyrack.analysis", "skyrack.claims", "skyrack.deploy", "skyrack.links", "skyrack.simulate"]
SRC = Path(skyrack.__file__).parent


def _reexported(package: str) -> set[str]:
    """Names imported as ``X as X`` (PEP 484's explicit re-export) in the package's ``if TYPE_CHECKING:`` block."""
    path = SRC.joinpath(*package.split(".")[1:], "__init__.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom)
                names |= {a.name for a in imp.names if a.asname == a.name}
    return names


@pytest.mark.parametrize("package", PACKAGES)
def test_every_lazy_name_loads_and_is_reexported_for_type_checkers(package: str) -> None:
    module = importlib.import_module(package)
    public = set(module.__all__) - {"__version__"}
    assert public == _reexported(package)  # mypy --strict / pyright see exactly the lazy names
    for name in sorted(public):
        assert getattr(module, name) is not None, name
    assert sorted(module.__all__) == list(module.__all__)
