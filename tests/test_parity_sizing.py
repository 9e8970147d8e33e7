"""The parity scan sizes each design once: rows that move an economic driver reuse that sizing."""

from __future__ import annotations

import numpy as np
import pytest

from skyrack.model import load_scenario, preset_names
from skyrack.params import catalog_for, resolve
from skyrack.parity import DRIVERS, _differing, _measured, _Sized, cost_ratio
from skyrack.pipeline import evaluate, size_reading


def params(name: str) -> dict[str, object]:
    scenario = load_scenario(name)
    return resolve(scenario, catalog_for(scenario))


def test_sizing_reads_the_launch_prices_and_the_lifetime_but_no_money_of_the_ground() -> None:
    _, read = size_reading(params("suncatcher"))
    assert {"launch.price_per_kg", "mission.lifetime", "orbit.altitude"} <= read
    assert not {"economics.satellite_cost_per_w", "terrestrial.electricity_price", "economics.discount_rate"} & read


ORBITAL = [name for name in preset_names() if params(name).get("kind") != "terrestrial"]  # ground-only: no parity


@pytest.mark.parametrize("name", ORBITAL)
def test_rows_that_reuse_the_sizing_equal_a_full_evaluation_bit_for_bit(name: str) -> None:
    group = [params(name)]
    active = [d for d in DRIVERS if np.isfinite(float(group[0][d.path]))]
    current = np.array([[float(group[0][d.path]) for d in active]])
    sized = _Sized(group, _differing(group), active, current)
    assert sized.costing_only.any() and not sized.costing_only.all()  # both kinds of rows are exercised
    rng = np.random.default_rng(7)
    driver = rng.integers(0, len(active), 300)
    value = np.array([rng.uniform(active[k].low, active[k].high) for k in driver])
    design = np.zeros(300, dtype=np.int64)
    trial = sized.trial(design, driver, value)
    np.testing.assert_array_equal(
        _measured(sized, design, driver, value, cost_ratio), cost_ratio(evaluate(trial), trial)
    )
