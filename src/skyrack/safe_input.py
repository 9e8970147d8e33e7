"""Safe reading of user input: files, YAML, ``--set`` values and excerpts for error messages.

Every path, file and string that reaches skyrack from a user goes through here
first, so that hostile input is refused in bounded time and memory with a
one-line :class:`~skyrack.errors.InputError`:

- :func:`read_text` opens regular files only (never a FIFO, a device such as
  ``/dev/zero`` or a directory), checks the size before reading, reads at most
  the limit and decodes UTF-8 (with or without a byte-order mark), naming the
  byte offset of anything else;
- :func:`load_yaml` is the one YAML loader of the project (scenarios, catalog
  files, overrides): safe constructors only, clock times such as ``"18:00"``
  kept as text, duplicate keys refused with their line, aliases and nesting
  bounded (no "billion laughs");
- :func:`parse_scalar` reads a ``--set`` value as one YAML scalar;
- :func:`excerpt` shows a bounded part of a value in a message.

This module imports only the standard library, PyYAML and :mod:`skyrack.errors`.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Any

import yaml

from .errors import InputError, excerpt, one_line

__all__ = [
    "MAX_ALIAS_EXPANSION",
    "MAX_CATALOG_BYTES",
    "MAX_FLEET_FILE_BYTES",
    "MAX_INT_DIGITS",
    "MAX_OVERRIDE_CHARS",
    "MAX_SCENARIO_BYTES",
    "MAX_YAML_ALIASES",
    "MAX_YAML_DEPTH",
    "decode_text",
    "excerpt",
    "load_yaml",
    "parse_scalar",
    "read_text",
]

MAX_SCENARIO_BYTES = 1 << 20
"""Largest scenario file (1 MiB; the biggest preset is under 10 KiB)."""
MAX_CATALOG_BYTES = 4 << 20
"""Largest catalog file (4 MiB; the built-in catalog is under 100 KiB in all)."""
MAX_FLEET_FILE_BYTES = 32 << 20
"""Largest TLE or OMM file (32 MiB: about 200,000 three-line element sets)."""
MAX_OVERRIDE_CHARS = 10_000
"""Longest ``path=value`` override."""
MAX_YAML_DEPTH = 32
"""Deepest nesting of YAML collections (a scenario needs about 6 levels)."""
MAX_YAML_ALIASES = 100
"""Most alias references (``*name``) in one YAML document."""
MAX_ALIAS_EXPANSION = 10_000
"""Most nodes that alias references may add to a document when expanded."""
MAX_INT_DIGITS = 309
"""Longest integer literal: a larger number does not fit in a float (about 1.8e308)."""

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


# --------------------------------------------------------------------------- files


def read_text(path: str | os.PathLike[str], what: str, max_bytes: int) -> str:
    """The text of the regular file at ``path``, read safely.

    Parameters
    ----------
    path : str or path
        The file named by the user.
    what : str
        What the file is for ("scenario", "catalog file", "--tle"), used as the
        field of error messages.
    max_bytes : int
        Largest size accepted, bytes; checked before reading and enforced while
        reading (a file that grows is cut off and refused).

    Returns
    -------
    str
        The decoded text (UTF-8, a leading byte-order mark removed).

    Raises
    ------
    skyrack.errors.InputError
        For a missing or unreadable file, anything but a regular file, a file
        over ``max_bytes``, or text that is not UTF-8.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
        _check_regular(info, what, name, max_bytes)
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(what, name, "cannot read the file (no such file)") from None
    except (ValueError, OSError) as error:  # a NUL in the name, permissions, a name too long, a loop
        reason = getattr(error, "strerror", None) or "not a valid file name"
        raise InputError(what, name, f"cannot read the file ({reason})") from None
    with os.fdopen(fd, "rb") as handle:
        _check_regular(os.fstat(handle.fileno()), what, name, max_bytes)  # the path may have been swapped
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(what, name, f"the file grew past the {max_bytes:,}-byte limit while being read")
    return decode_text(data, what, name)


def _check_regular(info: os.stat_result, what: str, name: str, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError(what, name, "a directory; give a file")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise InputError(what, name, f"{kind}, not a regular file; give a file")
    if info.st_size > max_bytes:
        raise InputError(what, name, f"{info.st_size:,} bytes; the limit for a {what} is {max_bytes:,} bytes")


def decode_text(data: bytes, what: str, name: str) -> str:
    """``data`` as UTF-8 text (a leading UTF-8 byte-order mark removed); other encodings refused by offset."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise InputError(what, name, f"{encoding} text (byte-order mark at byte 0); save the file as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            what, name, f"a NUL byte at offset {nul} ({_line_of(data, nul)}): binary data or UTF-16; save as UTF-8"
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise InputError(
            what, name, f"not UTF-8: byte 0x{byte:02x} at offset {error.start} ({_line_of(data, error.start)})"
        ) from None


def _line_of(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}"


# --------------------------------------------------------------------------- YAML


_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster


class SafeLoader(_Base):
    """The project's YAML loader: safe constructors, clock times as text, duplicate keys refused.

    Use it through :func:`load_yaml`, which also bounds aliases and nesting
    before any value is constructed.
    """


_CLOCK = re.compile(r"^[0-9]{1,2}:[0-5][0-9](?::[0-5][0-9])?$")
SafeLoader.yaml_implicit_resolvers = {
    key: ([("tag:yaml.org,2002:str", _CLOCK)] if key in "0123456789" else []) + list(resolvers)
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_unique_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> Any:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            duplicate = key in seen
        except TypeError:  # unhashable key: the base constructor reports it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {excerpt(key)}",
                key_node.start_mark,
            )
        seen.add(key)
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


def _construct_bounded_int(loader: Any, node: yaml.ScalarNode) -> Any:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_INT_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"an integer of {digits:,} digits (at most {MAX_INT_DIGITS})", node.start_mark
        )
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)
SafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_bounded_int)


def load_yaml(
    text: str,
    label: str,
    *,
    error: type[InputError] = InputError,
    max_depth: int = MAX_YAML_DEPTH,
    max_aliases: int = MAX_YAML_ALIASES,
    max_expansion: int = MAX_ALIAS_EXPANSION,
) -> Any:
    """Parse one YAML document safely.

    The document is composed first; its node graph is then checked (nesting
    depth, alias references, the nodes aliases would add, recursive aliases)
    before any Python value is constructed, so an alias bomb or a recursive
    alias costs only the size of its text.

    Parameters
    ----------
    text : str
        The YAML text.
    label : str
        Where it comes from (a file name, ``--set``), for error messages.
    error : type, optional
        The :class:`~skyrack.errors.InputError` subclass to raise.
    max_depth, max_aliases, max_expansion : int, optional
        Deepest nesting, most alias references and most nodes added by
        expanding aliases (defaults: the module constants).

    Raises
    ------
    skyrack.errors.InputError
        Naming the line and column of the problem (``error`` type).
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate (e.g. from an argument that was not UTF-8)
        raise error(
            label, f"character {exc.object[exc.start]!r} at {exc.start}", "text must be valid Unicode"
        ) from None
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_graph(node, label, error, max_depth, max_aliases, max_expansion)
        return loader.construct_document(node)
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{label} (line {mark.line + 1}, column {mark.column + 1})" if mark else label
        raise error(where, one_line(str(exc.problem or exc.context or "unreadable YAML")), "malformed YAML") from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:  # e.g. a date such as 2025-13-45
        raise error(
            label, one_line(str(exc).splitlines()[0] if str(exc) else type(exc).__name__), "malformed YAML"
        ) from None
    finally:
        loader.dispose()


def _check_graph(
    root: yaml.Node, label: str, error: type[InputError], max_depth: int, max_aliases: int, max_expansion: int
) -> None:
    """Refuse deep nesting, too many aliases, alias bombs and recursive aliases (iteratively, no recursion)."""

    def fail(node: yaml.Node, problem: str, allowed: str) -> None:
        mark = node.start_mark
        raise error(f"{label} (line {mark.line + 1}, column {mark.column + 1})", problem, allowed)

    size: dict[int, int] = {}  # expanded node count of every finished collection
    height: dict[int, int] = {}
    aliases = expansion = 0
    stack: list[tuple[yaml.Node, int, list[yaml.Node]]] = [(root, 1, _children(root))]
    if max_depth < 1:
        fail(root, "a value", "no YAML value is allowed here")
    while stack:
        node, depth, todo = stack[-1]
        if not todo:
            stack.pop()
            kids = _children(node)
            size[id(node)] = 1 + sum(size.get(id(k), 1) for k in kids)
            height[id(node)] = 1 + max((height.get(id(k), 1) for k in kids), default=0)
            continue
        child = todo.pop()
        if not isinstance(child, yaml.CollectionNode):
            continue
        if id(child) in size:  # a second reference: an alias
            aliases += 1
            expansion += size[id(child)]
            if aliases > max_aliases:
                fail(child, f"{aliases} alias references", f"at most {max_aliases} YAML aliases")
            if expansion > max_expansion:
                fail(child, f"aliases expanding to over {expansion:,} nodes", f"at most {max_expansion:,} by aliases")
            if depth + height[id(child)] > max_depth:
                fail(child, "an alias nested too deeply", f"at most {max_depth} levels of nesting")
            continue
        if any(item is child for item, _, _ in stack):
            fail(child, "a recursive alias (a collection that contains itself)", "no recursive YAML aliases")
        if depth + 1 > max_depth:
            fail(child, f"collections nested over {max_depth} levels deep", f"at most {max_depth} levels of nesting")
        stack.append((child, depth + 1, _children(child)))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


# --------------------------------------------------------------------------- override values


_INT_LIKE = re.compile(r"^[-+]?[0-9][0-9_]*$")


def parse_scalar(text: str, field: str = "--set") -> Any:
    """A ``--set`` value read as one YAML scalar: number, boolean, null, clock time or text.

    Anything that is not a single scalar (``[a, b]``, ``{a: 1}``, an alias) is
    kept as the text itself: override values are scalars unless the field they
    set is a list or a mapping (see :func:`load_yaml`). Empty text is ``None``.

    >>> parse_scalar("0.92"), parse_scalar("650 km"), parse_scalar("18:00"), parse_scalar("[1, 2]")
    (0.92, '650 km', '18:00', '[1, 2]')

    Raises
    ------
    skyrack.errors.InputError
        For text over :data:`MAX_OVERRIDE_CHARS` or an integer too large for a float.
    """
    if len(text) > MAX_OVERRIDE_CHARS:
        raise InputError(field, text, f"at most {MAX_OVERRIDE_CHARS:,} characters")
    stripped = text.strip()
    if not stripped:
        return None
    if _INT_LIKE.match(stripped) and sum(ch.isdigit() for ch in stripped) > MAX_INT_DIGITS:
        raise InputError(field, text, f"a number too large: at most {MAX_INT_DIGITS} digits (about 1.8e308)")
    try:
        value = load_yaml(stripped, field, max_depth=1, max_aliases=0, max_expansion=0)
    except InputError:
        return stripped
    return stripped if isinstance(value, (list, dict)) else value
