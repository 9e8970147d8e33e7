"""Property tests: random scenarios raise only skyrack's own errors; sizing is monotonic."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st

from skyrack.errors import SkyrackError
from skyrack.model import design, design_batch, load_scenario

UNITS = {"altitude": "km", "it_power": "kW", "radiator_temperature": "K", "lifetime": "yr", "price_per_kg": "USD/kg"}

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e7, max_value=1e7),
    st.integers(min_value=-10, max_value=10**6),
)
texts = st.one_of(
    st.text(max_size=12),
    st.builds(
        lambda x, u: f"{x} {u}",
        st.floats(min_value=-1e6, max_value=1e6),
        st.sampled_from(["km", "m", "kW", "W", "K", "yr", "USD/kg", "kg", "deg", "%", "s", "furlong"]),
    ),
)
values = st.one_of(numbers, texts, st.none(), st.booleans(), st.lists(st.integers(), max_size=2))
paths = st.sampled_from(
    [
        "orbit.altitude",
        "orbit.ltan",
        "orbit.kind",
        "orbit.inclination",
        "orbit.shadow",
        "constellation.satellites",
        "constellation.it_power",
        "mission.lifetime",
        "mission.start_year",
        "satellite.compute.it_power",
        "satellite.compute.accelerator",
        "satellite.compute.utilisation",
        "satellite.power.efficiency",
        "satellite.power.degradation",
        "satellite.power.specific_power",
        "satellite.power.depth_of_discharge",
        "satellite.thermal.radiator_temperature",
        "satellite.thermal.emissivity",
        "satellite.thermal.sides",
        "satellite.thermal.heat_pump.enabled",
        "satellite.shielding.thickness",
        "satellite.bus.margin",
        "launch.vehicle",
        "launch.price_per_kg",
        "launch.learning_rate",
        "economics.discount_rate",
        "economics.replacement",
        "terrestrial.kind",
        "terrestrial.pue",
        "catalog",
        "satellite.compute.nonsense",
        "nonsense",
    ]
)


def _yaml(value: object) -> str:
    return "null" if value is None else str(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(paths, values), min_size=1, max_size=4))
def test_random_overrides_raise_only_skyrack_errors(changes: list[tuple[str, object]]) -> None:
    overrides = [f"{path}={_yaml(value)}" for path, value in changes]
    try:
        result = design(load_scenario("suncatcher", overrides), parity=False)
    except SkyrackError:
        return
    summary = result.to_dict()
    if result.feasible:
        assert math.isfinite(summary["economics"]["usd_per_pflop_day"])
        assert summary["mass"]["total_kg"] > 0
    else:
        assert result.reasons


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=2e3, max_value=500e3), st.floats(min_value=1.05, max_value=3.0))
def test_more_it_power_means_more_array_radiator_and_mass(power_w: float, factor: float) -> None:
    out = design_batch("suncatcher", {"satellite.compute.it_power": np.array([power_w, power_w * factor])})
    for key in ("power.array_area_m2", "thermal.radiator_area_m2", "mass.per_satellite_kg", "power.battery_mass_kg"):
        low, high = out[key]
        assert high >= low, key
    assert out["compute.it_power_per_satellite_w"][1] >= out["compute.it_power_per_satellite_w"][0]


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=280.0, max_value=400.0), st.floats(min_value=1.0, max_value=60.0))
def test_hotter_radiator_is_smaller(temp_k: float, delta_k: float) -> None:
    out = design_batch("suncatcher", {"satellite.thermal.radiator_temperature": np.array([temp_k, temp_k + delta_k])})
    assert out["thermal.radiator_area_m2"][1] < out["thermal.radiator_area_m2"][0]
