"""Fuzz: TLE and OMM text, damaged at random, gives satellites or one of skyrack's own errors."""

from __future__ import annotations

import contextlib

from hypothesis import given

from fuzzing import any_text, fuzz_settings, guarded, omm_texts, tle_texts
from skyrack.errors import SkyrackError


@fuzz_settings(80, shrink=True)
@given(text=tle_texts())
def test_damaged_tles_parse_or_are_refused(text: str) -> None:
    from skyrack.simulate.propagate import parse_tle

    with guarded():
        try:
            satellites, names = parse_tle(text, "fuzz.tle")
        except SkyrackError as error:
            assert "fuzz.tle" in str(error) and len(str(error)) < 2000
        else:
            assert len(satellites) == len(names) >= 1


@fuzz_settings(80, shrink=True)
@given(text=omm_texts())
def test_damaged_omms_parse_or_are_refused(text: str) -> None:
    from skyrack.simulate.propagate import parse_omm

    with guarded():
        try:
            satellites, names = parse_omm(text, "fuzz.omm")
        except SkyrackError as error:
            assert len(str(error)) < 2000
        else:
            assert len(satellites) == len(names) >= 1


@fuzz_settings(40)
@given(text=any_text)
def test_any_text_is_refused_as_tle_and_omm(text: str) -> None:
    from skyrack.simulate.propagate import parse_omm, parse_tle

    with guarded():
        for parse in (parse_tle, parse_omm):
            with contextlib.suppress(SkyrackError):  # anything else fails the test
                parse(text, "fuzz")
