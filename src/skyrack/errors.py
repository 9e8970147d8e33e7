"""Errors raised by skyrack for bad input and impossible designs."""

from __future__ import annotations

import reprlib

EXCERPT_CHARS = 80
"""Longest excerpt of a user's input shown in an error message (characters, before the length note)."""

_FIELD_CHARS = 200

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 40
_REPR.maxother = 40
_REPR.maxlong = 40
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdeque = 6


class Note(str):
    """A description standing in for a value that must not be shown (printed as is, without quotes).

    Used where the value would be the content of a file the user may not have
    written (any file named as a scenario, catalog or TLE), e.g.
    ``InputError("fleet.tle line 2", Note("text that is not a TLE line"), ...)``.
    """

    __slots__ = ()


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A bounded ``repr`` of ``value`` for an error message.

    Strings longer than ``limit`` are cut and their length is stated; nested
    containers are abbreviated without being walked in full (an alias bomb of a
    billion elements costs the same as a short list); huge integers are named by
    their number of digits. Newlines and other control characters are escaped,
    so the excerpt is always one line.

    >>> excerpt("x" * 1000, 10)
    "'xxxxxxxxxx…' (1,000 characters)"
    >>> excerpt(10**400)
    '<an integer of 401 digits>'
    """
    try:
        if isinstance(value, Note):
            return one_line(value, limit)
        if isinstance(value, str):
            if len(value) <= limit:
                return repr(value)
            head = repr(value[:limit])
            return f"{head[:-1]}…{head[-1]} ({len(value):,} characters)"
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
            return f"<an integer of {len(str(abs(value))) if value.bit_length() < 13_000 else 'over 4,000'} digits>"
        text = _REPR.repr(value)
    except Exception:  # a repr that fails must not hide the error being reported
        return f"<{type(value).__name__}>"
    return text if len(text) <= 2 * limit else text[: 2 * limit] + "…"


def one_line(text: str, limit: int = _FIELD_CHARS) -> str:
    """``text`` on one line (control characters escaped), cut to ``limit`` characters."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut)


class SkyrackError(Exception):
    """Base class for every error skyrack raises on purpose.

    The CLI prints ``str(error)`` on one line and exits with code 2.
    """


class InputError(SkyrackError, ValueError):
    """Bad input: names the field, the value given and what is allowed.

    The message shows a bounded excerpt of the value (:func:`excerpt`); the
    value itself is kept in :attr:`value`.
    """

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{one_line(str(field))}: got {excerpt(value)}; {one_line(str(allowed), 2000)}")


class BudgetError(InputError):
    """A request for more work or memory than a budget allows (checked before the work starts)."""


class CatalogError(InputError):
    """An unknown or malformed catalog entry."""


class ScenarioError(SkyrackError, ValueError):
    """A scenario that fails validation; the message names every bad field."""


class SkyrackWarning(UserWarning):
    """A result that is computed but should be read with care (e.g. an orbit that decays in the run)."""
