"""Optional extras: the packages each one brings and a one-line error when one is missing.

The core install designs, compares, simulates and reports. Services are extras::

    pip install 'skyrack[web]'    # skyrack serve: FastAPI, uvicorn, Plotly for the page
    pip install 'skyrack[dask]'   # --dask / --scheduler: Dask distributed
    pip install 'skyrack[store]'  # the results store (--save, skyrack runs): DuckDB
    pip install 'skyrack[all]'    # all of them
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from .errors import SkyrackError

__all__ = ["EXTRAS", "MissingExtraError", "has_extra", "import_extra", "require_extra"]

EXTRAS: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "fastapi_offline", "uvicorn", "orjson"),  # plotly is core: the report draws with it
    "dask": ("dask", "distributed"),
    "store": ("duckdb",),
}
"""Top-level modules of each extra (import names, not distribution names)."""


class MissingExtraError(SkyrackError, ImportError):
    """A feature needs an optional extra that is not installed; the message says how to install it."""

    def __init__(self, extra: str, what: str) -> None:
        self.extra = extra
        super().__init__(f"{what} needs the {extra} extra: pip install 'skyrack[{extra}]'")


def _missing(extra: str) -> list[str]:
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}; one of {', '.join(EXTRAS)}")
    missing = []
    for name in EXTRAS[extra]:
        try:
            if importlib.util.find_spec(name) is None:
                missing.append(name)
        except (ImportError, ValueError):  # a finder that refuses the name, or a broken install
            missing.append(name)
    return missing


def has_extra(extra: str) -> bool:
    """True when every package of ``extra`` can be imported."""
    return not _missing(extra)


def require_extra(extra: str, what: str) -> None:
    """Raise :class:`MissingExtraError` (saying that ``what`` needs ``extra``) unless ``extra`` is installed."""
    if _missing(extra):
        raise MissingExtraError(extra, what)


def import_extra(extra: str, what: str, module: str) -> ModuleType:
    """Import ``module`` of ``extra``; when it cannot be imported, raise :class:`MissingExtraError`."""
    require_extra(extra, what)
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(extra, what) from None
