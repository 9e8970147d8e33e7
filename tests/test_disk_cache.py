"""Arrays kept on disk between processes: written once, read back the same, recomputed when unreadable."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from skyrack._disk_cache import cached_arrays
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
