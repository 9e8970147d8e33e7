"""Lazy package exports (PEP 562): heavy submodules load on first use, so ``skyrack --help`` stays quick."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose names live in submodules.

    ``exports`` maps each public name to the relative module that defines it.
    """

    def get_attribute(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module, package), name)

    def list_names() -> list[str]:
        return sorted(exports)

    return get_attribute, list_names


def lazy_package(
    package: str, by_module: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` from each relative module and its public names.

    ``by_module`` maps a relative module to the names it defines, separated by spaces.
    """
    exports = {name: module for module, names in by_module.items() for name in names.split()}
    return (*lazy_exports(package, exports), sorted(exports))
