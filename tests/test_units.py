"""Unit strings at the edge: converted once, errors name the problem."""

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest

from skyrack.errors import InputError
from skyrack.units import affine, is_dimensionality_error, scale, to_unit


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("650 km", "m", 650e3),
        ("40 MW", "W", 40e6),
        ("0.04 USD/kWh", "USD/kWh", 0.04),
        ("$0.04/kWh", "USD/kWh", 0.04),
        ("5 yr", "yr", 5.0),
        ("293.15 K", "K", 293.15),
        ("20 degC", "K", 293.15),
        ("0.75 %/yr", "1/yr", 0.0075),
        ("240 W/m2", "W/m^2", 240.0),
        ("5 MUSD", "USD", 5e6),
        ("989 TFLOP/s", "FLOP/s", 989e12),
        ("97.98 deg", "rad", math.radians(97.98)),
        ("10000 t", "kg", 1e7),
    ],
)
def test_converts_to_canonical_unit(text: str, unit: str, expected: float) -> None:
    assert to_unit(text, unit) == pytest.approx(expected, rel=1e-12)


def test_plain_number_is_fine_for_dimensionless() -> None:
    assert to_unit(0.92, "1") == 0.92


@pytest.mark.parametrize(
    ("value", "unit", "fragment"),
    [
        (650, "m", "give a unit"),
        ("650", "m", "give a unit"),
        ("650 kg", "m", "wrong unit"),
        ("abc km", "m", "not a quantity"),
        ("", "m", "expected a quantity"),
        (True, "1", "expected a quantity"),
        (float("nan"), "1", "finite"),
    ],
)
def test_bad_units_are_clear(value: object, unit: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        to_unit(value, unit, field="orbit.altitude")


def _parse_in_fresh_process(cache: str) -> str:
    import subprocess
    import sys

    code = "from skyrack.units import to_unit; print(to_unit('650 km', 'm', 'orbit.altitude'))"
    env = {**os.environ, "SKYRACK_CACHE_DIR": cache}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_pint_definitions_are_cached_between_runs_and_a_bad_cache_is_ignored(tmp_path: Path) -> None:
    assert _parse_in_fresh_process(str(tmp_path)) == "650000.0"
    assert any((tmp_path / "pint").iterdir())  # the parsed definitions were kept
    assert _parse_in_fresh_process(str(tmp_path)) == "650000.0"  # and read back
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert _parse_in_fresh_process(str(blocked)) == "650000.0"  # an unusable cache falls back to parsing
    assert _parse_in_fresh_process("off") == "650000.0"


def _convert_in_fresh_process(cache: Path) -> tuple[str, bool]:
    """``to_unit('650km', 'm')`` in a new interpreter with ``cache`` as the cache folder; and whether pint loaded.

    (Without the space pint parses the whole text: "650 km" takes the number-times-unit path, whose
    unit factor is kept the same way.)
    """
    import subprocess
    import sys

    code = "import sys; from skyrack.units import to_unit; print(to_unit('650km', 'm'), 'pint' in sys.modules)"
    env = {**os.environ, "SKYRACK_CACHE_DIR": str(cache)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    number, loaded = run.stdout.split()
    return number, loaded == "True"


def test_conversions_are_kept_between_runs_and_a_stale_or_bad_file_is_ignored(tmp_path: Path) -> None:
    memo = tmp_path / "conversions.json"
    assert _convert_in_fresh_process(tmp_path) == ("650000.0", True)  # pint parses, the result is kept
    saved = json.loads(memo.read_text())
    assert saved["quantity"]["650km\x1fm"] == 650000.0
    assert _convert_in_fresh_process(tmp_path) == ("650000.0", False)  # read back: pint is not loaded
    memo.write_text(json.dumps({**saved, "stamp": "another version"}))
    assert _convert_in_fresh_process(tmp_path) == ("650000.0", True)  # stale: pint again, and rewritten
    assert json.loads(memo.read_text())["stamp"] == saved["stamp"]
    for bad in ("{not json", json.dumps({**saved, "quantity": {"650km\x1fm": "650000"}})):
        memo.write_text(bad)
        assert _convert_in_fresh_process(tmp_path) == ("650000.0", True)


def test_unit_scales_and_affine_conversions() -> None:
    assert scale("km", "m") == 1000.0
    assert scale("kg", "m") is None  # not convertible
    assert scale("no_such_unit", "m") is None
    assert affine("degC", "K") == pytest.approx((1.0, 273.15), rel=1e-15)  # K = 1 * degC + 273.15
    assert affine("km", "m") == (1000.0, 0.0)
    with pytest.raises(Exception) as error:
        affine("kg", "m")
    assert is_dimensionality_error(error.value)


def test_errors_are_never_remembered() -> None:
    for _ in range(2):  # the second time is pint's answer again, not a kept one
        with pytest.raises(InputError, match="wrong unit"):
            to_unit("650 kg", "m", field="orbit.altitude")


def test_the_kept_file_is_bounded_and_keeps_what_the_last_run_used_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skyrack.units as units

    def new_run() -> None:  # this process's state as a fresh process would start it
        units._memo.cache_clear()
        monkeypatch.setattr(units, "_memo_used", {kind: {} for kind in units._MEMO_KINDS})
        monkeypatch.setattr(units, "_memo_changed", False)

    def kept() -> list[str]:
        return [key.split("\x1f")[0] for key in json.loads((tmp_path / "conversions.json").read_text())["quantity"]]

    monkeypatch.setenv("SKYRACK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(units, "_MEMO_LIMIT", 3)
    try:
        new_run()
        assert [to_unit(f"{k}km", "m") for k in range(1, 6)] == [1e3, 2e3, 3e3, 4e3, 5e3]
        units._save_memo()
        assert kept() == ["1km", "2km", "3km"]  # at most 3, the first used
        new_run()
        assert to_unit("5km", "m") == 5e3  # pint again (it was not kept)
        assert to_unit("1km", "m") == 1e3  # read back
        units._save_memo()
        assert kept() == ["5km", "1km", "2km"]  # this run's first, then the older ones
    finally:
        units._memo.cache_clear()  # later tests read the usual cache folder again


FAST_UNITS = {
    "m": ["m", "km", "mm", "ft"],
    "kg": ["kg", "t", "lb"],
    "W": ["kW", "MW", "GW"],
    "USD/kg": ["USD/kg", "USD/t", "kUSD/kg", "$/kg"],
    "1/yr": ["1/yr", "1/month", "%/yr"],
    "1": ["%", "percent"],
    "rad": ["deg", "mrad"],
    "W/m^2": ["W/cm**2", "kW/m**2", "W/m2"],
    "USD/kWh": ["USD/MWh", "USD/(kW*h)"],
    "Gy": ["krad", "mGy"],
    "yr": ["day", "h", "yr"],
}


@pytest.mark.parametrize("canonical", sorted(FAST_UNITS))
def test_a_number_and_a_unit_convert_exactly_as_pint_converts_the_whole_text(canonical: str) -> None:
    # "<number> <unit>" skips pint's parser for the text: the number times the unit's factor, which is what
    # pint itself computes; the same float for every number and unit tried (or pint parses it after all)
    from skyrack.units import _number_times_unit, _quantity

    rng = np.random.default_rng(5)
    numbers = [f"{x:.6g}" for x in 10 ** rng.uniform(-6, 9, 30)] + [repr(float(x)) for x in rng.uniform(-1e4, 1e4, 20)]
    for unit in FAST_UNITS[canonical]:
        for number in [*numbers, "0", "12", "1e3", ".5"]:
            text = f"{number} {unit}"
            fast = _number_times_unit(text, canonical)
            if fast is not None:
                assert fast == _quantity(text, canonical, "f", text), text
    assert _number_times_unit("500 km", "m") == 500_000.0
    # left to pint: an offset unit, another number in the unit, no space, a unit of another dimension
    for text, unit in [("27 degC", "K"), ("3 km * 2", "m"), ("5km", "m"), ("5 kg", "m"), ("2 foo", "m")]:
        assert _number_times_unit(text, unit) is None, text
    assert to_unit("27 degC", "K") == pytest.approx(300.15) and to_unit("3 km * 2", "m") == 6000.0
    with pytest.raises(InputError, match="wrong unit"):
        to_unit("5 kg", "m")


def test_a_unit_field_keeps_its_conversions_equal_to_a_fresh_parse_and_bounded() -> None:
    # Unit._parse (the pydantic validator) keeps conversions of texts and numbers: each equals the uncached
    # Unit.parse, bit for bit; 1, 1.0 and True stay distinct; errors are raised every time; the cache is bounded.
    from skyrack import units

    rng = np.random.default_rng(7)
    cases = [(f"{x:.6g} km", "m", False) for x in rng.uniform(1, 2000, 50)]
    cases += [(f"{x:.4g} %/yr", "1/yr", False) for x in rng.uniform(0, 20, 20)]
    cases += [("18:30", "h", True), ("20 degC", "K", False), (0.9, "1", False), (3, "1", False), ("0.5", "1", False)]
    for _ in range(2):  # the second pass reads the cache
        for value, unit, clock in cases:
            field = units.Unit(unit, clock)
            cached, fresh = field._parse(value), field.parse(value)
            assert type(cached) is type(fresh) and cached == fresh, (value, unit)
    assert units.Unit("1")._parse(1) == 1.0 and units.Unit("1")._parse(1.0) == 1.0
    assert [math.copysign(1.0, units.Unit("1")._parse(x)) for x in (0.0, -0.0, 0.0)] == [1.0, -1.0, 1.0]
    for _ in range(2):
        with pytest.raises(ValueError, match="give a unit"):
            units.Unit("m")._parse(5.0)
        with pytest.raises(ValueError, match="expected a quantity"):
            units.Unit("1")._parse(True)
        with pytest.raises(ValueError, match="finite"):
            units.Unit("1")._parse(float("nan"))
    for k in range(units.PARSED_VALUES + 10):
        units.Unit("m")._parse(f"{k} m")
    assert units._parsed.cache_info().currsize <= units.PARSED_VALUES
