"""Scenario schema: units converted once, overrides, JSON Schema, clear errors."""

import math
from pathlib import Path

import pytest

from skyrack.errors import InputError, ScenarioError, SkyrackWarning
from skyrack.model import load_scenario, preset_names
from skyrack.scenario import apply_overrides, json_schema, parse_scenario, read_yaml, walk_defaults

MINIMAL = {"satellite": {"compute": {"accelerators": 4}}}


def test_minimal_scenario_takes_sourced_defaults() -> None:
    s = parse_scenario(MINIMAL)
    assert s.orbit.altitude == 650e3
    assert s.orbit.ltan == 18.0
    assert s.mission.lifetime == 5.0
    assert s.satellite.power.irradiance == 1361.0


def test_ltan_accepts_clock_time() -> None:
    s = parse_scenario({**MINIMAL, "orbit": {"ltan": "06:30"}})
    assert s.orbit.ltan == 6.5


def test_circular_orbit_needs_inclination() -> None:
    with pytest.raises(ScenarioError, match="needs an inclination"):
        parse_scenario({**MINIMAL, "orbit": {"kind": "circular", "altitude": "550 km"}})
    s = parse_scenario({**MINIMAL, "orbit": {"kind": "circular", "altitude": "550 km", "inclination": "53 deg"}})
    assert s.orbit.inclination == pytest.approx(math.radians(53))


@pytest.mark.parametrize(
    ("patch", "fragment"),
    [
        ({"orbit": {"altitude": "100 km"}}, "orbit.altitude: must be in [160, 36,000] km (got 100 km)"),
        ({"orbit": {"altitude": "40000 km"}}, "orbit.altitude"),
        ({"orbit": {"altitude": "650"}}, "orbit.altitude: got '650'; give a unit"),
        ({"orbit": {"altitude": "650 kg"}}, "wrong unit"),
        ({"orbit": {"altitud": "650 km"}}, "orbit.altitud: unknown field"),
        ({"satellite": {"compute": {"it_power": "-5 kW"}}}, "satellite.compute.it_power: must be in (0, 1e+13] W"),
        ({"satellite": {"compute": {"it_power": "0 W"}}}, "satellite.compute.it_power: must be in (0, 1e+13] W"),
        (
            {"satellite": {"compute": {"accelerators": 2}, "power": {"efficiency": 1.2}}},
            "satellite.power.efficiency: must be in (0, 1]",
        ),
        (
            {"satellite": {"compute": {"accelerators": 2}, "power": {"efficiency": 0}}},
            "satellite.power.efficiency: must be in (0, 1]",
        ),
        ({"orbit": {"kind": "sun_synchronous", "altitude": "8000 km"}}, "no sun-synchronous orbit"),
    ],
)
def test_bad_fields_named(patch: dict, fragment: str) -> None:
    data = {**MINIMAL, **patch}
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_overrides_set_nested_fields() -> None:
    data = apply_overrides(
        {"satellite": {"compute": {"accelerators": 4}}},
        ["thermal.x=1", "satellite.thermal.emissivity=0.8", "orbit.altitude=700 km"],
    )
    assert data["satellite"]["thermal"]["emissivity"] == 0.8
    assert data["orbit"]["altitude"] == "700 km"
    with pytest.raises(InputError, match="path=value"):
        apply_overrides({}, ["no-equals-sign"])


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("orbit:\n  altitude: [650 km\nsatellite: {}\n")
    with pytest.raises(InputError, match=r"line \d+, column \d+"):
        read_yaml(bad)


def test_missing_file_is_clear() -> None:
    with pytest.raises(InputError, match="not a preset or file"):
        load_scenario("no-such-preset")
    with pytest.raises(InputError, match="no such file"):
        load_scenario("missing.yaml")


def test_every_preset_validates_and_cites_sources() -> None:
    names = preset_names()
    assert {
        "suncatcher",
        "spacex-xai",
        "blue-origin-sunrise",
        "openai-stoke",
        "starcloud-40mw",
        "starcloud-1",
        "mccalip-1gw",
        "ground-campus-1gw",
    } <= set(names)
    for name in names:
        s = load_scenario(name)
        assert s.sources, name
        assert s.description, name


def test_json_schema_has_units_and_sources() -> None:
    schema = json_schema()
    text = str(schema)
    assert "x-unit" in text and "source" in text
    assert schema["additionalProperties"] is False


def test_every_default_has_a_source() -> None:
    rows = list(walk_defaults())
    assert len(rows) > 40
    assert all(source.strip() for _, _, source in rows)


def test_clock_times_are_not_base60_numbers(tmp_path: Path) -> None:
    # YAML 1.1 reads an unquoted 06:00 as 360; skyrack keeps clock times as text.
    path = tmp_path / "s.yaml"
    path.write_text("orbit:\n  ltan: 06:00\nsatellite:\n  compute: {accelerators: 4}\n")
    assert load_scenario(path).orbit.ltan == 6.0
    assert load_scenario(path, ["orbit.ltan=12:30"]).orbit.ltan == 12.5


def test_the_old_name_of_mccalips_orbital_preset_warns_and_loads_it() -> None:
    with pytest.warns(SkyrackWarning, match="now 'mccalip-1gw'"):
        old = load_scenario("terrestrial-1gw")
    assert old == load_scenario("mccalip-1gw") and old.kind == "orbital"
    assert load_scenario("ground-campus-1gw").kind == "terrestrial"


def test_terrestrial_scenarios_need_a_site_size_and_orbital_ones_refuse_it() -> None:
    with pytest.raises(ScenarioError, match=r"terrestrial\.it_power"):
        load_scenario({"kind": "terrestrial", "terrestrial": {"kind": "grid-hyperscale"}})
    with pytest.raises(ScenarioError, match="is for kind: terrestrial"):
        load_scenario("suncatcher", ["terrestrial.it_power=1 GW"])
    ground = load_scenario({"kind": "terrestrial", "terrestrial": {"accelerator": "b200", "it_power": "10 MW"}})
    assert ground.satellite.compute.accelerator == "b200"  # the ground's chip, for the shared numbers


def test_an_integer_too_long_for_a_float_is_refused_by_name() -> None:
    # found by the fuzz suite: the range message converted the given value to float (OverflowError)
    from skyrack.errors import SkyrackError

    with pytest.raises(SkyrackError, match=r"satellite\.compute\.accelerators: must be"):
        load_scenario({"name": "x", "satellite": {"compute": {"accelerators": 10**400}}})
