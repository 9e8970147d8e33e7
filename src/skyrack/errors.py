"""Errors raised by skyrack for bad input and impossible designs."""

from __future__ import annotations


class SkyrackError(Exception):
    """Base class for every error skyrack raises on purpose.

    The CLI prints ``str(error)`` on one line and exits with code 2.
    """


class InputError(SkyrackError, ValueError):
    """Bad input: names the field, the value given and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field}: got {value!r}; {allowed}")


class CatalogError(InputError):
    """An unknown or malformed catalog entry."""


class ScenarioError(SkyrackError, ValueError):
    """A scenario that fails validation; the message names every bad field."""


class SkyrackWarning(UserWarning):
    """A result that is computed but should be read with care (e.g. an orbit that decays in the run)."""
