"""Catalog entries that inherit from another entry with ``base:``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from skyrack.catalog import Catalog, load_default
from skyrack.errors import CatalogError, InputError

RECORD = {"source": "test", "date": "2026", "confidence": "low", "basis": "estimate"}


def _number(value: float, unit: str) -> dict[str, object]:
    """A catalog number with its (test) source record."""
    return {"value": value, "unit": unit, **RECORD}


def _extend(tmp_path: Path, kind: str, entries: dict[str, dict[str, object]]) -> Catalog:
    """The shipped catalog extended by a parts file of ``kind`` holding ``entries``, in order."""
    path = tmp_path / "parts.yaml"
    path.write_text(yaml.safe_dump({"kind": kind, "entries": entries}, sort_keys=False), encoding="utf-8")
    return load_default().extend(path)


def test_a_part_inherits_every_field_and_overrides_some(tmp_path: Path) -> None:
    part = {"base": "h100-sxm", "name": "My flight H100", "server_mass": _number(25, "kg"), "tdp": _number(0.65, "kW")}
    cat = _extend(tmp_path, "accelerators", {"my-chip": part})
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
    cheap = {"base": "falcon-9", "price": _number(50, "MUSD")}
    cheaper = {"base": "cheap-f9", "price": _number(40, "MUSD")}
    cat = _extend(tmp_path, "launchers", {"cheap-f9": cheap, "cheaper-f9": cheaper})
    f9 = cat.entry("launchers", "falcon-9")
    assert cat.value("launchers", "cheap-f9", "price") == 50e6
    assert cat.value("launchers", "cheaper-f9", "price") == 40e6
    assert cat.value("launchers", "cheaper-f9", "payload_leo") == f9["payload_leo"]
    assert cat.entry("launchers", "cheaper-f9").text["fuel"] == f9.text["fuel"]


def test_a_part_may_patch_the_shipped_entry_of_its_own_name(tmp_path: Path) -> None:
    cat = _extend(tmp_path, "accelerators", {"h100-sxm": {"base": "h100-sxm", "unit_price": _number(25000, "USD")}})
    entry = cat.entry("accelerators", "h100-sxm")
    assert entry["unit_price"] == 25000.0 and entry["tdp"] == 700.0
    assert any("shadows" in note for note in cat.notes)


@pytest.mark.parametrize("base", ["h100", "tpu-v9", [1, 2]])
def test_an_unknown_base_is_an_input_error_naming_the_part(tmp_path: Path, base: object) -> None:
    with pytest.raises(CatalogError) as caught:
        _extend(tmp_path, "accelerators", {"my-chip": {"base": base, "name": "x"}})
    error = caught.value
    assert isinstance(error, InputError)
    assert error.field.endswith("accelerators.my-chip.base")
    assert "h100-sxm" in error.allowed  # the valid names are listed
    assert "\n" not in str(error)


def test_a_base_of_another_kind_is_not_found(tmp_path: Path) -> None:
    # falcon-9 is a launcher: an accelerator cannot start from it
    with pytest.raises(CatalogError, match=r"accelerators\.my-chip\.base"):
        _extend(tmp_path, "accelerators", {"my-chip": {"base": "falcon-9", "name": "x"}})


def test_without_a_base_a_missing_field_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="missing required field"):
        _extend(tmp_path, "accelerators", {"my-chip": {"name": "x", "tdp": _number(1, "W")}})
