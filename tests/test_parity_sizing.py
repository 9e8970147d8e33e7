"""The parity scan sizes each design once: rows that move an economic driver reuse that sizing."""

from __future__ import annotations

import numpy as np
import pytest

from skyrack import parity
from skyrack.model import Result, design, load_scenario, preset_names
from skyrack.params import catalog_for, resolve
from skyrack.parity import DRIVERS, _differing, _measured, _Sized, cost_ratio, parity_many, parity_values
from skyrack.pipeline import evaluate, evaluate_cost_ratio, size_reading
from skyrack.scenario import Scenario
from skyrack.sizing import PRICED


def params(name: str) -> dict[str, object]:
    scenario = load_scenario(name)
    return resolve(scenario, catalog_for(scenario))


def test_sizing_reads_the_lifetime_but_no_price() -> None:
    # the launch prices are applied after sizing (sizing.launch_prices), so they are not read by it
    _, read = size_reading(params("suncatcher"))
    assert {"mission.lifetime", "orbit.altitude", "launch.payload_sso"} <= read
    prices = {"launch.price_per_kg", "launch.price", "launch.vehicle_cost", "economics.satellite_cost_per_w"}
    assert not (prices | {"terrestrial.electricity_price", "economics.discount_rate"}) & read


def test_the_launch_prices_move_only_the_priced_outputs() -> None:
    base = params("suncatcher")
    cheap, dear = evaluate({**base, "launch.price_per_kg": 50.0}), evaluate({**base, "launch.price_per_kg": 5000.0})
    sized = {k for k in size_reading(base)[0] if not k.startswith(("economics.", "terrestrial."))}
    moved = {k for k in sized if not np.array_equal(cheap[k], dear[k], equal_nan=True)}
    assert moved == set(PRICED) - {"launch.billed_mass_kg"}  # billed mass moves only between per kg and per flight


ORBITAL = [name for name in preset_names() if params(name).get("kind") != "terrestrial"]  # ground-only: no parity


@pytest.mark.parametrize("ratio_only", [False, True])
@pytest.mark.parametrize("name", ORBITAL)
def test_rows_that_reuse_the_sizing_equal_a_full_evaluation_bit_for_bit(name: str, ratio_only: bool) -> None:
    group = [params(name)]
    active = [d for d in DRIVERS if np.isfinite(float(group[0][d.path]))]
    current = np.array([[float(group[0][d.path]) for d in active]])
    sized = _Sized(group, _differing(group), active, current, ratio_only=ratio_only)
    assert sized.costing_only.any() and not sized.costing_only.all()  # both kinds of rows are exercised
    rng = np.random.default_rng(7)
    driver = rng.integers(0, len(active), 300)
    value = np.array([rng.uniform(active[k].low, active[k].high) for k in driver])
    design = np.zeros(300, dtype=np.int64)
    trial = sized.trial(design, driver, value)
    np.testing.assert_array_equal(
        _measured(sized, design, driver, value, cost_ratio), cost_ratio(evaluate(trial), trial)
    )


@pytest.mark.parametrize("name", preset_names())
def test_the_cost_ratio_alone_is_the_full_evaluation_s_bit_for_bit(name: str) -> None:
    # the parity scans cost only what the ratio needs; a batch of random designs, sized here or beforehand
    base, rng = params(name), np.random.default_rng(11)
    batch = {
        **base,
        "orbit.altitude": rng.uniform(450e3, 1500e3, 64),
        "launch.price_per_kg": 10 ** rng.uniform(1.0, 4.0, 64),
        "mission.lifetime": rng.uniform(1.0, 15.0, 64),
        "economics.satellite_failure_rate": rng.uniform(0.0, 0.3, 64),
        "terrestrial.electricity_price": rng.uniform(0.0, 0.3, 64),
    }
    for trial in (base, batch):
        full = evaluate(trial)["economics.cost_ratio"]
        np.testing.assert_array_equal(evaluate_cost_ratio(trial), full)
        np.testing.assert_array_equal(evaluate_cost_ratio(trial, size_reading(trial)[0]), full)
    ground_only = base.get("kind") == "terrestrial"  # no orbit: NaN; else not a comparison of NaNs alone
    assert np.isnan(full).all() if ground_only else np.isfinite(full).any()


@pytest.mark.parametrize("name", ORBITAL)
def test_parity_with_the_ratio_alone_equals_parity_from_every_output(name: str) -> None:
    # any other measure (here the same ratio read by another function) evaluates every output
    def every_output(outputs: dict[str, object], trial: dict[str, object]) -> np.ndarray:
        return cost_ratio(outputs, trial)

    p = params(name)
    assert repr(parity_many([p], measure=every_output)[0]) == repr(parity_values(p))
    # a group scanned as one (designs, columns) broadcast: what differs by design is worked out once per design
    group = [
        {**p, "economics.discount_rate": 0.05, "launch.price_per_kg": 80.0, "orbit.altitude": 600e3},
        {**p, "economics.discount_rate": 0.11, "terrestrial.electricity_price": 0.02, "orbit.altitude": 900e3},
        {**p, "economics.discount_rate": 0.08, "economics.satellite_failure_rate": 0.2},
    ]
    assert repr(parity_many(group, measure=every_output)) == repr(parity_many(group))


def test_a_group_of_designs_gets_each_design_s_own_parity() -> None:
    # designs that differ in a sized number (altitude) and in economic ones are solved together, each as alone
    base = params("suncatcher")
    group = [
        {**base, "orbit.altitude": 600e3, "launch.price_per_kg": 150.0},
        {**base, "orbit.altitude": 700e3, "economics.discount_rate": 0.05},
        {**base, "orbit.altitude": 650e3, "terrestrial.electricity_price": 0.12},
    ]
    for together, alone in zip(parity_many(group), [parity_values(p) for p in group], strict=True):
        assert together.keys() == alone.keys()
        for path, found in together.items():
            assert found["inert"] == alone[path]["inert"], path
            if alone[path]["parity"] is None:
                assert found["parity"] is None, path
            else:
                assert found["parity"] == pytest.approx(alone[path]["parity"], rel=1e-9), path


@pytest.mark.parametrize("name", ORBITAL)
def test_parity_from_the_caller_s_sizing_equals_parity_sized_here_bit_for_bit(name: str) -> None:
    # design() sizes the scenario once (scalars) for its outputs and its scan; the scan alone sizes it as a
    # group of one ((1,)-arrays): the same elementwise arithmetic, so the same bits
    p = params(name)
    assert repr(parity_values(p, sizing=size_reading(p))) == repr(parity_values(p))


def test_design_with_parity_has_the_outputs_of_design_without() -> None:

    with_scan, alone = design("suncatcher").values, design("suncatcher", parity=False).values
    assert with_scan.keys() == alone.keys()
    assert all(np.array_equal(with_scan[k], alone[k], equal_nan=True) for k in alone)


@pytest.mark.parametrize("name", ORBITAL)
def test_a_group_sized_once_answers_as_each_design_alone(name: str) -> None:
    # design_many sizes a group once and hands that sizing to the parity scan; every design's outputs and
    # parity values must still be design()'s, bit for bit (designs differ in launch price and discount rate)
    from skyrack.batched import design_many

    overrides = [
        {"launch.price_per_kg": f"{price} USD/kg", "economics.discount_rate": f"{rate} 1/yr"}
        for price, rate in [(60.0, 0.05), (300.0, 0.08), (1500.0, 0.11), (300.0, 0.05)]
    ]
    scenarios = [load_scenario(name, o) for o in overrides]
    for got, scn in zip(design_many(scenarios), scenarios, strict=True):
        assert not isinstance(got, Exception)
        want = design(scn)
        assert got.values.keys() == want.values.keys()
        assert all(np.array_equal(got.values[k], want.values[k], equal_nan=True) for k in want.values), name
        assert repr(got.parity) == repr(want.parity)


def _brackets_one_by_one(
    grids: list[np.ndarray], ratio: np.ndarray, current: np.ndarray
) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The bracket search written design by design and driver by driver (the definition parity._brackets follows)."""
    parts = np.split(ratio, np.cumsum([g.size for g in grids])[:-1], axis=1)
    slot: list[tuple[int, int]] = []
    a: list[float] = []
    b: list[float] = []
    fa: list[float] = []
    fb: list[float] = []
    for j in range(ratio.shape[0]):
        for k, (grid, part) in enumerate(zip(grids, parts, strict=True)):
            f = part[j]
            sign = np.sign(np.nan_to_num(f, nan=np.inf))
            crossings = np.nonzero(sign[:-1] * sign[1:] < 0)[0]
            if crossings.size:
                i = crossings[np.argmin(np.abs(grid[crossings] - current[j, k]))]
                slot.append((j, k))
                for column, value in zip((a, b, fa, fb), (grid[i], grid[i + 1], f[i], f[i + 1]), strict=True):
                    column.append(value)
    return slot, np.array(a), np.array(b), np.array(fa), np.array(fb)


def test_the_bracket_search_of_all_designs_at_once_equals_it_one_by_one() -> None:
    # sign changes inside each driver's scan only (never between the end of one and the start of the next),
    # NaN counted as above, infinities, equally near changes (the first wins), designs with none
    rng = np.random.default_rng(4)
    grids = [np.linspace(0.0, 1.0, 9), np.geomspace(1.0, 100.0, 7), np.array([-1.0, 0.0, 1.0, 2.0])]
    ratio = rng.choice([-2.0, -0.5, 0.5, 3.0, np.nan, np.inf, -np.inf], size=(40, 20))
    ratio[5] = 1.0  # no change anywhere
    ratio[6, :9], ratio[6, 9:16] = -1.0, 1.0  # a change across the first two scans only: not a bracket
    current = np.column_stack([rng.uniform(0, 1, 40), rng.uniform(1, 100, 40), np.full(40, 0.5)])  # ties in the 3rd
    got = parity._brackets(grids, ratio, current)
    want = _brackets_one_by_one(grids, ratio, current)
    assert got[0] == want[0] and all(isinstance(x, int) for pair in got[0] for x in pair)
    assert not {(5, 0), (5, 1), (5, 2), (6, 0), (6, 1)} & set(got[0])
    for g, w in zip(got[1:], want[1:], strict=True):
        np.testing.assert_array_equal(g, w)
    assert parity._brackets([], np.empty((3, 0)), np.empty((3, 0)))[0] == []


def test_which_drivers_are_inert_is_decided_scan_by_scan() -> None:
    def one(gap: np.ndarray, target: float) -> bool:  # the definition, one scan at a time
        finite = gap[np.isfinite(gap)]
        if finite.size < 2:
            return bool(finite.size == 0)
        return bool(finite.max() - finite.min() <= 1e-12 * max(1.0, float(np.abs(finite + target).max())))

    rng = np.random.default_rng(8)
    sizes = [5, 3, 4, 2]
    gap = rng.choice([0.25, -0.5, 2.0, np.nan, np.inf], size=(30, 14))
    gap[0], gap[1, :5], gap[2, 5:8] = np.nan, 0.25, 1e-14 * np.arange(3)  # none finite; flat; flat to rounding
    gap[3, 8:12] = [np.nan, 1.0, np.inf, np.nan]  # one finite value: not inert, not a lever either
    got = parity._inert(gap, sizes, 1.0)
    starts = np.cumsum([0, *sizes])
    want = [[one(gap[j, starts[k] : starts[k + 1]], 1.0) for k in range(len(sizes))] for j in range(30)]
    np.testing.assert_array_equal(got, want)
    assert got[0].all() and got[1, 0] and got[2, 1] and not got[3, 2]


def test_a_group_sizes_each_lifetime_once_and_gets_the_bits_of_a_full_evaluation() -> None:
    # three designs that differ only in economics size alike: a lifetime row is sized once for all three
    base = params("suncatcher")
    group = [base, {**base, "launch.price_per_kg": 150.0}, {**base, "economics.discount_rate": 0.05}]
    active = [d for d in DRIVERS if np.isfinite(float(base[d.path]))]
    current = np.array([[float(p[d.path]) for d in active] for p in group])
    sized = _Sized(group, _differing(group), active, current)
    assert sized.alike
    life = next(k for k, d in enumerate(active) if d.path == "mission.lifetime")
    rng = np.random.default_rng(11)
    design = np.tile(np.arange(3), 40)
    driver = np.where(rng.random(120) < 0.5, life, rng.integers(0, len(active), 120))
    value = np.array([rng.choice([2.0, 7.5, 31.0]) if k == life else rng.uniform(active[k].low, active[k].high)
                      for k in driver])  # fmt: skip
    trial = sized.trial(design, driver, value)
    np.testing.assert_array_equal(
        _measured(sized, design, driver, value, cost_ratio), cost_ratio(evaluate(trial), trial)
    )


def _same_as_alone(results: list[Result | Exception], scenarios: list[Scenario]) -> None:
    for got, scn in zip(results, scenarios, strict=True):
        assert isinstance(got, Result)
        want = design(scn)
        assert all(np.array_equal(got.values[k], want.values[k], equal_nan=True) for k in want.values)
        assert repr(got.parity) == repr(want.parity)


def test_a_group_s_kept_sizing_answers_the_next_batch_as_each_design_alone() -> None:
    # the second batch of a group takes its sizing and its lifetime scan's sizing from the first
    import skyrack.batched as batched

    batched._KEPT.clear()
    first = [load_scenario("suncatcher", {"launch.price_per_kg": f"{p} USD/kg"}) for p in (80.0, 900.0)]
    batched.design_many(first)
    (kept,) = batched._KEPT.values()
    assert kept.sizing is not None and len(kept.rows) == 1
    assert not any(np.ndim(v) and v.flags.writeable for v in kept.sizing[0].values())
    second = [
        load_scenario("suncatcher", {"launch.price_per_kg": f"{p} USD/kg", "economics.discount_rate": "0.09 1/yr"})
        for p in (40.0, 2500.0, 400.0)
    ]
    _same_as_alone(batched.design_many(second), second)
    assert len(batched._KEPT) == 1  # the same group
    # a group whose physics differs (altitude) has its own key: nothing kept is taken for it
    moved = [load_scenario("suncatcher", {"orbit.altitude": "700 km", "launch.price_per_kg": f"{p} USD/kg"})
             for p in (80.0, 900.0)]  # fmt: skip
    _same_as_alone(batched.design_many(moved), moved)
    assert len(batched._KEPT) == 2


def test_at_most_group_sizings_groups_are_kept() -> None:
    import skyrack.batched as batched

    batched._KEPT.clear()
    for k in range(batched.GROUP_SIZINGS + 3):
        batched._kept(("group", k))
    assert len(batched._KEPT) == batched.GROUP_SIZINGS
    assert ("group", 0) not in batched._KEPT and ("group", batched.GROUP_SIZINGS + 2) in batched._KEPT
    batched._KEPT.clear()


def test_differing_finds_the_parameters_that_differ_as_one_by_one() -> None:
    """The table comparison names what the name-by-name comparison names (NaN equal to NaN, an int equal
    to its float), in the same order with the same columns, and falls back to it when a value is no number."""
    rng = np.random.default_rng(5)
    base = params("suncatcher")
    floats = [k for k, v in base.items() if isinstance(v, float)]
    for trial in range(20):
        group = [dict(base) for _ in range(int(rng.integers(2, 6)))]
        for p in group[1:]:
            for name in rng.choice(floats, size=3, replace=False):
                p[str(name)] = float(rng.choice([np.nan, 1.0, base[str(name)]]))
        if trial % 4 == 0:
            group[-1][floats[0]] = int(base[floats[0]]) if np.isfinite(base[floats[0]]) else base[floats[0]]
        expected = parity._differing_each(group, floats)
        got = _differing(group)
        assert list(got) == list(expected)
        for name, column in expected.items():
            np.testing.assert_array_equal(got[name], column)
    group = [dict(base), {**base, floats[1]: "not a number"}]
    with pytest.raises(ValueError):  # float("not a number"), as before
        _differing(group)
