"""Fuzz: TLE and OMM text, damaged at random, gives satellites or one of skyrack's own errors."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from hypothesis import given

from fuzzing import any_text, fuzz_settings, guarded, omm_texts, tle_texts
from skyrack.errors import SkyrackError


def _satellites_or_a_short_error(
    parse: Callable[[str, str], Any], text: str, source: str, *, names_source: bool
) -> None:
    """``parse(text, source)`` gives one name per satellite, or a :class:`SkyrackError` under 2,000 characters.

    With ``names_source`` the error must name ``source`` too; any other outcome fails the test.
    """
    with guarded():
        try:
            satellites, names = parse(text, source)
        except SkyrackError as error:
            assert len(str(error)) < 2000
            assert source in str(error) or not names_source
        else:
            assert len(satellites) == len(names) >= 1


@fuzz_settings(80, shrink=True)
@given(text=tle_texts())
def test_damaged_tles_parse_or_are_refused(text: str) -> None:
    from skyrack.simulate.propagate import parse_tle

    _satellites_or_a_short_error(parse_tle, text, "fuzz.tle", names_source=True)


@fuzz_settings(80, shrink=True)
@given(text=omm_texts())
def test_damaged_omms_parse_or_are_refused(text: str) -> None:
    from skyrack.simulate.propagate import parse_omm

    _satellites_or_a_short_error(parse_omm, text, "fuzz.omm", names_source=False)


@fuzz_settings(40)
@given(text=any_text)
def test_any_text_is_refused_as_tle_and_omm(text: str) -> None:
    from skyrack.simulate.propagate import parse_omm, parse_tle

    with guarded():
        for parse in (parse_tle, parse_omm):
            with contextlib.suppress(SkyrackError):  # anything else fails the test
                parse(text, "fuzz")
