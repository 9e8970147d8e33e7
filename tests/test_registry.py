"""The parameter registry: one name, one unit, one range for every entry point.

The walk below takes every parameter of the registry and checks that its one
name is accepted, with its unit, by ``design --set``, ``sweep --vary``,
``montecarlo -u``, ``design_batch`` and the web API, and that a unit-less number
for a dimensional parameter is refused by each of them.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from skyrack.cli import app as cli_app
from skyrack.errors import InputError, SkyrackError, SkyrackWarning
from skyrack.model import design, design_batch, load_scenario
from skyrack.params import catalog_for, link, resolve
from skyrack.scenario import Scenario
from skyrack.scenario.registry import Param, canonical_name, parameter, parameters

PRESET = "suncatcher"
# A number that applies to one kind of scenario only is exercised on a preset of that kind.
PRESET_FOR = {"terrestrial.it_power": "ground-campus-1gw"}
# Fields that exclude another: setting one clears its partner in the preset.
EXCLUSIVE = {
    "satellite.compute.accelerators": "satellite.compute.it_power",
    "constellation.it_power": "constellation.satellites",
}


def _current(param: Param, preset: str = PRESET) -> float:
    scn = load_scenario(preset)
    return float(link(resolve(scn, catalog_for(scn)))[param.path])


def _valid_number(param: Param, preset: str = PRESET) -> float:
    """A value the parameter allows (canonical unit): the preset's, else one inside the bounds."""
    value = _current(param, preset)
    if math.isfinite(value) and bool(param.bounds.contains(value)):
        return value
    b = param.bounds
    low = b.gt if b.gt is not None else b.ge
    high = b.lt if b.lt is not None else b.le
    if param.kind == "integer" and low is not None:
        value = low + 1.0
    elif low is not None and high is not None:
        value = (low + high) / 2.0
    elif low is not None:
        value = low + 1.0 if low >= 0 else 1.0
    else:
        value = 1.0
    return float(round(value)) if param.kind == "integer" else value


def _text(param: Param, value: float) -> str:
    if param.kind == "flag":
        return "true" if value else "false"
    if param.options is not None or param.kind == "integer":
        return str(int(value))
    if param.unit in ("1", None):
        return repr(value)
    return f"{value!r} {param.unit}"


def _overrides(param: Param, text: str) -> list[str]:
    out = [f"{param.path}={text}"]
    if param.path in EXCLUSIVE:
        out.append(f"{EXCLUSIVE[param.path]}=null")
    return out


NUMERIC = [p for p in parameters().values() if p.numeric]
CHOICES = [p for p in parameters().values() if not p.numeric]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    from skyrack.web.app import create_app

    with TestClient(create_app()) as started:  # starts the service's worker pool
        yield started


@pytest.mark.parametrize("param", NUMERIC, ids=[p.path for p in NUMERIC])
def test_every_number_is_accepted_everywhere_with_its_unit(param: Param, runner: CliRunner, client: TestClient) -> None:
    preset = PRESET_FOR.get(param.path, PRESET)
    value = _valid_number(param, preset)
    text = _text(param, value)
    # design --set (the library path and the CLI)
    scn = load_scenario(preset, _overrides(param, text))
    assert isinstance(scn, Scenario)
    sets = [arg for o in _overrides(param, text) for arg in ("--set", o)]
    result = runner.invoke(cli_app, ["design", preset, "--json", *sets])
    infeasible = result.exit_code == 2 and json.loads(result.stdout)["feasibility"]["feasible"] is False
    assert result.exit_code == 0 or infeasible, result.output
    # sweep --vary (a two-value list in the parameter's unit)
    vary = f"{param.path}={text},{text}" if param.kind != "flag" else f"{param.path}=0,1"
    sweep = runner.invoke(cli_app, ["sweep", preset, "--vary", vary, "--json"])
    assert sweep.exit_code == 0, sweep.output
    # montecarlo -u (a degenerate-free uniform around the value), for numbers that may vary continuously
    if param.kind == "number" and param.options is None:
        low, high = _interval(param, value)
        dist = f"{param.path}=uniform(low={_text(param, low)}, high={_text(param, high)})"
        mc = runner.invoke(cli_app, ["montecarlo", preset, "-u", dist, "-n", "16", "--json"])
        assert mc.exit_code == 0, mc.output
    # design_batch: numbers in the canonical unit
    out = design_batch(preset, {param.path: [value]}, outputs=["feasibility.code"])
    assert np.shape(out["feasibility.code"]) == (1,)
    # the web API, with the unit written out
    overrides = {param.path: text if param.kind != "flag" else bool(value)}
    if param.path in EXCLUSIVE:
        overrides[EXCLUSIVE[param.path]] = None
    response = client.post("/api/design", json={"preset": preset, "overrides": overrides})
    assert response.status_code == 200, response.text


def _interval(param: Param, value: float) -> tuple[float, float]:
    """A small interval around ``value`` inside the parameter's range."""
    for width in (0.01, 0.001, 1e-6):
        below, above = value * (1 - width), value * (1 + width)
        for low, high in ((below, above), (value, above), (below, value)):
            if value == 0.0:
                low, high = 0.0, width
            low, high = min(low, high), max(low, high)
            if bool(param.bounds.contains(low)) and bool(param.bounds.contains(high)) and low < high:
                return low, high
    raise AssertionError(f"no interval for {param.path} at {value}")


DIMENSIONAL = [p for p in NUMERIC if p.unit not in (None, "1") and not p.clock]


@pytest.mark.parametrize("param", DIMENSIONAL, ids=[p.path for p in DIMENSIONAL])
def test_a_number_without_its_unit_is_refused_everywhere(param: Param, runner: CliRunner) -> None:
    number = repr(_valid_number(param))
    with pytest.raises(SkyrackError, match=f"{param.path}: got {number}; give a unit"):
        load_scenario(PRESET, {param.path: float(number)})
    sweep = runner.invoke(cli_app, ["sweep", PRESET, "--vary", f"{param.path}={number},{number}"])
    assert sweep.exit_code == 2 and "give a unit" in sweep.output, sweep.output
    mc = runner.invoke(cli_app, ["montecarlo", PRESET, "-u", f"{param.path}=uniform(low={number}, high={number}1)"])
    assert mc.exit_code == 2 and "give a unit" in mc.output, mc.output


@pytest.mark.parametrize("param", CHOICES, ids=[p.path for p in CHOICES])
def test_every_choice_is_accepted_by_set_and_the_api(param: Param, client: TestClient) -> None:
    value = resolve(load_scenario(PRESET))[param.path]
    assert load_scenario(PRESET, [f"{param.path}={value}"])
    response = client.post("/api/design", json={"preset": PRESET, "overrides": {param.path: value}})
    assert response.status_code == 200, response.text
    with pytest.raises(InputError, match="choice"):
        design_batch(PRESET, {param.path: [1.0]})


def test_the_sweep_of_the_issue_names_the_missing_unit(runner: CliRunner) -> None:
    bare = runner.invoke(cli_app, ["sweep", PRESET, "--vary", "orbit.altitude=500..1200:3"])
    assert bare.exit_code == 2
    assert "orbit.altitude" in bare.output and "give a unit, e.g. '500 km'" in bare.output
    with_unit = runner.invoke(cli_app, ["sweep", PRESET, "--vary", "orbit.altitude=500..1200 km:3", "--json"])
    assert with_unit.exit_code == 0, with_unit.output
    rows = json.loads(with_unit.stdout)["points"]
    assert [r["orbit.altitude"] for r in rows] == [500e3, 850e3, 1200e3]


def test_batch_values_get_the_single_design_range_checks() -> None:
    with pytest.raises(InputError, match=r"orbit.altitude: got '0.5 km'; must be in \[160, 36,000\] km"):
        design_batch(PRESET, {"orbit.altitude": [650e3, 500.0]})
    drawn = design_batch(PRESET, {"orbit.altitude": [650e3, 500.0]}, on_invalid="infeasible")
    assert drawn["feasibility.code"][0] == 0 and drawn["feasibility.code"][1] & 128


def test_old_short_names_warn_once_and_mean_the_same() -> None:
    from skyrack.scenario import registry

    registry._warned.discard("thermal.emissivity")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert canonical_name("thermal.emissivity") == "satellite.thermal.emissivity"
        assert canonical_name("thermal.emissivity") == "satellite.thermal.emissivity"
    assert [w.category for w in seen] == [SkyrackWarning]
    with pytest.raises(InputError, match=r"did you mean orbit\.altitude"):
        canonical_name("orbit.altitud")


def test_a_scenario_round_trips() -> None:
    for name in ("suncatcher", "starcloud-40mw", "starcloud-1"):
        scn = load_scenario(name)
        assert Scenario.model_validate(scn.model_dump()) == scn
        assert Scenario.model_validate(json.loads(scn.model_dump_json())) == scn


def test_registry_units_match_the_catalog_and_every_catalog_fallback_resolves() -> None:
    from skyrack.catalog import CANONICAL_UNITS
    from skyrack.units import to_unit

    for param in parameters().values():
        ref = param.catalog
        if ref is None:
            continue
        assert ref.field in CANONICAL_UNITS[ref.kind], param.path
        assert param.unit is not None
        assert to_unit(f"1 {CANONICAL_UNITS[ref.kind][ref.field]}", param.unit) == pytest.approx(1.0), param.path
        assert ref.choice in parameters(), param.path


SHARED = [p for p in parameters().values() if p.follows]


@pytest.mark.parametrize("ground", SHARED, ids=[p.path for p in SHARED])
def test_sensitivity_moves_shared_numbers_on_both_sides(ground: Param) -> None:
    from skyrack.analysis.sensitivity import tornado

    orbit = parameter(str(ground.follows))
    value = _valid_number(orbit)
    low, high = _interval(orbit, value)
    bounds = {orbit.path: (low, high)}
    both = tornado(PRESET, bounds=bounds, output="terrestrial.usd_per_pflop_day")
    assert both.bars[0].output_low != both.bars[0].output_high  # the ground moved with the orbit
    # Naming one side keeps the other still. The ground's size follows the orbit's delivered compute, and a
    # bigger site takes longer to build and runs bigger jobs: one-accelerator jobs and an unbounded build-out
    # rate take those scale effects out.
    scale_free = {"economics.job_accelerators": 1, "deployment.max_power_per_year": "1e12 MW/yr"}
    pinned = load_scenario(PRESET, {**scale_free, ground.path: _text(ground, _current(ground) or value)})
    alone = tornado(pinned, bounds=bounds, output="terrestrial.usd_per_pflop_day")
    assert alone.bars[0].is_inert(alone.base)


def test_inert_inputs_are_named_not_drawn_as_bars() -> None:
    from skyrack.analysis.sensitivity import tornado

    # suncatcher costs its satellites per watt: the bottom-up bus $/kg cannot move the answer
    tor = tornado(
        PRESET,
        bounds={"economics.bus_cost_per_kg": (500.0, 5000.0), "launch.price_per_kg": (100.0, 400.0)},
    )
    assert tor.inert == ["economics.bus_cost_per_kg"]
    assert tor.bars[0].name == "launch.price_per_kg"
    parity = design(PRESET).parity
    assert parity["economics.bus_cost_per_kg"]["inert"] is True
    assert parity["mission.lifetime"]["inert"] is False


def test_snapshot_every_preset_design_is_unchanged() -> None:
    snapshot = json.loads((Path(__file__).parent / "data" / "preset_snapshot.json").read_text())
    for name, expected in snapshot.items():
        result = design(name)
        assert result.feasible == expected["feasible"], name
        for key, value in expected["values"].items():
            got = result.values[key]
            if value is None:
                assert not math.isfinite(got), (name, key)
            else:
                assert got == pytest.approx(value, rel=1e-12, abs=1e-300), (name, key)
