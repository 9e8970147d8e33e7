"""Arrays kept on disk between processes: written once, read back the same, recomputed when unreadable."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from skyrack._disk_cache import cached_arrays, cached_json
from skyrack.physics import station_keeping, thermosphere


def counting(calls: list[int]) -> dict[str, np.ndarray]:
    calls.append(1)
    return {"x": np.arange(5.0), "y": np.array([[1.5, -2.0]])}


def test_written_once_then_read_back_unchanged(tmp_path: Path) -> None:
    calls: list[int] = []
    first = cached_arrays(str(tmp_path), "demo", ("a", 1), lambda: counting(calls))
    again = cached_arrays(str(tmp_path), "demo", ("a", 1), lambda: counting(calls))
    other = cached_arrays(str(tmp_path), "demo", ("a", 2), lambda: counting(calls))
    assert len(calls) == 2  # the same key is read, a new key computed
    for k in first:
        np.testing.assert_array_equal(again[k], first[k])
        np.testing.assert_array_equal(other[k], first[k])
    assert len(list(tmp_path.glob("demo_*.npz"))) == 2 and not list(tmp_path.glob("*.tmp*"))


def test_no_folder_keeps_nothing_and_a_bad_file_or_folder_only_costs_a_recomputation(tmp_path: Path) -> None:
    calls: list[int] = []
    cached_arrays(None, "demo", 1, lambda: counting(calls))
    cached_arrays(None, "demo", 1, lambda: counting(calls))
    assert len(calls) == 2
    cached_arrays(str(tmp_path), "demo", 1, lambda: counting(calls))
    (path,) = tmp_path.glob("demo_*.npz")
    path.write_bytes(b"not a zip file")
    assert cached_arrays(str(tmp_path), "demo", 1, lambda: counting(calls))["x"][4] == 4.0
    assert len(calls) == 4 and path.stat().st_size > 100  # recomputed and replaced
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert cached_arrays(str(blocker / "sub"), "demo", 1, lambda: counting(calls))["y"][0, 1] == -2.0


def test_density_tables_come_back_from_disk_bit_for_bit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKYRACK_CACHE_DIR", str(tmp_path))
    args = (np.array([500e3, 900e3]), 2031.0, 5.0, 30.0, 5.0, np.radians([53.0, 97.9]), np.array([math.nan, 10.3]))
    monkeypatch.setattr(station_keeping, "_TABLES", station_keeping._NodeTables(capacity=16))
    built = station_keeping.lifetime_drag_terms(*args)
    assert len(list(tmp_path.glob("msis_orbit_mean_*.npz"))) == 6  # 2 drifting nodes + 4 around (97.9 deg, 10.3 h)

    def no_msis(*_: object, **__: object) -> None:
        raise AssertionError("NRLMSISE-00 evaluated although its table is on disk")

    monkeypatch.setattr(thermosphere, "orbit_averaged_density", no_msis)
    monkeypatch.setattr(station_keeping, "_TABLES", station_keeping._NodeTables(capacity=16))
    for got, want in zip(station_keeping.lifetime_drag_terms(*args), built, strict=True):
        np.testing.assert_array_equal(got, want)


def test_json_data_is_kept_only_when_json_gives_it_back_equal(tmp_path: Path) -> None:
    import datetime

    calls: list[int] = []

    def data(value: object) -> dict[str, object]:
        calls.append(1)
        return {"a": [1, 2.5, True, None, "x"], "b": value}

    assert cached_json(str(tmp_path), "demo", 1, lambda: data({"c": 1})) == data({"c": 1})
    assert cached_json(str(tmp_path), "demo", 1, lambda: data({"c": 1})) == data({"c": 1})
    assert len(calls) == 3  # one computation kept, then read back (the other two are the comparisons)
    (path,) = tmp_path.glob("demo_*.json")
    path.write_text("{truncated")
    assert cached_json(str(tmp_path), "demo", 1, lambda: data(0))["b"] == 0  # unreadable: computed again
    for i, value in enumerate([{1: "int key"}, datetime.date(2025, 1, 1), math.nan]):
        assert cached_json(str(tmp_path), "odd", i, lambda v=value: data(v))["b"] is value  # as computed
    assert not list(tmp_path.glob("odd_*")) and not list(tmp_path.glob("*.tmp*"))  # none of those kept


def test_the_built_in_catalog_reads_its_files_back_from_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from skyrack import catalog

    monkeypatch.setenv("SKYRACK_CACHE_DIR", str(tmp_path))
    first = catalog.Catalog.load()
    (path,) = tmp_path.glob("catalog_*.json")
    again = catalog.Catalog.load()  # from the kept YAML data
    assert again.kinds() == first.kinds()
    for kind in first.kinds():
        assert again.entries(kind) == first.entries(kind)
    assert path.stat().st_size > 10_000
