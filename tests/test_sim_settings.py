"""The ``simulation:`` section: sourced defaults, checks, overrides, and runs reproducible from their record."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import skyrack
from cli_app import group_app
from skyrack.errors import InputError, ScenarioError
from skyrack.model import design, load_scenario
from skyrack.scenario import read_yaml, walk_defaults
from skyrack.scenario.simulation import Simulation
from skyrack.simulate import simulate
from skyrack.simulate.cli import register
from skyrack.simulate.settings import as_section, override

DAY = 86400.0


def test_every_default_has_a_source_or_says_what_empty_means() -> None:
    sourced = {path: source for path, _, source in walk_defaults() if path.startswith("simulation.")}
    assert {"simulation.step", "simulation.seed", "simulation.downlink_rate", "simulation.elevation_mask"} <= set(
        sourced
    )
    assert all(source.strip() for source in sourced.values())
    for name, info in Simulation.model_fields.items():
        if f"simulation.{name}" not in sourced:
            assert info.default is None and "empty" in (info.description or ""), name


def test_defaults_in_si_units() -> None:
    s = Simulation()
    # 30 s; 10 deg = 10 pi/180 rad; 10 Gbit/s; 1 km; 60 s and 300 s
    assert (s.step, s.downlink_rate, s.cluster_radius) == (30.0, 10e9, 1000.0)
    assert s.elevation_mask == pytest.approx(math.radians(10.0), abs=0.0)
    assert (s.checkpoint_time, s.restart_time, s.seed, s.propagator, s.solar, s.dose) == (
        60.0,
        300.0,
        0,
        "j2",
        "max",
        True,
    )
    assert s.duration is None and s.start is None and s.satellites is None


def test_override_takes_units_numbers_in_the_field_unit_and_keeps_none() -> None:
    s = override(Simulation(satellites=3), {"duration": "2 day", "step": 45, "elevation_mask": 0.1, "satellites": None})
    assert s.duration == 2 * DAY and s.step == 45.0 and s.elevation_mask == 0.1
    assert s.satellites == 3  # None keeps the setting
    with pytest.raises(InputError, match=r"simulation.step: got -5"):
        override(s, {"step": -5})
    with pytest.raises(InputError) as info:
        override(s, {"duration_s": 1.0})
    assert info.value.field == "simulation.duration_s" and "duration, step, start" in str(info.value)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (date(2035, 3, 1), "2035-03-01"),
        (datetime(2035, 3, 1, 6, 30), "2035-03-01T06:30:00"),
        (datetime(2035, 3, 1, 6, 30, tzinfo=timezone(timedelta(hours=2))), "2035-03-01T04:30:00"),
        (" 2035-03-01T06:30Z ", "2035-03-01T06:30Z"),
        (2464023.5, 2464023.5),  # a Julian date stays one
    ],
)
def test_start_forms(given: object, expected: object) -> None:
    assert Simulation(start=given).start == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["yesterday", "1850-01-01", 1e6, True, "x" * 100, datetime(2300, 1, 1, tzinfo=UTC)])
def test_bad_start_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match=r"start|Julian"):
        Simulation(start=bad)  # type: ignore[arg-type]


def test_scenario_section_drives_the_run_and_keywords_override_it() -> None:
    res = design(
        "suncatcher",
        ["simulation.step=60 s", "simulation.duration=1 day", "simulation.satellites=2", "simulation.dose=false"],
        parity=False,
    )
    run = simulate(res)
    # 1 day at 60 s = 1,440 steps of 2 satellites
    assert (run.meta["steps"], run.meta["satellites_simulated"], run.meta["dose_model"]) == (1440, 2, "none")
    assert run.meta["settings"]["step"] == "60.0 s" and run.meta["settings"]["satellites"] == 2
    faster = simulate(res, step="2 min", satellites=1)
    assert (faster.meta["steps"], faster.meta["satellites_simulated"]) == (720, 1)
    assert faster.meta["settings"]["step"] == "120.0 s"


def test_recorded_settings_reproduce_the_run_bit_for_bit() -> None:
    res = design("starcloud-1", parity=False)
    first = simulate(res, duration="3 day", step=90.0, seed=11, start="2031-06-01T00:00", dose=False, bins=50)
    # the recorded section, pasted into the scenario file, gives the same run
    scenario = read_yaml(Path(skyrack.__file__).parent / "presets" / "starcloud-1.yaml")
    again = simulate(design(load_scenario({**scenario, "simulation": first.meta["settings"]}), parity=False))
    pd.testing.assert_frame_equal(first.satellites, again.satellites, check_exact=True)
    pd.testing.assert_frame_equal(first.timeseries, again.timeseries, check_exact=True)
    assert first.fleet == again.fleet
    assert override(Simulation(), as_section(res.scenario.simulation)) == res.scenario.simulation


def test_a_scenario_is_not_a_design() -> None:
    with pytest.raises(InputError) as info:
        simulate("suncatcher", duration=DAY)
    assert info.value.field == "design" and "skyrack.design(scenario)" in str(info.value)


def test_the_section_is_checked_when_the_scenario_loads() -> None:
    with pytest.raises(ScenarioError, match=r"simulation.elevation_mask: must be in \[0, 90\) deg"):
        load_scenario("suncatcher", ["simulation.elevation_mask=-5 deg"])
    with pytest.raises(ScenarioError, match=r"simulation.warp: unknown field"):
        load_scenario("suncatcher", ["simulation.warp=9"])


def test_cli_flags_override_the_scenario_section() -> None:
    app = group_app(register)
    base = ["simulate", "suncatcher", "--json", "--set", "simulation.step=60 s", "--set", "simulation.satellites=1"]
    base += ["--set", "simulation.duration=1 day", "--set", "simulation.dose=false"]
    from_file = CliRunner().invoke(app, base)
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.output)["meta"]["steps"] == 1440
    flagged = CliRunner().invoke(app, [*base, "--step", "120 s", "--seed", "3"])
    assert flagged.exit_code == 0, flagged.output
    meta = json.loads(flagged.output)["meta"]
    assert meta["steps"] == 720 and meta["settings"]["seed"] == 3 and meta["settings"]["satellites"] == 1
