"""Tests for the sourced data catalog (skyrack.catalog)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from skyrack.catalog import (
    BASIS,
    CANONICAL_UNITS,
    CONFIDENCE,
    OPTIONAL_FIELDS,
    TEXT_FIELDS,
    Catalog,
    Entry,
    Record,
    load_default,
)
from skyrack.errors import CatalogError, InputError
from skyrack.units import registry


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_default()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_RECORD = 'source: "test", date: "2026", confidence: low, basis: estimate'


# ---------------------------------------------------------------- built-in files


def test_every_builtin_kind_loads(cat: Catalog) -> None:
    assert cat.kinds() == sorted(CANONICAL_UNITS)
    for kind in cat.kinds():
        assert cat.names(kind), kind
        assert cat.description(kind)
        assert cat.files(kind)[0].startswith("catalog/")


def test_expected_entries_present(cat: Catalog) -> None:
    expected = {
        "accelerators": {"h100-sxm", "h200-sxm", "b200", "gb200-nvl72", "tpu-v6e", "tpu-v7"},
        "launchers": {
            "falcon-9",
            "falcon-9-rideshare",
            "falcon-heavy",
            "starship-v2",
            "starship-v3",
            "new-glenn",
            "stoke-nova",
            "electron",
            "terran-r",
            "ariane-6",
        },
        "solar_cells": {
            "tj-gaas",
            "tj-gaas-rosa",
            "silicon-space",
            "perovskite-thin-film",
            "thin-film-claim",
        },
        "radiators": {"iss-eatcs", "pumped-loop-panel", "heat-pipe-tube-fin", "film-laminate"},
        "batteries": {"li-ion-space", "ni-h2-legacy"},
        "terrestrial": {"grid-hyperscale", "gas-turbine-onsite", "solar-plus-storage"},
        "emission_factors": {
            "methane",
            "rp1",
            "hydrogen",
            "solid",
            "natural-gas",
            "grid-us-average",
            "solar-lifecycle",
        },
    }
    for kind, names in expected.items():
        assert names <= set(cat.names(kind)), kind
    assert len(cat.names("ground_stations")) >= 12


def test_every_record_has_provenance(cat: Catalog) -> None:
    records = list(cat.records())
    assert len(records) > 250
    for r in records:
        assert isinstance(r, Record)
        assert r.source.strip(), r.key
        assert r.date.strip(), r.key
        assert r.confidence in CONFIDENCE, r.key
        assert r.basis in BASIS, r.key
        assert math.isfinite(r.value), r.key
        assert r.unit == CANONICAL_UNITS[r.kind][r.field], r.key
        assert r.given, r.key


def test_records_sorted(cat: Catalog) -> None:
    keys = [r.key for r in cat.records()]
    assert keys == sorted(keys)


def test_canonical_table_covers_every_field(cat: Catalog) -> None:
    for kind in cat.kinds():
        table = CANONICAL_UNITS[kind]
        assert set(OPTIONAL_FIELDS[kind]) <= set(table)
        for name, entry in cat.entries(kind).items():
            assert set(entry) <= set(table), (kind, name)
            assert set(table) - OPTIONAL_FIELDS[kind] <= set(entry), (kind, name)
            assert set(entry.text) <= set(TEXT_FIELDS[kind]), (kind, name)
            assert entry.text["name"]


def test_canonical_units_parse() -> None:
    ureg = registry()
    for fields in CANONICAL_UNITS.values():
        for unit in fields.values():
            ureg.Quantity("dimensionless" if unit == "1" else unit)  # raises if unknown


def test_ranges_and_distributions_are_canonical(cat: Catalog) -> None:
    for r in cat.records():
        if r.range is not None:
            low, high = r.range
            assert low <= r.value * (1 + 1e-9) + 1e-12 and r.value <= high * (1 + 1e-9) + 1e-12, r.key
        if r.distribution is not None:
            d = r.distribution
            if "low" in d:
                assert d["low"] <= d["high"], r.key
            if "mode" in d:
                assert d["low"] <= d["mode"] <= d["high"], r.key


def test_low_confidence_estimates_say_so(cat: Catalog) -> None:
    # an estimate is our own number: it must never claim high confidence
    for r in cat.records():
        if r.basis in ("estimate", "claim"):
            assert r.confidence != "high", r.key


# ---------------------------------------------------------------- spot values


def test_spot_values(cat: Catalog) -> None:
    assert cat.value("accelerators", "h100-sxm", "tdp") == 700.0
    assert cat.value("accelerators", "h100-sxm", "bf16_dense") == pytest.approx(989e12)
    assert cat.value("accelerators", "b200", "bf16_dense") == pytest.approx(2.25e15)
    assert cat.value("accelerators", "h200-sxm", "sustained_fraction") == pytest.approx(0.665, abs=1e-3)
    assert cat.value("accelerators", "h200-sxm", "sustained_fraction") == pytest.approx(657.29 / 989, rel=1e-3)
    assert cat.value("launchers", "starship-v3", "payload_leo") >= 100_000
    assert cat.value("launchers", "falcon-9", "payload_leo") == 22_800
    assert cat.value("terrestrial", "grid-hyperscale", "facility_capex") == pytest.approx(11.7)


def test_h200_probe_fields(cat: Catalog) -> None:
    h200 = cat.entry("accelerators", "h200-sxm")
    assert h200["train_tokens_per_s"] == pytest.approx(79100.9, abs=0.1)
    assert h200["joules_per_token"] == pytest.approx(0.00876, abs=1e-5)
    assert h200["measured_power_w"] == pytest.approx(693, abs=0.5)
    for field in ("sustained_fraction", "train_tokens_per_s", "joules_per_token", "measured_power_w"):
        record = h200.record(field)
        assert record.basis == "measured"
        assert record.date == "2026-11-27"
        assert record.source == "H200 power/throughput probe, 2026-11-27, docs/data/h200_power_probe_2026-11-27.json"
    # energy per token x tokens per second = power
    assert h200["joules_per_token"] * h200["train_tokens_per_s"] == pytest.approx(h200["measured_power_w"], rel=0.01)


def test_unit_conversions(cat: Catalog) -> None:
    gas = cat.entry("terrestrial", "gas-turbine-onsite")
    assert gas["heat_rate"] == pytest.approx(1.817, abs=1e-3)
    assert gas["fuel_price"] == pytest.approx(4.30 / 1.055056, rel=1e-4)  # USD/GJ
    assert gas["generation_capex"] == pytest.approx(1.8)
    assert gas["capacity_factor"] == pytest.approx(0.85)
    assert cat.value("solar_cells", "tj-gaas", "degradation") == pytest.approx(0.0075)
    assert cat.value("solar_cells", "tj-gaas", "efficiency") == pytest.approx(0.298)
    assert cat.value("solar_cells", "tj-gaas-rosa", "stowed_power_density") == pytest.approx(40_000)
    assert cat.value("batteries", "li-ion-space", "max_depth_of_discharge") == pytest.approx(0.30)
    assert cat.value("batteries", "li-ion-lfp-terrestrial", "cost") == pytest.approx(0.115)
    assert cat.value("emission_factors", "grid-us-average", "co2_per_kwh") == pytest.approx(0.3674, rel=1e-3)
    assert cat.value("emission_factors", "natural-gas", "co2_per_fuel_energy") == pytest.approx(50.29, rel=1e-3)
    assert cat.value("accelerators", "gb200-nvl72", "unit_price") == pytest.approx(3e6)
    assert cat.value("accelerators", "gb200-nvl72", "accelerators_per_unit") == 72
    assert cat.value("launchers", "ariane-6", "price") == pytest.approx(115e6 * 1.08)
    # the record keeps what was written
    assert cat.record("accelerators", "h100-sxm", "bf16_dense").given == "989 TFLOP/s"


def test_launch_co2_matches_fuel_and_emission_factor(cat: Catalog) -> None:
    for name, launcher in cat.entries("launchers").items():
        fuel = launcher.text["fuel"]
        factor = cat.value("emission_factors", fuel, "co2_per_kg_fuel")
        expected = launcher["propellant_fuel_mass"] * factor
        assert launcher["co2e_per_launch"] == pytest.approx(expected, rel=0.01), name
        assert isinstance(launcher.text["reusable"], bool)
        assert ("price" in launcher) or ("price_per_kg" in launcher), name


def test_ground_stations_in_range(cat: Catalog) -> None:
    for name, station in cat.entries("ground_stations").items():
        assert -90 <= station["latitude_deg"] <= 90, name
        assert -180 <= station["longitude_deg"] <= 180, name
        assert -100 <= station["altitude_m"] <= 5000, name


def test_fractions_are_fractions(cat: Catalog) -> None:
    fraction_fields = {
        "accelerators": ("sustained_fraction",),
        "solar_cells": ("efficiency", "temperature_derating", "packing_factor"),
        "radiators": ("emissivity", "solar_absorptivity"),
        "batteries": ("max_depth_of_discharge", "round_trip_efficiency"),
        "terrestrial": ("availability",),
    }
    for kind, fields in fraction_fields.items():
        for name, entry in cat.entries(kind).items():
            for field in fields:
                assert 0 < entry[field] <= 1, (kind, name, field)


# ---------------------------------------------------------------- lookups and errors


def test_entry_is_read_only_mapping(cat: Catalog) -> None:
    entry = cat.entry("accelerators", "h100-sxm")
    assert isinstance(entry, Entry)
    assert "tdp" in entry and "nope" not in entry
    assert entry.get("nope") is None
    assert entry.text["name"].startswith("NVIDIA H100")
    with pytest.raises(TypeError):
        entry["tdp"] = 1.0  # type: ignore[index]
    with pytest.raises(TypeError):
        entry.records["tdp"] = entry.records["tdp"]  # type: ignore[index]


def test_unknown_name_lists_valid_names(cat: Catalog) -> None:
    with pytest.raises(CatalogError) as info:
        cat.entry("accelerators", "h1000", field="compute.accelerator")
    message = str(info.value)
    assert message.startswith("compute.accelerator: got 'h1000'; valid: ")
    assert "b200, gb200-nvl72, h100-sxm, h200-sxm" in message
    assert isinstance(info.value, InputError)


def test_unknown_kind_and_field(cat: Catalog) -> None:
    with pytest.raises(CatalogError, match="valid: accelerators, batteries"):
        cat.names("gpus")
    with pytest.raises(CatalogError, match=r"valid: .*tdp"):
        cat.value("accelerators", "h100-sxm", "watts")
    with pytest.raises(KeyError):
        cat.entry("accelerators", "h100-sxm")["watts"]


# ---------------------------------------------------------------- overrides


def test_override_changes_value_and_records_provenance(cat: Catalog) -> None:
    new = cat.with_overrides({"accelerators": {"h100-sxm": {"tdp": "650 W", "server_overhead": 0.3}}})
    assert new.value("accelerators", "h100-sxm", "tdp") == 650.0
    assert new.value("accelerators", "h100-sxm", "server_overhead") == 0.3
    record = new.record("accelerators", "h100-sxm", "tdp")
    assert record.source == "scenario override"
    assert record.given == "650 W"
    assert record.replaced is not None and record.replaced.value == 700.0
    assert record.distribution is None
    # the original catalog is unchanged
    assert cat.value("accelerators", "h100-sxm", "tdp") == 700.0
    assert load_default().value("accelerators", "h100-sxm", "tdp") == 700.0


def test_override_units_are_checked(cat: Catalog) -> None:
    assert cat.with_overrides({"accelerators": {"h100-sxm": {"tdp": "0.65 kW"}}}).value(
        "accelerators", "h100-sxm", "tdp"
    ) == pytest.approx(650.0)
    with pytest.raises(CatalogError, match=r"accelerators\.h100-sxm\.tdp: got '650 kg'; wrong unit"):
        cat.with_overrides({"accelerators": {"h100-sxm": {"tdp": "650 kg"}}})
    with pytest.raises(CatalogError, match="give a unit"):
        cat.with_overrides({"accelerators": {"h100-sxm": {"tdp": 650}}})
    with pytest.raises(CatalogError, match=r"valid: .*h100-sxm"):
        cat.with_overrides({"accelerators": {"h1000": {"tdp": "650 W"}}})
    with pytest.raises(CatalogError, match=r"valid: .*tdp"):
        cat.with_overrides({"accelerators": {"h100-sxm": {"watts": "650 W"}}})


def test_override_flat_keys_text_and_records(cat: Catalog) -> None:
    new = cat.with_overrides(
        {
            "launchers.starship-v3.price": "5 MUSD",
            "launchers": {
                "starship-v3": {
                    "reusable": False,
                    "payload_leo": {
                        "value": 150,
                        "unit": "t",
                        "source": "Musk (2021)",
                        "date": "2021",
                        "confidence": "low",
                        "basis": "claim",
                    },
                }
            },
        }
    )
    v3 = new.entry("launchers", "starship-v3")
    assert v3["price"] == 5e6
    assert v3["payload_leo"] == 150_000
    assert v3.record("payload_leo").source == "Musk (2021)"
    assert v3.text["reusable"] is False
    with pytest.raises(CatalogError, match="expected bool"):
        cat.with_overrides({"launchers": {"falcon-9": {"reusable": "yes"}}})
    with pytest.raises(CatalogError, match="allowed: methane"):
        cat.with_overrides({"launchers": {"falcon-9": {"fuel": "coal"}}})


# ---------------------------------------------------------------- user files


USER_FILE = f"""
kind: accelerators
description: user additions
entries:
  h100-sxm:
    name: Radiation-hardened H100 (hypothetical)
    tdp: {{value: 600, unit: W, {GOOD_RECORD}}}
    bf16_dense: {{value: 900, unit: TFLOP/s, {GOOD_RECORD}}}
    fp8_dense: {{value: 1800, unit: TFLOP/s, {GOOD_RECORD}}}
    accelerators_per_unit: {{value: 1, unit: "1", {GOOD_RECORD}}}
    server_overhead: {{value: 30, unit: "%", {GOOD_RECORD}}}
    server_mass: {{value: 20, unit: kg, {GOOD_RECORD}}}
    unit_price: {{value: 50, unit: kUSD, {GOOD_RECORD}}}
    sustained_fraction: {{value: 0.6, unit: "1", {GOOD_RECORD}}}
    annual_failure_rate: {{value: 5, unit: "%/yr", {GOOD_RECORD}}}
  my-asic:
    name: My ASIC
    tdp: {{value: 0.3, unit: kW, {GOOD_RECORD}}}
    bf16_dense: {{value: 1, unit: PFLOP/s, {GOOD_RECORD}}}
    fp8_dense: {{value: 2, unit: PFLOP/s, {GOOD_RECORD}}}
    accelerators_per_unit: {{value: 1, unit: "1", {GOOD_RECORD}}}
    server_overhead: {{value: 0.2, unit: "1", {GOOD_RECORD}}}
    server_mass: {{value: 5, unit: kg, {GOOD_RECORD}}}
    unit_price: {{value: 10000, unit: USD, {GOOD_RECORD}}}
    sustained_fraction: {{value: 0.7, unit: "1", {GOOD_RECORD}}}
    annual_failure_rate: {{value: 0.02, unit: 1/yr, {GOOD_RECORD}}}
"""


def test_user_file_extends_and_shadows(cat: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "mine.yaml", USER_FILE)
    new = cat.extend(path)
    assert "my-asic" in new.names("accelerators")
    assert new.value("accelerators", "my-asic", "bf16_dense") == pytest.approx(1e15)
    shadow = new.entry("accelerators", "h100-sxm")
    assert shadow["tdp"] == 600.0
    assert shadow["server_overhead"] == pytest.approx(0.30)
    assert shadow["unit_price"] == pytest.approx(50_000)
    assert shadow["annual_failure_rate"] == pytest.approx(0.05)
    assert shadow.text["shadows"] == "catalog/accelerators.yaml"
    assert any("h100-sxm" in note and "shadows" in note for note in new.notes)
    assert "b200" in new.names("accelerators")  # built-ins kept
    assert cat.value("accelerators", "h100-sxm", "tdp") == 700.0  # original untouched
    loaded = Catalog.load(extra_files=[path])
    assert loaded.value("accelerators", "h100-sxm", "tdp") == 600.0
    assert loaded.files("accelerators") == ("catalog/accelerators.yaml", str(path))


def test_user_file_new_kind(cat: Catalog, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "links.yaml",
        f"""
kind: optical_terminals
description: laser terminals
fields: {{data_rate: bit/s, mass: kg, power: W}}
required: [data_rate, mass]
entries:
  scot80:
    name: Tesat SCOT80
    data_rate: {{value: 10, unit: Gbit/s, {GOOD_RECORD}}}
    mass: {{value: 11.9, unit: kg, {GOOD_RECORD}}}
""",
    )
    new = cat.extend(path)
    assert "optical_terminals" in new.kinds()
    assert new.value("optical_terminals", "scot80", "data_rate") == pytest.approx(1e10)
    assert new.units("optical_terminals")["power"] == "W"


def test_new_kind_without_fields_is_rejected(cat: Catalog, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "x.yaml",
        f"kind: widgets\nentries:\n  a:\n    name: A\n    m: {{value: 1, unit: kg, {GOOD_RECORD}}}\n",
    )
    with pytest.raises(CatalogError, match="declare its numeric fields"):
        cat.extend(path)


# ---------------------------------------------------------------- malformed input


def test_malformed_yaml_reports_line_and_column(cat: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", "kind: accelerators\nentries:\n  x:\n    name: [unclosed\n    tdp: 3\n")
    with pytest.raises(CatalogError) as info:
        cat.extend(path)
    message = str(info.value)
    assert "bad.yaml" in message
    assert "line " in message and "column " in message
    assert "malformed YAML" in message


def test_malformed_yaml_exact_position(cat: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "bad2.yaml", "kind: accelerators\nentries: {a: 1\n")
    with pytest.raises(CatalogError, match=r"line \d+, column \d+"):
        cat.extend(path)
    path = write(tmp_path, "dup.yaml", "kind: accelerators\nkind: launchers\n")
    with pytest.raises(CatalogError, match=r"dup\.yaml \(line 2, column 1\).*duplicate key 'kind'"):
        cat.extend(path)


def test_bad_unit_is_rejected_naming_the_field(cat: Catalog, tmp_path: Path) -> None:
    text = USER_FILE.replace("tdp: {value: 600, unit: W,", "tdp: {value: 600, unit: kg,")
    path = write(tmp_path, "unit.yaml", text)
    with pytest.raises(CatalogError) as info:
        cat.extend(path)
    message = str(info.value)
    assert "unit.yaml: accelerators.h100-sxm.tdp.unit" in message
    assert "wrong unit" in message and "W" in message
    text = USER_FILE.replace("tdp: {value: 600, unit: W,", "tdp: {value: 600, unit: furlongz,")
    with pytest.raises(CatalogError, match="not a unit"):
        cat.extend(write(tmp_path, "unit2.yaml", text))


@pytest.mark.parametrize(
    ("old", "new", "pattern"),
    [
        ('source: "test", ', "", r"h100-sxm\.tdp\.source: got None; missing"),
        ('date: "2026", ', "", r"\.date: got None; missing"),
        ("confidence: low, ", "", r"\.confidence: got None; missing"),
        ("confidence: low", "confidence: sure", r"confidence: got 'sure'; allowed: high, medium, low"),
        ("basis: estimate", "basis: vibes", r"basis: got 'vibes'"),
    ],
)
def test_missing_or_bad_provenance_is_rejected(cat: Catalog, tmp_path: Path, old: str, new: str, pattern: str) -> None:
    text = USER_FILE.replace(
        f"tdp: {{value: 600, unit: W, {GOOD_RECORD}}}",
        "tdp: {value: 600, unit: W, " + GOOD_RECORD.replace(old, new) + "}",
    )
    with pytest.raises(CatalogError, match=pattern):
        cat.extend(write(tmp_path, "prov.yaml", text))


def test_unknown_and_missing_fields_are_rejected(cat: Catalog, tmp_path: Path) -> None:
    text = USER_FILE.replace(
        "    name: My ASIC\n", f"    name: My ASIC\n    watts: {{value: 1, unit: W, {GOOD_RECORD}}}\n"
    )
    with pytest.raises(CatalogError, match=r"accelerators\.my-asic\.watts: got 'watts'; unknown field"):
        cat.extend(write(tmp_path, "unknown.yaml", text))
    text = USER_FILE.replace(f"    fp8_dense: {{value: 2, unit: PFLOP/s, {GOOD_RECORD}}}\n", "")
    with pytest.raises(CatalogError, match=r"my-asic\.fp8_dense: got None; missing required field \(unit FLOP/s\)"):
        cat.extend(write(tmp_path, "missing.yaml", text))
    text = USER_FILE.replace(f"tdp: {{value: 0.3, unit: kW, {GOOD_RECORD}}}", 'tdp: "300 W"')
    with pytest.raises(CatalogError, match="give a record"):
        cat.extend(write(tmp_path, "bare.yaml", text))


def test_range_and_distribution_are_validated(cat: Catalog, tmp_path: Path) -> None:
    base = f"tdp: {{value: 0.3, unit: kW, {GOOD_RECORD}}}"

    def with_tdp(extra: str) -> Path:
        return write(
            tmp_path,
            "d.yaml",
            USER_FILE.replace(base, f"tdp: {{value: 0.3, unit: kW, {GOOD_RECORD}, {extra}}}"),
        )

    ok = cat.extend(with_tdp("range: [0.2, 0.4], distribution: {kind: triangular, low: 0.2, mode: 0.3, high: 0.4}"))
    record = ok.record("accelerators", "my-asic", "tdp")
    assert record.range == pytest.approx((200.0, 400.0))
    assert record.distribution == {"kind": "triangular", "low": 200.0, "mode": 300.0, "high": 400.0}
    lognormal = cat.extend(with_tdp("distribution: {kind: lognormal, median: 0.3, sigma: 0.5}"))
    assert lognormal.record("accelerators", "my-asic", "tdp").distribution == {
        "kind": "lognormal",
        "median": 300.0,
        "sigma": 0.5,
    }
    with pytest.raises(CatalogError, match="outside its range"):
        cat.extend(with_tdp("range: [0.4, 0.5]"))
    with pytest.raises(CatalogError, match="low <= mode <= high"):
        cat.extend(with_tdp("distribution: {kind: triangular, low: 0.2, mode: 0.5, high: 0.4}"))
    with pytest.raises(CatalogError, match="allowed: triangular"):
        cat.extend(with_tdp("distribution: {kind: weibull, shape: 2}"))
    with pytest.raises(CatalogError, match="needs sd"):
        cat.extend(with_tdp("distribution: {kind: normal, mean: 0.3}"))


def test_missing_file_is_a_clear_error(cat: Catalog, tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"catalog file: .*cannot read the file"):
        cat.extend(tmp_path / "nope.yaml")


def test_load_default_is_cached() -> None:
    assert load_default() is load_default()


def test_catalog_pickles_for_worker_processes(cat: Catalog) -> None:
    import copy
    import pickle

    new = cat.with_overrides({"accelerators": {"h100-sxm": {"tdp": "650 W"}}})
    clone = pickle.loads(pickle.dumps(new))
    assert clone.value("accelerators", "h100-sxm", "tdp") == 650.0
    assert clone.record("accelerators", "h100-sxm", "tdp").replaced is not None
    assert clone.names("launchers") == cat.names("launchers")
    with pytest.raises(TypeError):
        clone.entry("accelerators", "h100-sxm").text["name"] = "x"  # type: ignore[index]
    assert copy.deepcopy(cat).value("launchers", "falcon-9", "payload_leo") == 22_800
