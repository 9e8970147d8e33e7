"""Lazy loading: package exports (PEP 562) and numba kernels load on first use, so commands start quickly."""

from __future__ import annotations

import functools
import importlib
import threading
import types
from collections.abc import Callable, Mapping
from typing import Any, ParamSpec, TypeVar, cast

P = ParamSpec("P")
R = TypeVar("R")


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


_COMPILING = threading.RLock()
SMALL = 8
"""At most this many elements, :func:`call` runs a kernel not compiled yet as Python."""


class LazyKernel:
    """A function compiled by ``numba.njit(**options)`` on its first call, numba imported then.

    Until then it is a placeholder in its module; when it compiles, every placeholder
    in that module (the kernels it calls, :data:`numba` for ``numba.prange``) is swapped
    for the real object, as numba reads them from the module when it compiles.
    Its other public attributes (``signatures``, ``inspect_types``...) are the dispatcher's.
    """

    def __init__(self, function: Callable[..., Any], options: Mapping[str, Any]) -> None:
        self.py_func = function
        self._options = dict(options)
        self._dispatcher: Any = None
        self._ready = False
        self._python: Callable[..., Any] | None = None
        functools.update_wrapper(self, function)

    def dispatcher(self) -> Any:
        """The numba dispatcher (compiled for each argument type on its first call)."""
        if not self._ready:  # ready once its module's placeholders are swapped (other threads wait till then)
            with _COMPILING:
                if self._dispatcher is None:
                    import numba as real

                    self._dispatcher = real.njit(**self._options)(self.py_func)
                    namespace = self.py_func.__globals__
                    for name, value in list(namespace.items()):
                        if value is numba:
                            namespace[name] = real
                        elif isinstance(value, LazyKernel) and value.py_func.__module__ == self.py_func.__module__:
                            namespace[name] = value.dispatcher()
                self._ready = True
        return self._dispatcher

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.dispatcher()(*args, **kwargs)

    def python(self, *args: Any) -> Any:
        """The kernel's Python source on ``args``, with the kernels it calls as Python (numba not loaded)."""
        if self._python is None:
            self._python = _as_python(self.py_func)
        return self._python(*args)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy, pickle, inspect and pytest probe private names: no compiling for them
            raise AttributeError(name)
        return getattr(self.dispatcher(), name)


def _as_python(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` over a copy of its module's namespace in which every lazy kernel is its plain function,
    so that the kernels it calls run as Python too, directly (the module itself is left as it is)."""
    namespace = dict(function.__globals__)

    def plain(f: Any) -> Callable[..., Any]:
        return types.FunctionType(f.__code__, namespace, f.__name__, f.__defaults__, f.__closure__)

    for name, value in function.__globals__.items():
        if isinstance(value, LazyKernel):
            namespace[name] = plain(value.py_func)
    return plain(function)


def call(kernel: Callable[..., R], size: int, *args: Any) -> R:
    """``kernel(*args)`` on ``size`` elements: compiled, or a lazy kernel's Python source for at most
    :data:`SMALL` of them while it is not compiled yet (numba's import and the kernel's load cost about
    0.6 s, the source tens of microseconds). The kernels it calls run as Python too; a kernel that uses
    ``numba.prange`` cannot run as Python. Both give the same floats (each such kernel is tested both ways).
    """
    if isinstance(kernel, LazyKernel) and size <= SMALL and not kernel._ready:
        return cast("R", kernel.python(*args))
    return kernel(*args)


class _LazyNumba:
    """Stands for the ``numba`` module in a module whose kernels are compiled on first use.

    ``numba.njit(...)`` makes a :class:`LazyKernel`; any other attribute imports numba.
    """

    def njit(self, **options: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
        def decorate(function: Callable[P, R]) -> Callable[P, R]:
            return cast("Callable[P, R]", LazyKernel(function, options))

        return decorate

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("numba"), name)


numba = _LazyNumba()
"""``from skyrack._lazy import numba`` in place of ``import numba``: numba loads when a kernel first runs."""
