"""The service's preset cache: a request validates only the sections it overrides, with the same result.

The reference is the full path: the preset file read afresh, the overrides set into it, the whole
mapping validated (:func:`skyrack.scenario.parse_scenario`).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel

from skyrack.errors import InputError
from skyrack.model import _preset_path, design, preset_names
from skyrack.scenario import Scenario, parse_scenario, read_yaml, set_path
from skyrack.scenario.registry import override_path
from skyrack.web import scenarios
from skyrack.web.scenarios import PRESET_CACHE_SIZE, preset_mapping, scenario_from_request

OVERRIDES: list[dict[str, Any]] = [
    {},
    {"launch.price_per_kg": "321.5 USD/kg", "economics.discount_rate": "0.07 1/yr"},
    {"orbit.altitude": "810 km"},
    {"satellite.thermal.radiator_temperature": "331 K", "mission.lifetime": "7.5 yr"},
    {"satellite.power.specific_power": "150 W/kg"},
    {"terrestrial.electricity_price": "0.11 USD/kWh", "economics.accelerator_failure_rate": 0.04},
    {"name": "renamed", "mission.lifetime": None},
    {"kind": "terrestrial", "terrestrial.it_power": "200 MW"},
    {"terrestrial.accelerator": "h100"},
    {"constellation.satellites": 12},
    {"mission.lifetime": "-1 yr"},  # invalid: the same error
    {"no.such.field": 1},  # invalid: the same error
    {"orbit": 5},  # a section replaced by a value: the same error
]


def _full(name: str, overrides: dict[str, Any]) -> Scenario:
    """The reference: the file read afresh, every section validated."""
    data = copy.deepcopy(read_yaml(_preset_path(name)))
    for path, value in overrides.items():
        set_path(data, override_path(path), value)
    return parse_scenario(data, source="scenario")


def _outcome(make: Any, *args: Any) -> Any:
    try:
        return make(*args)
    except Exception as error:
        return f"{type(error).__name__}: {error}"


def _same(a: Any, b: Any, where: str = "scenario") -> None:
    """Equal values and equal sets of fields given explicitly, section by section."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set, where
        for key in type(a).model_fields:
            _same(getattr(a, key), getattr(b, key), f"{where}.{key}")
    else:
        assert a == b, where


@pytest.mark.parametrize("name", preset_names())
def test_cached_preset_gives_the_full_validation(name: str) -> None:
    for overrides in OVERRIDES:
        request = {"preset": name, "overrides": overrides}
        cached, full = _outcome(scenario_from_request, request), _outcome(_full, name, overrides)
        if isinstance(full, str):
            assert cached == full, overrides  # the same error, word for word
        else:
            _same(cached, full)


def test_cached_design_equals_the_uncached_one() -> None:
    # every output of a design from the cached path equals the one from the full path
    request = {"preset": "suncatcher", "overrides": {"launch.price_per_kg": "250 USD/kg"}}
    cached, full = design(scenario_from_request(request)), design(_full("suncatcher", request["overrides"]))
    assert cached.values.keys() == full.values.keys()
    for key, value in full.values.items():
        assert cached.values[key] == value or (value != value and cached.values[key] != cached.values[key]), key


def test_a_different_override_gives_a_different_scenario_and_leaves_the_preset_alone() -> None:
    before = preset_mapping("suncatcher")
    one = scenario_from_request({"preset": "suncatcher", "overrides": {"orbit.altitude": "700 km"}})
    two = scenario_from_request({"preset": "suncatcher", "overrides": {"orbit.altitude": "900 km"}})
    assert (one.orbit.altitude, two.orbit.altitude) == (700e3, 900e3)
    assert one.satellite is two.satellite  # an untouched section is shared, not validated again
    assert preset_mapping("suncatcher") == before  # overrides never reach the cached mapping
    assert scenario_from_request({"preset": "suncatcher"}).orbit == _full("suncatcher", {}).orbit


def test_a_preset_edited_on_disk_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a copy of suncatcher at 650 km, then edited to 700 km: the next request sees 700 km
    original = _preset_path("suncatcher").read_text(encoding="utf-8")
    edited = tmp_path / "suncatcher.yaml"
    edited.write_text(original, encoding="utf-8")
    monkeypatch.setattr(scenarios, "_preset_file", lambda name: edited)
    first = scenario_from_request({"preset": "suncatcher"}).orbit.altitude
    edited.write_text(original.replace("altitude: 650 km", "altitude: 700 km"), encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a new version even within a tick
    assert (first, scenario_from_request({"preset": "suncatcher"}).orbit.altitude) == (650e3, 700e3)
    assert preset_mapping("suncatcher")["orbit"]["altitude"] == "700 km"


def test_an_unknown_preset_is_404_before_any_override_is_read() -> None:
    with pytest.raises(scenarios.NotFoundError, match="preset"):
        scenario_from_request({"preset": "no-such-preset", "overrides": {"orbit.altitude": float("nan")}})
    with pytest.raises(InputError, match="finite"):
        scenario_from_request({"preset": "suncatcher", "overrides": {"orbit.altitude": float("nan")}})


def test_the_cache_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # more versions of a preset file than the cache holds: it keeps at most PRESET_CACHE_SIZE
    original = _preset_path("starcloud-1").read_text(encoding="utf-8")
    edited = tmp_path / "starcloud-1.yaml"
    monkeypatch.setattr(scenarios, "_preset_file", lambda name: edited)
    for k in range(PRESET_CACHE_SIZE + 5):
        edited.write_text(original + f"\n# version {k}\n", encoding="utf-8")
        os.utime(edited, ns=(0, 10**18 + k))
        scenario_from_request({"preset": "starcloud-1"})
    assert scenarios._read_preset.cache_info().currsize <= PRESET_CACHE_SIZE


@pytest.mark.parametrize("name", preset_names())
def test_random_overrides_give_the_full_validation(name: str) -> None:
    # random prices, rates, altitudes and lifetimes, twice each (the second time from the unit cache):
    # the scenario equals the full validation field by field, claims, sources and uncertainty included
    rng = np.random.default_rng(sum(map(ord, name)))
    for _ in range(4):
        overrides: dict[str, Any] = {
            "launch.price_per_kg": f"{rng.uniform(10, 5000):.8g} USD/kg",
            "economics.discount_rate": f"{rng.uniform(0.02, 0.12):.4g} 1/yr",
            "mission.lifetime": float(round(rng.uniform(1, 10), 2)) if rng.random() < 0.3 else "6 yr",
        }
        if rng.random() < 0.5:
            overrides["orbit.altitude"] = f"{rng.uniform(400, 1200):.5g} km"
        for _ in range(2):
            cached, full = (
                _outcome(scenario_from_request, {"preset": name, "overrides": overrides}),
                _outcome(_full, name, overrides),
            )
            if isinstance(full, str):
                assert cached == full, overrides
            else:
                _same(cached, full)
