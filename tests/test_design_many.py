"""``skyrack.design_many``: many designs at once, each exactly what ``skyrack.design`` gives it alone."""

from __future__ import annotations

import math
from typing import Any

import pytest

import skyrack
from skyrack.errors import InputError, SkyrackError
from skyrack.model import Result, design, load_scenario, preset_names


def _same(a: Result, b: Result) -> None:
    assert a.scenario == b.scenario
    assert a.feasible == b.feasible and a.reasons == b.reasons
    assert a.values.keys() == b.values.keys()
    for key, x in a.values.items():
        y = b.values[key]
        assert x == y or (math.isnan(x) and math.isnan(y)), key
    assert repr(a.parity) == repr(b.parity)


@pytest.mark.parametrize("overrides", [(), ["launch.price_per_kg=250 USD/kg", "economics.discount_rate=0.06 1/yr"]])
def test_every_preset_together_is_every_preset_alone(overrides: Any) -> None:
    names = preset_names()
    for got, name in zip(skyrack.design_many(names, overrides), names, strict=True):
        _same(got, design(name, overrides))


def test_a_group_of_economic_variants_is_each_variant_alone() -> None:
    # names, files' mappings and Scenario objects alike; those differing only in economics share a group
    variants: list[Any] = [
        load_scenario("suncatcher", {"launch.price_per_kg": f"{p} USD/kg", "economics.discount_rate": f"{r} 1/yr"})
        for p, r in ((40, 0.05), (400, 0.08), (4000, 0.11))
    ]
    variants += ["suncatcher", load_scenario("suncatcher", ["orbit.altitude=900 km"])]
    for got, scenario in zip(skyrack.design_many(variants, parity=True), variants, strict=True):
        _same(got, design(scenario))


def test_a_refused_scenario_raises_or_takes_its_place() -> None:
    with pytest.raises(SkyrackError) as raised:
        skyrack.design_many(["suncatcher", "no-such-preset", "starcloud-40mw"])
    with pytest.raises(SkyrackError) as alone:
        design("no-such-preset")
    assert str(raised.value) == str(alone.value)  # the first refused, as design refuses it
    with pytest.raises(SkyrackError) as raised:
        skyrack.design_many(["suncatcher"], ["mission.lifetime=-1 yr"])
    with pytest.raises(SkyrackError) as alone:
        design("suncatcher", ["mission.lifetime=-1 yr"])
    assert str(raised.value) == str(alone.value)
    got = skyrack.design_many(["suncatcher", "no-such-preset"], errors="return")
    assert isinstance(got[0], Result) and isinstance(got[1], InputError)
    assert "'no-such-preset'; not a preset or file" in str(got[1])
    with pytest.raises(InputError, match="errors"):
        skyrack.design_many(["suncatcher"], errors="ignore")  # type: ignore[call-overload]
