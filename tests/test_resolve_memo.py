"""``params.resolve`` remembers the built-in catalog's fallbacks by what they read: the same parameters."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from skyrack import params
from skyrack.catalog import load_default
from skyrack.errors import SkyrackError
from skyrack.model import load_scenario, preset_names


def _overrides(rng: np.random.Generator) -> dict[str, Any]:
    """Random choices of every catalog entry a fallback reads, and the values its rules read."""
    cat = load_default()

    def pick(kind: str) -> str:
        names = sorted(cat._kind(kind, None).entries)
        return names[int(rng.integers(len(names)))]

    kinds = {
        "satellite.compute.accelerator": "accelerators",
        "terrestrial.accelerator": "accelerators",
        "satellite.power.battery": "batteries",
        "satellite.power.cell": "solar_cells",
        "satellite.thermal.radiator": "radiators",
        "launch.vehicle": "launchers",
        "terrestrial.kind": "terrestrial",
    }
    out: dict[str, Any] = {path: pick(kind) for path, kind in kinds.items() if rng.random() < 0.5}
    numbers = {
        "launch.price": f"{rng.uniform(1e7, 1e8):.6g} USD",
        "launch.payload_leo": f"{rng.uniform(5e3, 1e5):.6g} kg",
        "economics.accelerator_failure_rate": f"{rng.uniform(0.01, 0.2):.4g} 1/yr",
    }
    out.update({path: value for path, value in numbers.items() if rng.random() < 0.3})
    return out


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def equal(x: Any, y: Any) -> bool:
        return bool(x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y)))

    return list(a) == list(b) and all(equal(x, y) for x, y in zip(a.values(), b.values(), strict=True))


def test_remembered_fallbacks_are_the_looked_up_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    # each preset as it is, then with what a fallback reads besides its entry moved alone (whether the
    # launch price is given; the values a missing field falls back to), then random choices of entries
    alone = [
        {"launch.price": "5e7 USD"},
        {"economics.accelerator_failure_rate": "0.05 1/yr"},
        {"economics.accelerator_failure_rate": "0.09 1/yr"},
        {"terrestrial.accelerator_failure_rate": "0.07 1/yr"},
    ]
    cases: list[tuple[str, dict[str, Any]]] = [(name, o) for name in preset_names() for o in [{}, *alone]]
    cases += [(preset_names()[k % len(preset_names())], _overrides(rng)) for k in range(60)]
    scenarios = []
    for name, overrides in cases:
        try:
            scenarios.append(load_scenario(name, overrides))
        except SkyrackError:
            continue  # a combination the schema refuses: nothing to resolve
    assert len(scenarios) > 40
    params._MEMO.clear()
    remembered = [params.resolve(s) for s in scenarios + scenarios]  # the second pass reads the memo
    monkeypatch.setattr(params, "_memo", lambda *args: None)
    looked_up = [params.resolve(s) for s in scenarios]
    for got, want in zip(remembered, looked_up + looked_up, strict=True):
        assert _same(got, want)
    assert params._MEMO  # the memo was used


def test_an_unknown_entry_is_refused_with_or_without_the_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load_scenario("suncatcher")
    bad = scenario.model_copy(update={"launch": scenario.launch.model_copy(update={"vehicle": "no-such-rocket"})})
    with pytest.raises(SkyrackError) as remembered:
        params.resolve(bad)
    monkeypatch.setattr(params, "_memo", lambda *args: None)
    with pytest.raises(SkyrackError) as looked_up:
        params.resolve(bad)
    assert str(remembered.value) == str(looked_up.value)
