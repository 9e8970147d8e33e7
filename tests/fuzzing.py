"""Shared pieces of the fuzz suite (``tests/test_fuzz_*.py``): settings, guards and hypothesis strategies.

In the normal suite every fuzz test runs a small, fixed (derandomised) set of
examples; under ``make fuzz`` (``SKYRACK_FUZZ=1``) it runs many random ones.
Each example runs under a time guard (SIGALRM) and a memory guard (a soft
``RLIMIT_AS`` a fixed amount above the process's current size), so a regression
shows as a failure, not as a hang or a machine out of memory.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings, strategies as st

from iss import ISS_OMM, ISS_TLE

FUZZ = os.environ.get("SKYRACK_FUZZ") == "1"
FUZZ_EXAMPLES = int(os.environ.get("SKYRACK_FUZZ_EXAMPLES", "400"))
TIME_GUARD_S = 10.0
MEMORY_GUARD_MB = 1024


def fuzz_settings(examples: int, shrink: bool = True) -> settings:
    """``examples`` fixed examples in the normal suite; ``SKYRACK_FUZZ_EXAMPLES`` random ones under ``make fuzz``.

    ``shrink=False`` reports a failure as found.
    """
    phases = list(Phase) if shrink else [p for p in Phase if p is not Phase.shrink]
    return settings(
        max_examples=FUZZ_EXAMPLES if FUZZ else examples,
        phases=phases,
        derandomize=not FUZZ,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


class HangError(Exception):
    """An example ran past the time guard (never a skyrack error: the test fails)."""


@contextlib.contextmanager
def guarded(seconds: float = TIME_GUARD_S, memory_mb: int = MEMORY_GUARD_MB) -> Iterator[None]:
    """Fail (:class:`HangError`, :class:`MemoryError`) past ``seconds`` or ``memory_mb`` more address space."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    status = Path("/proc/self/status").read_text()
    size_kb = int(next(x for x in status.splitlines() if x.startswith("VmSize:")).split()[1])
    cap = size_kb * 1024 + (memory_mb << 20)
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        with time_limit(seconds):
            yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (:class:`HangError`) once the block has run ``seconds`` of wall time (main thread, SIGALRM)."""

    def expire(signum: int, frame: Any) -> None:
        raise HangError(f"the example ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- text and numbers

UNITS = ["USD/kg", "K", "km", "W", "MW", "W/kg", "kg/m^2", "yr", "1/yr", "USD/kWh", "USD/W", "%", "m", "deg", "s", ""]
TRICKY_TEXT = [
    "&a [*a, *a]",  # a YAML anchor and aliases
    "!!python/object:os.system",
    "{a: 1}",
    "[1, 2]",
    "~",
    "null",
    ".inf",
    "-.nan",
    "0x1F",
    "1_000",
    "18:00",
    "18:99",
    "1e400 W",
    "nan m",
    "inf USD/kg",
    "1" * 400,
    "9" * 3000 + " W",
    "١٢٣ km",  # Arabic-Indic digits
    "１２ km",  # full-width digits
    "\ud800",
    "a\udc00b",
    "\x00",
    "\u202e",
    "💥" * 50,
    "",
    " ",
]
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -0.0, 1e-320, 5e-324, 1.7976931348623157e308, 2**53 + 1]),
)
any_text = st.text(st.characters(codec=None), max_size=60)
quantities = st.builds(
    lambda x, unit, sep: f"{x}{sep}{unit}".strip(),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**30), 10**30)),
    st.sampled_from(UNITS),
    st.sampled_from([" ", "", "  "]),
)
texts = st.one_of(quantities, st.sampled_from(TRICKY_TEXT), any_text)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(any_text, inner, max_size=4)),
    max_leaves=12,
)


# ---------------------------------------------------------------- scenarios and overrides


def _leaf_paths(model: Any, prefix: str = "") -> list[str]:
    from pydantic import BaseModel

    out = []
    for name, field in model.model_fields.items():
        args = typing.get_args(field.annotation) or (field.annotation,)
        sub = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        out += _leaf_paths(sub[0], f"{prefix}{name}.") if sub else [f"{prefix}{name}"]
    return out


def scenario_paths() -> list[str]:
    """Every leaf field path of the scenario schema (``satellite.thermal.emissivity``, ...)."""
    from skyrack.scenario import Scenario

    return _leaf_paths(Scenario)


override_paths = st.one_of(
    st.sampled_from(scenario_paths()),
    st.sampled_from(["catalog_files", "catalog.accelerators.x.tdp", "orbit", "satellite.thermal", "name.x", "a..b"]),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}(\.[A-Za-z_][A-Za-z0-9_-]{0,12}){0,3}", fullmatch=True),
    any_text,
)
override_values = st.one_of(scalars, st.lists(scalars, max_size=3))
overrides = st.dictionaries(override_paths, override_values, max_size=4)
preset_names = st.sampled_from(
    ["suncatcher", "starcloud-1", "starcloud-40mw", "spacex-xai", "blue-origin-sunrise", "openai-stoke"]
)


@st.composite
def scenario_mappings(draw: st.DrawFn) -> dict[str, Any]:
    """A preset's mapping with a few fields replaced, removed or added at random."""
    from skyrack.web.scenarios import preset_mapping

    data = preset_mapping(draw(preset_names))
    for _ in range(draw(st.integers(0, 4))):
        keys = draw(st.sampled_from(scenario_paths())).split(".")
        node = data
        for key in keys[:-1]:
            child = node.get(key)
            node = node.setdefault(key, {}) if child is None else child
            if not isinstance(node, dict):
                break
        else:
            if draw(st.booleans()):
                node[keys[-1]] = draw(json_values)
            else:
                node.pop(keys[-1], None)
    if draw(st.integers(0, 9)) == 0:
        data[draw(any_text)] = draw(json_values)
    return data


# ---------------------------------------------------------------- TLE and OMM

ISS_LINES = ISS_TLE.splitlines()


@st.composite
def tle_texts(draw: st.DrawFn) -> str:
    """The ISS element set with characters replaced, inserted or removed, lines dropped or repeated."""
    lines = list(ISS_LINES)
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(0, len(lines) - 1))
        line = lines[row]
        at = draw(st.integers(0, len(line)))
        edit = draw(st.sampled_from(["replace", "insert", "delete", "digit"]))
        char = draw(st.one_of(st.characters(codec=None), st.sampled_from(list("0123456789-+. ٣３e"))))
        if edit == "replace":
            line = line[:at] + char + line[at + 1 :]
        elif edit == "insert":
            line = line[:at] + char + line[at:]
        elif edit == "delete":
            line = line[:at] + line[at + 1 :]
        else:
            line = line[:at] + draw(st.sampled_from("0123456789")) + line[at + 1 :]
        lines[row] = line
    if draw(st.booleans()):
        lines = lines * draw(st.integers(1, 3))
    if draw(st.integers(0, 5)) == 0:
        lines = lines[: draw(st.integers(0, len(lines)))]
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@st.composite
def omm_texts(draw: st.DrawFn) -> str:
    """The ISS mean elements as JSON, XML or KVN, with fields replaced by arbitrary values or dropped."""
    import json

    fields: dict[str, Any] = dict(ISS_OMM)
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from([*ISS_OMM, "EXTRA"]))
        if draw(st.booleans()):
            fields[key] = draw(json_values)
        else:
            fields.pop(key, None)
    kind = draw(st.sampled_from(["json", "xml", "kvn"]))
    if kind == "json":
        return json.dumps([fields], default=str)
    if kind == "kvn":
        return "CCSDS_OMM_VERS = 2.0\n" + "".join(f"{k} = {v}\n" for k, v in fields.items())
    body = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items() if k not in ("OBJECT_NAME", "NORAD_CAT_ID"))
    return (
        f'<?xml version="1.0"?>\n<ndm><omm><body><segment><metadata><OBJECT_NAME>{fields.get("OBJECT_NAME")}'
        f"</OBJECT_NAME></metadata><data><meanElements>{body}</meanElements><tleParameters><NORAD_CAT_ID>"
        f"{fields.get('NORAD_CAT_ID')}</NORAD_CAT_ID></tleParameters></data></segment></body></omm></ndm>\n"
    )
