"""Catalog entries that inherit from another entry with ``base:``."""

from __future__ import annotations

from pathlib import Path

import pytest

from skyrack.catalog import Catalog, load_default
from skyrack.errors import CatalogError, InputError

RECORD = 'source: "test", date: "2026", confidence: low, basis: estimate'


def _extend(tmp_path: Path, text: str) -> Catalog:
    path = tmp_path / "parts.yaml"
    path.write_text(text, encoding="utf-8")
    return load_default().extend(path)


def test_a_part_inherits_every_field_and_overrides_some(tmp_path: Path) -> None:
    cat = _extend(
        tmp_path,
        f"""
kind: accelerators
entries:
  my-chip:
    base: h100-sxm
    name: My flight H100
    server_mass: {{value: 25, unit: kg, {RECORD}}}
    tdp: {{value: 0.65, unit: kW, {RECORD}}}
""",
    )
    h100, mine = cat.entry("accelerators", "h100-sxm"), cat.entry("accelerators", "my-chip")
    assert set(mine) == set(h100)  # every numeric field, the optional ones included
    assert mine["tdp"] == pytest.approx(650.0)  # 0.65 kW, converted
    assert mine["server_mass"] == 25.0
    for field in set(h100) - {"tdp", "server_mass"}:
        assert mine[field] == h100[field], field
        inherited = mine.record(field)
        assert inherited.source == h100.record(field).source  # the number keeps its source
        assert inherited.entry == "my-chip" and inherited.note.startswith("inherited from h100-sxm")
    assert mine.record("tdp").source == "test" and mine.record("tdp").entry == "my-chip"
    assert mine.text["name"] == "My flight H100" and mine.text["vendor"] == "NVIDIA"
    assert mine.text["base"] == "h100-sxm"
    assert cat.entry("accelerators", "h100-sxm")["tdp"] == 700.0  # the base is untouched


def test_a_base_earlier_in_the_same_file_and_a_chain(tmp_path: Path) -> None:
    cat = _extend(
        tmp_path,
        f"""
kind: launchers
entries:
  cheap-f9:
    base: falcon-9
    price: {{value: 50, unit: MUSD, {RECORD}}}
  cheaper-f9:
    base: cheap-f9
    price: {{value: 40, unit: MUSD, {RECORD}}}
""",
    )
    f9 = cat.entry("launchers", "falcon-9")
    assert cat.value("launchers", "cheap-f9", "price") == 50e6
    assert cat.value("launchers", "cheaper-f9", "price") == 40e6
    assert cat.value("launchers", "cheaper-f9", "payload_leo") == f9["payload_leo"]
    assert cat.entry("launchers", "cheaper-f9").text["fuel"] == f9.text["fuel"]


def test_a_part_may_patch_the_shipped_entry_of_its_own_name(tmp_path: Path) -> None:
    cat = _extend(
        tmp_path,
        f"""
kind: accelerators
entries:
  h100-sxm:
    base: h100-sxm
    unit_price: {{value: 25000, unit: USD, {RECORD}}}
""",
    )
    entry = cat.entry("accelerators", "h100-sxm")
    assert entry["unit_price"] == 25000.0 and entry["tdp"] == 700.0
    assert any("shadows" in note for note in cat.notes)


@pytest.mark.parametrize("base", ["h100", "tpu-v9", "[1, 2]"])
def test_an_unknown_base_is_an_input_error_naming_the_part(tmp_path: Path, base: str) -> None:
    with pytest.raises(CatalogError) as caught:
        _extend(tmp_path, f"kind: accelerators\nentries:\n  my-chip: {{base: {base}, name: x}}\n")
    error = caught.value
    assert isinstance(error, InputError)
    assert error.field.endswith("accelerators.my-chip.base")
    assert "h100-sxm" in error.allowed  # the valid names are listed
    assert "\n" not in str(error)


def test_a_base_of_another_kind_is_not_found(tmp_path: Path) -> None:
    # falcon-9 is a launcher: an accelerator cannot start from it
    with pytest.raises(CatalogError, match=r"accelerators\.my-chip\.base"):
        _extend(tmp_path, "kind: accelerators\nentries:\n  my-chip: {base: falcon-9, name: x}\n")


def test_without_a_base_a_missing_field_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="missing required field"):
        _extend(
            tmp_path,
            f"kind: accelerators\nentries:\n  my-chip:\n    name: x\n    tdp: {{value: 1, unit: W, {RECORD}}}\n",
        )
