"""The output registry: every quantity skyrack returns is declared, with a unit that parses,
agrees with its key's unit suffix and suits its presentation kind, and a human label."""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from skyrack import outputs
from skyrack.errors import InputError
from skyrack.model import design, evaluate, load_scenario, preset_names
from skyrack.outputs import KINDS, OUTPUTS, STATISTICS, Output, group, label_with_unit, output, unit_symbol
from skyrack.params import catalog_for, resolve
from skyrack.units import registry

SRC = Path(outputs.__file__).parent


def _undeclared(prefix: str, keys: Iterable[str]) -> list[str]:
    """Keys of a result (named ``prefix.key``) with no declared output."""
    return sorted(f"{prefix}.{k}" if prefix else k for k in keys if (f"{prefix}.{k}" if prefix else k) not in OUTPUTS)


def _stale(prefix: str, keys: Iterable[str]) -> list[str]:
    """Declared outputs of group ``prefix`` that the result does not have."""
    return sorted(o.name for o in group(prefix).values() if o.key not in set(keys))


def _check_group(prefix: str, keys: Iterable[str]) -> None:
    keys = list(keys)
    missing, stale = _undeclared(prefix, keys), _stale(prefix, keys)
    assert not missing, f"declare in skyrack.outputs: {missing}"
    assert not stale, f"declared but not returned any more: {stale}"


# --------------------------------------------------------------------------- completeness


@pytest.fixture(scope="module")
def evaluated() -> dict[str, dict[str, Any]]:
    """``skyrack.model.evaluate`` of every preset, computed for real."""
    out = {}
    for name in preset_names():
        scn = load_scenario(name)
        out[name] = evaluate(resolve(scn, catalog_for(scn)))
    return out


def test_every_evaluate_key_of_every_preset_is_declared(evaluated: dict[str, dict[str, Any]]) -> None:
    keys = set().union(*(set(v) for v in evaluated.values()))
    missing = sorted(k for k in keys if k not in OUTPUTS)
    assert not missing, f"declare in skyrack.outputs: {missing}"
    sections = {k.split(".")[0] for k in keys}
    stale = sorted(o.name for o in OUTPUTS.values() if o.group in sections and o.name not in keys)
    assert not stale, f"declared but not returned by evaluate: {stale}"


def test_simulation_fleet_kpis_and_columns_are_declared(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from skyrack.analysis.sweep import simulation_sweep
    from skyrack.simulate import simulate
    from skyrack.simulate.positions import Positions

    run = simulate(design("starcloud-1", parity=False), duration=6000.0, step=60.0, dose=False,
                   per_satellite=True, positions=Positions(600.0), out_dir=tmp_path)  # fmt: skip
    _check_group("simulate", run.fleet)
    _check_group("simulate.satellite", run.satellites.columns)
    _check_group("simulate.series", run.timeseries.columns)
    _check_group("simulate.meta", run.meta)
    _check_group("simulate.per_satellite", run.per_satellite.columns)
    _check_group("simulate.positions", pq.read_schema(tmp_path / "positions.parquet").names)
    rows = simulation_sweep("starcloud-1", runs=[[]], seeds=[0], duration_s=6000.0, step_s=60.0)
    _check_group("simsweep", [c for c in rows.columns if c not in run.fleet and c not in OUTPUTS])  # feasibility.code


def test_deployment_columns_and_summary_are_declared() -> None:
    from skyrack.deploy import compare_pricing, deploy

    result = design("spacex-xai", parity=False)  # Starship: the catalog has its at-cost breakdown
    timeline = deploy(result)
    _check_group("deploy", timeline.frame.columns)
    summary = dict(timeline.summary)
    _check_group("deploy.at_cost", summary.pop("at_cost_breakdown_usd"))
    _check_group("deploy.summary", summary)
    _check_group("deploy.pricing", compare_pricing(result).columns)


def _flat(summary: Mapping[str, Any]) -> dict[str, list[str]]:
    """The links summary's keys by group (stations are rows of ``links.station``)."""
    ground = dict(summary["ground"])
    stations = ground.pop("stations")
    top = [k for k in summary if k not in ("cluster", "ground")]
    return {
        "links": top,
        "links.cluster": list(summary["cluster"]),
        "links.ground": list(ground),
        "links.station": sorted({k for row in stations for k in row}),
    }


def test_links_and_workload_quantities_are_declared() -> None:
    from skyrack.links.report import links_summary
    from skyrack.workloads import WORKLOADS, compare

    seen: dict[str, set[str]] = {}
    for preset in ("suncatcher", "spacex-xai", "starcloud-1"):  # cluster, Walker, single satellite
        result = design(preset, parity=False)
        summary = links_summary(result)
        for prefix, keys in _flat(summary).items():
            assert not _undeclared(prefix, keys), _undeclared(prefix, keys)
            seen.setdefault(prefix, set()).update(keys)
        for name in WORKLOADS:
            for side in compare(result, name, summary).values():
                seen.setdefault("workload", set()).update(side)
    for prefix, keys in seen.items():
        _check_group(prefix, keys)


def test_analysis_columns_are_declared() -> None:
    from skyrack.analysis.montecarlo import monte_carlo
    from skyrack.analysis.optimise import optimise
    from skyrack.analysis.sensitivity import sobol, tornado

    uncertain = {
        "launch.price_per_kg": "uniform(low=50 USD/kg, high=500 USD/kg)",
        "satellite.power.specific_power": "uniform(low=50 W/kg, high=200 W/kg)",
    }
    mc = monte_carlo("suncatcher", uncertain, n=256, seed=0)
    _check_group("montecarlo", [k for k in mc.summary() if k not in ("scenario", "uncertain", "stats")] + ["valid"])
    for key, stats in mc.stats.items():
        assert key in OUTPUTS
        assert set(stats) - {"valid"} <= set(STATISTICS), stats
    indices = sobol("suncatcher", uncertain, n=32, seed=0)
    summary = [k for k in indices.to_dict() if k not in ("output", "indices")]
    _check_group("sobol", [*indices.frame().columns, *summary])
    bar = tornado("suncatcher", uncertain).to_dict()["bars"][0]
    assert set(bar) - {"name", "inert"} <= set(STATISTICS)
    best = optimise("suncatcher", ["orbit.altitude=500..1200 km"], "economics.usd_per_pflop_day", n=16)
    extra = [c for c in best.candidates.columns if c not in OUTPUTS and c != "orbit.altitude"]
    assert not _undeclared("optimise", extra)
    assert "optimise.evaluations" in OUTPUTS and "evaluations" in best.summary()


# --------------------------------------------------------------------------- declarations


@pytest.mark.parametrize("item", list(OUTPUTS.values()), ids=list(OUTPUTS))
def test_unit_parses_and_suits_the_kind(item: Output) -> None:
    base = KINDS[item.kind]
    if item.kind == "text":
        assert item.unit == ""
        return
    unit = registry().Unit(item.unit or "dimensionless")
    if base is None:
        return
    if item.kind == "money":
        assert item.unit.split("/")[0] == "USD", item.unit  # money is stated in dollars, rates per something
        return
    assert unit.is_compatible_with(registry().Unit(base)), f"{item.name}: {item.unit} is not a {item.kind}"
    if item.kind == "rate":
        assert unit.dimensionality.get("[time]", 0) == -1


# The unit a key's suffix names (longest first). "_per_year" style suffixes come before their tails.
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("_m_per_s_per_year", "m/s/yr"),
    ("_m_per_s", "m/s"),
    ("_kg_per_m2", "kg/m**2"),
    ("_kg_per_m3", "kg/m**3"),
    ("_usd_per_pflop_day", "USD/PFLOP_day"),
    ("_usd_per_accelerator_hour", "USD/h"),
    ("_usd_per_kw_year", "USD/(kW*yr)"),
    ("_usd_per_mwh", "USD/MWh"),
    ("_usd_per_year", "USD/yr"),
    ("_usd_per_kg", "USD/kg"),
    ("_usd_per_flight", "USD"),
    ("_pv_per_usd", "USD/USD"),
    ("_usd", "USD"),
    ("_w_per_m2", "W/m**2"),
    ("_w_per_kg", "W/kg"),
    ("_m2_kg", "m**2/kg"),  # area per mass: the key reads like m2·kg (see the report)
    ("_m_s_per_yr", "m/s/yr"),
    ("_gy_per_s", "Gy/s"),
    ("_m_per_s", "m/s"),
    ("_krad_per_year", "krad/yr"),
    ("_days_per_year", "day/yr"),
    ("_minutes_per_day", "min/day"),
    ("_tb_per_day", "TB/day"),
    ("_per_s_per_accelerator", "1/s"),
    ("_per_s", "1/s"),
    ("_per_day", "1/day"),
    ("_per_year", "1/yr"),
    ("_pflop_days", "PFLOP_day"),
    ("_accelerator_hours", "h"),
    ("_pflops", "PFLOP/s"),
    ("_flops", "FLOP/s"),
    ("_flop", "FLOP"),
    ("_kwh", "kWh"),
    ("_mwh", "MWh"),
    ("_wh", "Wh"),
    ("_mw", "MW"),
    ("_w", "W"),
    ("_kg", "kg"),
    ("_m3", "m**3"),
    ("_m2", "m**2"),
    ("_ms", "ms"),
    ("_m", "m"),
    ("_minutes", "min"),
    ("_days", "day"),
    ("_years", "yr"),
    ("_h", "h"),
    ("_s", "s"),
    ("_k", "K"),
    ("_rad", "rad"),
    ("_gy", "Gy"),
    ("_tb", "TB"),
    ("_bps", "bit/s"),
    ("_fraction", "1"),
)


def _suffix_unit(key: str) -> str | None:
    key = re.sub(r"_(mean|min|max)(_of_(means|mins|maxes))?$", "", key)  # a statistic keeps its unit
    return next((unit for suffix, unit in SUFFIXES if f"_{key}".endswith(suffix)), None)


def test_units_agree_with_the_key_suffixes() -> None:
    """Where a key names its unit (``_kg``, ``_usd_per_kg``, ``_mw``), the declared unit is that unit exactly."""
    ureg, checked, wrong = registry(), 0, []
    for item in OUTPUTS.values():
        named = _suffix_unit(item.key)
        if named is None:
            continue
        checked += 1
        try:
            factor = ureg.Quantity(1.0, item.unit or "dimensionless").to(named).magnitude
        except Exception:
            factor = math.nan
        if not math.isclose(factor, 1.0, rel_tol=1e-12):
            wrong.append(f"{item.name}: declared {item.unit!r}, key says {named!r}")
    assert not wrong, wrong
    assert checked > 200  # most keys name their unit


def test_suffix_table_catches_a_wrong_unit() -> None:
    assert _suffix_unit("radiator_area_m2") == "m**2"
    assert _suffix_unit("orbit_it_mw") == "MW" and _suffix_unit("tokens_per_s") == "1/s"
    assert _suffix_unit("radiator_temperature_k_max") == "K"
    assert _suffix_unit("radiator_temperature_k_max_of_maxes") == "K"
    assert _suffix_unit("vx_eci_m_per_s") == "m/s"
    assert registry().Quantity(1.0, "kW").to("W").magnitude != 1.0  # a kW declared for a _w key would fail


@pytest.mark.parametrize("item", list(OUTPUTS.values()), ids=list(OUTPUTS))
def test_label_and_meaning_read_as_text(item: Output) -> None:
    assert item.label and item.label[0].isupper(), item.label
    assert "_" not in item.label and "." not in item.label and item.label not in (item.name, item.key)
    assert len(item.label) <= 50
    assert "\n" not in item.meaning and item.meaning.endswith(".") and 10 <= len(item.meaning) <= 130
    assert label_with_unit(item.name, ascii=True).isascii()


def test_lookup_of_an_unknown_name_lists_close_matches() -> None:
    with pytest.raises(InputError) as caught:
        output("thermal.radiator_area")
    assert caught.value.field == "output" and "thermal.radiator_area_m2" in str(caught.value)
    with pytest.raises(InputError, match=r"see skyrack\.outputs\.OUTPUTS"):
        output("zzz")


def test_registry_is_read_only_and_declares_each_name_once() -> None:
    with pytest.raises(TypeError):
        OUTPUTS["x"] = OUTPUTS["mass.total_kg"]  # type: ignore[index]
    with pytest.raises(ValueError, match="declared twice"):
        outputs._index((OUTPUTS["mass.total_kg"], OUTPUTS["mass.total_kg"]))
    with pytest.raises(ValueError, match="unknown kind"):
        outputs._index((Output("a.b", "1", "A", "An output.", "colour"),))


def test_labels_with_units() -> None:
    assert label_with_unit("thermal.radiator_area_m2") == "Radiator area per satellite [m²]"
    assert label_with_unit("thermal.radiator_area_m2", ascii=True) == "Radiator area per satellite [m2]"
    assert label_with_unit("economics.capex_usd") == f"Capex (orbit) [{outputs.CURRENCY_YEAR} USD]"
    assert label_with_unit("orbit.sunlit_fraction") == "Sunlit fraction"  # dimensionless: no brackets
    assert label_with_unit("sobol.S1_conf", ascii=True) == "First-order index, +/- CI"
    assert label_with_unit("economics.cost_ratio", "p10") == "Orbit / ground cost, all-in, P10"
    with pytest.raises(InputError, match="statistic"):
        label_with_unit("economics.cost_ratio", "p99")
    assert unit_symbol("1") == "" and unit_symbol("m**3") == "m³" and unit_symbol("krad/yr") == "krad/yr"


def test_group_is_keyed_by_result_key() -> None:
    sim = group("simulate")
    assert sim["availability"].name == "simulate.availability"
    assert "dose_gy" not in sim and "dose_gy" in group("simulate.satellite")
    assert group("thermal")["radiator_area_m2"] is OUTPUTS["thermal.radiator_area_m2"]


def _skyrack_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            found.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("skyrack"))
    return found


def test_registry_and_formatter_sit_at_the_bottom_layer() -> None:
    assert _skyrack_imports(SRC / "outputs.py") <= {"errors", "units"}
    assert _skyrack_imports(SRC / "formatting.py") <= {"errors", "units", "outputs"}
