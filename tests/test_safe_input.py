"""Safe reading of user input: files, the one YAML loader, --set scalars, excerpts, unit strings, budgets."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from skyrack.budgets import check_budget
from skyrack.errors import BudgetError, InputError, Note, excerpt
from skyrack.safe_input import MAX_ALIAS_EXPANSION, decode_text, load_yaml, parse_scalar, read_text
from skyrack.units import to_unit

# --------------------------------------------------------------------------- files


def test_read_text_reads_utf8_with_or_without_a_bom(tmp_path: Path) -> None:
    plain, bom = tmp_path / "a.yaml", tmp_path / "b.yaml"
    plain.write_text("name: café\n", encoding="utf-8")
    bom.write_bytes("\ufeffname: café\n".encode())
    assert read_text(plain, "scenario", 100) == read_text(bom, "scenario", 100) == "name: café\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name: x\n".encode("utf-16"), "UTF-16 text (byte-order mark at byte 0)"),
        ("name: x\n".encode("utf-16-be"), "a NUL byte at offset 0 (line 1)"),  # no BOM: found by its NULs
        ("name: x\n".encode("utf-32"), "UTF-32"),
        (b"a: 1\nb: caf\xe9\n", "not UTF-8: byte 0xe9 at offset 11 (line 2)"),  # 'a: 1\n' is 5 bytes, 'b: caf' 6
    ],
)
def test_read_text_names_the_encoding_or_the_offset(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"scenario: got .*x\.yaml") as info:
        read_text(path, "scenario", 1000)
    assert message in str(info.value)


def test_read_text_takes_regular_files_only(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(InputError, match="a FIFO"):
        read_text(fifo, "scenario", 1000)  # no writer: opening it would block forever
    assert time.perf_counter() - start < 1.0
    with pytest.raises(InputError, match="a character device, not a regular file"):
        read_text("/dev/zero", "catalog file", 1000)
    with pytest.raises(InputError, match="a directory"):
        read_text(tmp_path, "scenario", 1000)
    with pytest.raises(InputError, match=r"cannot read the file \(no such file\)"):
        read_text(tmp_path / "missing.yaml", "scenario", 1000)
    with pytest.raises(InputError, match="cannot read the file"):
        read_text(str(tmp_path) + "/a\x00b", "scenario", 1000)


def test_read_text_checks_the_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.tle"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match="1,001 bytes; the limit for a tle is 1,000 bytes"):
        read_text(path, "tle", 1000)
    assert read_text(path, "tle", 1001) == "x" * 1001


def test_decode_text_directly() -> None:
    assert decode_text(b"\xef\xbb\xbfok", "x", "f") == "ok"
    with pytest.raises(InputError, match="offset 2"):
        decode_text(b"ok\x80", "x", "f")


# --------------------------------------------------------------------------- YAML


def _bomb(levels: int) -> str:
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, levels)]
    return "\n".join(lines)


def test_the_loader_keeps_clock_times_as_text_and_reads_the_rest_as_yaml_1_1() -> None:
    data = load_yaml("ltan: 18:00\nstart: 06:30:15\nn: 12\nx: 0.5\nok: true\nnothing: null\nhex: 0x10\n", "t")
    assert data == {"ltan": "18:00", "start": "06:30:15", "n": 12, "x": 0.5, "ok": True, "nothing": None, "hex": 16}


def test_duplicate_keys_are_refused_with_their_line() -> None:
    with pytest.raises(InputError, match=r"f.yaml \(line 3, column 1\): got \"found duplicate key 'a'\""):
        load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert load_yaml("base: &b {x: 1}\nd: {<<: *b, y: 2}\n", "merge") == {"base": {"x": 1}, "d": {"x": 1, "y": 2}}


def test_aliases_are_bounded_before_anything_is_built() -> None:
    # 4 levels expand to 9 + 81 + 729 + ... : fine; the billion laughs (9**9 strings) is refused at once
    assert len(load_yaml(_bomb(4), "small")["l3"]) == 9
    start = time.perf_counter()
    with pytest.raises(InputError, match="aliases expanding to over"):
        load_yaml(_bomb(9), "bomb")
    assert time.perf_counter() - start < 0.5
    with pytest.raises(InputError, match="at most 2 YAML aliases"):
        load_yaml("a: &a [1]\nb: [*a, *a, *a]\n", "count", max_aliases=2)
    many = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [" + ", ".join(["*a"] * 99) + "]\n"
    assert len(load_yaml(many, "ok")["b"]) == 99  # 99 aliases of 10 nodes: 990 <= 10,000
    assert MAX_ALIAS_EXPANSION == 10_000


def test_recursive_aliases_and_deep_nesting_are_refused() -> None:
    with pytest.raises(InputError, match="recursive alias"):
        load_yaml("a: &a [1, *a]\n", "r")
    with pytest.raises(InputError, match="recursive alias"):
        load_yaml("a: &a {b: {c: *a}}\n", "r")
    assert load_yaml("[" * 32 + "]" * 32, "ok") is not None
    with pytest.raises(InputError, match=r"at most 32 levels of nesting"):
        load_yaml("[" * 33 + "]" * 33, "deep")
    with pytest.raises(InputError, match="malformed YAML"):  # libyaml's own limit, long before recursion
        load_yaml("[" * 100_000 + "]" * 100_000, "deeper")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: [1, 2", "line 2, column 1"),  # unclosed flow sequence: found at the end
        ("d: 2025-13-45\n", "month must be in 1..12"),  # a ValueError from a constructor, not a traceback
        ("n: " + "9" * 400 + "\n", "an integer of 400 digits (at most 309)"),
        ("a: !!python/object:os.system x\n", "could not determine a constructor"),
        ("a: *nope\n", "found undefined alias"),
    ],
)
def test_malformed_yaml_is_an_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match="malformed YAML") as info:
        load_yaml(text, "f.yaml")
    assert message in str(info.value)


def test_set_values_are_scalars() -> None:
    assert parse_scalar(" 0.92 ") == 0.92
    assert parse_scalar("650 km") == "650 km"
    assert parse_scalar("18:00") == "18:00"
    assert parse_scalar("'quoted'") == "quoted"
    assert parse_scalar("") is None
    assert parse_scalar("true") is True
    for text in ("[1, 2]", "{a: 1}", "&a [*a]", "*a", "a: b", '"unterminated'):
        assert parse_scalar(text) == text  # not a scalar: the text itself
    with pytest.raises(InputError, match="at most 309 digits"):
        parse_scalar("1" * 400)
    with pytest.raises(InputError, match="at most 10,000 characters"):
        parse_scalar("1" * 10_001)


# --------------------------------------------------------------------------- messages


def test_excerpts_are_bounded_and_one_line() -> None:
    assert excerpt("x" * 1000, 10) == "'xxxxxxxxxx…' (1,000 characters)"
    assert excerpt("a\nb") == "'a\\nb'"
    assert excerpt(10**400) == "<an integer of 401 digits>"
    nested: list[object] = [["lol"] * 9]
    for _ in range(8):
        nested = [nested] * 9  # 9**9 leaves, shared: never walked in full
    start = time.perf_counter()
    shown = excerpt(nested)
    assert time.perf_counter() - start < 0.1 and len(shown) <= 161
    assert excerpt(Note("text not shown")) == "text not shown"
    error = InputError("field", "y" * 100_000, "allowed")
    assert len(str(error)) < 200


# --------------------------------------------------------------------------- unit strings


def test_quantity_strings_are_checked_before_pint() -> None:
    start = time.perf_counter()
    for text, message in [
        ("1" * 40_000 + " km", "at most 120 characters"),
        ("٣ km", "ASCII digits"),
        ("１ km", "ASCII digits"),
        ("9**9**9 m", "small exponents"),
        ("(2**9)**99 m", "small exponents"),
        ("2^999 m", "small exponents"),
    ]:
        with pytest.raises(InputError, match=message):
            to_unit(text, "m", "orbit.altitude")
    assert time.perf_counter() - start < 1.0
    assert to_unit("3 m²", "m**2") == 3.0 and to_unit("1 (m/s)**2", "m**2/s**2") == 1.0
    assert to_unit("10 W/m^2", "W/m**2") == 10.0 and to_unit("5 kg/m2", "kg/m**2") == 5.0


def test_no_suggestion_is_made_for_a_non_finite_or_huge_number() -> None:
    for value in (float("nan"), float("inf"), "nan", "inf", "-inf m"):
        with pytest.raises(InputError, match="expected a finite number") as info:
            to_unit(value, "m", "orbit.altitude")
        assert "e.g." not in str(info.value)
    with pytest.raises(InputError, match="a number too large"):
        to_unit(10**400, "1")
    with pytest.raises(InputError, match="a number too large"):
        to_unit(10**400, "m")  # checked before the 'give a unit' suggestion


# --------------------------------------------------------------------------- budgets


def test_a_budget_names_the_estimate_and_the_limit() -> None:
    check_budget("--vary", 10, 10, "grid points")
    with pytest.raises(BudgetError, match=r"--vary: got '11 grid points \(about 1 s\)'; the limit is 10 grid points"):
        check_budget("--vary", 11, 10, "grid points", "about 1 s")
